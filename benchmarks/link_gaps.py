"""The gap report against the judges: which national sections each provincial plan implements.

gold.csv and gold_second.csv judge every provincial item (each lists the national sections it
accepts as counterparts); a judge takes a national section as implemented by a plan when one of
the plan's items accepts it (a chapter also when all its sections are), so the judge's gaps are
the rest. gold_third.csv judges only indicators and level-2 sections, so its gaps are not a
plan's and it is left out here (link_third.py measures its links).

For each judge and plan: the national gaps the report gives that the judge does not (false gaps)
and the judge's gaps the report misses; for the old rule (ranked links only: best, curated, or a
further link scoring `implements` or more) and for the build's (also restatements and sibling
matching, scripts/link/implementation.py). Then the links each reading asserts, how many of them
a judge accepts, and the top-1 agreement, which the implementation judgment must leave as it was.

    .venv/bin/python benchmarks/link_gaps.py [--links]   # --links: list the links the new readings assert
"""

import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planlink.scripts.extract import BACKGROUND, extract_file  # noqa: E402
from planlink.scripts.link import linkage  # noqa: E402
from planlink.scripts.link.gaps import gap_reports  # noqa: E402

LINKS = ROOT / "graph_data" / "links"
JUDGES = ("gold.csv", "gold_second.csv")
OLD_RULE = ("best", "curated", "further")


def load_gold(name: str) -> dict:
    with open(LINKS / name, encoding="utf-8") as f:
        return {row["subject_id"]: [g.strip() for g in row["gold"].split("|") if g.strip()]
                for row in csv.DictReader(f)}


def with_chapters(done: set, national: dict) -> set:
    done = set(done)
    for nid, n in national.items():
        parts = [m.id for m in national.values() if m.parent == nid and not BACKGROUND.search(m.title)]
        if n.kind == "chapter" and parts and set(parts) <= done:
            done.add(nid)
    return done


def main() -> int:
    extractions = {x["plan"]["id"]: x for x in map(extract_file, sorted((ROOT / "graph_data" / "sources").glob("*.txt")))}
    started = time.perf_counter()
    result = linkage(extractions)
    print(f"linkage with the curated crosswalk: {time.perf_counter() - started:.2f} s\n")
    judges = {name: load_gold(name) for name in JUDGES}
    accepted = {}
    for gold in judges.values():
        for sid, ok in gold.items():
            accepted.setdefault(sid, set()).update(ok)
    plans = sorted(p for p, level in result.levels.items() if level != "national")
    reports = gap_reports(result)
    print("national gaps: the report's, and against each judge (false gaps / missed gaps)")
    totals = {}
    for rule in ("old rule (ranked links only)", "build (restatements, siblings)"):
        for p in plans:
            if rule.startswith("old"):
                done = with_chapters({link["object"] for sid, links in result.links.items()
                                      if result.subjects[sid].plan == p for link in links
                                      if link.get("basis") in OLD_RULE}, result.national)
                gaps = set(result.national) - done
            else:
                gaps = {g["id"] for g in reports[p]["gaps"] if g["side"] == "national"}
            line = f"  {rule:32} {p:9} gaps {', '.join(sorted(g.split('-', 1)[1] for g in gaps)) or 'none':18}"
            for name, gold in judges.items():
                reach = with_chapters({x for sid, ok in gold.items() if sid.startswith(p + "-") for x in ok},
                                      result.national)
                theirs = set(result.national) - reach
                false, missed = len(gaps - theirs), len(theirs - gaps)
                f, m = totals.get((rule, name), (0, 0))
                totals[(rule, name)] = (f + false, m + missed)
                line += f" | {name}: {false} false, {missed} missed"
            print(line)
    for (rule, name), (false, missed) in totals.items():
        print(f"  total {rule:32} {name:16} {false} false gaps, {missed} missed")
    print("\nasserted links by basis (how many a judge accepts for that item)")
    by_basis: dict = {}
    for sid, links in result.links.items():
        for link in links:
            b = link.get("basis") or "candidate"
            n, ok = by_basis.get(b, (0, 0))
            by_basis[b] = (n + 1, ok + (link["object"] in accepted.get(sid, ())))
    for b, (n, ok) in sorted(by_basis.items()):
        print(f"  {b:10} {n:4} links, {ok:3} accepted by a judge ({ok / n:.0%})")
    print("\ntop-1 agreement (the implementation judgment leaves every first link as it was)")
    for name, gold in judges.items():
        right = sum(((result.links.get(sid) or [{}])[0].get("object", "none")) in ok for sid, ok in gold.items())
        print(f"  {name:16} {right}/{len(gold)}")
    if "--links" in sys.argv:
        print("\nlinks the new readings assert")
        for sid, links in sorted(result.links.items()):
            for link in links:
                if link.get("basis") in ("restates", "siblings"):
                    mark = "accepted" if link["object"] in accepted.get(sid, ()) else "-"
                    print(f"  {link['basis']:9} {sid:16} {link['object']:15} {mark:9} {link.get('restates') or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
