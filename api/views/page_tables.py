"""The tables behind the researchers' pages (comparisons, matrix, source text, search), as plain
rows: the same rows feed the HTML table, the chart and the CSV/JSON downloads."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from html import escape
from pathlib import Path

from flask import Response

from planlink.api import services

KIND_ORDER = ["Plan", "Chapter", "Section", "Task", "IndicatorTarget", "Measure", "Project", "ProjectItem",
              "Commitment", "GlossaryTerm", "NationalFigure", "Department", "Region"]
# Quoted things that stand alone in the text (marked inline); the rest are containers (marked at their start).
LEAF_KINDS = {"IndicatorTarget", "Commitment", "ProjectItem", "GlossaryTerm", "Figure", "NationalFigure"}


def _value(observation, key):
    return observation.get(key) if observation else None


def _printed_comparator(observation):
    """The comparator as the plan printed it: none for a bare figure (100%), which the JSON reads
    as "=" with comparator_printed false."""
    if not observation or observation.get("comparator_printed") is False:
        return None
    return observation.get("comparator")


def comparison_rows(store, measure_iri: str | None = None) -> list[dict]:
    """One row per plan target of a measure (every measure when None): baseline, target, the
    national figure or provision beside it, and the outcome of each comparison in the graph."""
    rows = []
    for item in services.indicators(store):
        measure = item["measure"]
        if measure is None or (measure_iri is not None and measure["iri"] != measure_iri):
            continue
        national = [{"kind": "figure", "text": f["text"], "value": f["value"], "year": f["year"],
                     "iri": f["section_iri"] or f["iri"], "outcome": f["comparison"]["outcome"],
                     "explanation": f["comparison"]["explanation"]} for f in item["national_figures"]]
        if not national and item["national_counterparts"]:
            best = item["national_counterparts"][0]
            national = [{"kind": "provision", "text": best["title"], "value": None, "year": None, "iri": best["iri"],
                         "evidence": best["evidence"], "relation": best["relation"], "outcome": None,
                         "explanation": None}]
        peers = [{"plan": p["plan"], "iri": p["iri"], "target": _value(p["target"], "text"),
                  "outcome": p["comparison"]["outcome"] if p["comparison"] else None,
                  "explanation": p["comparison"]["explanation"] if p["comparison"] else None}
                 for p in item["peers"]]
        rows.append({
            "measure": measure["id"], "measure_iri": measure["iri"], "measure_label": measure["label"],
            "plan": item["plan"], "indicator": item["iri"], "number": item["number"], "name": item["name"],
            "unit": item["unit"],
            "baseline_year": _value(item["baseline"], "year"), "baseline_value": _value(item["baseline"], "value"),
            "baseline_text": _value(item["baseline"], "text"),
            "target_year": _value(item["target"], "year"), "target_value": _value(item["target"], "value"),
            "target_comparator": _printed_comparator(item["target"]), "target_text": _value(item["target"], "text"),
            "national": national, "peers": peers,
        })
    return rows


def flat(rows: list[dict]) -> list[dict]:
    """Comparison rows for CSV: one column per fact, the national figure and peer outcome joined."""
    out = []
    for row in rows:
        record = {k: v for k, v in row.items() if k not in ("national", "peers")}
        record["national"] = " | ".join(n["text"] or "" for n in row["national"])
        record["national_iri"] = " | ".join(n["iri"] or "" for n in row["national"])
        record["national_outcome"] = " | ".join(n["outcome"] or "" for n in row["national"])
        record["peer_outcome"] = " | ".join(f"{p['plan']}: {p['outcome'] or ''}" for p in row["peers"])
        record["explanation"] = " | ".join(x["explanation"] for x in [*row["national"], *row["peers"]]
                                           if x.get("explanation"))
        out.append(record)
    return out


def chart_points(rows: list[dict]) -> list[dict]:
    """The chart's data: baseline and target per plan target, and the national figures (one point each)."""
    points = []
    for row in rows:
        for stage in ("baseline", "target"):
            if row[f"{stage}_value"] is not None:
                outcome = next((p["outcome"] for p in row["peers"] if p["outcome"]), None)
                points.append({"measure": row["measure_label"] or row["measure"], "plan": row["plan"], "stage": stage,
                               "year": row[f"{stage}_year"], "value": row[f"{stage}_value"],
                               "text": row[f"{stage}_text"], "unit": row["unit"], "outcome": outcome or "—"})
        for n in row["national"]:
            if n["value"] is not None:
                points.append({"measure": row["measure_label"] or row["measure"], "plan": "national",
                               "stage": "national figure", "year": n["year"], "value": n["value"], "text": n["text"],
                               "unit": row["unit"], "outcome": n["outcome"] or "—"})
    return points


def matrix(store) -> dict:
    """National sections × provincial plans: a cell is a gap exactly where the build's gap report
    (services.gaps, the same as /api/v1/gaps and `planlink gaps`) has one; otherwise it lists the
    provincial items whose links implement the section (best first; candidates implement nothing),
    none for a chapter implemented through all its sections."""
    provinces = [p for p in services.plans(store) if p["level"] == "provincial"]
    linked_from = services.linked_from(store)
    reports = services.gap_reports(store)
    national_gaps = {(g["plan"], g["id"]): g["no_counterpart_reason"] for r in reports.values() for g in r["gaps"]
                     if g["side"] == "national"}
    rows = []
    for section in services.sections(store, "national"):
        links = [e for e in linked_from.get(section["iri"], []) if not e["candidate"]]
        cells = []
        for province in provinces:
            gap = (province["id"], section["id"]) in national_gaps
            items = [] if gap else [e for e in links if e["plan"] == province["id"]]
            cells.append({"plan": province["id"], "items": items, "implemented": not gap,
                          "reason": national_gaps.get((province["id"], section["id"]))})
        rows.append({"section": section, "cells": cells})
    why = sorted({r["empty_because"] for r in reports.values() if r["empty_because"]})
    return {"provinces": provinces, "rows": rows, "empty_because": "; ".join(why) or None}


def matrix_records(data: dict) -> list[dict]:
    """One row per national section: per plan the count of implementing items and whether it is a gap."""
    return [{"section": row["section"]["iri"], "number": row["section"]["number"], "title": row["section"]["title"],
             "level": row["section"]["level"],
             **{cell["plan"]: len(cell["items"]) for cell in row["cells"]},
             **{f"{cell['plan']} gap": not cell["implemented"] for cell in row["cells"]}} for row in data["rows"]]


def search_terms(store, q: str) -> list[str]:
    """The words of a query for the fallback search: split on spaces and punctuation (full- or
    half-width); a run of Chinese characters is cut by forward maximum matching against the
    texts themselves (the longest prefix some text contains is a word, then the rest), so
    社区工作者培训 becomes 社区工作者 · 培训."""
    words = [w for w in re.split(r"[\s,.;:!?，。；：！？、（）()《》“”\"']+", q) if w]
    terms: list[str] = []
    for word in words:
        if len(word) <= 2 or len(word) > 30 or not all("\u4e00" <= ch <= "\u9fff" for ch in word):
            terms.append(word)
            continue
        rest = word
        while rest:
            cut = next((n for n in range(len(rest), 1, -1) if services.search(store, rest[:n])), 1)
            terms.append(rest[:cut])
            rest = rest[cut:]
    return list(dict.fromkeys(terms))


def search(store, q: str) -> tuple[list[dict], list[str] | None]:
    """Hits for the whole phrase (NFKC-normalised); when there are none, the entities that contain
    every word of it (see search_terms), with the words used."""
    q = unicodedata.normalize("NFKC", q).strip()
    hits = services.search(store, q)
    if hits:
        return hits, None
    terms = search_terms(store, q)
    if len(terms) < 2:
        return [], None
    found = None
    for term in terms:
        iris = {hit["iri"]: hit for hit in services.search(store, term)}
        found = iris if found is None else {iri: hit for iri, hit in found.items() if iri in iris}
    return list(found.values()), terms


def search_groups(hits: list[dict]) -> list[dict]:
    """Search hits grouped by kind, in KIND_ORDER."""
    groups: dict[str, list] = {}
    for hit in hits:
        groups.setdefault(hit["type"], []).append(hit)
    order = {kind: n for n, kind in enumerate(KIND_ORDER)}
    return [{"kind": kind, "items": items} for kind, items in sorted(groups.items(), key=lambda kv: order.get(kv[0], 99))]


# ---------------------------------------------------------------- the source text

SOURCES = Path(__file__).resolve().parents[2] / "graph_data" / "sources"


def read_source(directory: Path, document: dict) -> str | None:
    """The verbatim text, or None when the file is not here or is not the one the graph was built from."""
    import hashlib

    if not document["file"]:
        return None
    path = directory / Path(document["file"]).name  # a file name from the graph, never a path
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if document["sha256"] and hashlib.sha256(data).hexdigest() != document["sha256"]:
        return None
    return data.decode("utf-8", errors="replace")


def marked_text(text: str, spans: list[dict], highlight: tuple[int, int] | None, href) -> str:
    """The text as HTML: the highlighted span in <mark id="quoted">, each quoted leaf (indicator,
    commitment, 专栏 item, term) in a span linked to its entity, each container's start marked."""
    cuts = {0, len(text)}
    leaves = [s for s in spans if s["kind"] in LEAF_KINDS and 0 <= s["start"] < s["end"] <= len(text)]
    starts: dict[int, list] = {}
    for s in spans:
        if s["kind"] not in LEAF_KINDS and 0 <= s["start"] <= len(text):
            starts.setdefault(s["start"], []).append(s)
            cuts.add(s["start"])
    for s in leaves:
        cuts.update((s["start"], s["end"]))
    if highlight:
        cuts.update(max(0, min(len(text), x)) for x in highlight)
    points = sorted(cuts)
    parts, marked_first = [], False
    for a, b in zip(points, points[1:]):
        for s in starts.get(a, []):
            parts.append(f'<a class="marker" href="{escape(href(s["iri"]))}" title="{escape(s["label"] or "")}">'
                         f'§ {escape(s["iri"].rsplit("/", 1)[-1])}</a>')
        chunk = escape(text[a:b])
        covering = [s for s in leaves if s["start"] <= a and b <= s["end"]]
        if covering:
            s = covering[-1]
            chunk = (f'<a class="taken taken-{escape(s["kind"])}" href="{escape(href(s["iri"]))}" '
                     f'title="{escape(s["kind"])}: {escape(s["label"] or "")}">{chunk}</a>')
        if highlight and highlight[0] <= a and b <= highlight[1]:
            chunk = f'<mark{"" if marked_first else " id=quoted"}>{chunk}</mark>'
            marked_first = True
        parts.append(chunk)
    return "".join(parts)


# ---------------------------------------------------------------- downloads

def download(records: list[dict], fmt: str, name: str) -> Response:
    """Records as CSV (UTF-8, header row) or JSON, offered as a file named `name`."""
    if fmt == "csv":
        out = io.StringIO()
        fields = list(dict.fromkeys(k for r in records for k in r))
        writer = csv.DictWriter(out, fieldnames=fields)
        writer.writeheader()
        for r in records:
            writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
                             for k, v in r.items()})
        response = Response(out.getvalue(), mimetype="text/csv")
    else:
        response = Response(json.dumps({"items": records, "total": len(records)}, ensure_ascii=False, default=str),
                            mimetype="application/json")
    response.headers["Content-Disposition"] = f'inline; filename="{name}.{fmt}"'
    return response
