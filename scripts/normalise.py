"""Any rendering of a plan → one clean text, with every character mapped back to the verbatim file.

Renderings differ in punctuation width, markdown marks, table syntax (tabs, pipes,
markdown), spaces around digits, PDF page breaks inside sentences and 专栏 items
run together on one line. Each difference is one small substitution here, so the
outline and extraction steps see a single form and never need a second parser.
"""

from __future__ import annotations

import re
from collections import Counter

from planlink.scripts.errors import InputError
from planlink.scripts.layout import undo_pages, width
from planlink.scripts.position_tables import undo_tables
from planlink.scripts.mapped_text import MappedText

CJK = r"\u3400-\u9fff\uf900-\ufaff"
# Full-width marks and quotes that sit next to Chinese text.
CJK_PUNCT = "，。、；：？！“”‘’《》（）〔〕【】—…％%"
CJK_OR_PUNCT = f"[{CJK}{CJK_PUNCT}]"
HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}
SENTENCE_END = "。！？；：”）)」*"
SENTENCE_BREAK = re.compile(r"(?<=[。；！？])|\n")
# What a web portal prints around a document, on lines of their own: navigation crumbs
# (当前位置：首页 > 政务公开 > …) and page buttons (【打印本页】【关闭窗口】, 扫一扫在手机打开当前页).
PORTAL_FURNITURE = (r"(?m)^[ \t\u3000]*(?:(?:当前位置[：:][ \t]*)?首页(?:[ \t]*[>＞»][ \t]*[^\n>＞»]{1,24})+"
                    r"|(?:【?(?:打印本页|打印|关闭窗口|关闭|我要纠错|字体[：:][大中小 ]+|收藏|返回顶部|"
                    r"扫一扫在手机打开当前页)】?[ \t]*)+)[ \t]*$")


def decode(data: bytes) -> str:
    """Bytes → str, refusing what is not a UTF-8 text document."""
    if not data.strip():
        raise InputError("empty document")
    if b"\x00" in data[:4096]:
        raise InputError("binary data, not a text document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8 text (byte {e.start}); convert it first, e.g. iconv -f GBK -t UTF-8") from None
    return text.removeprefix("\ufeff")


def _pipe_row(m: re.Match) -> str:
    """A pipe or markdown table row → tab-separated cells; a |---| separator row → nothing."""
    cells = [c.strip() for c in m.group(0).strip().strip("|").split("|")]
    if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
        return ""
    return "\t".join(cells)


def _curly_quotes(m: re.Match) -> str:
    """A Chinese line's straight quotes paired in order as the full-width “ and ” (' as ‘ and ’)."""
    line = m.group(0)
    for straight, (opening, closing) in (('"', "“”"), ("'", "‘’")):
        if straight in line and line.count(straight) % 2 == 0:
            parts = line.split(straight)
            line = parts[0] + "".join((opening if i % 2 else closing) + part for i, part in enumerate(parts[1:], 1))
    return line


def _width(m: re.Match) -> str:
    return HALF_TO_FULL[m.group(0)]


def normalise(text: str) -> MappedText:
    t = MappedText.verbatim(text).sub(r"\r\n?", "\n")
    t = undo_tables(undo_pages(t))                                 # PDF pages, tables laid out by position
    t = t.sub(r"[\u00a0\u3000\u200b]", " ")
    t = t.sub(r"\[bookmark:[^\]]*\]", "")
    t = t.sub(r"(?m)^[ \t]*#{1,6}[ \t]+", "")                    # markdown heading marks
    t = t.sub(r"\*\*|__", "")                                      # markdown emphasis
    t = t.sub(r"(?m)^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", "")      # horizontal rules
    t = t.sub(PORTAL_FURNITURE, "")                                 # a portal's crumbs and buttons
    t = _join_continuations(t)
    t = t.sub(r"(?m)^([ \t]*\d{1,2}[.．、])\t", r"\1 ")               # Word's list numbers: "1.<tab>", no table
    t = t.sub(r"(?m)^[^\n|]*\|[^\n|]*\|[^\n]*$", _pipe_row)         # pipe / markdown tables → tabs
    t = t.sub(r"(?m)^([^\n|]*?)[ \t]*\|[ \t]*$", r"\1")                 # a lone closing pipe (专栏 2：… |)
    t = t.sub(r"(?m)[ ]+$|^[ ]+", "")
    t = t.sub(rf"(?m)^.*[{CJK}].*$", _curly_quotes)                  # "十四五" → “十四五” in Chinese lines
    # Half-width punctuation next to Chinese → full width.
    t = t.sub(rf"(?<={CJK_OR_PUNCT})[,;:?!]|[,;:?!](?={CJK_OR_PUNCT})", _width)
    t = t.sub(r"(?<![A-Za-z0-9])\((?=[一二三四五六七八九十]+\))|(?<=[一二三四五六七八九十])\)", _width)
    t = t.sub(rf"(?<={CJK_OR_PUNCT})\(|\((?={CJK_OR_PUNCT})", "（")
    t = t.sub(rf"(?<={CJK_OR_PUNCT})\)|\)(?={CJK_OR_PUNCT})", "）")
    t = t.sub(rf"(?<=[{CJK}”）])\.(?=$|[{CJK}“（])", "。", re.M)
    t = t.sub("％", "%").sub("＞", ">").sub("＜", "<").sub(">=", "≥").sub("<=", "≤")
    # Spaces next to Chinese (PDF and web renderings differ here; tabs are table columns).
    t = t.sub(rf"(?<={CJK_OR_PUNCT})[ ]+|[ ]+(?={CJK_OR_PUNCT})", "")
    # A 专栏 run together on one line: heading, then one line per numbered item.
    t = t.sub(rf"(?<=[。；])(?=\d{{1,2}}[.．、] ?[{CJK}“])", "\n")
    t = t.sub(rf"(?m)^(专栏\d+[：:]?[^\n。]*?)(?=1[.．、] ?[{CJK}“])", lambda m: m.group(1) + "\n")
    t = t.sub(r"(?m)^(\d{1,2})[.．、](?:[ ]+|(?=[^\d\s]))", r"\1. ")   # numbered items: one form "1. "
    t = _split_run_together_numbers(t)
    t = _join_page_breaks(t)
    t = t.sub(r"\n{2,}", "\n")
    return t


def _join_continuations(t: MappedText) -> MappedText:
    """Lines that go on the line before, as exports print them: a numbering mark alone on its line
    ((一) / 组织领导。…), and a list item's wrapped lines indented under its text (pandoc's "1.  推进 15" /
    "    分钟社区生活圈建设。…")."""
    t = t.sub(r"(?m)^([ \t]*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、))[ \t]*\n(?=[ \t]*[^\s（(\d一二三四五六七八九十])",
              r"\1")
    while True:
        joined = t.sub(r"(?m)^([ \t]*\d{1,2}\.[ ]{2,}\S.*)\n[ ]{4,}(?=[^\s\d（(一二三四五六七八九十])", r"\1 ")
        if joined.text == t.text:
            return t
        t = joined


def _split_run_together_numbers(t: MappedText) -> MappedText:
    """`6.15分钟社区生活圈` right after item 5 is item 6 on a term that starts with a digit, printed
    without the space the dot needs (web pages do this): "6. 15分钟社区生活圈". The numbering decides:
    only the next number of a list already running, so a figure (1.5万人) opening a paragraph stays."""
    last = 0

    def split(m: re.Match) -> str:
        nonlocal last
        if m.group("item"):
            last = int(m.group("item"))
        elif m.group("joined"):
            if last and int(m.group("joined")) == last + 1:
                last += 1
                return f"{last}. "
        else:  # a heading: a new list starts
            last = 0
        return m.group(0)

    return t.sub(r"(?m)^(?:(?P<item>\d{1,2})\. |(?P<joined>\d{1,2})[.．](?=\d)|[一二三四五六七八九十]+、|"
                 r"[（(][一二三四五六七八九十]+[）)]|专栏|名词解释|表\d)", split)


def _join_page_breaks(t: MappedText) -> MappedText:
    """Rejoin prose lines that a page break cut mid-sentence.

    A line is cut when it is prose (it has a comma or full stop) yet does not end a
    sentence, and the next non-blank line starts no heading, item, table or box. In text wrapped
    at a fixed width (a PDF's, a plain-text export's), every full line is cut, whatever it ends with.
    """
    lines = t.text.split("\n")
    joins: set[int] = set()  # indices of line breaks (by line number) to remove
    starts = []
    offset = 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    wrap = _wrap_width(lines)
    i = 0
    while i < len(lines):
        line = lines[i]
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j >= len(lines):
            break
        prose_cut = (re.search("[，。,]", line) or _unclosed(line)) and line[-1] not in SENTENCE_END
        wrapped = (wrap and width(line) >= 0.88 * wrap and "\t" not in lines[j]  # a full line of wrapped text,
                   and not (HEADING_ONLY.match(line) and "。" not in line))  # but not a heading that fills one
        # wrapped where a space stood between Chinese and a number (pandoc: 到 2025 / 年末, 开发开放 / 30 / 周年)
        at_a_space = (j == i + 1 and line[-1:] not in SENTENCE_END and not HEADING_ONLY.match(line)
                      and (re.search(r"[0-9A-Za-z%]$", line) and re.match(f"[{CJK}]", lines[j])
                           or re.search(f"[{CJK}]$", line) and re.match(r"[0-9A-Za-z]", lines[j])
                           and not DATE_ALONE.match(lines[j])))  # a signature's date is its own line
        cut = bool(line) and (prose_cut or wrapped or at_a_space)
        if "\t" not in line and cut and not STRUCTURE.match(lines[j]):
            joins.add(i)
            i = j
            continue
        i += 1
    if not joins:
        return t
    spans = [(starts[i] + len(lines[i]), _next_content(starts, lines, i)) for i in sorted(joins)]
    return _delete(t, spans)


DATE_ALONE = re.compile(r"^\d{4}(?:-\d{1,2}-\d{1,2}|年\d{1,2}月\d{1,2}日)(?:印发)?$")
HEADING_ONLY = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")


def _wrap_width(lines: list[str]) -> int | None:
    """The width text was wrapped at, if it was: most lines of ten characters or more are that wide
    (within a few columns); a document whose paragraphs are lines has no such width."""
    widths = [width(line) for line in lines if len(line) >= 10 and "\t" not in line]
    if not widths:
        return None
    modal = Counter(widths).most_common(1)[0][0]
    near = sum(abs(w - modal) <= 4 for w in widths)
    return modal if modal >= 40 and near >= 0.4 * len(widths) else None


def _unclosed(line: str) -> bool:
    """A line that ends inside a title, a quotation or brackets (贯彻落实《中华人民共和国城市居民委员会) or
    after an enumeration mark is cut mid-sentence, heading or not."""
    return line.endswith("、") or any(line.count(a) > line.count(b) for a, b in ("《》", "“”", "（）"))


def _next_content(starts: list[int], lines: list[str], i: int) -> int:
    j = i + 1
    while not lines[j].strip():
        j += 1
    return starts[j]


def _delete(t: MappedText, spans: list[tuple[int, int]]) -> MappedText:
    out, pos, last = [], [], 0
    for a, b in spans:
        out.append(t.text[last:a])
        pos.extend(t.pos[last:a])
        last = b
    out.append(t.text[last:])
    pos.extend(t.pos[last:])
    return MappedText("".join(out), pos)


# Lines that begin a structural element; the outline step uses the same patterns.
CHAPTER = re.compile(r"^([一二三四五六七八九十]+)、(.*)$")
SECTION = re.compile(r"^（([一二三四五六七八九十]+)）(.*)$")
ITEM = re.compile(r"^(\d{1,2})\. (.*)$")
BOX = re.compile(r"^专栏(\d+)[：:]?(.*)$")
TABLE_CAPTION = re.compile(r"^表(\d+)(.*)$")
FIGURE = re.compile(r"^\[image:\s*([^\]\s]+)\s*\]$")
STRUCTURE = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、]\s*\D|#|专栏|表\d|\[image|名词解释|抄送)")


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) for every sentence of a text: split after 。；！？ and at line ends,
    trimmed of white space; a lone character (a stray mark) is no sentence."""
    out, at = [], 0
    for part in SENTENCE_BREAK.split(text or ""):
        stripped = part.strip()
        if len(stripped) > 1:
            out.append((at + len(part) - len(part.lstrip()), stripped))
        at += len(part)
    return out
