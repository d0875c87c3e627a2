"""Recall and precision of the status figures against the hand-read list graph_data/gold/status_figures.csv.

A figure of the list is found when the extraction has one in the same section with the same value,
unit, comparator (blank: none printed), year, period as printed, and a subject that contains the
list's subject words; its measure is right when what it counts is the wording of the measure the
list names (or of none). Printed per plan, then every miss with what was extracted nearest, and
the extractions the list does not have.

    .venv/bin/python benchmarks/status_recall.py
"""

import csv
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planlink.scripts.extract import extract_file  # noqa: E402
from planlink.scripts.measures import known_measure_slug  # noqa: E402

GOLD = ROOT / "graph_data" / "gold" / "status_figures.csv"
PLANS = ("national", "jiangsu", "shanghai")


def key(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").replace("“", "").replace("”", "").replace('"', "")


def differences(gold: dict, f: dict) -> list[str]:
    """The fields on which an extracted status figure differs from the list's row."""
    wrong = []
    if float(gold["value"]) != float(f["value"]):
        wrong.append("value")
    if gold["unit"] != f["unit"]:
        wrong.append("unit")
    if (gold["comparator"] or None) != (f["comparator"] if f.get("comparator_printed") else None):
        wrong.append("comparator")
    if int(gold["year"]) != f.get("year"):
        wrong.append("year")
    if key(gold["period"]) != key(f.get("period")):
        wrong.append("period")
    if key(gold["subject"]) not in key(f.get("subject")):
        wrong.append("subject")
    if (gold["words"] or None) != f.get("words"):
        wrong.append("words")
    return wrong


def main() -> None:
    with open(GOLD, encoding="utf-8") as fh:
        gold = list(csv.DictReader(fh))
    extracted = {p: extract_file(ROOT / "graph_data" / "sources" / f"{p}.txt")["status"] for p in PLANS}
    found, total, used, misses, measures = Counter(), Counter(), set(), [], Counter()
    for g in gold:
        candidates = sorted((f for f in extracted[g["plan"]] if f["section"] == g["section"]),
                            key=lambda f: len(differences(g, f)))
        best = next((f for f in candidates if not differences(g, f) and f["id"] not in used), None)
        for plan in (g["plan"], "all"):
            total[plan] += 1
            found[plan] += best is not None
        if best is None:
            near = candidates[0] if candidates else None
            misses.append((g, near, differences(g, near) if near else ["nothing in the section"]))
            continue
        used.add(best["id"])
        measures["right"] += (known_measure_slug(best["subject"]) or "") == g["measure"]
        measures["linked"] += bool(g["measure"])
    print(f"status figures found, of {len(gold)} read by hand (value, unit, comparator, year, period, subject):")
    for plan in (*PLANS, "all"):
        print(f"  {plan:<9} {found[plan]:>3}/{total[plan]:<3} {100 * found[plan] / max(total[plan], 1):5.1f}%")
    n = sum(len(fs) for fs in extracted.values())
    extra = [f for fs in extracted.values() for f in fs if f["id"] not in used]
    print(f"precision: {n - len(extra)}/{n} extracted status figures are on the list")
    print(f"measure right (the list's, or none) on {measures['right']}/{found['all']} found figures; "
          f"{measures['linked']} of them have a measure")
    for g, near, wrong in misses:
        print(f"  missed {g['id']} {g['quote']}: {', '.join(wrong)}"
              + (f" (extracted {near['value']}{near['unit']} {near.get('year')} {near.get('period')} "
                 f"subject {near.get('subject')!r})" if near else ""))
    for f in extra:
        print(f"  not on the list {f['id']} {f['value']}{f['unit']} {f['clause']['text']!r}")


if __name__ == "__main__":
    main()
