"""<plan>_word.txt: the plan as a Word document exported to text.

  shanghai  a real .docx, exported by a real tool: the plan's blocks are
            written as HTML the way the Word file is built (numbered
            paragraphs "1. …" as auto-numbered lists, typed "1.…" as text,
            each 专栏 of tasks as a one-cell table, 专栏 1 as a titled table,
            the notice title with a soft return), turned into .docx by pandoc,
            and the .docx exported with `pandoc -f docx -t plain`.  So: lists
            as "1.  …", the indicator table as a pandoc multiline table, the
            task 专栏 as grid tables (+----+) whose cells pandoc wraps at 72
            columns, anywhere in CJK text; long paragraphs wrapped at a space
            where one exists (so "到 2025 年末" may break before 2025).
  national  Word's "Save As > Plain Text (.txt)", Unicode (UTF-8) encoding,
  jiangsu   Windows line ends, imitated by this script (no Word here): a
            byte-order mark, CRLF after every paragraph, the paragraphs'
            first-line indent typed as two full-width spaces, pictures and
            bookmarks gone.  Jiangsu in addition: numbered paragraphs of 基本
            原则, 提升城乡社区服务综合能力 and the 专栏 as Word auto-numbered
            lists, whose numbers Word writes followed by a tab ("1.\\t坚持…");
            the indicator table as tab-separated rows (Word writes a tab
            between cells and a paragraph end after each row).

Needs pandoc (Debian's pandoc 2.17) for Shanghai.
"""
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from blocks import read  # noqa: E402

IND = "\u3000\u3000"
AUTO = re.compile(r"^(\d+)\. (.*)$", re.S)  # "1. text": an auto-numbered list item


def _ol(items):
    start = AUTO.match(items[0]).group(1)
    lis = "".join(f"<li>{html.escape(AUTO.match(t).group(2))}</li>" for t in items)
    return f'<ol start="{start}">{lis}</ol>'


def shanghai_html():
    blocks = read("shanghai")
    out = []
    pending = []   # auto-numbered items waiting to become one <ol>
    box = None     # paragraphs of a 专栏 being gathered into a one-cell table

    def flush():
        if pending:
            target = box if box is not None else out
            target.append(_ol(pending))
            pending.clear()

    def close_box():
        nonlocal box
        flush()
        if box is not None:
            out.append("<table><tr><td>" + "".join(box) + "</td></tr></table>")
            box = None

    for b in blocks:
        role = b["role"]
        if role == "table":
            close_box()
            rows = b["rows"]
            head = "".join(f"<th>{html.escape(c)}</th>" for c in rows[0])
            body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>"
                           for r in rows[1:])
            out.append(f"<table><tr>{head}</tr>{body}</table>")
            continue
        t = b["text"]
        if role in ("item", "boxitem", "gloss") and AUTO.match(t):
            if pending and int(AUTO.match(t).group(1)) != int(AUTO.match(pending[-1]).group(1)) + 1:
                flush()
            pending.append(t)
            continue
        flush()
        if role == "boxitem":
            box.append(f"<p>{html.escape(t)}</p>")
            continue
        if box is not None:
            close_box()
        e = html.escape(t)
        if role == "box":
            if t.startswith("专栏 1"):
                out.append(f"<p>{e}</p>")  # the indicator table's caption
            else:
                box = [f"<p>{e}</p>"]
        elif role == "title":
            out.append(f"<h1>{e}</h1>")
        elif role == "h1":
            out.append(f"<h2>{e}</h2>")
        elif role == "h2":
            out.append(f"<h3>{e}</h3>")
        elif role == "ntitle":
            out.append("<p>" + "<br>".join(html.escape(x) for x in t.split("\n")) + "</p>")
        elif role in ("cc", "printdate"):
            out.append(f"<hr><p>{e}</p>")
        else:
            out.append(f"<p>{e}</p>")
    close_box()
    out.append("<hr>")
    return "<!doctype html><html><head><meta charset='utf-8'></head><body>" + "\n".join(out) + "</body></html>"


def shanghai():
    work = Path(tempfile.mkdtemp(prefix="wild-word-"))
    (work / "shanghai.html").write_text(shanghai_html(), encoding="utf-8")
    subprocess.run(["pandoc", "-f", "html", "-t", "docx", "-o", str(work / "shanghai.docx"),
                    str(work / "shanghai.html")], check=True)
    try:
        return subprocess.run(["pandoc", "-f", "docx", "-t", "plain", str(work / "shanghai.docx")],
                              check=True, capture_output=True).stdout
    finally:
        shutil.rmtree(work)


def _save_as_text(paragraphs):
    """Word's Save As Plain Text, UTF-8: BOM, CRLF after every paragraph."""
    return ("\ufeff" + "".join(p + "\r\n" for p in paragraphs)).encode("utf-8")


def national():
    paras = []
    for b in read("national"):
        role = b["role"]
        if role in ("bookmark", "img"):
            continue
        if role in ("title", "h1", "sig", "sigdate"):
            paras.append(b["text"])
        else:
            paras.append(IND + b["text"])
    return _save_as_text(paras)


def jiangsu():
    blocks = read("jiangsu")
    paras = []
    auto_sections = {"（三）基本原则。", "（九）提升城乡社区服务综合能力。"}
    auto = False
    for b in blocks:
        role = b["role"]
        if role == "table":
            paras += ["\t".join(r) for r in b["rows"]]
            continue
        t = b["text"]
        if role == "h2":
            auto = t in auto_sections
        if role == "box":
            auto = True  # the 专栏 lists are auto-numbered
        if role in ("h1",):
            auto = False
        m = AUTO.match(t)
        if role in ("item", "boxitem") and auto and m:
            paras.append(f"{m.group(1)}.\t{m.group(2)}")
        elif role in ("redhead", "docno", "ntitle", "title", "h1", "box", "addr",
                      "sig", "sigdate", "cc", "printer", "printdate", "public"):
            paras.append(t)
        else:
            paras.append(IND + t)
    return _save_as_text(paras)


if __name__ == "__main__":
    out = HERE.parent
    for plan, f in (("national", national), ("shanghai", shanghai), ("jiangsu", jiangsu)):
        (out / f"{plan}_word.txt").write_bytes(f())
