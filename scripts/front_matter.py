"""What a plan's front matter says about the document: its 发文字号, issuers, date of issue, the date a
portal published it, and what the document leaves unsaid.

A plan prints these as an issuing notice (the number, the issuing bodies, the date under their
names), as a signature at the end (国务院办公厅2021-12-27), or, on a government portal, as a
metadata table (文件编号 | 沪民社建发〔2022〕3号 | 发布机构 | …) with the portal's date after the
title. A rendering may print none of them. What it does not print is listed in `not_stated`;
an issuer is inferred from the 发文字号 where graph_data/links/issuer_codes.csv names the body
its 机关代字 stands for (GB/T 9704-2012 §7.2.3: a 发文字号 is the issuing body's code, the
year and a serial number), and the inference is kept with the rule and the number it read.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from planlink.scripts.outline import Line, Outline

ISSUER_CODES_CSV = Path(__file__).resolve().parents[1] / "graph_data" / "links" / "issuer_codes.csv"
DATE_CN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
DOC_NUMBER = re.compile(r"^([\u4e00-\u9fff]{1,10})[〔\[［](\d{4})[〕\]］](\d+)号$")
ISSUER = re.compile(r"^([^：:，。\s]{2,30}?(?:局|委员会|厅|部|政府|委))(?:文件)?$")
# A portal's date after the title: 上海市城乡社区服务体系建设“十四五”规划 ( 2022-10-11 )
PORTAL_DATE = re.compile(r"\s*[（(]\s*(\d{4}-\d{1,2}-\d{1,2})\s*[）)]$")  # (on the title or alone)
# The labels of a portal's metadata table, and the field each one's next cell gives.
LABELS = {"doc_number": re.compile(r"^(?:文件编号|发文字号|文号)[：:]?$"),
          "issuer": re.compile(r"^(?:发布机构|发文机关|发文单位)[：:]?$"),
          "issued": re.compile(r"^(?:成文日期|发文日期)[：:]?$"),
          "published": re.compile(r"^(?:发布日期|公开日期)[：:]?$")}
DOC_NUMBER_RULE = "doc-number-issuer-code"  # the rule an inferred issuer follows (ontology: pl:DocNumberIssuerCode)


def iso_date(text: str) -> str | None:
    m = DATE_CN.fullmatch(text) or DATE_ISO.fullmatch(text)
    return "%04d-%02d-%02d" % tuple(int(g) for g in m.groups()) if m else None


def doc_number_of(text: str) -> str | None:
    m = DOC_NUMBER.match(text)
    return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号" if m else None


def split_title(title: str) -> tuple[str, str | None]:
    """(title, the portal's date after it or None)."""
    m = PORTAL_DATE.search(title)
    return (title[:m.start()].strip(), iso_date(m.group(1))) if m else (title, None)


def metadata_cells(lines: list[Line]) -> dict[str, str]:
    """{field: value} from a metadata table: each label cell and the cell after it (empty: not stated),
    the table as rows of cells (文件编号： | 沪民社建发〔2022〕3号 | …) or as lines (文号：苏政办发〔2022〕60号)."""
    found: dict[str, str] = {}
    for line in lines:
        cells = [part.strip() for cell in line.text.split("\t") for part in _label_and_value(cell)]
        for label, value in zip(cells, cells[1:] + [""]):
            for name, pattern in LABELS.items():
                if pattern.match(label) and not any(p.match(value) for p in LABELS.values()):
                    found.setdefault(name, value)
    return found


def _label_and_value(cell: str) -> list[str]:
    label, colon, value = cell.partition("：")
    return [label + colon, value] if colon and value and any(p.match(label) for p in LABELS.values()) else [cell]


@lru_cache(maxsize=1)
def issuer_codes(path: Path = ISSUER_CODES_CSV) -> list[dict]:
    """The 机关代字 table, longest code first (沪民 before 沪)."""
    with open(path, encoding="utf-8", newline="") as f:
        return sorted(csv.DictReader(f), key=lambda row: -len(row["code"]))


def infer_issuer(doc_number: str | None) -> dict | None:
    """The body a 发文字号's 机关代字 names (沪民社建发〔2022〕3号 → 上海市民政局), with the rule and the
    number it read; None where the table knows no code the number starts with."""
    if not doc_number:
        return None
    for row in issuer_codes():
        if doc_number.startswith(row["code"]):
            return {"name": row["issuer"], "rule": DOC_NUMBER_RULE, "code": row["code"], "from": doc_number,
                    "source": row["source"]}
    return None


def front_matter(outline: Outline) -> dict:
    """The document's own facts: title, doc_number, issuers, issued, published, issuer_inferred, not_stated."""
    title, published = split_title(outline.title.text.strip())
    front = [line.text.strip() for line in outline.front]
    cells = metadata_cells(outline.metadata + [line for line in outline.front if "：" in line.text])
    for line in front:  # the portal's date on its heading (…规划 ( 2022-10-11 )) or on a line of its own
        published = published or split_title(line)[1]
    doc_number, issuers, issued = None, [], None
    for line in front:
        if doc_number := doc_number_of(line):
            break
        if m := ISSUER.match(line):
            issuers.append(m.group(1))
    for line in front:
        if issued := (iso_date(line) if DATE_CN.fullmatch(line) else None):
            break
    if not issuers or issued is None:  # the national text signs at the end: 国务院办公厅2021-12-27
        ending = [line.text.strip() for line in outline.end_matter]
        for line, after in zip(ending, ending[1:] + [""]):
            m = re.match(r"^(.+?)(\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)$", line) or \
                (ISSUER.match(line) and iso_date(after) and re.match(r"^(.+)()$", line))  # or over two lines
            if m and "印发" not in line:
                issuers = issuers or [m.group(1)]
                issued = issued or iso_date(m.group(2) or after)
                break
    doc_number = doc_number or doc_number_of(cells.get("doc_number", ""))
    if not issuers and (m := ISSUER.match(cells.get("issuer", ""))):
        issuers = [m.group(1)]
    issued = issued or iso_date(cells.get("issued", ""))
    published = published or iso_date(cells.get("published", ""))
    inferred = None if issuers else infer_issuer(doc_number)
    if inferred:
        issuers = [inferred["name"]]
    not_stated = [name for name, value in (("doc_number", doc_number), ("issuers", issuers), ("issued", issued))
                  if not value]
    return {"title": title, "doc_number": doc_number, "issuers": issuers, "issued": issued, "published": published,
            "issuer_inferred": inferred, "not_stated": not_stated}
