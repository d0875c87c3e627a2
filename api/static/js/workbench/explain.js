// A syntax error in words, the place marked in the editor: the parser says "error at 1:25: expected
// one of …" with character-class listings; a reader gets where, what was found and what was expected,
// and for an undeclared prefix just that (the CLI says it the same way: scripts/query_output.py).

let mark = null;

export function clearMark() {
  if (mark) { mark.clear(); mark = null; }
}

function markAt(wb, line, from, to) {
  if (!wb.editor) return;
  clearMark();
  mark = wb.editor.markText({line: line - 1, ch: from}, {line: line - 1, ch: Math.max(to, from + 1)},
                            {className: "syntax-error-mark"});
  wb.editor.setCursor({line: line - 1, ch: from});
}

function findPrefixedName(text, index) {
  const re = /[A-Za-z][\w.-]*:[\w.-]*/g;
  let m;
  while ((m = re.exec(text))) {
    if (m.index <= index && index <= m.index + m[0].length) return {text: m[0], start: m.index, end: m.index + m[0].length};
  }
  return null;
}

export function explain(wb, message, q) {
  const at = /^error at (\d+):(\d+):\s*([\s\S]*)$/.exec(message);
  if (!at) return message;
  const line = +at[1], column = +at[2], detail = at[3];
  const text = q.split("\n")[line - 1] || "";
  const prefixed = findPrefixedName(text, column - 1);
  const prefixNames = Object.keys(wb.data.prefixes);
  if (/Prefix not found/.test(detail) && prefixed) {
    markAt(wb, line, prefixed.start, prefixed.end);
    return wb.say("wb_undeclared", {
      name: prefixed.text.split(":")[0], where: wb.say("wb_where", {line, column: prefixed.start + 1}),
      list: prefixNames.join(wb.en ? ", " : "、")});
  }
  const expected = [...detail.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  const atEnd = line >= q.split("\n").length && column - 1 >= text.length;
  const found = atEnd ? wb.say("wb_query_ends")
    : wb.say("wb_found", {c: column - 1 < text.length ? `“${text[column - 1]}”` : wb.say("wb_line_end")});
  const words = wb.say("wb_cannot_go_on", {
    where: wb.say("wb_where", {line, column}), found,
    expected: (expected.length ? wb.say("wb_expected", {list: expected.join("  ")}) : "") +
              (/expected CONSTRUCT/.test(detail) ? wb.say("wb_starts_with") : "")});
  markAt(wb, line, Math.max(0, column - 1), Math.max(column, Math.min(text.length, column)));
  // the parser's own words, without its character-class listings
  const raw = detail.replace(/\[[^\]]*\](\s*\|\s*\[[^\]]*\])*/g, "…").replace(/\s+/g, " ").slice(0, 200);
  return words + "\n" + wb.say("wb_parser_said") + raw;
}
