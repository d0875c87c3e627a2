"""How planlink grows: the real plans plus generated ones (benchmarks/generate.py) at 1×, 10× and
100× the plans (3, 30, 300), for each size: build time per stage (wall and CPU), peak memory of
the build, store size and triples; p50/p99 latency of every JSON endpoint, the pages and five
representative SPARQL queries; and the time to add one plan to the built graph. Prints a table,
writes it as JSON and draws a plot of each figure against size (matplotlib) into --out.

    .venv/bin/python benchmarks/growth.py [--scales 1 10 100] [--requests 100] [--out docs/growth]

Latency is measured in-process through the app (the Flask test client) with the response cache
off and the store read from disk at every size, so a figure is the cost of planlink and its engine,
not of the network or of a cache. Takes tens of minutes at 100×: run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.generate import generate, write  # noqa: E402

PLANLINK = str(Path(sys.executable).parent / "planlink")
PL = "PREFIX pl: <https://planlink.example/def/> PREFIX dcterms: <http://purl.org/dc/terms/> "
SPARQL = {  # five representative queries: two that grow with the graph by nature, three that should not
    "count by class": "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class",
    "2025 targets of one plan": PL + "SELECT ?t ?name WHERE { ?t a pl:IndicatorTarget ; pl:inPlan "
                                     "<https://planlink.example/plan/jiangsu> ; dcterms:title ?name }",
    "one indicator": "SELECT ?p ?o WHERE { <https://planlink.example/plan/jiangsu/indicator/1> ?p ?o }",
    "links to one national section": PL + "SELECT ?s WHERE { ?l pl:object "
                                          "<https://planlink.example/plan/national/section/1.1> ; pl:subject ?s }",
    "ask a plan": "ASK { <https://planlink.example/plan/shanghai> ?p ?o }",
}


def build(sources: Path, out: Path, *options: str) -> dict:
    """`planlink build` in a child process: its summary, wall and CPU seconds, and its own peak RSS
    (os.wait4 reports the child's rusage alone)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stderr:
        child = subprocess.Popen([PLANLINK, "build", "--sources", str(sources), "--out", str(out), *options],
                                 stdout=subprocess.DEVNULL, stderr=stderr, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        output = stderr.read().decode()
    if child.returncode != 0:
        raise RuntimeError(f"build failed: {output[-2000:]}")
    summary = json.loads(output.strip().splitlines()[-1])  # the build prints its summary on stderr
    summary["wall"] = time.perf_counter() - started
    summary["cpu"] = usage.ru_utime + usage.ru_stime
    summary["peak_mb"] = usage.ru_maxrss / 1024
    return summary


build_measured = build  # (the figures are the child's own)


def store_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return (statistics.median(samples) * 1e3, samples[min(len(samples) - 1, int(len(samples) * 0.99))] * 1e3)


def latencies(store: Path, plan_ids: list[str], requests: int, seed: int = 0) -> dict[str, tuple]:
    """{endpoint: (p50 ms, p99 ms)} over `requests` requests each, with varied plans and pages."""
    from planlink.api import create_app
    from planlink.api.store import close_store

    rng = random.Random(seed)
    app = create_app({"TESTING": True, "PLANLINK_STORE": str(store), "PLANLINK_CACHE_BYTES": 0,
                      "PLANLINK_IN_MEMORY_MAX_BYTES": 0, "PLANLINK_QUERY_TIMEOUT": 60.0})
    client = app.test_client()
    provincial = [p for p in plan_ids if p != "national"]
    totals = {kind: client.get(f"/api/v1/{kind}?limit=1").json["total"]
              for kind in ("sections", "indicators", "projects", "commitments", "departments")}
    offset = lambda kind: rng.randrange(max(1, totals[kind] - 50))  # noqa: E731
    # texts to cut search terms from, one new term a request (almost always): a first search, not the memo
    names = [item["name"] for item in client.get("/api/v1/indicators?limit=500").json["items"]]

    def new_term() -> str:
        name = rng.choice(names)
        size = rng.randint(2, min(4, len(name)))
        at = rng.randrange(len(name) - size + 1)
        return "/api/v1/search?limit=50&q=" + quote(name[at:at + size])
    endpoints = {
        "plans": lambda: "/api/v1/plans",
        "plan outline": lambda: f"/api/v1/plans/{rng.choice(plan_ids)}",
        "sections page": lambda: f"/api/v1/sections?limit=50&offset={offset('sections')}",
        "sections of a plan": lambda: f"/api/v1/sections?plan={rng.choice(plan_ids)}&limit=50",
        "indicators page": lambda: f"/api/v1/indicators?limit=50&offset={offset('indicators')}",
        "indicators of a plan": lambda: f"/api/v1/indicators?plan={rng.choice(provincial)}",
        "indicators binding": lambda: "/api/v1/indicators?attribute=binding&limit=50",
        "one indicator": lambda: f"/api/v1/indicators/{rng.choice(provincial)}-i1",
        "projects page": lambda: f"/api/v1/projects?limit=50&offset={offset('projects')}",
        "commitments page": lambda: f"/api/v1/commitments?limit=50&offset={offset('commitments')}",
        "departments page": lambda: f"/api/v1/departments?limit=50&offset={offset('departments')}",
        "regions": lambda: "/api/v1/regions?limit=50",
        "search": lambda: "/api/v1/search?limit=50&q=" + quote(rng.choice(["社区工作者", "养老", "智慧社区"])),
        "search, a new term": new_term,
        "page: plan": lambda: f"/plan/{rng.choice(provincial)}",
        "page: indicator": lambda: f"/plan/{rng.choice(provincial)}/indicator/1",
        "page: national section": lambda: "/plan/national/section/1.1",
    }
    for name, query in SPARQL.items():
        endpoints["sparql: " + name] = lambda query=query: "/sparql?query=" + quote(query)
    result = {}
    for name, path in endpoints.items():
        client.get(path(), headers={"Accept": "text/html" if name.startswith("page") else "application/json"})
        samples = []
        for _ in range(requests):
            url = path()
            started = time.perf_counter()
            answer = client.get(url, headers={"Accept": "text/html" if name.startswith("page")
                                              else "application/sparql-results+json" if name.startswith("sparql")
                                              else "application/json"})
            samples.append(time.perf_counter() - started)
            if answer.status_code != 200:
                raise RuntimeError(f"{url} answered {answer.status_code}: {answer.data[:300]!r}")
        result[name] = percentiles(samples)
    close_store(app)
    return result


def measure(scale: int, work: Path, requests: int, add_one: bool = True, latency: bool = True) -> dict:
    sources, store, cache = work / f"sources-{scale}", work / f"store-{scale}", work / f"cache-{scale}"
    plans = generate(3 * scale - 3, seed=scale) if scale > 1 else []
    write(plans, sources, with_real=True)
    shutil.rmtree(cache, ignore_errors=True)  # a cold build: nothing reused
    summary = build(sources, store, "--cache", str(cache))
    row = {"scale": scale, "plans": len(summary["plans"]), "triples": summary["triples"],
           "stages": summary["seconds"], "stages_cpu": summary.get("cpu_seconds", {}),
           "dumps": summary["dumps"]["seconds"], "build_wall": summary["wall"],
           "build_cpu": summary["cpu"], "peak_mb": summary["peak_mb"], "store_mb": store_mb(store)}
    if latency:
        row["latency"] = latencies(store, summary["plans"], requests)
    if plans and add_one:  # one more plan on the built graph, from the cache the build left
        extra = generate(3 * scale - 2, seed=scale)[-1]
        write([extra], sources)
        added = build(sources, work / f"store-{scale}-plus1", "--cache", str(cache))
        cached = added["cache"]
        row["add_one"] = {"plan": extra.name, "wall": added["wall"], "stages": added["seconds"],
                          "cpu": added["cpu"],
                          "dumps": added["dumps"]["seconds"], "peak_mb": added["peak_mb"],
                          "parsed": cached["plans"]["built"], "plans_reused": len(cached["plans"]["cached"]),
                          "linked": cached["links"]["built"], "links_reused": len(cached["links"]["cached"]),
                          "link_triples_written": len(cached["link_triples"]["built"]),
                          "shacl_parts_checked": len(cached["shacl"]["built"]),
                          "shacl_parts_reused": len(cached["shacl"]["cached"])}
        row["add_one_plan"] = added["wall"]
        (sources / extra.name).unlink()  # the sources of the store measured, for --latency-only
    return row


def build_cpu(row: dict) -> float:
    """CPU seconds of a build's stages (its worker processes' too), the dumps left out as in `total`."""
    return sum(seconds for stage, seconds in row.get("stages_cpu", {}).items() if stage != "publish")


def table(rows: list[dict]) -> str:
    lines = ["| | " + " | ".join(f"{r['scale']}× ({r['plans']} plans)" for r in rows) + " |",
             "| --- |" + " --- |" * len(rows)]
    def line(label, values):
        lines.append(f"| {label} | " + " | ".join(values) + " |")
    line("triples", [f"{r['triples']:,}" for r in rows])
    for stage in ("parse", "graph", "link", "validate", "store", "total"):
        line(f"build {stage} (s)", [f"{r['stages'][stage]:.1f}" for r in rows])
    line("dumps (s)", [f"{r['dumps']:.1f}" if "dumps" in r else "—" for r in rows])
    line("build CPU, all stages but the dumps (s)", [f"{build_cpu(r):.1f}" if r.get("stages_cpu") else "—" for r in rows])
    line("build CPU per plan (s)", [f"{r['build_cpu'] / r['plans']:.3f}" for r in rows])
    line("build peak memory (MB)", [f"{r['peak_mb']:.0f}" for r in rows])
    line("store size (MB)", [f"{r['store_mb']:.1f}" for r in rows])
    added = lambda fmt: [fmt(r["add_one"]) if "add_one" in r else "—" for r in rows]  # noqa: E731
    line("add one plan, warm cache: wall (s)", added(lambda a: f"{a['wall']:.1f}"))
    for stage in ("parse", "graph", "link", "validate", "store", "total"):
        line(f"add one plan: {stage} (s)", added(lambda a, stage=stage: f"{a['stages'][stage]:.1f}"))
    line("add one plan: dumps (s)", added(lambda a: f"{a['dumps']:.1f}"))
    line("add one plan: CPU, with the dumps (s)", added(lambda a: f"{a['cpu']:.1f}" if "cpu" in a else "—"))
    line("add one plan: peak memory (MB)", added(lambda a: f"{a['peak_mb']:.0f}"))
    line("add one plan: plans parsed / reused", added(lambda a: f"{len(a['parsed'])} / {a['plans_reused']}"))
    line("add one plan: plans linked / reused", added(lambda a: f"{len(a['linked'])} / {a['links_reused']}"))
    line("add one plan: SHACL parts checked / reused",
         added(lambda a: f"{a['shacl_parts_checked']} / {a['shacl_parts_reused']}"))
    for name in (rows[0].get("latency") or {}):
        line(f"{name} p50 / p99 (ms)", [f"{r['latency'][name][0]:.1f} / {r['latency'][name][1]:.1f}" for r in rows])
    return "\n".join(lines)


def plot(rows: list[dict], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plans = [r["plans"] for r in rows]
    figure, axes = plt.subplots(2, 2, figsize=(13, 9))
    ax = axes[0][0]
    for stage in ("parse", "graph", "link", "validate", "store"):
        ax.plot(plans, [r["stages"][stage] for r in rows], marker="o", label=stage)
    ax.set(title="build time per stage", xlabel="plans", ylabel="s", xscale="log", yscale="log")
    ax.legend()
    ax = axes[0][1]
    ax.plot(plans, [r["peak_mb"] for r in rows], marker="o", label="build peak memory")
    ax.plot(plans, [r["store_mb"] for r in rows], marker="o", label="store on disk")
    ax.axhline(4096, color="red", linestyle="--", label="goal: 4 GB")
    ax.set(title="memory and store size", xlabel="plans", ylabel="MB", xscale="log", yscale="log")
    ax.legend()
    for ax, which, title in ((axes[1][0], 0, "p50 latency"), (axes[1][1], 1, "p99 latency")):
        for name in rows[0].get("latency") or {}:
            ax.plot(plans, [r["latency"][name][which] for r in rows], marker=".", label=name)
        ax.set(title=title, xlabel="plans", ylabel="ms", xscale="log", yscale="log")
    if rows[0].get("latency"):
        axes[1][1].legend(fontsize=6, ncol=2)
    figure.tight_layout()
    figure.savefig(out / "growth.png", dpi=90)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--requests", type=int, default=100, help="requests per endpoint and size")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "growth")
    parser.add_argument("--keep", type=Path, default=None, help="keep sources and stores here")
    parser.add_argument("--latency-only", action="store_true",
                        help="measure latency again on the stores kept in --keep, keeping the build figures of OUT/growth.json")
    parser.add_argument("--skip-add-one", action="store_true",
                        help="do not time adding one plan to the built graph (a build from the cache it left)")
    parser.add_argument("--builds-only", action="store_true", help="measure the builds, not the latency")
    parser.add_argument("--append", action="store_true",
                        help="keep the rows of other sizes already in OUT/growth.json (measure one size again)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    work = args.keep or Path(tempfile.mkdtemp(prefix="planlink-growth-"))
    rows = []
    if args.latency_only:
        rows = json.loads((args.out / "growth.json").read_text())
        for row in rows:
            if row["scale"] in args.scales:
                print(f"latency at {row['scale']}× …", file=sys.stderr, flush=True)
                from planlink.api import services
                from planlink.api.store import LocalStore

                store = LocalStore(work / f"store-{row['scale']}")
                plan_ids = sorted(p["id"] for p in services.plans(store))
                store.close()
                row["latency"] = latencies(work / f"store-{row['scale']}", plan_ids, args.requests)
        args.scales = []
    if args.append and (args.out / "growth.json").exists():
        rows = [r for r in json.loads((args.out / "growth.json").read_text()) if r["scale"] not in args.scales]
    try:
        for scale in sorted(args.scales):
            print(f"measuring {scale}× …", file=sys.stderr, flush=True)
            rows.append(measure(scale, work, args.requests, not args.skip_add_one, not args.builds_only))
            rows.sort(key=lambda r: r["scale"])
            (args.out / "growth.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    print(table(rows))
    (args.out / "growth.md").write_text(table(rows) + "\n")
    plot(rows, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
