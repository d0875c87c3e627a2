"""`make bench`: the figures of docs/benchmarks.md and docs/growth.md from one run on this machine.

Runs benchmarks/api_bench.py (the uncached JSON row included), benchmarks/build_bench.py and
benchmarks/growth.py (at --scales, default 1 10 100), then writes their tables into the two pages,
between the markers `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`, with the machine named (CPU
model, cores, load average at the start) and each goal of issue 22 as measured. Nothing in those
tables is typed by hand.

    .venv/bin/python benchmarks/bench.py [--scales 1 10 100] [--seconds 5] [--requests 60]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import api_bench  # noqa: E402
import build_bench  # noqa: E402
import growth  # noqa: E402

DOCS = ROOT / "docs"
PAGES = ["plans", "plan outline", "sections page", "sections of a plan", "indicators page", "indicators of a plan",
         "indicators binding", "one indicator", "projects page", "commitments page", "departments page", "regions",
         "search", "search, a new term", "page: plan", "page: indicator", "page: national section"]


def machine() -> str:
    """CPU model, cores, load average now, Python: what the figures were measured on."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU") \
        if Path("/proc/cpuinfo").exists() else platform.processor()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{model}, {os.cpu_count()} cores, load average {load} at the start; Python {platform.python_version()}; "
            f"{time.strftime('%Y-%m-%d %H:%M %Z')}")


def api_table(rows: list[dict]) -> str:
    lines = ["| figure | planlink req/s | baseline req/s | ratio | goal | planlink CPU ms/req | baseline CPU ms/req "
             "| CPU ratio |", "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |"]
    for row in rows:
        ours, theirs = row["planlink"], row["theirs"]
        ratio = ours["rps"] / theirs["rps"] if theirs["rps"] else float("nan")
        cpu_ratio = theirs["cpu"] / ours["cpu"] if ours.get("cpu") and theirs.get("cpu") else None
        goal = "" if row["goal"] is None else f"≥ {row['goal']:g}: " + ("met" if ratio >= row["goal"] else "**not met**")
        lines.append(f"| {row['label']} (vs {row['baseline']}) | {ours['rps']:,.0f} | {theirs['rps']:,.0f} | "
                     f"{ratio:.2f} | {goal} | {ours['cpu'] * 1e3:.3f} | {theirs['cpu'] * 1e3:.3f} | "
                     + (f"{cpu_ratio:.2f}" if cpu_ratio else "—") + " |")
    return "\n".join(lines)


def build_table(figures: dict) -> str:
    lines = [f"{figures['triples']:,} triples from {figures['plans']} plans, {figures['runs']} cold builds (no "
             f"build cache); imports {figures['imports']:.2f} s; the first build with imports "
             f"{figures['cold']:.2f} s (goal < 5 s: {'met' if figures['cold'] < 5 else '**not met**'})", "",
             "| stage | first (s) | median (s) | min (s) | CPU, median (s) |", "| --- | ---: | ---: | ---: | ---: |"]
    lines += [f"| {stage} | {s['first']:.3f} | {s['median']:.3f} | {s['min']:.3f} | {s['cpu']:.3f} |"
              for stage, s in figures["stages"].items()]
    return "\n".join(lines)


def growth_goals(rows: list[dict]) -> str:
    """Issue 22's goals at the largest size measured, each with its figure."""
    first, last = rows[0], rows[-1]
    out = [f"At {last['scale']}× ({last['plans']} plans), against 1×:", ""]
    total = last["stages"]["total"]
    out.append(f"- cold build ≤ 90 s: {total:.1f} s wall ({growth.build_cpu(last):.1f} s CPU) — "
               + ("met" if total <= 90 else "**not met**"))
    if "add_one" in last:
        wall = last["add_one"]["wall"]
        out.append(f"- adding one plan ≤ 30 s: {wall:.1f} s wall, its dumps included — "
                   + ("met" if wall <= 30 else "**not met**"))
    out.append(f"- peak memory ≤ 4 GB: {last['peak_mb']:,.0f} MB — " + ("met" if last["peak_mb"] <= 4096 else "**not met**"))
    if first.get("latency") and last.get("latency") and first is not last:
        ratios = {name: last["latency"][name][1] / first["latency"][name][1] for name in PAGES
                  if name in first["latency"] and name in last["latency"]}
        over = {name: r for name, r in ratios.items() if r > 2}
        out.append("- every paged JSON list and page p99 within 2× of 1×: "
                   + ("met" if not over else "**not met** for " + ", ".join(f"{n} ({r:.1f}×)" for n, r in over.items())))
        out.append("  (p99 at " + f"{last['scale']}× / 1×: " + ", ".join(f"{n} {r:.2f}" for n, r in ratios.items()) + ")")
    return "\n".join(out)


def write_between(path: Path, name: str, text: str) -> None:
    """Replace what stands between `<!-- bench:name -->` and `<!-- /bench:name -->` in `path`."""
    page = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"(<!-- bench:{re.escape(name)} -->\n)(?:.*?\n)?(<!-- /bench:{re.escape(name)} -->)", re.S)
    if not pattern.search(page):
        raise SystemExit(f"{path} has no markers for {name!r}")
    path.write_text(pattern.sub(lambda m: m.group(1) + text + "\n" + m.group(2), page), encoding="utf-8")


def growth_page(rows: list[dict], header: str) -> None:
    write_between(DOCS / "growth.md", "growth", header + "\n\n" + growth.table(rows) + "\n\n" + growth_goals(rows))
    (DOCS / "growth" / "growth.md").write_text(growth.table(rows) + "\n")
    growth.plot(rows, DOCS / "growth")


def add_rows(other: Path) -> int:
    """The rows of `other` (growth.json of a growth.py run) into docs/growth/growth.json, replacing
    those of the same sizes, and growth.md's table written again, saying which run each came from."""
    path = DOCS / "growth" / "growth.json"
    added = json.loads(other.read_text())
    scales = {row["scale"] for row in added}
    rows = sorted([row for row in json.loads(path.read_text()) if row["scale"] not in scales] + added,
                  key=lambda row: row["scale"])
    path.write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    page = (DOCS / "growth.md").read_text(encoding="utf-8")
    header = re.search(r"<!-- bench:growth -->\n(Measured by [^\n]*)", page)
    header = (header.group(1) if header else "Measured by `make bench`.") + (
        f" The {', '.join(f'{s}×' for s in sorted(scales))} column{'s' if len(scales) > 1 else ''}: "
        f"`benchmarks/growth.py` run apart on the same machine, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
        f"when added.")
    growth_page(rows, header)
    print(f"added {sorted(scales)} to {path} and wrote {DOCS / 'growth.md'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds of each api_bench run")
    parser.add_argument("--requests", type=int, default=60, help="growth.py's requests per endpoint and size")
    parser.add_argument("--build-runs", type=int, default=3)
    parser.add_argument("--add-rows", type=Path, metavar="GROWTH_JSON",
                        help="measure nothing: add the rows of another growth.py run on this machine (a size "
                             "measured apart, as 100x may be) to docs/growth/growth.json and write growth.md again")
    args = parser.parse_args(argv)
    if args.add_rows:
        return add_rows(args.add_rows)
    where = machine()
    print(f"machine: {where}", flush=True)
    header = f"Measured by `make bench` on {where}."
    # each page's tables as soon as their figures are in (a run at 100x takes long)
    api_rows = api_bench.measure(api_bench.arguments(["--seconds", str(args.seconds)]))
    build = build_bench.run(args.build_runs)
    write_between(DOCS / "benchmarks.md", "machine", header)
    write_between(DOCS / "benchmarks.md", "api", api_table(api_rows))
    write_between(DOCS / "benchmarks.md", "build", build_table(build))
    growth.main(["--scales", *map(str, args.scales), "--requests", str(args.requests)])
    rows = json.loads((DOCS / "growth" / "growth.json").read_text())
    rows = [r for r in rows if r["scale"] in args.scales]
    growth_page(rows, f"{header} Scales {', '.join(f'{s}×' for s in args.scales)}, {args.requests} requests an endpoint.")
    print(f"wrote the tables of {DOCS / 'benchmarks.md'} and {DOCS / 'growth.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
