"""JSON API speed without the response cache: req/s for a few /api/v1 resources under the
production gunicorn settings, next to a hello-world WSGI app, plus in-process timings of every
`.rq` file and service function on the same store.

    .venv/bin/python benchmarks/json_bench.py [--store DIR] [--seconds 5] [--workers 2] [--connections 16]
                                              [--no-http]

Reuses benchmarks/api_bench.py's servers and load generator (wrk when installed). Every server
started here is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import api_bench  # noqa: E402

# the last: a page no one asked before at every request (limit varied: api_bench.UNCACHED_JSON)
PATHS = ["/api/v1/indicators", "/api/v1/sections?plan=shanghai", "/api/v1/search?q=" + quote("社区工作者"),
         api_bench.UNCACHED_JSON]


def timed(function, repeat: int = 30) -> float:
    """Median milliseconds of `function()` after one warm-up call."""
    function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e3


def in_process(store_path: Path) -> None:
    from planlink.api import services
    from planlink.api.store import LocalStore, query_form

    store = LocalStore(store_path)
    print("queries (.rq SELECTs, whole graph, median ms):")
    for name in sorted(services.QUERIES):
        if query_form(services.QUERIES[name]) != "SELECT" or name == "inbound":
            continue  # the graphs (describe, catalog, ontology) and what needs an entity's IRI
        bindings = {"q": "社区工作者"} if name == "search" else None
        print(f"  {name:24s} {timed(lambda: store.select(services.QUERIES[name], bindings)):8.2f}")
    print("services (median ms; the per-build index is dropped before each call, so this is the cold cost):")
    calls = {
        "indicators()": lambda: services.indicators(store),
        "sections(plan=shanghai)": lambda: services.sections(store, plan="shanghai"),
        "search(社区工作者)": lambda: services.search(store, "社区工作者"),
        "plan(shanghai)": lambda: services.plan(store, "shanghai"),
    }
    for label, call in calls.items():
        cold = timed(lambda: (services.forget(store), call()), repeat=10) if hasattr(services, "forget") else None
        warm = timed(call)
        print(f"  {label:24s} warm {warm:8.2f}" + (f"   cold {cold:8.2f}" if cold is not None else ""))
    store.close()


def over_http(store_path: Path, seconds: float, workers: int, connections: int) -> None:
    config = json.dumps({"PLANLINK_STORE": str(store_path), "PLANLINK_CACHE_BYTES": 0})
    servers = []
    try:
        uncached = api_bench.gunicorn("planlink (no response cache)", f"planlink.api:create_app({config})", workers)
        servers.append(uncached)
        hello = api_bench.gunicorn("hello world", "api_bench:hello", workers)
        servers.append(hello)
        print(f"\ngunicorn gthread, {workers} workers × 4 threads; {connections} connections, {seconds:g} s per run; "
              f"load: {'wrk' if api_bench.shutil.which('wrk') else 'python'}; best of 2")
        for label, server, path in [(p, uncached, p) for p in PATHS] + [("hello world", hello, "/")]:
            status, _ = api_bench.get(server.url + path.replace("__L__", "12"), "application/json")
            assert status == 200, (path, status)
            api_bench.load(server, path, 1.0, connections, "application/json")
            runs = [api_bench.load(server, path, seconds, connections, "application/json") for _ in range(2)]
            print(f"  {label:42s} {max(runs, key=lambda r: r.rps)}")
    finally:
        for server in servers:
            server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", help="a built store (default: graph_data/build/store, built if missing)")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-http", action="store_true", help="only the in-process timings")
    args = parser.parse_args()

    store = api_bench.built_store(args.store)
    in_process(store)
    if not args.no_http:
        over_http(store, args.seconds, args.workers, args.connections)
    return 0


if __name__ == "__main__":
    sys.exit(main())
