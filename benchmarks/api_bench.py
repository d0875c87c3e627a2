"""API speed, in one run on loopback: /sparql against `oxigraph serve-read-only` on the same store
with the same queries, and /api/v1/indicators against a hello-world WSGI app under the same
gunicorn settings and worker count. Prints throughput, p50/p99 latency and the ratios.

    .venv/bin/python benchmarks/api_bench.py [--store DIR] [--seconds 5] [--workers 2] [--connections 8]

Uses wrk when it is installed (apt-get install wrk), else a small Python load generator.
Every load run is bounded in time, and every server started here is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import http.client
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

# __N__ makes every text distinct without changing the work: the same 50 rows, the same groups.
LIGHT = ("PREFIX dcterms: <http://purl.org/dc/terms/> "
         'SELECT ?entity ?label WHERE { ?entity dcterms:title ?label FILTER(?label != "__N__") } LIMIT 50')
GROUP = ("SELECT ?p (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?subjects) WHERE { ?s ?p ?o } "
         "GROUP BY ?p HAVING (COUNT(*) > -__N__)")
ACCEPT = "application/sparql-results+json"
# A page no response cache has seen: __L__ becomes a limit from 12 to 500, varied per request, so
# every answer is Jiangsu's 12 indicator targets (made anew, or read from the build's documents).
UNCACHED_JSON = "/api/v1/indicators?plan=jiangsu&limit=__L__"


def limit_of(counter: int) -> int:
    """__L__ for the n-th request (the Lua script below computes the same)."""
    return 12 + counter % 489


def hello(environ, start_response):
    """The hello-world WSGI app the JSON API is compared with."""
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "12")])
    return [b"Hello world\n"]


# ---------------------------------------------------------------- servers

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, name: str, args: list[str], ready: str, env: dict | None = None):
        self.name, self.port = name, free_port()
        args = [a.replace("{port}", str(self.port)) for a in args]
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True, cwd=ROOT, env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{name} exited at start ({' '.join(args)})")
            try:
                if get(self.url + ready)[0] < 500:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit(f"{name} did not start within 30 s")

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server's processes (its session: master, workers, query
        processes, and the children it has reaped), from /proc; 0 where there is no /proc."""
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # a process that ended meanwhile
            if int(fields[3]) == self.process.pid:  # fields[3]: process group (= session here)
                ticks += sum(int(f) for f in fields[11:15])  # utime stime cutime cstime
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def get(url: str, accept: str = "*/*") -> tuple[int, bytes]:
    host, _, path = url.removeprefix("http://").partition("/")
    conn = http.client.HTTPConnection(host, timeout=30)
    try:
        conn.request("GET", "/" + path, headers={"Accept": accept})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def gunicorn(name: str, app: str, workers: int) -> Server:
    """`app` ("api:create_app({...})" or "api_bench:hello") under `api.serve.run`: the settings
    and start-up of `planlink serve`."""
    module, _, call = app.partition(":")
    code = (f"import sys; sys.path[:0] = {[str(ROOT), str(ROOT / 'benchmarks')]!r}\n"
            f"from api.serve import run\nfrom {module} import {call.partition('(')[0]}\n"
            f"run({call}, '127.0.0.1', int(sys.argv[1]), {workers}, 10.0)")
    return Server(name, [sys.executable, "-c", code, "{port}"], "/")


# ---------------------------------------------------------------- load

class Result:
    def __init__(self, rps: float, p50: float, p99: float, errors: int, requests: int):
        self.rps, self.p50, self.p99, self.errors, self.requests = rps, p50, p99, errors, requests
        self.cpu = None  # server CPU seconds per request, when measured

    def __str__(self):
        return (f"{self.rps:8.0f} req/s  p50 {self.p50 * 1e3:7.2f} ms  p99 {self.p99 * 1e3:7.2f} ms"
                + (f"  CPU {self.cpu * 1e3:.3f} ms/req" if self.cpu else "")
                + (f"  ({self.errors} errors of {self.requests})" if self.errors else ""))


def _seconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


WRK_SCRIPT = """
local template = os.getenv("BENCH_PATH")
local accept = os.getenv("BENCH_ACCEPT")
local counter = 0
local threads = 0
setup = function(thread)  -- each wrk thread counts in its own range: no text is sent twice
  thread:set("thread_number", threads)
  threads = threads + 1
end
init = function(args)
  counter = tonumber(os.getenv("BENCH_BASE")) + thread_number * 1000000
end
request = function()
  counter = counter + 1
  local path = string.gsub(string.gsub(template, "__N__", tostring(counter)), "__L__", tostring(12 + counter % 489))
  return wrk.format("GET", path, {["Accept"] = accept})
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %f %f\\n", summary.requests, e.status + e.connect + e.read + e.write + e.timeout,
                         latency:percentile(50), latency:percentile(99)))
end
"""


_runs = iter(range(1, 10**6))
WRK_THREADS = 2


def load(server: Server, path: str, seconds: float, connections: int, accept: str = ACCEPT) -> Result:
    """Keep-alive GET load for `seconds`; __N__ in `path` becomes a counter, never repeated
    across runs (distinct texts stay distinct). Also the server's CPU time per request, which
    other work on the machine does not change, unlike the throughput."""
    cpu = server.cpu_seconds()
    result = _load(server.url, path, seconds, connections, accept)
    if result.requests:
        result.cpu = (server.cpu_seconds() - cpu) / result.requests
    return result


def _load(url: str, path: str, seconds: float, connections: int, accept: str) -> Result:
    base = next(_runs) * 10**7
    if shutil.which("wrk"):
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        try:
            out = subprocess.run(["wrk", f"-t{min(WRK_THREADS, connections)}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "15s",
                                  "-s", script.name, url], capture_output=True, text=True,
                                 env={**os.environ, "BENCH_PATH": path, "BENCH_ACCEPT": accept,
                                      "BENCH_BASE": str(base)},
                                 timeout=seconds + 30).stdout
        finally:
            os.unlink(script.name)
        requests, errors, p50, p99 = re.search(r"BENCH (\d+) (\d+) ([\d.]+) ([\d.]+)", out).groups()
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        return Result(rps, float(p50) / 1e6, float(p99) / 1e6, int(errors), int(requests))
    return _python_load(url, path, seconds, connections, accept, base)


def _python_load(url, path, seconds, connections, accept, base) -> Result:
    host = url.removeprefix("http://")
    latencies, errors, counter, lock = [], [0], [base], threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        conn = http.client.HTTPConnection(host, timeout=15)
        while time.monotonic() < deadline:
            with lock:
                counter[0] += 1
                n = counter[0]
            started = time.perf_counter()
            try:
                conn.request("GET", path.replace("__N__", str(n)).replace("__L__", str(limit_of(n))),
                             headers={"Accept": accept})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection(host, timeout=15)
                ok = False
            with lock:
                latencies.append(time.perf_counter() - started)
                errors[0] += not ok
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    elapsed = time.monotonic() - started
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else 0.0  # noqa
    return Result(len(latencies) / elapsed, pick(0.5), pick(0.99), errors[0], len(latencies))


# ---------------------------------------------------------------- the run

def built_store(path: str | None) -> Path:
    """The store to measure (default graph_data/build/store), built first when it is missing."""
    store = Path(path or ROOT / "graph_data" / "build" / "store").resolve()
    if not (store / "CURRENT").exists():
        from planlink.scripts.build import build

        print(f"building {store} …", file=sys.stderr)
        build(sources=ROOT / "graph_data" / "sources", out=store, progress=False)
    return store


def fair_use_cost() -> float:
    """Seconds per request of api/fair_use.py's start and end (shared table, locks)."""
    from planlink.api.fair_use import Budget

    budget, n = Budget(1e9), 20000
    started = time.perf_counter()
    for i in range(n):
        budget.start("127.0.0.1")
        budget.end("127.0.0.1", 0.001)
    return (time.perf_counter() - started) / n


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", help="a built store (default: graph_data/build/store, built if missing)")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--only", help="run only the rows whose label contains this text")
    parser.add_argument("--on-disk", action="store_true",
                        help="planlink queries the store on disk, not its copy in memory (as Oxigraph does)")
    parser.add_argument("--json", type=Path, help="also write the rows here (benchmarks/bench.py reads them)")
    return parser.parse_args(argv)


def measure(args: argparse.Namespace) -> list[dict]:
    """Every row (label, the baseline's name, planlink's and the baseline's Result, goal), printed as
    it is measured."""
    global WRK_THREADS
    WRK_THREADS = args.threads

    store = built_store(args.store)

    seconds, connections = args.seconds, args.connections
    memory = {"PLANLINK_IN_MEMORY_MAX_BYTES": 0} if args.on_disk else {}
    # One client (this address) sends everything, 16 at once: fair use (5 at once per client) is off
    # here; its cost per request is printed below.
    config = lambda **extra: json.dumps({"PLANLINK_STORE": str(store), "PLANLINK_QUERY_BUDGET": 0,  # noqa: E731
                                         **memory, **extra})
    servers = []
    try:
        oxigraph = Server("oxigraph", [str(BIN / "oxigraph"), "serve-read-only", "--location", str(store),
                                       "--bind", "127.0.0.1:{port}"], "/query?query=ASK%7B%7D")
        servers.append(oxigraph)
        planlink = gunicorn("planlink", f"planlink.api:create_app({config()})", args.workers)
        servers.append(planlink)
        uncached = gunicorn("planlink (no response cache)",
                            f"planlink.api:create_app({config(PLANLINK_CACHE_BYTES=0)})", args.workers)
        servers.append(uncached)
        hello_world = gunicorn("hello world", "api_bench:hello", args.workers)
        servers.append(hello_world)
        from planlink.api.serve import gunicorn_options

        options = gunicorn_options("127.0.0.1", 0, args.workers, 10.0)
        print(f"store {store}\n"
              f"planlink, hello world: gunicorn {options['worker_class']}, {options['workers']} workers × "
              f"{options['threads']} threads (planlink: queries in the request threads, under a watchdog, "
              f"{'on the store on disk' if args.on_disk else 'on a copy of the store in memory'})\n"
              f"oxigraph: serve-read-only, one process, a thread per connection\n"
              f"load: {f'wrk, {args.threads} threads' if shutil.which('wrk') else 'python'}, {connections} keep-alive "
              f"connections, best of 2 runs of {seconds:g} s (after 1 s warm-up), {os.cpu_count()} cores")
        wanted = lambda label: not args.only or args.only in label  # noqa: E731

        def sparql(server, prefix, template, distinct):
            text = template if distinct else template.replace("__N__", "7")
            path = prefix + "?query=" + quote(text, safe="")
            load(server, path, 1.0, connections)  # warm-up: caches, page cache
            return load(server, path, seconds, connections)

        def best(*results):  # other work on the machine only ever slows a run down
            return max(results, key=lambda r: r.rps)

        rows = []
        for label, template, distinct, goal in (
            ("/sparql light, every text distinct", LIGHT, True, 0.5),
            ("/sparql GROUP BY, every text distinct", GROUP, True, 0.9),
            ("/sparql light, same text repeated", LIGHT, False, 1.0),
            ("/sparql GROUP BY, same text repeated", GROUP, False, 1.0),
        ):
            if not wanted(label):
                continue
            ours, theirs = [], []
            for _ in range(2):  # alternate, so both see the same background load
                ours.append(sparql(planlink, "/sparql", template, distinct))
                theirs.append(sparql(oxigraph, "/query", template, distinct))
            ours, theirs = best(*ours), best(*theirs)
            rows.append((label, "oxigraph", ours, theirs, goal))

        hello_results = []
        for label, server, path, goal in (
            ("/api/v1/indicators (response cache)", planlink, "/api/v1/indicators", 0.6),
            ("/api/v1/indicators, no response cache", uncached, "/api/v1/indicators", None),
            ("/api/v1/indicators?plan=jiangsu, uncached: limit varied, no response cache", uncached, UNCACHED_JSON,
             0.15),
        ):
            if not wanted(label):
                continue
            ours = []
            for _ in range(2):
                load(server, path, 1.0, connections, "application/json")
                ours.append(load(server, path, seconds, connections, "application/json"))
                load(hello_world, "/", 1.0, connections)
                hello_results.append(load(hello_world, "/", seconds, connections))
            rows.append((label, "hello world", best(*ours), best(*hello_results), goal))

        print(f"\nfair use (off above): its check and charge cost {fair_use_cost() * 1e6:.1f} µs a request")
        print()
        for label, baseline, ours, theirs, goal in rows:
            ratio = ours.rps / theirs.rps if theirs.rps else float("nan")
            verdict = "" if goal is None else (f"  goal ≥{goal:g}× " + ("met" if ratio >= goal else "NOT met"))
            cpu = (f"; CPU per request {theirs.cpu / ours.cpu:.2f}× as efficient"
                   if ours.cpu and theirs.cpu else "")
            print(f"{label}\n  planlink  {ours}\n  {baseline:<9} {theirs}\n  ratio     {ratio:.2f}×{verdict}{cpu}\n")
    finally:
        for server in servers:
            server.stop()
    return [{"label": label, "baseline": baseline, "goal": goal, "planlink": vars(ours), "theirs": vars(theirs)}
            for label, baseline, ours, theirs, goal in rows]


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    rows = measure(args)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False))
    return 0




if __name__ == "__main__":
    sys.exit(main())
