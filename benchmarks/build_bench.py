"""Time the build, stage by stage: `python benchmarks/build_bench.py [--runs N]`.

The goal is the whole `planlink build` under 5 s on a 2-core machine. Each run builds the
shipped sources into a fresh temporary store; the first run also pays for imports and
for loading the shapes, so it is shown on its own.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STAGES = ("parse", "graph", "link", "validate", "store", "total")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sources", type=Path, default=ROOT / "graph_data" / "sources")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from planlink.scripts.build import build
    imports = time.perf_counter() - t0

    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            runs.append(build(sources=args.sources, out=Path(tmp) / "store", progress=False))
    first, rest = runs[0], runs[1:] or runs

    print(f"{first['triples']} triples from {len(first['plans'])} plans; imports {imports:.2f} s")
    print(f"{'stage':<9} {'first':>7} {'median':>7} {'min':>7}   (seconds, {len(rest)} warm runs)")
    for stage in STAGES:
        warm = [r["seconds"][stage] for r in rest]
        print(f"{stage:<9} {first['seconds'][stage]:>7.3f} {statistics.median(warm):>7.3f} {min(warm):>7.3f}")
    cold = imports + first["seconds"]["total"]
    print(f"cold build (imports + first run): {cold:.2f} s — goal < 5 s: {'ok' if cold < 5 else 'TOO SLOW'}")
    return 0 if cold < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
