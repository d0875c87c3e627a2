"""Third-judge measure of the links: graph_data/links/gold_third.csv against the linker.

gold_third.csv was written from the three plan texts alone (via the extraction), before the linker
or API was run and without looking at gold.csv, gold_second.csv, curated.csv or the linker code.
It covers the 23 provincial indicators and the Shanghai and Jiangsu level-2 sections.

A link is right when its top object is one of the gold's acceptable ids (`a|b`); `none` is right
when the subject has no link. Reported for the automatic linker alone (curated=None) and with the
curated crosswalk, for indicators and for sections, then the crosswalk's misses.

    .venv/bin/python benchmarks/link_third.py
"""

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planlink.scripts.extract import extract_file  # noqa: E402
from planlink.scripts.link import linkage  # noqa: E402

GOLD = ROOT / "graph_data" / "links" / "gold_third.csv"
SOURCES = ROOT / "graph_data" / "sources"


def load_gold() -> dict:
    with open(GOLD, encoding="utf-8") as f:
        return {row["subject_id"]: [g.strip() for g in row["gold"].split("|") if g.strip()]
                for row in csv.DictReader(f)}


def top(result, sid: str) -> str:
    links = result.links.get(sid)
    return links[0]["object"] if links else "none"


def kind(sid: str) -> str:
    return "indicators" if sid.split("-", 1)[1].startswith("i") else "sections"


def main() -> None:
    gold = load_gold()
    extractions = {}
    for name in ("national", "shanghai", "jiangsu"):
        x = extract_file(SOURCES / f"{name}.txt")
        extractions[x["plan"]["id"]] = x
    runs = {"linker alone": linkage(extractions, curated=None),
            "with crosswalk": linkage(extractions)}
    for label, result in runs.items():
        for group in ("indicators", "sections"):
            ids = [s for s in gold if kind(s) == group]
            right = sum(top(result, s) in gold[s] for s in ids)
            print(f"{label:15} {group:10} top-1 {right}/{len(ids)} = {right / len(ids):.1%}")
        right = sum(top(result, s) in gold[s] for s in gold)
        print(f"{label:15} {'all':10} top-1 {right}/{len(gold)} = {right / len(gold):.1%}")
    print("\ncrosswalk misses (id, third judge, crosswalk):")
    result = runs["with crosswalk"]
    for s in gold:
        if top(result, s) not in gold[s]:
            print(f"  {s:15} {'|'.join(gold[s]):32} {top(result, s)}")


if __name__ == "__main__":
    main()
