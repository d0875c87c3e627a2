"""Measures (what an indicator measures): one slug per measure, shared across plans.

graph_data/links/measures.csv names the known measures: one row per printed name, so
several wordings map to one slug. A name not in the file gets a deterministic slug
(`m-` + SHA-256 of the NFKC name without white space, as MODEL.md describes).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from planlink.scripts.vocab import PL, measure_iri, name_slug

MEASURES_CSV = Path(__file__).resolve().parents[1] / "graph_data" / "links" / "measures.csv"


def name_key(name: str) -> str:
    """Rendering-insensitive key: width, spaces, quotes and punctuation do not count."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", name or ""))


def fallback_slug(name: str) -> str:
    return name_slug("m", name)


@lru_cache(maxsize=4)
def known_measures(path: Path = MEASURES_CSV) -> dict:
    """{'by_name': {name key: slug}, 'info': {slug: {label_zh, label_en, definition, divided_by_zh,
    divided_by_en, close, related}}}."""
    by_name, info = {}, {}
    if not Path(path).exists():
        return {"by_name": by_name, "info": info}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            slug = row["slug"].strip()
            by_name[name_key(row["name_zh"])] = slug
            entry = info.setdefault(slug, {"label_zh": row["name_zh"].strip(), "label_en": None, "definition": None,
                                           "divided_by_zh": None, "divided_by_en": None,
                                           "close": set(), "related": set(), "alt_zh": []})
            if row["name_zh"].strip() != entry["label_zh"]:
                entry["alt_zh"].append(row["name_zh"].strip())
            entry["label_en"] = entry["label_en"] or (row.get("label_en") or "").strip() or None
            for column in ("definition", "divided_by_zh", "divided_by_en"):
                entry[column] = entry[column] or (row.get(column) or "").strip() or None
            for column, key in (("close_match", "close"), ("related_match", "related")):
                entry[key].update(s.strip() for s in (row.get(column) or "").split("|") if s.strip())
    return {"by_name": by_name, "info": info}


def measure_slug(name: str) -> str:
    """The slug of the measure an indicator of this printed name measures."""
    return known_measures()["by_name"].get(name_key(name)) or fallback_slug(name)


def known_measure_slug(name: str | None) -> str | None:
    """The slug of a measure measures.csv prints under this name, or None (no per-name slug): a
    status figure measures a measure only where what it counts is one of the measure's wordings."""
    return known_measures()["by_name"].get(name_key(name)) if name else None


def measure_label(name: str) -> str:
    """The measure's Chinese label: the curated one, so every plan's graph gives the same label."""
    info = known_measures()["info"].get(measure_slug(name))
    return info["label_zh"] if info else name


def describe_measure(g: Graph, slug: str, label_zh: str) -> URIRef:
    """The triples every plan's graph and the linker give a measure: its IRI, types, id and label."""
    iri = measure_iri(slug)
    g.add((iri, RDF.type, PL.Measure))
    g.add((iri, RDF.type, SKOS.Concept))
    g.add((iri, DCTERMS.identifier, Literal(slug)))
    g.add((iri, SKOS.prefLabel, Literal(label_zh, lang="zh")))
    return iri
