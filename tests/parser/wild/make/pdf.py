"""<plan>_pdf.txt: the plan printed to PDF and taken back to text, as a reader
does with a PDF downloaded from a portal.

Made with real tools, not imitated: the plan's blocks (blocks.py) are laid
out as an official document (HTML with print CSS: A4, 公文 margins, headers
and footers in @page margin boxes, 专栏 as ruled boxes, the indicator table
with fixed column widths so that long cells wrap), printed to PDF by headless
Chromium, and extracted with poppler's pdftotext.

  national  28 characters a line (GB/T 9704: 16 pt on a 156 mm text width),
            no running header, page numbers "— 3 —" at the foot, outside
            (right on odd pages, left on even); `pdftotext -layout`.
  shanghai  about 35 characters a line, the plan's title as running header
            from page 2, "- 3 -" centred at the foot; plain `pdftotext`
            (reading order: a table's cells come one per line).
  jiangsu   about 38 characters a line, the issuer as running header from
            page 2, "第 3 页 共 40 页" at the foot; `pdftotext -layout` (table
            cells separated by runs of spaces).

Needs: chromium, poppler-utils (pdftotext) and a CJK font (Debian's
fonts-wqy-microhei).  Run from anywhere: python3 make/pdf.py
"""
import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from blocks import read  # noqa: E402

FONT = '"WenQuanYi Micro Hei", sans-serif'

STYLE = {
    "national": dict(size="16pt", lead="28.9pt", margin="37mm 26mm 35mm 28mm",
                     header="", footer_odd='"— " counter(page) " —"',
                     footer_even='"— " counter(page) " —"', layout=True),
    "shanghai": dict(size="13pt", lead="24pt", margin="30mm 25mm 30mm 25mm",
                     header='"上海市城乡社区服务体系建设“十四五”规划"',
                     footer='"- " counter(page) " -"', layout=False),
    "jiangsu": dict(size="12pt", lead="22pt", margin="28mm 24mm 28mm 24mm",
                    header='"江苏省人民政府办公厅"',
                    footer='"第 " counter(page) " 页 共 " counter(pages) " 页"', layout=True),
}


def css(plan):
    s = STYLE[plan]
    pages = [f"@page {{ size: A4; margin: {s['margin']};"]
    if s["header"]:
        pages.append(f"  @top-center {{ content: {s['header']}; font-size: 10pt; }}")
    if "footer" in s:
        pages.append(f"  @bottom-center {{ content: {s['footer']}; font-size: 11pt; }}")
    pages.append("}")
    if s["header"]:
        pages.append("@page :first { @top-center { content: none; } }")
    if "footer_odd" in s:
        pages.append(f"@page :right {{ @bottom-right {{ content: {s['footer_odd']}; font-size: 14pt; }} }}")
        pages.append(f"@page :left {{ @bottom-left {{ content: {s['footer_even']}; font-size: 14pt; }} }}")
    return "\n".join(pages) + f"""
body {{ font-family: {FONT}; font-size: {s['size']}; line-height: {s['lead']}; margin: 0; }}
p {{ margin: 0; text-indent: 2em; text-align: left; }}
.c {{ text-align: center; text-indent: 0; }}
.r {{ text-align: right; text-indent: 0; padding-right: 2em; }}
.n {{ text-indent: 0; }}
.red {{ color: #c00; font-size: 26pt; line-height: 40pt; letter-spacing: 2pt; }}
.rule {{ border-top: 2px solid #c00; margin: 4mm 0 8mm 0; }}
.ntitle, .title {{ font-size: 20pt; line-height: 32pt; font-weight: bold; margin: 6mm 0; white-space: pre-line; }}
.title {{ page-break-before: always; }}
.h1 {{ font-weight: bold; }}
.box {{ border: 1px solid #000; padding: 3mm 4mm; margin: 4mm 0; }}
.box .bt {{ text-align: center; text-indent: 0; font-weight: bold; }}
table {{ page-break-inside: avoid; border-collapse: collapse; width: 100%; font-size: 10.5pt; line-height: 15pt; margin: 3mm 0; }}
td {{ border: 1px solid #000; padding: 1mm 1.5mm; text-align: center; vertical-align: middle; }}
td.name {{ text-align: left; }}
.banji {{ border-top: 1px solid #000; border-bottom: 1px solid #000; margin-top: 12mm; padding: 1mm 0; }}
.banji p {{ text-indent: 0; font-size: 12pt; }}
.printline {{ display: flex; justify-content: space-between; }}
"""


def table_html(rows, plan):
    # column widths as a typesetter would give them: the indicator's name wide
    name_col = 1
    widths = {
        "shanghai": ["8%", "47%", "12%", "11%", "11%", "11%"],
        "jiangsu": ["8%", "56%", "12%", "13%", "11%"],
    }[plan]
    out = ["<table>", "<colgroup>" + "".join(f'<col style="width:{w}">' for w in widths) + "</colgroup>"]
    for r in rows:
        cells = []
        for k, c in enumerate(r):
            cls = ' class="name"' if k == name_col and r is not rows[0] else ""
            cells.append(f"<td{cls}>{html.escape(c)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def body_html(plan):
    blocks = read(plan)
    out = []
    box = False
    banji = []
    for b in blocks:
        role = b["role"]
        if box and role not in ("boxitem", "p", "table") or (box and role == "p" and plan == "shanghai"):
            out.append("</div>")
            box = False
        if role == "table":
            out.append(table_html(b["rows"], plan))
            continue
        t = html.escape(b.get("text", ""))
        if role in ("bookmark", "img"):
            continue  # a bookmark is invisible; a picture has no text to extract
        if role == "redhead":
            out.append(f'<p class="c red">{t}</p>')
        elif role == "docno":
            out.append(f'<p class="c">{t}</p><div class="rule"></div>')
        elif role == "ntitle":
            out.append(f'<p class="c ntitle">{t}</p>')
        elif role == "addr":
            out.append(f'<p class="n">{t}</p>')
        elif role == "sig":
            out.append(f'<p class="r">{t}</p>')
        elif role == "sigdate":
            d = b["text"]
            if "-" in d:  # national: printed as a date on the page
                y, m, dd = d.split("-")
                d = f"{int(y)}年{int(m)}月{int(dd)}日"
            out.append(f'<p class="r">{html.escape(d)}</p>')
        elif role == "title":
            out.append(f'<p class="c title">{t}</p>')
        elif role == "h1":
            out.append(f'<p class="h1">{t}</p>')
        elif role == "box":
            if b["text"].startswith("表"):
                out.append(f'<p class="c">{t}</p>')
            else:
                out.append(f'<div class="box"><p class="bt">{t}</p>')
                box = True
        elif role == "cc":
            banji.append(f"<p>{t}</p>")
        elif role == "printer":
            printer = t
        elif role == "printdate":
            banji.append(f'<p class="printline"><span>{printer}</span><span>{t}</span></p>')
        else:
            out.append(f"<p>{t}</p>")
    if box:
        out.append("</div>")
    if banji:
        out.append('<div class="banji">' + "".join(banji) + "</div>")
    return "\n".join(out)


def render(plan, workdir):
    page = f"""<!doctype html><html><head><meta charset="utf-8"><style>{css(plan)}</style></head>
<body>{body_html(plan)}</body></html>"""
    src = Path(workdir) / f"{plan}.html"
    pdf = Path(workdir) / f"{plan}.pdf"
    src.write_text(page, encoding="utf-8")
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", str(src)],
                   check=True, capture_output=True, timeout=300)
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if STYLE[plan]["layout"] else [])
    return subprocess.run(args + [str(pdf), "-"], check=True, capture_output=True).stdout


if __name__ == "__main__":
    out = HERE.parent
    keep = len(sys.argv) > 1 and sys.argv[1] == "--keep"
    work = Path(tempfile.mkdtemp(prefix="wild-pdf-"))
    for plan in ("national", "shanghai", "jiangsu"):
        (out / f"{plan}_pdf.txt").write_bytes(render(plan, work))
    if keep:
        print("HTML and PDF kept in", work)
    else:
        shutil.rmtree(work)
