// The SPARQL workbench: Yasqe (CodeMirror with the SPARQL mode) as the editor, completion of the
// graph's prefixes and terms from the page (no network), results as a table whose IRIs link to
// their pages, a chart (Vega-Lite), CSV/JSON downloads, a share link, and syntax errors in words.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("workbench-data").textContent);
  const en = data.lang === "en";
  const say = (zh, english) => (en ? english : zh);
  const Yasqe = window.Yasqe && (window.Yasqe.default || window.Yasqe.Yasqe || window.Yasqe);
  const textarea = document.getElementById("query");
  const form = document.getElementById("query-form");
  const status = document.getElementById("status");
  const errorBox = document.getElementById("error");
  const tabs = document.querySelector("#results .tabs");
  const panelTable = document.getElementById("panel-table");
  const panelChart = document.getElementById("panel-chart");
  let lastResult = null;

  // ------------------------------------------------------------ prefixes and terms

  const prefixes = data.prefixes;
  function compact(iri) {
    let best = null;
    for (const [name, ns] of Object.entries(prefixes)) {
      if (iri.startsWith(ns) && iri !== ns && (!best || ns.length > best[1].length)) best = [name, ns];
    }
    return best ? best[0] + ":" + iri.slice(best[1].length) : null;
  }
  function termCandidates(iris) {
    const all = [];
    for (const iri of iris) {
      all.push(iri);
      const short = compact(iri);
      if (short) all.push(short);
    }
    return all;
  }
  function finishIri(yasqe, token, suggestion) {
    if (!/^https?:/.test(suggestion)) return suggestion; // already compact (pl:Plan)
    if (token.tokenPrefix && token.tokenPrefixUri && suggestion.startsWith(token.tokenPrefixUri)) {
      return token.tokenPrefix + suggestion.slice(token.tokenPrefixUri.length);
    }
    return compact(suggestion) || "<" + suggestion + ">";
  }

  let editor = null;
  if (Yasqe) {
    const ownPrefixes = Object.entries(prefixes).map(([name, ns]) => `${name}: <${ns}>`);
    Yasqe.forkAutocompleter("prefixes", {
      name: "planlink-prefixes", persistenceId: null,
      get: () => Promise.resolve(ownPrefixes),
    }, false);
    for (const kind of ["class", "property"]) {
      Yasqe.forkAutocompleter(kind, {
        name: "planlink-" + kind, bulk: true, autoShow: false, persistenceId: null,
        get: () => termCandidates(data.vocabulary[kind] || []),
        postProcessSuggestion: finishIri,
      }, false);
    }
    const holder = document.createElement("div");
    holder.className = "yasqe-holder";
    textarea.hidden = true;
    textarea.parentNode.insertBefore(holder, textarea);
    editor = new Yasqe(holder, {
      value: "", persistenceId: null, showQueryButton: false, createShareableLink: null,
      consumeShareLink: null, resizeable: true, editorHeight: "20em",
      autocompleters: ["planlink-prefixes", "variables", "planlink-class", "planlink-property"],
    });
    // The predeclared prefixes count as declared for Yasqe's own check and completion, as they
    // do on the server (its mode starts every parse with no prefixes; seed them).
    const mode = editor.getMode();
    const startState = mode.startState;
    mode.startState = function () {
      const state = startState.apply(this, arguments);
      Object.assign(state.prefixes, prefixes);
      return state;
    };
    editor.setValue(textarea.value);
    editor.getInputField().setAttribute("aria-label", "SPARQL");
    editor.on("change", () => { textarea.value = editor.getValue(); clearMark(); });
    editor.addKeyMap({"Ctrl-Enter": () => run(), "Cmd-Enter": () => run()});
  }
  const getQuery = () => (editor ? editor.getValue() : textarea.value);
  const setQuery = (q) => { if (editor) editor.setValue(q); textarea.value = q; };

  // ------------------------------------------------------------ running

  const shareUrl = (q) => location.origin + "/sparql?query=" + encodeURIComponent(q);

  async function run() {
    const q = getQuery();
    textarea.value = q;
    history.replaceState(null, "", "/sparql?query=" + encodeURIComponent(q) + (en ? "&lang=en" : ""));
    document.getElementById("share").href = shareUrl(q);
    document.getElementById("download-csv").href = "/sparql?query=" + encodeURIComponent(q) + "&_mediatype=text/csv";
    document.getElementById("download-json").href =
      "/sparql?query=" + encodeURIComponent(q) + "&_mediatype=" + encodeURIComponent("application/sparql-results+json");
    errorBox.hidden = true;
    status.textContent = say("正在运行…", "Running…");
    const started = performance.now();
    let response;
    try {
      response = await fetch("/sparql?query=" + encodeURIComponent(q), {
        headers: {Accept: "application/sparql-results+json, application/n-triples;q=0.9"}});
    } catch (e) {
      status.textContent = "";
      return showError(say("无法连接服务器：", "The server could not be reached: ") + e.message);
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (!response.ok) {
      status.textContent = "";
      let message = response.statusText;
      try { message = (await response.json()).message || message; } catch (e) { /* not JSON */ }
      return showError(explain(message, q), response.status);
    }
    const type = response.headers.get("Content-Type") || "";
    lastResult = type.includes("n-triples") ? triplesAsResult(await response.text()) : await response.json();
    const rows = lastResult.boolean !== undefined ? 1 : lastResult.results.bindings.length;
    status.textContent = lastResult.boolean !== undefined
      ? say(`结果：${lastResult.boolean}（${seconds} 秒）`, `Answer: ${lastResult.boolean} (${seconds} s)`)
      : say(`${rows} 行（${seconds} 秒）`, `${rows} rows (${seconds} s)`);
    render();
  }

  function triplesAsResult(text) {
    const term = String.raw`(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?)`;
    const line = new RegExp(`^${term}\\s+${term}\\s+${term}\\s*\\.\\s*$`);
    const parse = (t) => {
      if (t.startsWith("<")) return {type: "uri", value: t.slice(1, -1)};
      if (t.startsWith("_:")) return {type: "bnode", value: t.slice(2)};
      const m = /^"((?:[^"\\]|\\.)*)"(?:@([\w-]+)|\^\^<([^>]*)>)?$/.exec(t);
      return {type: "literal", value: JSON.parse('"' + m[1] + '"'), "xml:lang": m[2], datatype: m[3]};
    };
    const bindings = [];
    for (const l of text.split("\n")) {
      const m = line.exec(l.trim());
      if (m) bindings.push({subject: parse(m[1]), predicate: parse(m[2]), object: parse(m[3])});
    }
    return {head: {vars: ["subject", "predicate", "object"]}, results: {bindings}};
  }

  // ------------------------------------------------------------ errors in words

  let mark = null;
  function clearMark() { if (mark) { mark.clear(); mark = null; } }

  function explain(message, q) {
    const at = /^error at (\d+):(\d+):\s*([\s\S]*)$/.exec(message);
    if (!at) return message;
    const line = +at[1], column = +at[2], detail = at[3];
    const text = q.split("\n")[line - 1] || "";
    const where = say(`第 ${line} 行第 ${column} 列`, `line ${line}, column ${column}`);
    let words;
    const prefixed = findPrefixedName(text, column - 1);
    if (/Prefix not found/.test(detail) && prefixed) {
      const name = prefixed.text.split(":")[0];
      const where = say(`第 ${line} 行第 ${prefixed.start + 1} 列`, `line ${line}, column ${prefixed.start + 1}`);
      words = say(
        `前缀“${name}:”没有声明（${where}）。请加上 PREFIX ${name}: <…>，或使用预先声明的前缀：${Object.keys(prefixes).join("、")}。`,
        `The prefix "${name}:" is not declared (${where}). Add PREFIX ${name}: <…> to the query, or use one of ` +
        `the predeclared prefixes: ${Object.keys(prefixes).join(", ")}.`);
      markAt(line, prefixed.start, prefixed.end);
    } else {
      const expected = [...detail.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
      const found = column - 1 < text.length ? `“${text[column - 1]}”` : say("行尾", "the end of the line");
      const atEnd = line >= q.split("\n").length && column - 1 >= text.length;
      words = say(
        `查询在${where}无法继续：${atEnd ? "查询在此结束" : "这里是 " + found}` +
          (expected.length ? `，此处应为：${expected.join("  ")}` : "") + "。",
        `The query cannot go on at ${where}: ${atEnd ? "the query ends here" : "found " + found}` +
          (expected.length ? `, where one of these was expected: ${expected.join("  ")}` : "") +
          (/expected CONSTRUCT/.test(detail) ? " (a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE)" : "") + ".");
      markAt(line, Math.max(0, column - 1), Math.max(column, Math.min(text.length, column)));
    }
    if (/Prefix not found/.test(detail) && prefixed) return words;
    // the parser's own words, without its character-class listings
    const raw = detail.replace(/\[[^\]]*\](\s*\|\s*\[[^\]]*\])*/g, "…").replace(/\s+/g, " ").slice(0, 200);
    return words + "\n" + say("解析器原文：", "The parser said: ") + raw;
  }

  function findPrefixedName(text, index) {
    const re = /[A-Za-z][\w.-]*:[\w.-]*/g;
    let m;
    while ((m = re.exec(text))) {
      if (m.index <= index && index <= m.index + m[0].length) return {text: m[0], start: m.index, end: m.index + m[0].length};
    }
    return null;
  }

  function markAt(line, from, to) {
    if (!editor) return;
    clearMark();
    mark = editor.markText({line: line - 1, ch: from}, {line: line - 1, ch: Math.max(to, from + 1)},
      {className: "syntax-error-mark"});
    editor.setCursor({line: line - 1, ch: from});
  }

  function showError(words, code) {
    errorBox.hidden = false;
    errorBox.textContent = (code ? code + " · " : "") + words;
    tabs.hidden = true;
    panelTable.replaceChildren();
    panelChart.replaceChildren();
  }

  // ------------------------------------------------------------ results

  // how an IRI reads: pl:Plan for a known namespace, plan/jiangsu for this server's own IRIs
  const shown = (iri) => compact(iri) || (iri.startsWith(data.base) ? iri.slice(data.base.length) : iri);

  function cell(term) {
    const td = document.createElement("td");
    if (!term) return td;
    if (term.type === "uri") {
      const a = document.createElement("a");
      a.href = term.value.startsWith(data.base) ? "/" + term.value.slice(data.base.length) : term.value;
      a.textContent = shown(term.value);
      a.title = term.value;
      td.appendChild(a);
    } else {
      td.textContent = term.type === "bnode" ? "_:" + term.value : term.value;
      if (term["xml:lang"]) td.lang = term["xml:lang"];
    }
    return td;
  }

  function render() {
    tabs.hidden = false;
    panelTable.replaceChildren();
    panelChart.replaceChildren();
    const table = document.createElement("table");
    table.className = "results";
    if (lastResult.boolean !== undefined) {
      table.innerHTML = "<thead><tr><th scope='col'>ASK</th></tr></thead>";
      const tr = table.createTBody().insertRow();
      tr.appendChild(cell({type: "literal", value: String(lastResult.boolean)}));
    } else {
      const vars = lastResult.head.vars;
      const head = table.createTHead().insertRow();
      for (const v of vars) {
        const th = document.createElement("th");
        th.scope = "col";
        th.textContent = "?" + v;
        head.appendChild(th);
      }
      const body = table.createTBody();
      for (const b of lastResult.results.bindings) {
        const tr = body.insertRow();
        for (const v of vars) tr.appendChild(cell(b[v]));
      }
    }
    panelTable.appendChild(table);
    if (!panelChart.hidden) chart();
  }

  const NUMERIC = /#(integer|decimal|double|float|int|long|short|nonNegativeInteger|positiveInteger)$/;

  function chart() {
    panelChart.replaceChildren();
    const bindings = (lastResult && lastResult.results) ? lastResult.results.bindings : [];
    const vars = lastResult && lastResult.head ? lastResult.head.vars : [];
    const numeric = vars.find((v) => bindings.some((b) => b[v] && NUMERIC.test(b[v].datatype || "")));
    const label = vars.find((v) => v !== numeric && bindings.some((b) => b[v] && b[v].type === "literal")) ||
                  vars.find((v) => v !== numeric);
    if (!numeric || !label || !window.vegaEmbed) {
      const p = document.createElement("p");
      p.textContent = say("图表需要一个数值列（如 COUNT 或 obsValue）和一个标签列。",
                          "A chart needs a numeric column (a COUNT, an obsValue…) and a column to label it.");
      panelChart.appendChild(p);
      return;
    }
    const colour = vars.find((v) => v !== numeric && v !== label && bindings.some((b) => b[v]));
    const values = bindings.filter((b) => b[numeric]).map((b) => {
      const show = (t) => (t ? (t.type === "uri" ? shown(t.value) : t.value) : "");
      return {label: show(b[label]), value: Number(b[numeric].value), group: show(colour ? b[colour] : null)};
    });
    const spec = {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      data: {values}, mark: {type: "bar", tooltip: true},
      encoding: {
        y: {field: "label", type: "nominal", title: "?" + label, sort: "-x", axis: {labelLimit: 320}},
        x: {field: "value", type: "quantitative", title: "?" + numeric},
        ...(colour ? {color: {field: "group", type: "nominal", title: "?" + colour}} : {}),
      },
      width: 560,
    };
    const figure = document.createElement("figure");
    const holder = document.createElement("div");
    const caption = document.createElement("figcaption");
    caption.textContent = say(`条形图：?${numeric} 按 ?${label}（数据同表格）`, `Bar chart of ?${numeric} by ?${label} (the table's data)`);
    figure.append(holder, caption);
    panelChart.appendChild(figure);
    // ast: expressions run by vega.expressionInterpreter, not eval (the Content-Security-Policy allows none)
    window.vegaEmbed(holder, spec, {ast: true, actions: {export: true, source: false, compiled: false, editor: false}})
      .then(() => { // vega-embed's menu button is an icon: give it a name
        const summary = holder.querySelector("summary");
        if (summary) summary.setAttribute("aria-label", say('下载图表（SVG、PNG）', 'Download the chart (SVG, PNG)'));
      });
  }

  function selectTab(which) {
    const chartOn = which === "chart";
    document.getElementById("tab-table").setAttribute("aria-selected", String(!chartOn));
    document.getElementById("tab-chart").setAttribute("aria-selected", String(chartOn));
    panelTable.hidden = chartOn;
    panelChart.hidden = !chartOn;
    if (chartOn && lastResult) chart();
  }
  document.getElementById("tab-table").addEventListener("click", () => selectTab("table"));
  document.getElementById("tab-chart").addEventListener("click", () => selectTab("chart"));

  // ------------------------------------------------------------ wiring

  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  document.querySelectorAll("[data-example]").forEach((a) => a.addEventListener("click", (event) => {
    event.preventDefault();
    setQuery(new URL(a.href).searchParams.get("query"));
    run();
  }));
  document.getElementById("share").addEventListener("click", (event) => {
    event.preventDefault();
    const url = shareUrl(getQuery());
    if (navigator.clipboard) navigator.clipboard.writeText(url).catch(() => {});
    status.textContent = say("分享链接：", "Share link: ") + url;
  });
  if (data.autorun) run();
})();
