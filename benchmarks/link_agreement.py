"""Second-judge measure of the links: graph_data/links/gold_second.csv against the linker, and
agreement between the two hand judgements (gold.csv, gold_second.csv).

gold_second.csv was written from the three plan texts alone, before the linker was run and
without looking at gold.csv or curated.csv, so it is an independent measure of both the
automatic linker and the curated crosswalk (whose corrections were made against gold.csv).

A link is right when its top object is one of the gold's acceptable ids (`a|b`); `none` is right
when the subject has no link. Two judges agree on an item when the top choice of one is among
the other's acceptable ids; reported both ways, and "either"/"both" of the two directions.

    .venv/bin/python benchmarks/link_agreement.py [--list]   # --list: print disagreements and misses
"""

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planlink.scripts.extract import extract_file  # noqa: E402
from planlink.scripts.link import linkage  # noqa: E402

LINKS = ROOT / "graph_data" / "links"
GROUPS = {"indicator": "indicators", "section": "sections and tasks", "task": "sections and tasks",
          "item": "专栏 items", "project": "专栏 items", "chapter": "chapters"}
ORDER = ["indicators", "sections and tasks", "专栏 items", "chapters", "all"]


def load_gold(name: str) -> dict:
    with open(LINKS / name, encoding="utf-8") as f:
        return {row["subject_id"]: [g.strip() for g in row["gold"].split("|") if g.strip()]
                for row in csv.DictReader(f)}


def top(result, sid: str) -> str:
    links = result.links.get(sid)
    return links[0]["object"] if links else "none"


def add(tally: dict, group: str, ok: bool) -> None:
    for g in (group, "all"):
        right, n = tally.get(g, (0, 0))
        tally[g] = (right + bool(ok), n + 1)


def show(label: str, tally: dict) -> None:
    print(label)
    for g in ORDER:
        if g in tally:
            ok, n = tally[g]
            print(f"  {g:<22} {ok:>3}/{n:<3} {ok / n:6.1%}")


def main() -> int:
    listing = "--list" in sys.argv
    extractions = {x["plan"]["id"]: x for x in map(extract_file, sorted((ROOT / "graph_data" / "sources").glob("*.txt")))}
    second = load_gold("gold_second.csv")
    first = load_gold("gold.csv")
    results = {"automatic linker alone": linkage(extractions, curated=None),
               "with the curated crosswalk": linkage(extractions)}
    subjects = next(iter(results.values())).subjects
    unknown = [sid for sid in second if sid not in subjects]
    if unknown:
        raise SystemExit(f"gold_second.csv: unknown subject ids: {', '.join(unknown)}")

    def group(sid):
        return GROUPS.get(subjects[sid].kind, "sections and tasks") if sid in subjects else "sections and tasks"

    print(f"top-1 accuracy against the second gold ({len(second)} items)")
    for label, result in results.items():
        tally, misses = {}, []
        for sid, ok_ids in second.items():
            got = top(result, sid)
            add(tally, group(sid), got in ok_ids)
            if got not in ok_ids:
                misses.append(f"    {sid} {subjects[sid].title}: got {got}, second gold {'|'.join(ok_ids)}")
        show(f" {label}:", tally)
        if listing and misses:
            print("  misses:\n" + "\n".join(misses))

    both = [sid for sid in second if sid in first]
    print(f"\nagreement between the judges on the {len(both)} items both judged "
          f"(first judged {len(first)}, second {len(second)})")
    a_in_b, b_in_a, either, every, exact = {}, {}, {}, {}, {}
    disagreements = []
    for sid in both:
        g = group(sid)
        f_top, s_top = first[sid][0], second[sid][0]
        x, y = f_top in second[sid], s_top in first[sid]
        add(a_in_b, g, x)
        add(b_in_a, g, y)
        add(either, g, x or y)
        add(every, g, x and y)
        add(exact, g, f_top == s_top)
        if not (x or y):
            disagreements.append(f"    {sid} {subjects[sid].title}: first {'|'.join(first[sid])}, "
                                 f"second {'|'.join(second[sid])}")
    show(" first judge's top among the second's list:", a_in_b)
    show(" second judge's top among the first's list:", b_in_a)
    show(" agree in either direction:", either)
    show(" agree in both directions:", every)
    show(" identical top choice:", exact)
    if listing and disagreements:
        print("  disagreements (neither top among the other's list):\n" + "\n".join(disagreements))
    return 0


if __name__ == "__main__":
    sys.exit(main())
