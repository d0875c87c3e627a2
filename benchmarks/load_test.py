"""A bounded loopback load test of `planlink serve` with attackers mixed in (issues 9 and 18): light
clients (SPARQL and JSON, each from its own loopback address) alongside runaway queries (also sent
as `//sparql` and `/%2Fsparql`, which must be charged to the same budget), memory-heavy queries
(stopped at --query-memory), crash attempts (malformed HTTP and framing, bodies past the limit, bad
chunks, updates, SERVICE), slow clients that send half a request and stall, clients that ask for
large answers and never read them, thousands of idle sockets reopened as the server closes them,
and a build swapped in every few seconds. Prints what each kind of client was answered; the
verdict: every well-formed light request answered 200.

    .venv/bin/python benchmarks/load_test.py [--seconds 60] [--connections 64] [--query-timeout 3]
                                             [--idle-sockets 2100] [--query-memory 256]

Everything is bounded in time, on 127.0.0.0/8 only, and every process started here is stopped.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from load_clients import (LARGE, Tally, crash_client, idle_sockets, light_client,  # noqa: E402
                          memory_client, never_reading_client, runaway_client, slow_client, swapper)


def large_query(ntriples: bytes) -> str:
    """LARGE with as many VALUES as make an answer of about 20 MB from this store (400 bytes a row)."""
    triples = max(1, ntriples.count(b"\n"))
    values = max(2, min(60, 20_000_000 // (triples * 400)))
    return LARGE.replace("{values}", " ".join(map(str, range(1, values + 1))))


def run(url: str, store: Path, ntriples: bytes, seconds: float, connections: int, swap_every: float = 10.0,
        idle: int = 2100) -> Tally:
    """The mix against a running server at `url` serving `store`: connections split as 1/16 runaway (at
    /sparql, and after each 429 at another spelling of it), 1/16 memory-heavy, 1/16 crash attempts, 1/16
    never reading, 1/4 slow clients, the rest light clients (each its own address); and `idle` idle sockets."""
    host, port = url.removeprefix("http://").split(":")
    port = int(port)
    tally, until = Tally(), time.monotonic() + seconds
    share = max(1, connections // 16)
    slow = max(1, connections // 4)
    light = max(1, connections - 4 * share - slow)
    large = large_query(ntriples)
    attackers = [(runaway_client, "127.0.0.2", ()), (crash_client, "127.0.0.3", ()), (slow_client, "127.0.0.4", ()),
                 (memory_client, "127.0.0.6", ()),
                 (never_reading_client, "127.0.0.7", (large,))]
    threads = []
    for target, source, extra in attackers:
        for _ in range(slow if target is slow_client else share):
            threads.append(threading.Thread(target=target, args=(host, port, source, until, tally, *extra)))
    if idle:
        threads.append(threading.Thread(target=idle_sockets, args=(host, port, "127.0.0.8", until, tally, idle)))
    threads += [threading.Thread(target=light_client, args=(host, port, f"127.0.1.{i + 1}", until, tally))
                for i in range(light)]
    threads.append(threading.Thread(target=swapper, args=(ntriples, store, until, swap_every, tally)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 90)
    return tally


def report(tally: Tally, seconds: float) -> str:
    lines = []
    for kind in ("sparql", "json", "runaway", "runaway (spelt)", "memory-heavy", "crash attempt", "slow client",
                 "never reads", "idle sockets", "build swap", "build swap seconds"):
        counts = tally.counts.get(kind)
        if counts:
            lines.append(f"{kind:<19} " + ", ".join(f"{outcome}: {n}" for outcome, n in sorted(counts.items(), key=str)))
    light = sum(tally.counts["sparql"].values()) + sum(tally.counts["json"].values())
    if tally.latency:
        q = statistics.quantiles(tally.latency, n=100)
        lines.append(f"light requests      {light} in {seconds:g} s ({light / seconds:.0f}/s), "
                     f"p50 {q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms")
    lines.append("sent a second time  " + (", ".join(f"{why}: {n}" for why, n in sorted(tally.sent_again.items()))
                                            or "none"))
    return "\n".join(lines)


def well_formed_all_served(tally: Tally) -> bool:
    return all(set(tally.counts[kind]) <= {200} for kind in ("sparql", "json"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--query-timeout", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--swap-every", type=float, default=10.0)
    parser.add_argument("--idle-sockets", type=int, default=2100, help="idle connections held throughout")
    parser.add_argument("--query-memory", type=int, default=256, metavar="MB", help="the server's --query-memory")
    args = parser.parse_args()

    from planlink.api.store import open_store, write_store
    from api_bench import built_store  # the same store as the API benchmark (built if missing)

    with tempfile.TemporaryDirectory(prefix="planlink-load-") as tmp:
        ntriples = open_store(built_store(None)).export("nt")
        store = write_store(ntriples, Path(tmp) / "store")
        port = _free_port()
        server = subprocess.Popen([str(Path(sys.executable).parent / "planlink"), "serve", "--store", str(store),
                                   "--port", str(port), "--workers", str(args.workers),
                                   "--query-timeout", str(args.query_timeout), "--query-memory", str(args.query_memory)],
                                  stdout=subprocess.DEVNULL, stderr=open(Path(tmp) / "server.log", "wb"),
                                  start_new_session=True)
        try:
            _wait_ready(port)
            print(f"planlink serve: {args.workers} workers × 4 threads, query timeout {args.query_timeout:g} s, "
                  f"query memory {args.query_memory} MB; {args.connections} connections and {args.idle_sockets} idle "
                  f"sockets for {args.seconds:g} s, a build swapped in every {args.swap_every:g} s; "
                  f"{os.cpu_count()} cores")
            tally = run(f"http://127.0.0.1:{port}", store, ntriples, args.seconds, args.connections, args.swap_every,
                        args.idle_sockets)
            print(report(tally, args.seconds))
            alive = server.poll() is None
            print(f"server still up: {alive}")
            verdict = well_formed_all_served(tally) and alive
            print("every well-formed light request answered 200: " + ("yes" if verdict else "NO"))
            return 0 if verdict else 1
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(15)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(port: int):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start within 30 s")


if __name__ == "__main__":
    sys.exit(main())
