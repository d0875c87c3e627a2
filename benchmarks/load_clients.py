"""The clients of benchmarks/load_test.py: light ones, and each kind of attacker (issues 9 and 18).
Each runs until `until` (time.monotonic()), from its own loopback address, and counts what it was
answered in a Tally."""

from __future__ import annotations

import collections
import http.client
import multiprocessing
import os
import random
import re
import selectors
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

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
