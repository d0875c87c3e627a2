"""English labels per entity type in a fresh build (graph_data/links/translations.csv and the
English columns of measures.csv and department_kinds.csv), and the second reader's verdicts.

A second reader fills `reviewer` and `verdict` (right | wrong | better, with the better English in
`review_note`) on a sample; `--sample N` prints N rows drawn at random (fixed seed, every kind
represented) for that reader.

    .venv/bin/python benchmarks/english_coverage.py [--sample 40]
"""

import csv
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planlink.scripts.build import build  # noqa: E402
from planlink.api.store import read_graph  # noqa: E402
from planlink.scripts.vocab import PREFIXES  # noqa: E402

TYPES = ("Plan", "Chapter", "Section", "Task", "Project", "ProjectItem", "IndicatorTarget", "Measure",
         "Commitment", "StatusFigure", "GlossaryTerm", "Department", "DepartmentKind", "Region")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        build(ROOT / "graph_data" / "sources", Path(tmp) / "store")
        graph = read_graph(Path(tmp) / "store")
    print("entities with an English label, per type:")
    for cls in TYPES:
        [row] = graph.query(f"""SELECT (COUNT(DISTINCT ?e) AS ?all) (COUNT(DISTINCT ?en) AS ?english) WHERE {{
            ?e a pl:{cls} . OPTIONAL {{ ?e rdfs:label|skos:prefLabel ?l FILTER(lang(?l) = "en") BIND(?e AS ?en) }} }}""",
                            initNs={**PREFIXES, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"})
        total, english = int(row[0]), int(row[1])
        print(f"  {cls:<16} {english:>4}/{total:<4} {100 * english / total:5.1f}%")
    with open(ROOT / "graph_data" / "links" / "translations.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    judged = [r for r in rows if r["reviewer"].strip() and r["verdict"].strip()]
    right = sum(r["verdict"].strip() == "right" for r in judged)
    print(f"translations.csv: {len(rows)} rows, {len(judged)} judged by a second reader"
          + (f", {right} right ({100 * right / len(judged):.0f}%)" if judged else ""))


def sample(n: int) -> None:
    with open(ROOT / "graph_data" / "links" / "translations.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rng = random.Random(10)
    kinds = sorted({r["kind"] for r in rows})
    picked = [rng.choice([r for r in rows if r["kind"] == k]) for k in kinds]
    rest = [r for r in rows if r not in picked]
    picked += rng.sample(rest, max(0, n - len(picked)))
    for r in picked:
        print(f"{r['kind']}\t{r['zh']}\t{r['en']}")


if __name__ == "__main__":
    if "--sample" in sys.argv:
        sample(int(sys.argv[sys.argv.index("--sample") + 1]))
    else:
        main()
