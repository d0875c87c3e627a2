"""Top-1 accuracy of the national counterparts on the hand-judged sample graph_data/links/gold.csv.

The gold file was judged by reading both plans, before the linker was run; a subject is right
when its best counterpart is one of the gold's acceptable national sections (or it has none and
the gold says none). Reported for the automatic linker alone (the honest measure: the lexical
weights were set by hand while looking at these plans) and with the curated crosswalk (whose
corrections were made on the same items, so that figure is not an independent measure).

    .venv/bin/python benchmarks/link_quality.py [--misses]
"""

import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planlink.scripts.extract import extract_file  # noqa: E402
from planlink.scripts.link import linkage  # noqa: E402

KINDS = {"indicator": "indicators", "item": "专栏 projects and items", "project": "专栏 projects and items"}


def accuracy(result, gold: dict) -> dict:
    tally: dict = {}
    misses = []
    for sid, acceptable in gold.items():
        unit = result.subjects[sid]
        group = KINDS.get(unit.kind, "chapters, sections and tasks")
        links = result.links.get(sid)
        top = links[0]["object"] if links else "none"
        right = top in acceptable
        ok, n = tally.get(group, (0, 0))
        tally[group] = (ok + right, n + 1)
        if not right:
            misses.append(f"  {sid} {unit.title}: got {top}, gold {'|'.join(acceptable)}")
    ok = sum(v[0] for v in tally.values())
    tally["all"] = (ok, len(gold))
    return tally, misses


def main() -> int:
    extractions = {x["plan"]["id"]: x for x in map(extract_file, sorted((ROOT / "graph_data" / "sources").glob("*.txt")))}
    with open(ROOT / "graph_data" / "links" / "gold.csv", encoding="utf-8") as f:
        gold = {row["subject_id"]: row["gold"].split("|") for row in csv.DictReader(f)}
    for label, curated in (("automatic linker alone", None), ("with the curated crosswalk", "default")):
        started = time.perf_counter()
        result = linkage(extractions) if curated else linkage(extractions, curated=None)
        seconds = time.perf_counter() - started
        tally, misses = accuracy(result, gold)
        print(f"{label} ({seconds:.2f} s):")
        for group, (ok, n) in tally.items():
            print(f"  {group:<32} {ok:>3}/{n:<3} {ok / n:6.1%}")
        if "--misses" in sys.argv:
            print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
