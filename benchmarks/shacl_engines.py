"""The build's SHACL engine (pyshacl-turbo) against pySHACL, the reference, on a built store: every
part as the build checks it (its triples and the types of what they name), as built and broken
in five ways that trip the shapes (required values dropped, values doubled, a literal's datatype
and language changed, a bare figure given pl:eq), each engine's violations per part, and the CPU
each took.

    .venv/bin/python benchmarks/shacl_engines.py [STORE] [--mutations all|none]

Exits non-zero when the two disagree on any part. tests/graph/test_shacl_engine.py runs the same
comparison on the real build and on generated plans.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PL = b"https://planlink.example/def/"
TITLE = b"<http://purl.org/dc/terms/title>"


def _drop_every_fifth(lines):
    return [line for i, line in enumerate(lines) if i % 5 != 2]


def _double_titles(lines):
    return lines + [line.replace(b'" .\n', b' (2)" .\n') for line in lines if b" " + TITLE + b" " in line]


def _retype_numbers(lines):
    """Integers as xsd:int, decimals as xsd:double: still numbers (pySHACL compares them), not the type."""
    xsd = b"http://www.w3.org/2001/XMLSchema#"
    return [line.replace(b'"^^<' + xsd + b'integer>', b'"^^<' + xsd + b'int>')
                .replace(b'"^^<' + xsd + b'decimal>', b'"^^<' + xsd + b'double>') for line in lines]


def _relabel_languages(lines):
    return [line.replace(b'"@zh .\n', b'"@xx .\n').replace(b'"@en .\n', b'"@zh .\n') for line in lines]


def _bare_figures_say_eq(lines):
    comparator = b"<" + PL + b"comparator>"
    return lines + [line.split(b" ", 1)[0] + b" " + comparator + b" <" + PL + b"eq> .\n" for line in lines
                    if b"<" + PL + b"valueText>" in line]


MUTATIONS = {"as built": lambda lines: lines, "required values dropped": _drop_every_fifth,
             "titles doubled": _double_titles, "numbers retyped": _retype_numbers,
             "languages relabelled": _relabel_languages, "bare figures say eq": _bare_figures_say_eq}


def store_lines(store: Path) -> list[bytes]:
    """The data the build validates: the store's triples but the ontology's and the build's own."""
    import pyoxigraph

    from planlink.scripts.ntriples import split_lines

    data = pyoxigraph.Store.read_only(str(store)).dump(format=pyoxigraph.RdfFormat.N_TRIPLES,
                                                       from_graph=pyoxigraph.DefaultGraph())
    return [line for line in split_lines(data) if not line.startswith((b"<" + PL, b"<https://planlink.example/build>"))]


def violations_by_part(lines: list[bytes], engine: str) -> tuple[dict[str, set[str]], float]:
    """({part: its violation lines}, CPU seconds) with `engine`, the parts checked in batches as the
    build checks them (scripts/validate.py), all in this process."""
    from planlink.scripts import ntriples, shacl_check
    from planlink.scripts.validate import BATCH_LINES, result_lines

    by_part, types = ntriples.parts(lines), ntriples.type_index(lines)
    pattern = ntriples.part_pattern()
    found: dict[str, set[str]] = defaultdict(set)
    started = time.process_time()
    batch, names = [], set()
    for i, name in enumerate(sorted(by_part)):
        block = by_part[name]
        context = {t for line in block if (o := ntriples.iri_object(line)) is not None for t in types.get(o, ())}
        batch += sorted(block | context)
        names.add(name)
        if len(batch) >= BATCH_LINES // 4 or i == len(by_part) - 1:
            conforms, results = shacl_check.ENGINES[engine](batch)
            for focus, line in result_lines(results) if not conforms else []:
                part = ntriples.part_of(focus.n3().encode(), pattern) if hasattr(focus, "n3") else "~"
                if part in names:
                    found[part].add(line)
            batch, names = [], set()
    return {name: found.get(name, set()) for name in by_part}, time.process_time() - started


def compare(lines: list[bytes], mutations=MUTATIONS) -> list[dict]:
    """One row per mutation: parts, violations, CPU of each engine, and the parts they disagree on."""
    rows = []
    for label, mutate in mutations.items():
        broken = mutate(lines)
        ours, turbo_cpu = violations_by_part(broken, "turbo")
        reference, pyshacl_cpu = violations_by_part(broken, "pyshacl")
        rows.append({"mutation": label, "parts": len(reference), "violations": sum(map(len, reference.values())),
                     "turbo_cpu": turbo_cpu, "pyshacl_cpu": pyshacl_cpu,
                     "disagree": sorted(part for part in reference if reference[part] != ours.get(part))})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", nargs="?", default=str(ROOT / "graph_data" / "build" / "store"))
    parser.add_argument("--mutations", choices=["all", "none"], default="all")
    args = parser.parse_args()
    lines = store_lines(Path(args.store))
    mutations = MUTATIONS if args.mutations == "all" else {"as built": MUTATIONS["as built"]}
    print(f"{len(lines):,} lines; CPU seconds of each engine, the same parts and batches")
    print(f"{'data':<26} {'parts':>6} {'violations':>10} {'turbo':>8} {'pyshacl':>8}  agree")
    failed = False
    for row in compare(lines, mutations):
        failed |= bool(row["disagree"])
        print(f"{row['mutation']:<26} {row['parts']:>6} {row['violations']:>10} {row['turbo_cpu']:>8.2f} "
              f"{row['pyshacl_cpu']:>8.2f}  {'yes' if not row['disagree'] else 'NO: ' + ', '.join(row['disagree'][:5])}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
