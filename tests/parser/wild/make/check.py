"""Check, as a proof-reader would, that every rendering carries the reference's
content: every paragraph, heading, 专栏 item, glossary entry and table cell
of the reference (as read by blocks.py) is found in the rendering once the
form is set aside (whitespace and line ends removed, half-width punctuation
read as full-width, table rules and page furniture dropped).  Prints what is
not found; what a rendering is known not to print (README.md) is listed as
expected.  Not a test of planlink: a check of these files.

    python3 make/check.py
"""
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from blocks import read  # noqa: E402

WILD = HERE.parent
FULL = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！",
                      "?": "？", "\ufeff": ""})

# page furniture of the PDF renderings, dropped before comparing
FURNITURE = [
    re.compile(r"^\s*—\s*\d+\s*—\s*$"), re.compile(r"^\s*-\s*\d+\s*-\s*$"),
    re.compile(r"^\s*第\s*\d+\s*页\s*共\s*\d+\s*页\s*$"),
    re.compile(r"^\s*上海市城乡社区服务体系建设“十四五”规划\s*$"),
    re.compile(r"^\s*江苏省人民政府办公厅\s*$"),
]

# what a rendering does not print, by role (see README.md)
MISSING = {
    "national_portal": {"bookmark", "img"},
    "national_pdf": {"bookmark", "img"},
    "national_word": {"bookmark", "img"},
    "shanghai_portal": {"redhead", "docno", "ntitle", "addr", "nbody", "sig",
                        "sigdate", "public", "cc", "printer", "printdate"},
    "jiangsu_portal": {"redhead", "docno", "cc", "printer", "printdate"},
}


def norm(s):
    s = s.translate(FULL).replace('"', "").replace("“", "").replace("”", "")
    s = s.replace("'", "").replace("‘", "").replace("’", "")
    return re.sub(r"[\s|+\-=*]", "", s)


def rendering_text(name):
    raw = (WILD / f"{name}.txt").read_text(encoding="utf-8").replace("\r\n", "\n")
    if name.endswith("_pdf"):
        # pdftotext ends each page with a form feed; running headers are on
        # every page but the first (where the Jiangsu issuer is the signature)
        pages = raw.split("\f")
        keep = []
        for k, page in enumerate(pages):
            for ln in page.split("\n"):
                if any(f.match(ln) for f in FURNITURE[:3]):
                    continue
                if k > 0 and any(f.match(ln) for f in FURNITURE[3:]):
                    continue
                keep.append(ln)
        raw = "\n".join(keep)
    return norm(raw)


def pieces(plan):
    for b in read(plan):
        if b["role"] == "table":
            for row in b["rows"]:
                for cell in row:
                    yield "table", cell
        elif b["role"] == "sigdate" and plan == "national":
            y, m, d = b["text"].split("-")
            yield "sigdate", b["text"] + "|" + f"{int(y)}年{int(m)}月{int(d)}日"
        else:
            yield b["role"], b["text"]


def wrapped(cell, text):
    return any(cell[:k] in text and cell[k:] in text for k in range(1, len(cell)))


def main():
    bad = 0
    for plan in ("national", "shanghai", "jiangsu"):
        for form in ("portal", "pdf", "word", "halfwidth"):
            name = f"{plan}_{form}"
            text = rendering_text(name)
            missing, expected = [], 0
            for role, piece in pieces(plan):
                alts = piece.split("|") if role == "sigdate" else [piece]
                if any(norm(a) in text for a in alts):
                    continue
                if role == "item" or role in ("boxitem", "gloss"):
                    # an auto-numbered list may print its number differently
                    m = re.match(r"^\d+\.\s*(.*)$", piece, re.S)
                    if m and norm(m.group(1)) in text:
                        continue
                if role == "table" and wrapped(norm(piece), text):
                    continue  # a cell wrapped over two lines of a laid-out table
                if role in MISSING.get(name, ()):
                    expected += 1
                    continue
                missing.append((role, piece[:40]))
            status = "ok" if not missing else f"{len(missing)} NOT FOUND"
            print(f"{name:20} {status}; {expected} pieces not printed, as the README says")
            for role, p in missing:
                print("    ", role, p)
            bad += len(missing)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
