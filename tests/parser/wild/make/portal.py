"""<plan>_portal.txt: the plan as a government web portal page, selected and
copied as text from a browser (or through an HTML-to-text converter).

Each portal has its own habits; the furniture (navigation crumbs, the
metadata table, the footer) is written here, the plan's text comes from the
reference through blocks.py.  Values in a metadata table are facts printed
by the reference (issuer, number, dates) or the portal's own publication
date; a cell whose value the reference does not give is left empty.

  shanghai  民政局 portal, as issue 19 describes it: portal date in the title
            line, metadata table as pipes with the issuer cell empty and a
            space before 号, no issuing notice, no signature, no date of issue,
            no 抄送/印发 block; half-width commas and parentheses in the body;
            list and glossary numbers run into their text (6.15分钟社区生活圈);
            专栏 titles ending in " |"; tables as pipe rows.
  national  gov.cn: crumbs, a tab-separated metadata table (发文机关, 成文日期,
            发文字号, 发布日期; 索引号 and 主题分类 left empty), the notice's
            title and number above the plan, every paragraph indented with two
            full-width spaces and followed by a blank line, the signature split
            over two lines with the date as 2021年12月27日; no pictures (a
            copied page loses its images), no Word bookmark.
  jiangsu   jiangsu.gov.cn: crumbs as 当前位置：, metadata as label：value lines
            (issuer, number, date of signature), the notice and its signature
            kept, no 红头 line, no 抄送/印发 block; paragraphs indented with two
            full-width spaces, no blank lines; the indicator table with its
            cells separated by tabs (a copied HTML table).
"""
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from blocks import read  # noqa: E402

IND = "\u3000\u3000"  # two full-width spaces


def first(blocks, role):
    return next(b for b in blocks if b["role"] == role)


def shanghai():
    blocks = read("shanghai")
    half = str.maketrans({"，": ",", "（": "(", "）": ")"})
    run_in = re.compile(r"^(\d+)\.\s+")  # "6. 15分钟…" -> "6.15分钟…"
    out = [
        "首页 > 政务公开 > 规划计划 > 专项规划",
        "上海市城乡社区服务体系建设“十四五”规划 ( 2022-10-11 )",
        "【字体：大 中 小】",
        "索取号: | 发布机构: | ||",
        "文件编号: | 沪民社建发〔2022〕3 号 | 公开类别: | 主动公开 |",
        "",
    ]
    body = False
    for b in blocks:
        role = b["role"]
        if role == "title":
            body = True
        if not body or role in ("cc", "printer", "printdate"):
            continue  # no notice, no signature, no 抄送/印发 on this page
        if role == "table":
            for row in b["rows"]:
                out.append(" | ".join(c.translate(half) for c in row) + " |")
            continue
        t = b["text"].translate(half)
        if role in ("item", "boxitem", "gloss"):
            t = run_in.sub(r"\1.", t)
        if role == "box":
            t += " |"
        out.append(t)
    out += ["", "打印本页 关闭窗口"]
    return "\n".join(out) + "\n"


def national():
    blocks = read("national")
    title = "国务院办公厅关于印发“十四五”城乡社区服务体系建设规划的通知"
    out = [
        "首页 > 政策 > 国务院政策文件库 > 国务院文件",
        "",
        "索  引  号：\t\t主题分类：\t",
        "发文机关：\t国务院办公厅\t成文日期：\t2021年12月27日",
        "标　　题：\t" + title,
        "发文字号：\t国办发〔2021〕56号\t发布日期：\t2022年01月21日",
        "",
        title,
        "（ 2022-01-21 ）",
        "",
        "国办发〔2021〕56号",
        "",
    ]
    for b in blocks:
        role = b["role"]
        if role in ("bookmark", "img"):
            continue
        if role == "title":
            out += [b["text"], ""]
        elif role == "sig":
            out += [b["text"]]
        elif role == "sigdate":
            y, m, d = b["text"].split("-")
            out += [f"{int(y)}年{int(m)}月{int(d)}日", ""]
        else:
            out += [IND + b["text"], ""]
    out += ["【我要纠错】 【打印】 【关闭】", "",
            "扫一扫在手机打开当前页"]
    return "\n".join(out) + "\n"


def jiangsu():
    blocks = read("jiangsu")
    ntitle = first(blocks, "ntitle")["text"]
    out = [
        "当前位置：首页 > 政府信息公开 > 省政府办公厅文件",
        "",
        "索 引 号：",
        "发布机构：江苏省人民政府办公厅",
        "文　　号：苏政办发〔2022〕60号",
        "成文日期：2022-07-23",
        "标　　题：" + ntitle,
        "",
    ]
    for b in blocks:
        role = b["role"]
        if role in ("redhead", "docno", "cc", "printer", "printdate"):
            continue
        if role == "table":
            for row in b["rows"]:
                out.append("\t".join(row))
            continue
        t = b["text"]
        if role in ("ntitle", "title", "sig", "sigdate", "box", "addr", "public"):
            out.append(t)
        else:
            out.append(IND + t)
    out += ["", "【打印本页】 【关闭窗口】"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    out = HERE.parent
    for plan, f in (("national", national), ("shanghai", shanghai), ("jiangsu", jiangsu)):
        (out / f"{plan}_portal.txt").write_text(f(), encoding="utf-8")
