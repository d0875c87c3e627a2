"""The reviewed crosswalk graph_data/links/curated.csv, applied over the automatic links.

Columns: subject_id, object_id, relation, decision (confirm | correct | reject | unsure), evidence,
note (the reason), reviewer (a name or an ORCID iD), date (ISO, when the decision was made). An
unsure row records a doubt and changes no link; `planlink curate` appends and replaces rows
(scripts/curate/decisions.py).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from planlink.scripts.vocab import RELATIONS

CURATED_CSV = Path(__file__).resolve().parents[2] / "graph_data" / "links" / "curated.csv"
DECISIONS = ("confirm", "correct", "reject", "unsure")
ORCID = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def load_curated(path: Path | None = CURATED_CSV) -> list[dict]:
    if path is None or not Path(path).exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        rows = []
        for n, row in enumerate(csv.DictReader(f), start=2):
            if None in row:
                raise ValueError(f"{path}: line {n} has more fields than the header (quote notes with commas)")
            rows.append({k: (v or "").strip() for k, v in row.items()})
    for row in rows:
        if row["decision"] not in DECISIONS:
            raise ValueError(f"curated.csv: decision must be one of {', '.join(DECISIONS)}, not {row['decision']!r}")
        if row["decision"] in ("confirm", "correct") and row.get("relation") not in RELATIONS:
            raise ValueError(f"curated.csv: {row['subject_id']}: relation must be one of {', '.join(RELATIONS)}")
    return rows


def apply_curated(subject: str, auto: list[dict], rows: list[dict], judge) \
        -> tuple[list[dict], str | None, list[dict]]:
    """Reviewed decisions over the automatic links: curated links first, then the remaining auto ones;
    with the reason for no counterpart, and the rejected links (kept for the mapping set).

    reject with an object removes that link; reject with no object says the national plan has no
    counterpart (the note is the reason). confirm keeps a link as reviewed; correct puts the
    reviewer's object first with the reviewer's relation. judge(object id) → (lexical score, evidence).
    """
    mine = [r for r in rows if r["subject_id"] == subject and r["decision"] != "unsure"]
    if not mine:
        return auto, None, []
    by_object = {link["object"]: link for link in auto}
    curated, reason, rejected = [], None, []
    for r in mine:
        if r["decision"] == "reject":
            if r["object_id"]:
                found = by_object.pop(r["object_id"], None)
                lexical, evidence = (found["score"], found["evidence"]) if found else judge(r["object_id"])
                rejected.append({"object": r["object_id"], "relation": (found or {}).get("relation", "related"),
                                 "score": lexical, "evidence": evidence, **_who(r)})
            else:
                by_object.clear()
                reason = r["note"] or "a reviewer found no national counterpart"
                rejected.append({"object": None, **_who(r)})
            continue
        found = by_object.pop(r["object_id"], None)
        lexical, evidence = (found["score"], found["evidence"]) if found else judge(r["object_id"])
        curated.append({"object": r["object_id"], "relation": r["relation"], "score": 1.0, "auto_score": lexical,
                        "evidence": r.get("evidence") or evidence, "method": "curated", "decision": r["decision"],
                        **_who(r), "shared_terms": (found or {}).get("shared_terms", [])})
    if curated:
        reason = None
    rest = [link for link in auto if link["object"] in by_object]
    return curated + rest, reason, rejected


def _who(row: dict) -> dict:
    """Who decided, when and why, as a link carries it."""
    reviewer = row.get("reviewer") or None
    return {"reviewer": reviewer, "orcid": reviewer if ORCID.match(reviewer or "") else None,
            "date": row.get("date") or None, "note": row.get("note") or None}
