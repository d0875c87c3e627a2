"""Read a reference rendering (graph_data/sources/<plan>.txt) into a list of
blocks, as a person reading the document sees it, so that the other scripts
here can print the same content in another form.

Written by someone who has not read planlink's parser: the roles below are a
reader's reading of the three documents, not what the parser expects.

A block is a dict: {"role": ..., "text": ...} or, for a table, {"role":
"table", "rows": [[cell, ...], ...]}.  Roles:

  redhead   the issuing bodies' names at the head of the notice (红头)
  docno     the document number (发文字号)
  ntitle    the title of the issuing notice
  addr      the addressees of the notice (主送)
  nbody     a paragraph of the notice's body
  sig       a signing body (落款)
  sigdate   the date of the signature (成文日期)
  public    (此件主动公开) / （此件公开发布）
  title     the plan's own title
  h1        a chapter heading (一、…)
  h2        a section heading (（一）…)
  item      a numbered paragraph (1. …) of a section
  box       a 专栏 / 表 title
  boxitem   a numbered paragraph inside a 专栏
  p         any other paragraph
  table     an indicator table (rows of cells)
  img       a picture (national plan: gov.cn image address)
  bookmark  a Word bookmark marker kept by the reference's extraction
  glosshead 名词解释：
  gloss     a glossary entry (N. term。definition)
  cc        抄送 line
  printer   the office that printed the document (印发机关)
  printdate the date of printing (…印发)

Mid-sentence page breaks of the reference (a paragraph cut by a page break
and printed as two paragraphs with blank lines between) are joined: the
line numbers are listed per plan in JOIN, checked by eye; nothing else in
the text is changed.
"""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
SOURCES = ROOT / "graph_data" / "sources"

# 1-based line numbers of the reference whose paragraph continues, cut mid-
# sentence or mid-word, on the next non-empty line (page-break artefacts).
JOIN = {
    "national": [],
    "shanghai": [42, 48, 52, 64, 109, 113, 123, 131, 141, 151, 163, 169,
                 175, 183, 201, 215, 233],
    "jiangsu": [34, 80, 90, 98, 106, 110, 116, 138, 164, 178, 200, 206,
                236, 262, 284],
}

H1 = re.compile(r"^[一二三四五六七八九十]+、")
H2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
NUM = re.compile(r"^\d+\.")


def _lines(plan):
    """Non-empty lines of the reference as (line number, text), with the
    listed page-break cuts joined.  The text is kept as printed except for
    trailing blanks (and, for the markdown Shanghai file, the two-space hard
    break, which is a line break inside the notice's title)."""
    raw = (SOURCES / f"{plan}.txt").read_text(encoding="utf-8").split("\n")
    out = []
    joining = False
    for n, line in enumerate(raw, 1):
        if not line.strip():
            continue
        text = line.rstrip() if plan != "national" else line.rstrip("\n")
        if joining:
            out[-1] = (out[-1][0], out[-1][1] + text.strip())
        else:
            out.append((n, text))
        joining = n in JOIN[plan]
    return out


def _strip_md(s):
    s = re.sub(r"^#+\s*", "", s)
    return s.replace("**", "")


def national():
    blocks = []
    for n, line in _lines("national"):
        s = line.strip()
        if not s:
            continue
        m = re.match(r"^\[bookmark: ([^\]]+)\](.*)$", s)
        if m:
            blocks.append({"role": "bookmark", "text": m.group(1)})
            blocks.append({"role": "title", "text": m.group(2)})
            continue
        m = re.match(r"^\[image: ([^\]]+)\]$", s)
        if m:
            blocks.append({"role": "img", "text": m.group(1)})
            continue
        m = re.match(r"^(国务院办公厅)(\d{4}-\d{2}-\d{2})$", s)
        if m:
            blocks.append({"role": "sig", "text": m.group(1)})
            blocks.append({"role": "sigdate", "text": m.group(2)})
            continue
        if H1.match(s):
            blocks.append({"role": "h1", "text": s})
        elif H2.match(s):
            blocks.append({"role": "h2", "text": s})
        else:
            blocks.append({"role": "p", "text": s})
    return blocks


def shanghai():
    blocks = []
    lines = _lines("shanghai")
    i = 0
    part = "front"
    table = None
    while i < len(lines):
        n, line = lines[i]
        i += 1
        s = line.strip()
        if s == "---":
            continue
        if "\t" in line:
            if table is None:
                table = {"role": "table", "rows": []}
                blocks.append(table)
            table["rows"].append(line.split("\t"))
            continue
        table = None
        if part == "front":
            if n <= 7:
                blocks.append({"role": "redhead", "text": _strip_md(s)})
            elif n == 9:
                blocks.append({"role": "docno", "text": s})
            elif n == 13:
                # the title's two lines (markdown hard break "  ")
                n2, second = lines[i]
                i += 1
                blocks.append({"role": "ntitle",
                               "text": _strip_md(s) + "\n" + _strip_md(second.strip())})
            elif n == 16:
                blocks.append({"role": "addr", "text": s})
            elif n in (18, 20):
                blocks.append({"role": "nbody", "text": s})
            elif n in (22, 24, 26):
                blocks.append({"role": "sig", "text": s})
            elif n == 28:
                blocks.append({"role": "sigdate", "text": s})
            elif n == 30:
                blocks.append({"role": "public", "text": s})
            elif line.startswith("# "):
                blocks.append({"role": "title", "text": _strip_md(s)})
                part = "body"
            continue
        t = _strip_md(s)
        if part == "gloss":
            if t.startswith("抄送"):
                blocks.append({"role": "cc", "text": t})
                part = "back"
            else:
                blocks.append({"role": "gloss", "text": t})
            continue
        if part == "back":
            if t.endswith("印发"):
                blocks.append({"role": "printdate", "text": t})
            else:
                blocks.append({"role": "printer", "text": t})
            continue
        if t == "名词解释：":
            blocks.append({"role": "glosshead", "text": t})
            part = "gloss"
        elif t.startswith("专栏"):
            blocks.append({"role": "box", "text": t})
            part = "box"
        elif H1.match(t):
            blocks.append({"role": "h1", "text": t})
            part = "body"
        elif H2.match(t) and not t.endswith("。") and "。" not in t:
            blocks.append({"role": "h2", "text": t})
            part = "body"
        elif NUM.match(t):
            blocks.append({"role": "boxitem" if part == "box" else "item", "text": t})
        else:
            # a paragraph after a 专栏's items ends the 专栏
            if part == "box" and blocks[-1]["role"] == "boxitem" and not NUM.match(t):
                part = "body"
            blocks.append({"role": "p", "text": t})
    return blocks


def jiangsu():
    blocks = []
    lines = _lines("jiangsu")
    part = "front"
    table = None
    for n, line in lines:
        s = line.strip()
        if "\t" in line:
            if table is None:
                table = {"role": "table", "rows": []}
                blocks.append(table)
            table["rows"].append(line.split("\t"))
            continue
        table = None
        if part == "front":
            role = {3: "redhead", 5: "docno", 7: "ntitle", 9: "addr", 11: "nbody",
                    13: "sig", 14: "sigdate", 16: "public", 18: "title"}[n]
            blocks.append({"role": role, "text": s})
            if role == "title":
                part = "body"
            continue
        if part == "back":
            blocks.append({"role": "printdate" if s.endswith("印发") else "printer", "text": s})
            continue
        if s.startswith("抄送"):
            blocks.append({"role": "cc", "text": s})
            part = "back"
        elif re.match(r"^(专栏\d|表\d)", s):
            blocks.append({"role": "box", "text": s})
            part = "box"
        elif H1.match(s):
            blocks.append({"role": "h1", "text": s})
            part = "body"
        elif H2.match(s) and len(s) < 40:
            blocks.append({"role": "h2", "text": s})
            part = "body"
        elif NUM.match(s):
            blocks.append({"role": "boxitem" if part == "box" else "item", "text": s})
        else:
            blocks.append({"role": "p", "text": s})
    return blocks


PLANS = {"national": national, "shanghai": shanghai, "jiangsu": jiangsu}


def read(plan):
    return PLANS[plan]()


if __name__ == "__main__":
    import sys
    for b in read(sys.argv[1]):
        if b["role"] == "table":
            for r in b["rows"]:
                print("table   |", " | ".join(r))
        else:
            print(f"{b['role']:9} {b['text'][:50]!s}")
