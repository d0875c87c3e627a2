"""Time the build, stage by stage: `python benchmarks/build_bench.py [--runs N] [--json FILE]`.

The goal is the whole `planlink build` under 5 s on a 2-core machine. Each run builds the
shipped sources into a fresh temporary store without the build cache; the first run also pays
for imports and for loading the shapes, so it is shown on its own. Wall seconds, and the CPU
seconds of the build and its worker processes (what other work on the machine does not change).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STAGES = ("parse", "graph", "link", "validate", "store", "total")


def run(runs: int = 5, sources: Path = ROOT / "graph_data" / "sources") -> dict:
    """{"triples", "plans", "imports", "stages": {stage: {first, median, min, cpu}}, "cold"}."""
    t0 = time.perf_counter()
    from planlink.scripts.build import build
    imports = time.perf_counter() - t0

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            results.append(build(sources=sources, out=Path(tmp) / "store", progress=False, use_cache=False))
    first, rest = results[0], results[1:] or results
    cpu = lambda r, stage: (sum(r["cpu_seconds"].values()) - r["cpu_seconds"].get("publish", 0)  # noqa: E731
                            if stage == "total" else r["cpu_seconds"].get(stage, 0.0))
    return {"triples": first["triples"], "plans": len(first["plans"]), "imports": imports, "runs": runs,
            "stages": {stage: {"first": first["seconds"][stage],
                               "median": statistics.median(r["seconds"][stage] for r in rest),
                               "min": min(r["seconds"][stage] for r in rest),
                               "cpu": statistics.median(cpu(r, stage) for r in rest)} for stage in STAGES},
            "cold": imports + first["seconds"]["total"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sources", type=Path, default=ROOT / "graph_data" / "sources")
    ap.add_argument("--json", type=Path, help="also write the figures here (benchmarks/bench.py reads them)")
    args = ap.parse_args()
    figures = run(args.runs, args.sources)
    print(f"{figures['triples']} triples from {figures['plans']} plans; imports {figures['imports']:.2f} s")
    print(f"{'stage':<9} {'first':>7} {'median':>7} {'min':>7} {'CPU':>7}   (seconds, {max(1, args.runs - 1)} warm runs)")
    for stage, s in figures["stages"].items():
        print(f"{stage:<9} {s['first']:>7.3f} {s['median']:>7.3f} {s['min']:>7.3f} {s['cpu']:>7.3f}")
    cold = figures["cold"]
    print(f"cold build (imports + first run): {cold:.2f} s — goal < 5 s: {'ok' if cold < 5 else 'TOO SLOW'}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))
    return 0 if cold < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
