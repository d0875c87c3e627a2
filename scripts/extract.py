"""Outline → the extraction: plan, sections, indicators, projects, commitments, glossary, departments.

The output is the `planlink extract` JSON of the contract. Every item carries
`source` = {start, end}, character offsets into the verbatim document.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from planlink.scripts.citations import citations
from planlink.scripts.commitments import in_sentence, learn_units, plan_period, quantity_pattern
from planlink.scripts.departments import assignments, departments
from planlink.scripts.errors import InputError
from planlink.scripts.front_matter import front_matter
from planlink.scripts.places import places
from planlink.scripts.status import status_figures
from planlink.scripts.normalise import MappedText, decode, normalise, sentences
from planlink.scripts.outline import Node, Outline, Table, build_outline, own_lines, walk_nodes
from planlink.scripts.regions import CHINA, PROVINCES, Region, region_named_at_start

DASH = re.compile(r"^[—–\-－]+$")
VALUE = re.compile(r"^(≥|>|≤|<|=)?(\d+(?:\.\d+)?)(.*?)(以上|以下)?$")
COMPARATORS = {"≥": ">=", ">": ">", "≤": "<=", "<": "<", "=": "="}
ATTRIBUTES = {"约束性": "binding", "预期性": "expected"}
BACKGROUND = re.compile(r"发展基础|发展环境|面临形势|基本内涵")


def number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


def extract_file(path: Path) -> dict:
    """Read one plan document (any rendering) and return its extraction."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from None
    return extract_text(decode(data), Path(path).name, hashlib.sha256(data).hexdigest())


def extract_text(text: str, file_name: str = "<text>", sha256: str | None = None) -> dict:
    clean = normalise(text)
    outline = build_outline(clean.text)
    check_is_complete_plan(outline)
    plan = plan_metadata(outline, clean.text)
    plan["source"] = {"file": file_name, "sha256": sha256 or hashlib.sha256(text.encode()).hexdigest(),
                      "chars": len(text)}
    ctx = Context(plan["id"], clean)
    sections = ctx.sections(outline.chapters)
    indicators = ctx.indicators(outline)
    cited, plan["alternative_titles"] = citations(clean.text, plan["title"], ctx.places(outline))
    plan["cites"] += [c["title"] for c in cited if c["title"] not in plan["cites"]]
    plan["citations"] = [{"title": t, "sections": next((c["sections"] for c in cited if c["title"] == t), [])}
                         for t in plan["cites"]]
    return {
        "plan": plan,
        "sections": sections,
        "indicators": indicators,
        "projects": ctx.projects(outline.boxes),
        "figures": ctx.figures(outline.chapters),
        "commitments": ctx.commitments(outline, indicators),
        "status": status_figures(outline, ctx, indicators, BACKGROUND, plan_period(outline.title.text)),
        "glossary": ctx.glossary(outline.glossary),
        "departments": departments(outline, ctx, plan),
        "assignments": assignments(outline, ctx),
        "places": places(outline, ctx, plan["region_code"]),
        "warnings": ctx.warnings,
    }


def check_is_complete_plan(outline: Outline) -> None:
    """Refuse what is not a plan of this family, or a plan cut short."""
    if outline.title is None:
        raise InputError("not a plan: no title line naming a 规划 was found")
    if not outline.chapters:
        raise InputError("not a plan: no numbered chapters (一、二、…) were found")
    numbers = [c.number for c in outline.chapters]
    if numbers != list(range(1, len(numbers) + 1)):
        raise InputError(f"chapters are not numbered 一、二、… in order (found {numbers}): is the document complete?")
    last = outline.chapters[-1]
    if not re.search(r"保障|实施", last.title):
        raise InputError(f"truncated plan: it ends in chapter {last.printed}{last.title} "
                         "before the closing implementation chapter (保障/实施)")
    tail = (last.children[-1] if last.children else last)
    ending = (tail.body[-1].text if tail.body else tail.head.text).rstrip()
    if ending and ending[-1] not in "。！？”）":
        raise InputError(f"truncated plan: the text stops mid-sentence (…{ending[-12:]})")


def recognise_region(title: str, issuers: list[str], text: str) -> Region:
    """The region whose plan this is: named at the start of its title (江苏省…, 南京市…), or else of
    an issuer (南京市人民政府办公厅); the national plan names none and is the State Council's."""
    if "社区服务" not in title:
        raise InputError(f"not a plan of this family: its title {title[:40]!r} names no 社区服务 (community services)")
    for name in (title, *issuers):
        if region := region_named_at_start(name):
            return region
    if "国务院" in text or "全国" in text:
        return CHINA
    raise InputError("not a plan: cannot tell which region's plan this is from its title or issuer")


def plan_metadata(outline: Outline, text: str) -> dict:
    facts = front_matter(outline)
    title, issuers = facts["title"], facts["issuers"]
    front = [line.text.strip() for line in outline.front]
    region = recognise_region(title, issuers, text)
    cited_text = "".join(front) + "".join(line.text for line in outline.preamble)
    cites = []
    for name in re.findall(r"《([^《》]{4,80})》", cited_text):
        if name not in cites and name != title and name.replace("的", "") != title.replace("的", ""):
            cites.append(name)
    national_cited = any("城乡社区服务体系建设" in c and not any(p.short in c for p in PROVINCES) for c in cites)
    provincial = region is not CHINA
    return {
        "id": region.id,
        "title": title,
        "level": region.level,
        "region": region.name,
        "region_code": region.code,
        "doc_number": facts["doc_number"],
        "issuers": issuers,
        "issued": facts["issued"],
        "published": facts["published"],
        "issuer_inferred": facts["issuer_inferred"],
        "not_stated": facts["not_stated"],
        "based_on": "national" if provincial and national_cited else None,
        "cites": cites,
    }


class Context:
    """What every extracted item needs: the plan id and the map back to verbatim offsets."""

    def __init__(self, plan_id: str, clean: MappedText):
        self.plan = plan_id
        self.clean = clean
        self.ids: dict[int, str] = {}  # id(Node) → section id
        self.warnings: list[str] = []  # what could not be read, said rather than failing the build

    def containers(self, outline: Outline) -> list[tuple[Node, str]]:
        """(node, id) of every chapter, section, task and 专栏 item whose prose can state something."""
        out = [(n, self.section_id(n)) for n in walk_nodes(outline.chapters)]
        for box in outline.boxes:
            out += [(item, f"{self.plan}-p{box.number}.{item.number}") for item in box.children]
        return sorted(out, key=lambda pair: pair[0].head.start)

    def places(self, outline: Outline) -> list[tuple[int, int, str]]:
        """(start, end, id) in the clean text of every section, 专栏 and 专栏 item, in text order."""
        out = [(n.head.start, n.end, self.section_id(n)) for n in walk_nodes(outline.chapters)]
        for box in outline.boxes:
            out.append((box.head.start, box.end, f"{self.plan}-p{box.number}"))
            out += [(i.head.start, i.end, f"{self.plan}-p{box.number}.{i.number}") for i in box.children]
        return sorted(out)

    def source(self, start: int, end: int) -> dict:
        a, b = self.clean.source_span(start, end)
        return {"start": a, "end": b}

    def section_id(self, node: Node) -> str | None:
        return self.ids.get(id(node))

    def sections(self, chapters: list[Node]) -> list[dict]:
        out: list[dict] = []

        def visit(node: Node, path: str, level: int, parent: str | None):
            sid = f"{self.plan}-s{path}"
            self.ids[id(node)] = sid
            out.append({"id": sid, "number": node.printed, "title": node.title, "level": level,
                        "parent": parent, "order": len(out) + 1, "text": node.text(),
                        "source": self.source(node.head.start, node.end)})
            for child in node.children:
                visit(child, f"{path}.{child.number}", level + 1, sid)

        for chapter in chapters:
            visit(chapter, str(chapter.number), 1, None)
        return out

    def indicators(self, outline: Outline) -> list[dict]:
        out = []
        for owner in walk(outline):
            for table in owner.tables:
                out.extend(self.table_rows(table, owner))
        return out

    def table_rows(self, table: Table, owner: Node) -> list[dict]:
        header = [h.replace(" ", "") for h in table.header.text.split("\t")]
        try:
            columns = table_columns(header)
        except InputError as e:  # a table of another kind, or a header read wrong: said, not fatal
            self.warnings.append(f"a table is not read as indicators: {e}")
            return []
        section = self.section_id(owner if owner.kind != "box" else owner.parent)
        rows = []
        for line in table.rows:
            cells = [c.strip() for c in line.text.split("\t")]
            if len(cells) < len(header) or not cells[columns["number"]].isdigit():
                continue
            if not cells[columns["name"]]:
                self.warnings.append(f"indicator {cells[columns['number']]} has no name: not read")
                continue
            baseline = self.cell(cells[columns["baseline"]], columns["baseline_year"], cells[columns["number"]])
            target = self.cell(cells[columns["target"]], columns["target_year"], cells[columns["number"]])
            unit = cells[columns["unit"]] if "unit" in columns else None
            if unit is None or DASH.match(unit or ""):
                unit = target.pop("_unit", None) or baseline.pop("_unit", None)
            n = int(cells[columns["number"]])
            rows.append({
                "id": f"{self.plan}-i{n}", "number": n, "name": cells[columns["name"]],
                "attribute": ATTRIBUTES.get(cells[columns["attribute"]]),
                "unit": unit or None,
                "baseline": {k: v for k, v in baseline.items() if not k.startswith("_")},
                "target": {k: v for k, v in target.items() if not k.startswith("_")},
                "section": section, "table": table.caption,
                "source": self.source(line.start, line.end),
            })
        return rows

    def cell(self, text: str, year: int | None, row: str) -> dict:
        """A baseline or target cell; one that is not a figure (较2020年提高) is kept as printed, with no
        value, and said."""
        try:
            return cell_value(text, year)
        except InputError as e:
            self.warnings.append(f"indicator {row}: {e}; kept as printed, with no value")
            return {"year": year, "value": None, "comparator": None, "comparator_printed": False, "text": text.strip()}

    def projects(self, boxes: list[Node]) -> list[dict]:
        return [{
            "id": f"{self.plan}-p{box.number}", "number": box.number, "title": box.title,
            "section": self.section_id(box.parent) if box.parent else None,
            "text": box.text(),
            "has_indicator_table": bool(box.tables),
            "source": self.source(box.head.start, box.end),
            "items": [{"id": f"{self.plan}-p{box.number}.{item.number}", "number": item.number,
                       "title": item.title, "text": item.text(),
                       "source": self.source(item.head.start, item.end)} for item in box.children],
        } for box in boxes]

    def figures(self, chapters: list[Node]) -> list[dict]:
        out = []
        for node in walk_nodes(chapters):
            for line in node.figures:
                n = len(out) + 1
                url = re.search(r"\[image:\s*([^\]\s]+)", line.text).group(1)
                out.append({"id": f"{self.plan}-f{n}", "number": n, "url": url, "extracted": False,
                            "section": self.section_id(node), "source": self.source(line.start, line.end)})
        return out

    def glossary(self, entries: list[Node]) -> list[dict]:
        return [{"id": f"{self.plan}-t{e.number}", "number": e.number, "term": e.title,
                 "definition": "".join(l.text for l in e.body),
                 "source": self.source(e.head.start, e.end)} for e in entries]

    def commitments(self, outline: Outline, indicators: list[dict]) -> list[dict]:
        """Every quantified commitment of the prose (scripts/commitments.py), the review of the
        past five years (发展基础) aside: its figures are where the plan starts, not what it promises."""
        out = []
        terms = [entry.title for entry in outline.glossary]  # names the plan defines, e.g. 24小时青年创新生态社区
        pattern = quantity_pattern(learn_units(self.clean.text, [i.get("unit") or "" for i in indicators]))
        for node, where in self.containers(outline):
            if BACKGROUND.search(node.title) or (node.parent and BACKGROUND.search(node.parent.title or "")):
                continue
            for line in own_lines(node):
                for at, sentence in sentences(line.text):
                    start = line.start + at
                    for c in in_sentence(sentence, pattern, terms, plan_period(outline.title.text)):
                        a, b = c.pop("clause")
                        out.append({"text": sentence, **c, "section": where,
                                    "source": self.source(start, start + len(sentence)),
                                    "clause": {"text": sentence[a:b], "source": self.source(start + a, start + b)}})
        for i, c in enumerate(out, 1):
            c["id"] = f"{self.plan}-c{i}"
        return out


def table_columns(header: list[str]) -> dict:
    columns: dict = {}
    years = []
    for i, h in enumerate(header):
        if "序号" in h:
            columns["number"] = i
        elif "属性" in h:
            columns["attribute"] = i
        elif "单位" in h:
            columns["unit"] = i
        elif re.search(r"\d{4}年|基期|目标", h):
            year = re.search(r"(\d{4})", h)
            years.append((i, int(year.group(1)) if year else None, "目标" in h))
        elif "指标" in h or "名称" in h:
            columns["name"] = i
    if len(years) != 2 or not {"number", "name", "attribute"} <= columns.keys():
        raise InputError(f"indicator table header not understood: {' | '.join(header)}")
    years.sort(key=lambda y: (y[2], y[1] or 0))  # baseline first, then the target (目标 / later year)
    (columns["baseline"], columns["baseline_year"], _), (columns["target"], columns["target_year"], _) = years
    return columns


def cell_value(text: str, year: int | None) -> dict:
    text = text.strip()
    if not text or DASH.match(text):
        return {"year": year, "value": None, "comparator": None, "comparator_printed": False, "text": text}
    m = VALUE.match(text)
    if not m:
        raise InputError(f"indicator value not understood: {text!r}")
    comparator = COMPARATORS[m.group(1) or "="]
    if m.group(4) == "以上":
        comparator = ">="
    elif m.group(4) == "以下":
        comparator = "<="
    # The contract's comparator is '=' for a bare number; comparator_printed says whether the table
    # printed one (≥18, 90%以上) or not (90%), so the graph states only what was printed.
    printed = bool(m.group(1)) or m.group(4) in ("以上", "以下")
    out = {"year": year, "value": number(m.group(2)), "comparator": comparator, "comparator_printed": printed,
           "text": text}
    if m.group(3):
        out["_unit"] = m.group(3)
    return out


def walk(outline: Outline):
    yield from walk_nodes(outline.chapters)
    yield from outline.boxes
