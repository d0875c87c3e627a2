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
import collections
import http.client
import multiprocessing
import os
import random
import re
import selectors
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

LIGHT = ("PREFIX dcterms: <http://purl.org/dc/terms/> "
         'SELECT ?entity ?label WHERE {{ ?entity dcterms:title ?label FILTER(?label != "{n}") }} LIMIT 50')
RUNAWAY = "SELECT (COUNT(*) AS ?n) {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }} # {n}"
SPELLINGS = ("//sparql", "/%2Fsparql", "///sparql")  # route to /sparql: charged to the same budget
# every triple three times over, counted distinct: fills memory within seconds (stopped 422, or 504 if
# the time limit comes first). Not ORDER BY: pyoxigraph 0.5.13 aborts sorting some mixes of values.
MEMORY_HEAVY = "SELECT (COUNT(DISTINCT *) AS ?n) {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }} # {n}"
# every triple a few times over: a large answer (about 20 MB on the store of the run; see `large_query`)
LARGE = "SELECT * WHERE {{ ?s ?p ?o VALUES ?k {{ {values} }} }} # {n}"
CRASHES = [  # (what, raw request): each must be answered 4xx, never take a worker down
    ("raw UTF-8 in the URL", "GET /api/v1/search?q=社区 HTTP/1.1\r\nHost: x\r\n\r\n".encode()),
    ("bad chunk size", b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                       b"Transfer-Encoding: chunked\r\n\r\nzz\r\nASK {}\r\n0\r\n\r\n"),
    ("chunked body past the limit", b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                                    b"Transfer-Encoding: chunked\r\n\r\n200000\r\n" + b"#" * 4096),
    ("declared body past the limit", b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                                     b"Content-Length: 99999999\r\n\r\n"),
    ("both lengths", b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"),
    ("garbage", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + os.urandom(64) + b"\r\n\r\n"),
    ("huge header", b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n"),
    ("update", b"GET /sparql?query=" + quote("DROP ALL").encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("SERVICE", b"GET /sparql?query=" + quote("SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }").encode()
     + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("syntax error", b"GET /sparql?query=" + quote("SELECT ?s WHERE { ?s ?p }").encode() + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
    ("space before a colon", b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                             b"Transfer-Encoding : chunked\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n"),
    ("request line in a chunk extension", b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query"
                                          b"\r\nTransfer-Encoding: chunked\r\n\r\n6;GET / HTTP/1.1\r\nASK {}\r\n0\r\n\r\n"),
    ("no Host", b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n\r\n"),
    ("query not UTF-8", b"GET /sparql?query=ASK%7B%7D%23%E9 HTTP/1.1\r\nHost: x\r\n\r\n"),
]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.latency: list[float] = []
        self.sent_again: collections.Counter = collections.Counter()  # why a light request was sent twice

    def again(self, why: str):
        with self.lock:
            self.sent_again[why] += 1

    def add(self, kind: str, outcome, seconds: float | None = None, times: int = 1):
        with self.lock:
            self.counts[kind][outcome] += times
            if seconds is not None:
                self.latency.append(seconds)


def _status(answer: bytes):
    return int(answer.split(None, 2)[1]) if answer.startswith(b"HTTP/1.") else "no answer"


def _read_head(sock) -> bytes:
    answer = b""
    while b"\r\n\r\n" not in answer and (chunk := sock.recv(4096)):
        answer += chunk
    return answer


def light_client(host, port, source, until, tally):
    """SPARQL and JSON requests on one keep-alive connection, from one address. As HTTP clients
    do with an idempotent request, one that fails because the server closed the connection, or
    that is answered 503 with Retry-After (a worker being replaced), is sent once more; how often
    is reported."""
    conn, n = None, random.randrange(1 << 30)
    while time.monotonic() < until:
        n += 1
        kind, path = (("sparql", "/sparql?query=" + quote(LIGHT.format(n=n), safe="")) if n % 3
                      else ("json", "/api/v1/indicators?limit=5"))
        for attempt in (1, 2):
            if conn is None:
                conn = http.client.HTTPConnection(host, port, timeout=30, source_address=(source, 0))
            started = time.monotonic()
            try:
                conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
                response = conn.getresponse()
                response.read()
            except OSError as error:  # http.client.RemoteDisconnected is a ConnectionResetError
                conn.close()
                conn = None
                if attempt == 1:
                    tally.again(type(error).__name__)
                    continue
                tally.add(kind, type(error).__name__)
                break
            if response.will_close:
                conn.close()
                conn = None
            if response.status == 503 and response.getheader("Retry-After") and attempt == 1:
                tally.again("503 Retry-After")
                time.sleep(min(1.0, float(response.getheader("Retry-After"))))
                continue
            tally.add(kind, response.status, time.monotonic() - started)
            break
    if conn is not None:
        conn.close()


def runaway_client(host, port, source, until, tally):
    """Runaway queries at /sparql; after each 429, the next goes to another spelling of the path
    (`//sparql`, `/%2Fsparql`…), as the attack did: it must be refused the same (429), never run."""
    n, spelt = 0, False
    while time.monotonic() < until:
        n += 1
        kind, path = ("runaway (spelt)", random.choice(SPELLINGS)) if spelt else ("runaway", "/sparql")
        target = path + "?query=" + quote(RUNAWAY.format(n=n), safe="")
        try:
            with socket.create_connection((host, port), timeout=60, source_address=(source, 0)) as sock:
                sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
                answer = _read_head(sock)
            status = _status(answer)
            tally.add(kind, status)
            if status == 429 and spelt:
                retry = re.search(rb"Retry-After: (\d+)", answer)
                time.sleep(min(5.0, float(retry.group(1)) if retry else 1.0))
            spelt = status == 429 and not spelt
        except OSError as error:
            tally.add(kind, type(error).__name__)


def memory_client(host, port, source, until, tally):
    n = 0
    while time.monotonic() < until:
        n += 1
        conn = http.client.HTTPConnection(host, port, timeout=60, source_address=(source, 0))
        try:
            conn.request("GET", "/sparql?query=" + quote(MEMORY_HEAVY.format(n=n), safe=""))
            response = conn.getresponse()
            response.read()
            tally.add("memory-heavy", response.status)
            if response.status == 429:
                time.sleep(min(5.0, float(response.getheader("Retry-After", "1"))))
        except OSError as error:
            tally.add("memory-heavy", type(error).__name__)
        finally:
            conn.close()
        time.sleep(3.0)


def never_reading_client(host, port, source, until, tally, large: str):
    """Asks for a large answer with a 2 KB receive window and never reads it; lets go after 3 s."""
    n = 0
    while time.monotonic() < until:
        n += 1
        try:
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
            sock.bind((source, 0))
            sock.settimeout(10)
            sock.connect((host, port))
            target = "/sparql?query=" + quote(large.format(n=n), safe="")
            sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\nAccept: application/sparql-results+json\r\n\r\n"
                         .encode())
            time.sleep(min(3.0, max(0.0, until - time.monotonic())))
            sock.close()
            tally.add("never reads", "held 3 s")
        except OSError as error:
            tally.add("never reads", type(error).__name__)


def idle_sockets(host, port, source, until, tally, count: int):
    """`count` connections that send nothing, each opened again as soon as the server closes it; in a
    process of its own, as an attacker elsewhere would be (its churn would otherwise take this
    process's GIL from the light clients and count as the server's latency)."""
    counts = multiprocessing.get_context("fork").Array("q", 3)  # opened, opened again, failed to open
    process = multiprocessing.get_context("fork").Process(target=_hold_idle, args=(host, port, source, until,
                                                                                   count, counts))
    process.start()
    process.join(until - time.monotonic() + 30)
    tally.add("idle sockets", "opened", None, counts[0])
    tally.add("idle sockets", "closed by the server, opened again", None, counts[1])
    if counts[2]:
        tally.add("idle sockets", "could not open", None, counts[2])


def _hold_idle(host, port, source, until, count, counts):
    selector = selectors.DefaultSelector()

    def open_one() -> bool:
        try:
            sock = socket.create_connection((host, port), timeout=5, source_address=(source, 0))
        except OSError:
            counts[2] += 1
            return False
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
        return True

    counts[0] = sum(open_one() for _ in range(count))
    while time.monotonic() < until:
        for key, _ in selector.select(0.2):
            selector.unregister(key.fileobj)
            key.fileobj.close()
            counts[1] += open_one()


def crash_client(host, port, source, until, tally):
    while time.monotonic() < until:
        what, raw = random.choice(CRASHES)
        try:
            with socket.create_connection((host, port), timeout=10, source_address=(source, 0)) as sock:
                sock.sendall(raw)
                answer = b""
                while len(answer) < 64 and (chunk := sock.recv(4096)):
                    answer += chunk
            tally.add("crash attempt", _status(answer))
        except OSError as error:
            tally.add("crash attempt", type(error).__name__)
        time.sleep(0.05)


def slow_client(host, port, source, until, tally):
    """Half a request, then nothing: answered 408 at the server's request timeout; again."""
    while time.monotonic() < until:
        try:
            with socket.create_connection((host, port), timeout=30, source_address=(source, 0)) as sock:
                sock.sendall(b"GET /api/v1/plans HTTP/1.1\r\nHost: x\r\n")
                answer = b""
                while chunk := sock.recv(4096):
                    answer += chunk
            tally.add("slow client", _status(answer))
        except OSError as error:
            tally.add("slow client", type(error).__name__)


def swapper(ntriples: bytes, store: Path, until, every: float, tally):
    from planlink.api.store import write_store

    while time.monotonic() + every < until:
        time.sleep(every)
        started = time.monotonic()
        write_store(ntriples, store)
        tally.add("build swap", "done", None)
        tally.add("build swap seconds", round(time.monotonic() - started, 2))


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
