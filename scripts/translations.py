"""English labels from the curated translations file graph_data/links/translations.csv.

One row per Chinese text and kind of entity (plan, section, project, item, indicator, commitment
subject, status figure's subject, glossary term, department, place), with who translated it, who reviewed it and the
reviewer's verdict (right | wrong | better: then review_note holds the better English, which is used). Measures
and department kinds keep their English in measures.csv and department_kinds.csv.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

TRANSLATIONS_CSV = Path(__file__).resolve().parents[1] / "graph_data" / "links" / "translations.csv"
KINDS = {"plan", "section", "project", "item", "indicator", "commitment", "status", "term", "department", "place"}


def key(text: str) -> str:
    """Renderings differ in width and spaces, not in what a title says."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


@lru_cache(maxsize=2)
def translations(path: Path = TRANSLATIONS_CSV) -> dict:
    """(kind, key of the Chinese) → English."""
    out = {}
    with open(path, encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            if row["kind"] not in KINDS or not row["en"].strip():
                raise ValueError(f"{path.name}: line {n}: kind must be one of {sorted(KINDS)} and en non-empty")
            better = (row.get("verdict") or "").strip() == "better" and (row.get("review_note") or "").strip()
            out[row["kind"], key(row["zh"])] = better or row["en"].strip()  # a reviewer's better English wins
    return out


def english(kind: str, chinese: str | None) -> str | None:
    return translations().get((kind, key(chinese))) if chinese else None
