"""Held-out check of the indicator parameters: choose on one province, measure on the other.

The linker's indicator score has two parameters (scripts/link/linker.py, LinkParameters): w_prose, the weight of the
plan's own prose about an indicator, and prose_share, which sentences count as that prose. For
each grid point this counts the indicators whose top automatic link is right, per province and
summed over the three golds (gold.csv, gold_second.csv, gold_third.csv). Then for each province
it takes the grid points best on that province and reports the other province's count at them
(the range, when several tie); likewise chosen on gold.csv + gold_second.csv and reported on
gold_third.csv (judged without seeing any links file). Also an ablation: names not reduced to what
they measure. (W_PROSE 0 is no fair ablation: without the prose term most indicator scores fall
below THRESHOLD and the indicator gets no link at all.)

    .venv/bin/python benchmarks/link_heldout.py
"""

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dataclasses import replace  # noqa: E402

from planlink.scripts.link import DEFAULTS, linkage  # noqa: E402
from planlink.scripts.extract import extract_file  # noqa: E402

GOLDS = ("gold.csv", "gold_second.csv", "gold_third.csv")
PLANS = ("shanghai", "jiangsu")
W_PROSE = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
PROSE_SHARE = (0.25, 0.5, 0.75, 0.9)


def golds() -> list[dict]:
    out = []
    for name in GOLDS:
        with open(ROOT / "graph_data" / "links" / name, encoding="utf-8") as f:
            out.append({r["subject_id"]: r["gold"].split("|") for r in csv.DictReader(f) if "-i" in r["subject_id"]})
    return out


def right(extractions, gold, params=DEFAULTS) -> dict:
    """(plan, gold index) → indicators whose top automatic link is right."""
    result = linkage(extractions, curated=None, params=params)
    top = {sid: links[0]["object"] for sid, links in result.links.items()}
    return {(p, k): sum(top.get(s, "none") in g[s] for s in g if s.startswith(p + "-"))
            for p in PLANS for k, g in enumerate(gold)}


def main() -> None:
    gold = golds()
    extractions = {}
    for name in ("national",) + PLANS:
        x = extract_file(ROOT / "graph_data" / "sources" / f"{name}.txt")
        extractions[x["plan"]["id"]] = x
    sizes = {p: sum(s.startswith(p + "-") for s in gold[0]) for p in PLANS}
    defaults = (DEFAULTS.w_prose, DEFAULTS.prose_share)
    grid = {}
    for w in W_PROSE:
        for share in PROSE_SHARE:
            grid[w, share] = right(extractions, gold, replace(DEFAULTS, w_prose=w, prose_share=share))

    def fmt(r, plans=PLANS):
        return " ".join(f"{p} " + "/".join(str(r[p, k]) for k in range(len(GOLDS))) for p in plans)

    print(f"indicators right per province, gold/second/third (of {sizes}):")
    for key, r in grid.items():
        mark = "  <- shipped" if key == defaults else ""
        print(f"  W_PROSE {key[0]:<4} PROSE_SHARE {key[1]:<4}  {fmt(r)}{mark}")
    for chosen, held in (PLANS, PLANS[::-1]):
        total = {key: sum(r[chosen, k] for k in range(len(GOLDS))) for key, r in grid.items()}
        best = max(total.values())
        keys = [key for key, t in total.items() if t == best]
        outs = [[grid[key][held, k] for key in keys] for k in range(len(GOLDS))]
        print(f"chosen on {chosen} ({len(keys)} grid points tie, e.g. {keys[:3]}): held-out {held} "
              + "/".join(f"{min(o)}-{max(o)}" if min(o) != max(o) else f"{o[0]}" for o in outs)
              + f" of {sizes[held]} (gold/second/third)")
    both = {key: sum(r[p, k] for p in PLANS for k in (0, 1)) for key, r in grid.items()}
    keys = [key for key, t in both.items() if t == max(both.values())]
    third = [sum(grid[key][p, 2] for p in PLANS) for key in keys]
    print(f"chosen on gold + gold_second ({len(keys)} grid points tie): held-out gold_third "
          f"{min(third)}-{max(third)} of {sum(sizes.values())}")
    whole_names = right(extractions, gold, replace(DEFAULTS, reduce_names=False))
    print(f"names not reduced to what they measure (shipped parameters): {fmt(whole_names)}")


if __name__ == "__main__":
    main()
