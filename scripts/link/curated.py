"""The reviewed crosswalk graph_data/links/curated.csv, applied over the automatic links."""

from __future__ import annotations

import csv
from pathlib import Path

from planlink.scripts.vocab import RELATIONS

CURATED_CSV = Path(__file__).resolve().parents[2] / "graph_data" / "links" / "curated.csv"


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
        if row["decision"] not in ("confirm", "correct", "reject"):
            raise ValueError(f"curated.csv: decision must be confirm, correct or reject, not {row['decision']!r}")
        if row["decision"] != "reject" and row.get("relation") not in RELATIONS:
            raise ValueError(f"curated.csv: {row['subject_id']}: relation must be one of {', '.join(RELATIONS)}")
    return rows


def apply_curated(subject: str, auto: list[dict], rows: list[dict], judge) -> tuple[list[dict], str | None]:
    """Reviewed decisions over the automatic links: curated links first, then the remaining auto ones.

    reject with an object removes that link; reject with no object says the national plan has no
    counterpart (the note is the reason). confirm keeps a link as reviewed; correct puts the
    reviewer's object first with the reviewer's relation. judge(object id) → (lexical score, evidence).
    """
    mine = [r for r in rows if r["subject_id"] == subject]
    if not mine:
        return auto, None
    by_object = {link["object"]: link for link in auto}
    curated, reason = [], None
    for r in mine:
        if r["decision"] == "reject":
            if r["object_id"]:
                by_object.pop(r["object_id"], None)
            else:
                by_object.clear()
                reason = r["note"] or "a reviewer found no national counterpart"
            continue
        found = by_object.pop(r["object_id"], None)
        lexical, evidence = (found["score"], found["evidence"]) if found else judge(r["object_id"])
        curated.append({"object": r["object_id"], "relation": r["relation"], "score": 1.0, "auto_score": lexical,
                        "evidence": r.get("evidence") or evidence, "method": "curated", "decision": r["decision"],
                        "note": r["note"] or None, "reviewer": r.get("reviewer") or None,
                        "shared_terms": (found or {}).get("shared_terms", [])})
    if curated:
        reason = None
    rest = [link for link in auto if link["object"] in by_object]
    return curated + rest, reason
