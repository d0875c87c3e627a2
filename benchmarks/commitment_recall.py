"""Recall of the quantified commitments against the hand-read list graph_data/gold/commitments.csv.

A commitment of the list is found when the extraction has one in the same section with the same
value (and upper bound), unit, comparator (a blank in the list is a bare figure, '='), year, kind
(a level, or an addition over the period: 新增, 增创, 打造…), and a subject that contains the list's
subject words (with the words that narrow it: 易地扶贫搬迁集中安置社区…). Printed per plan and per class (number, words,
range, period), then every miss with what was extracted nearest, and the extractions the list
does not have (precision), how many list qualifiers were found, and on how many found commitments
the hedge (一般, 原则上, 力争: how firmly a figure holds, kept apart from its subject) is the list's, none
where the list has none.

    .venv/bin/python benchmarks/commitment_recall.py
"""

import csv
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planlink.scripts.extract import extract_file  # noqa: E402

GOLD = ROOT / "graph_data" / "gold" / "commitments.csv"


def key(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").replace("“", "").replace("”", "").replace('"', "")


def number(text: str):
    return float(text) if text else None


def agrees(gold: dict, c: dict) -> list[str]:
    """The fields on which an extracted commitment differs from the list's row."""
    wrong = []
    if number(gold["value"]) != float(c["value"]):
        wrong.append("value")
    if number(gold["upper"]) != (float(c["upper"]) if c.get("upper") is not None else None):
        wrong.append("upper")
    if gold["unit"] != c["unit"]:
        wrong.append("unit")
    if (gold["comparator"] or "=") != c["comparator"]:
        wrong.append("comparator")
    if (int(gold["year"]) if gold["year"] else None) != c.get("year"):
        wrong.append("year")
    if key(gold["subject"]) not in key(c.get("subject")):
        wrong.append("subject")
    if (gold.get("kind") or "level") != c.get("kind", "level"):
        wrong.append("kind")  # an addition over the period (新增, 增创…) read as a level, or the reverse
    return wrong


def main() -> None:
    with open(GOLD, encoding="utf-8") as f:
        gold = list(csv.DictReader(f))
    extractions = {p: extract_file(ROOT / "graph_data" / "sources" / f"{p}.txt")["commitments"]
                   for p in ("national", "jiangsu", "shanghai")}
    found, total, used, misses, qualifiers, found_ids = Counter(), Counter(), set(), [], Counter(), {}
    hedges = Counter()
    for g in gold:
        candidates = [c for c in extractions[g["plan"]] if c["section"] == g["section"]]
        ranked = sorted(candidates, key=lambda c: len(agrees(g, c)))
        best = next((c for c in ranked if not agrees(g, c) and c["id"] not in used), None)
        found_ids[g["id"]] = best is not None
        for k in ((g["plan"], "all"), (g["plan"], g["class"]), ("all", g["class"]), ("all", "all")):
            total[k] += 1
            found[k] += best is not None
        if best is None:
            near = ranked[0] if ranked else None
            misses.append((g, near, agrees(g, near) if near else ["nothing in the section"]))
            continue
        used.add(best["id"])
        hedges["found"] += (g.get("hedge") or None) == best.get("hedge")
        hedges["listed"] += bool(g.get("hedge"))
        if g["qualifier"]:
            qualifiers["listed"] += 1
            qualifiers["found"] += any(key(g["qualifier"]) == key(q) for q in best.get("qualifiers", []))
    print(f"commitments found, of {len(gold)} read by hand (value, unit, comparator, year, kind and subject right):")
    for plan in ("national", "jiangsu", "shanghai", "all"):
        parts = [f"{cls} {found[plan, cls]}/{total[plan, cls]}" for cls in ("number", "words", "range", "period")
                 if total[plan, cls]]
        print(f"  {plan:<9} {found[plan, 'all']:>3}/{total[plan, 'all']:<3} "
              f"{100 * found[plan, 'all'] / total[plan, 'all']:5.1f}%   " + ", ".join(parts))
    print(f"qualifiers (每天, 每年, 每百户 …) right on {qualifiers['found']}/{qualifiers['listed']} found commitments")
    print(f"hedge as listed (none where none is printed) on {hedges['found']}/{found['all', 'all']} found commitments "
          f"({hedges['listed']} listed with a hedge)")
    additions = [g for g in gold if g.get("kind") == "addition"]
    print(f"additions over the period read as additions: {sum(found_ids.get(g['id'], False) for g in additions)}"
          f"/{len(additions)}")
    extra = [c for cs in extractions.values() for c in cs if c["id"] not in used]
    n = sum(len(cs) for cs in extractions.values())
    print(f"precision: {n - len(extra)}/{n} extracted commitments are on the list")
    for g, near, wrong in misses:
        print(f"  missed {g['id']} {g['quote']}: {', '.join(wrong)}"
              + (f" (extracted {near['value']}{near['unit']} {near['comparator']} {near.get('year')} "
                 f"subject {near.get('subject')!r})" if near else ""))
    for c in extra:
        print(f"  not on the list {c['id']} {c['value']}{c['unit']} {c['clause']['text']!r}")


if __name__ == "__main__":
    main()
