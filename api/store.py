"""The only module that talks to a triple store: the embedded Oxigraph store on disk
(`LocalStore`) or any SPARQL 1.1 endpoint (`RemoteStore`).

Both answer the same questions with plain Python values:

- `select(query, bindings)` → list of `{variable: value}` rows (IRIs as `IRI`, literals
  as str/int/float/bool);
- `construct(query, bindings)` → a `Graph` that serialises itself;
- `ask(query, bindings)` → bool;
- `sparql(text, media_type, on_overrun)` → bytes: a user's query for the SPARQL protocol,
  checked (read-only, no SERVICE), cut off after the time limit, capped in size. Under
  `planlink serve` it runs in the request thread under the worker's watchdog
  (api/watchdog.py); elsewhere in a sandbox process killed at the limit.

User values never enter a query string by pasting: both stores add them as a `VALUES`
block of escaped terms (`bind`, the one place that writes terms into query text).

A build writes a new directory and swaps it in, because `Store.read_only` is undefined
beside a writer; `LocalStore.build_id` notices the swap and reopens. A small store (up to
PLANLINK_IN_MEMORY_MAX_BYTES on disk) is queried from a copy in memory, read at each (re)open.
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph

from scripts.errors import PlanlinkError

# The same base and prefixes as scripts/vocab.py, as plain strings: the query processes load
# this module alone and must start without importing rdflib (tests/api/test_store.py checks they agree).
BASE = "https://planlink.example/"
PREFIXES = {
    "pl": BASE + "def/",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "oa": "http://www.w3.org/ns/oa#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "sssom": "https://w3id.org/sssom/",
    "semapv": "https://w3id.org/semapv/vocab/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}

# Media types of SPARQL results (SELECT, ASK) and of RDF graphs (CONSTRUCT, DESCRIBE).
RESULT_TYPES = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
}
EXPORT_FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
}
DEFAULT_MAX_RESULT_BYTES = 32 * 1024 * 1024


# ---------------------------------------------------------------- errors

class StoreMissing(PlanlinkError):
    """No built store at the given path."""


class QueryError(PlanlinkError):
    """A query that cannot be answered; subclasses say why."""


class QuerySyntaxError(QueryError):
    """The text is not a valid SPARQL query (the parser's message)."""


class UpdateRefused(QueryError):
    """SPARQL Update sent to a read-only service."""


class ServiceRefused(QueryError):
    """A query that asks to federate to another endpoint (SERVICE)."""


class QueryTimeout(QueryError):
    """The query ran past the time limit and was stopped."""


class ResultTooLarge(QueryError):
    """The serialised result is larger than the configured cap."""


class QueryTooLarge(ResultTooLarge):
    """The query needed more memory than the server allows and was stopped."""


def timed_out(limit_seconds: float) -> QueryTimeout:
    return QueryTimeout(f"the query ran longer than the limit of {limit_seconds:g} s and was stopped")


def out_of_memory(limit_bytes: int) -> QueryTooLarge:
    return QueryTooLarge(f"the server ran short of memory for queries (limit {limit_bytes >> 20} MB) and stopped "
                         "this one; a query that sorts, groups or joins fewer rows may succeed")


class ServerBusy(QueryError):
    """No room to run the query now; a retry soon will find some."""


class BackendError(QueryError):
    """The remote SPARQL endpoint failed or could not be reached."""


# ---------------------------------------------------------------- plain values

class IRI(str):
    """An IRI in a result row (a str, so it serialises to JSON as itself)."""


class BNode(str):
    """A blank node label in a result row."""


class Lit(str):
    """A literal in a graph statement, with its language tag and datatype kept."""
    language: str | None = None
    datatype: str | None = None


_XSD = PREFIXES["xsd"]
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def _plain(term):
    """A pyoxigraph term as a plain Python value."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return IRI(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        datatype, value = term.datatype.value, term.value
        try:
            if datatype in _INTEGERS or datatype == _XSD + "gYear":
                return int(value)
            if datatype in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
                number = float(value)
                return int(number) if number.is_integer() and "e" not in value.lower() else number
            if datatype == _XSD + "boolean":
                return value in ("true", "1")
        except ValueError:
            pass
        return value
    return str(term)


def _lit(term) -> Lit:
    lit = Lit(term.value)
    lit.language = term.language
    lit.datatype = term.datatype.value
    return lit


def _term(value):
    """A plain Python value as a pyoxigraph term: the one place bindings become terms."""
    if isinstance(value, IRI):
        return pyoxigraph.NamedNode(value)
    if isinstance(value, bool):
        return pyoxigraph.Literal(str(value).lower(), datatype=pyoxigraph.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return pyoxigraph.Literal(str(value), datatype=pyoxigraph.NamedNode(_XSD + "integer"))
    if isinstance(value, str):
        return pyoxigraph.Literal(value)
    raise TypeError(f"cannot bind {value!r}")


def bind(query: str, bindings: dict | None) -> str:
    """The query with `VALUES (?a ?b) { (term term) }` at the start of its WHERE group: the one
    place where user values enter query text, as escaped N-Triples terms (`str(term)` escapes).

    Both stores use it, so they give the same answers (pyoxigraph's substitutions differ:
    BOUND(?x) stays false for a substituted ?x).
    """
    if not bindings:
        return query
    match = re.search(r"\bWHERE\s*\{", query, re.IGNORECASE)
    if match is None:
        raise ValueError("a query with bindings needs an explicit WHERE { … }")
    names = " ".join("?" + name for name in bindings)
    terms = " ".join(str(_term(value)) for value in bindings.values())
    return f"{query[:match.end()]}\n  VALUES ({names}) {{ ({terms}) }}\n{query[match.end():]}"


class Graph:
    """The triples of a CONSTRUCT or DESCRIBE answer."""

    def __init__(self, triples):
        self._triples = list(dict.fromkeys(triples))  # CONSTRUCT may repeat a triple

    def __len__(self):
        return len(self._triples)

    def serialize(self, media_type: str) -> bytes:
        triples = sorted(self._triples, key=lambda t: (str(t.subject), str(t.predicate)))  # grouped by subject
        return pyoxigraph.serialize(triples, format=GRAPH_TYPES[media_type], prefixes=PREFIXES)

    def statements(self) -> list[tuple]:
        """(subject, predicate, object) with IRIs as `IRI`, blank nodes as `BNode`, literals as `Lit`."""
        return [(_plain(t.subject), _plain(t.predicate),
                 _lit(t.object) if isinstance(t.object, pyoxigraph.Literal) else _plain(t.object))
                for t in self._triples]


# ---------------------------------------------------------------- checking user queries

# Tokens of a query text; only words are captured (findall gives "" for the rest): comments,
# strings, IRIs and variables are skipped whole, and runs of characters that start no token.
_TOKEN = re.compile(r"""
    \#[^\n]*
  | '''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
  | '(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"
  | <[^<>"{}|^`\\\x00-\x20]*>
  | [?$]\w+
  | ([A-Za-z_][\w\-.]*(?::[^\s(){}\[\],;]*)?|:[^\s(){}\[\],;]*)
  | [^\sA-Za-z_:\#'"<?$]+
  | \S
""", re.X | re.S)
_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


@functools.lru_cache(maxsize=256)  # the view and the store both ask about the same text
def query_form(text: str) -> str | None:
    """SELECT, CONSTRUCT, DESCRIBE or ASK, read from the query text (comments, strings and
    IRIs skipped); None when there is no such keyword (the parser will say what is wrong).

    Raises UpdateRefused for SPARQL Update and ServiceRefused for SERVICE.
    """
    form = None
    for word in _TOKEN.findall(text):
        if not word or ":" in word:
            continue
        word = word.upper()
        if word == "SERVICE":
            raise ServiceRefused("SERVICE is not allowed: this endpoint does not federate queries "
                                 "to other endpoints")
        if form is None and word in _UPDATES:
            raise UpdateRefused(f"this endpoint is read-only: SPARQL Update ({word}) is not accepted")
        if form is None and word in _FORMS:
            form = word
    return form


def is_graph_form(form: str | None) -> bool:
    return form in ("CONSTRUCT", "DESCRIBE")


class _Capped(io.RawIOBase):
    """A byte sink that refuses to grow past `limit`."""

    def __init__(self, limit: int):
        self.limit, self.parts, self.size = limit, [], 0

    def writable(self):
        return True

    def write(self, chunk):
        self.size += len(chunk)
        if self.size > self.limit:
            raise ResultTooLarge(f"the result is larger than {self.limit} bytes; "
                                 "add a LIMIT or select fewer variables")
        self.parts.append(bytes(chunk))
        return len(chunk)

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def _serialize(result, media_type: str, max_bytes: int) -> bytes:
    """A pyoxigraph query result in the chosen media type, at most `max_bytes` long."""
    sink = _Capped(max_bytes)
    try:
        if isinstance(result, pyoxigraph.QueryTriples):
            pyoxigraph.serialize(result, sink, format=GRAPH_TYPES[media_type], prefixes=PREFIXES)
        else:
            result.serialize(sink, format=RESULT_TYPES[media_type])
    except OSError:  # our ResultTooLarge comes back through the writer as an OSError
        if sink.size > sink.limit:
            raise ResultTooLarge(f"the result is larger than {sink.limit} bytes; "
                                 "add a LIMIT or select fewer variables") from None
        raise
    return sink.getvalue()


def _run(store, text: str, media_type: str, max_bytes: int) -> bytes:
    try:
        result = store.query(text)
        return _serialize(result, media_type, max_bytes)
    except SyntaxError as e:
        raise QuerySyntaxError(str(e)) from None


# ---------------------------------------------------------------- sandboxes for user queries
#
# A sandbox is a child process with the store open read-only, spoken to over a socketpair in
# plain frames, so that nothing but bytes crosses (no pickling, no terms):
#   request  struct _ASK (text length, byte cap, media type index) + the query text in UTF-8
#   reply    struct _REPLY (status, payload length) + the payload: the serialised result
#            (status 0) or the message of the error class _ERRORS[status - 1]

_MEDIA = (*RESULT_TYPES, *GRAPH_TYPES)
_ASK = struct.Struct("!IQB")
_REPLY = struct.Struct("!BI")
_ERRORS = (QuerySyntaxError, UpdateRefused, ServiceRefused, QueryTimeout, ResultTooLarge, BackendError)


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    parts = []
    while size:
        chunk = sock.recv(min(size, 1 << 20))
        if not chunk:
            raise EOFError("the other end closed the connection")
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


# The child runs this file alone, not as `api.store`: importing the `api` package (Flask)
# would triple its start-up time, paid again for each sandbox replaced after a timeout.
_SANDBOX_CODE = """import importlib.util, sys
spec = importlib.util.spec_from_file_location("planlink_sandbox", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
module._sandbox_main()
"""


# glibc malloc in the sandbox: keep up to 64 MB of freed memory instead of handing it back to
# the kernel after every query (trim), and serve blocks up to 32 MB from the heap (no mmap per
# block), so that a query does not pay page faults for the memory the previous one freed
# (50 a GROUP BY over the store, 0.2-0.4 ms of kernel time).
_SANDBOX_MALLOC = {"MALLOC_TRIM_THRESHOLD_": str(64 << 20), "MALLOC_MMAP_THRESHOLD_": str(32 << 20),  # glibc's max
                   "MALLOC_TOP_PAD_": str(16 << 20)}


def _sandbox_main() -> None:
    """A child process that answers user queries over a socket until its parent goes away."""
    path, fd, max_bytes = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    _die_with_parent()
    if max_bytes:  # a query past it fails to allocate and the process aborts: see _SandboxPool.run
        import resource

        resource.setrlimit(resource.RLIMIT_DATA, (max_bytes, max_bytes))
    sock = socket.socket(fileno=fd)
    store = pyoxigraph.Store.read_only(path)
    while True:
        try:
            size, max_bytes, media = _ASK.unpack(_recv_exactly(sock, _ASK.size))
            text = _recv_exactly(sock, size).decode("utf-8")
        except (EOFError, OSError):
            return
        try:
            status, payload = 0, _run(store, text, _MEDIA[media], max_bytes)
        except QueryError as e:
            kind = type(e) if type(e) in _ERRORS else BackendError
            status, payload = _ERRORS.index(kind) + 1, str(e).encode("utf-8")
        except Exception as e:  # noqa: BLE001 — reported to the parent as a backend failure
            status, payload = _ERRORS.index(BackendError) + 1, f"{type(e).__name__}: {e}".encode("utf-8")
        head = _REPLY.pack(status, len(payload))
        if len(payload) < 1 << 16:
            sock.sendall(head + payload)
        else:  # no copy of a large result
            sock.sendall(head)
            sock.sendall(payload)


def _die_with_parent() -> None:
    """Linux: have the kernel kill this process when its parent dies (even by SIGKILL), so a
    runaway query never outlives the worker that started it."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:
            os._exit(0)
    except (OSError, AttributeError):
        pass


class _Sandbox:
    """One child process with the store open read-only; killed when a query overruns."""

    def __init__(self, path: Path, max_memory_bytes: int = 0):
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen([sys.executable, "-c", _SANDBOX_CODE, __file__, str(path), str(theirs.fileno()),
                                         str(max_memory_bytes)],
                                        pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                                        env={**os.environ, **_SANDBOX_MALLOC, "RUST_BACKTRACE": "0"})
        theirs.close()
        self.sock = ours

    def run(self, text: str, media_type: str, max_bytes: int, timeout: float) -> bytes:
        data = text.encode("utf-8")
        deadline = time.monotonic() + timeout
        self.sock.settimeout(timeout)
        self.sock.sendall(_ASK.pack(len(data), max_bytes, _MEDIA.index(media_type)) + data)
        try:
            head = self.sock.recv(1 << 16)  # the header, and most results whole
            while len(head) < _REPLY.size:
                more = self._recv(deadline, 1 << 16)
                head += more
            status, size = _REPLY.unpack_from(head)
            payload = head[_REPLY.size:]
            if len(payload) < size:
                parts, missing = [payload], size - len(payload)
                while missing:
                    parts.append(self._recv(deadline, min(missing, 1 << 20)))
                    missing -= len(parts[-1])
                payload = b"".join(parts)
        except TimeoutError:
            self.kill()
            raise timed_out(timeout) from None
        if status == 0:
            return payload
        raise _ERRORS[status - 1](payload.decode("utf-8"))

    def _recv(self, deadline: float, size: int) -> bytes:
        self.sock.settimeout(max(1e-6, deadline - time.monotonic()))  # 0 would mean non-blocking
        chunk = self.sock.recv(size)
        if not chunk:
            raise EOFError("the query process closed its socket")
        return chunk

    def kill(self):
        self.process.kill()
        self.process.wait()
        self.sock.close()


class _SandboxPool:
    """Idle sandboxes of one process (per gunicorn worker); a new one replaces each killed one."""

    def __init__(self, path: Path, max_memory_bytes: int = 0):
        self.path, self.max_memory_bytes = path, max_memory_bytes
        self._idle: list[_Sandbox] = []
        self._lock = threading.Lock()

    def run(self, text, media_type, max_bytes, timeout) -> bytes:
        with self._lock:
            sandbox = self._idle.pop() if self._idle else None
        if sandbox is not None and sandbox.process.poll() is not None:  # died since (OOM killer, signal)
            sandbox.sock.close()
            sandbox = None
        sandbox = sandbox or _Sandbox(self.path, self.max_memory_bytes)
        try:
            result = sandbox.run(text, media_type, max_bytes, timeout)
        except QueryTimeout:
            self._release(_Sandbox(self.path, self.max_memory_bytes))  # start the replacement now, off the next request's path
            raise
        except (EOFError, OSError) as e:
            sandbox.kill()
            if self.max_memory_bytes and sandbox.process.returncode == -signal.SIGABRT:
                raise out_of_memory(self.max_memory_bytes) from None  # an allocation past RLIMIT_DATA
            raise BackendError(f"the query process failed: {e or type(e).__name__}") from None
        self._release(sandbox)
        return result

    def _release(self, sandbox):
        with self._lock:
            self._idle.append(sandbox)

    def close(self):
        with self._lock:
            idle, self._idle = self._idle, []
        for sandbox in idle:
            sandbox.kill()


# ---------------------------------------------------------------- the embedded store

def build_stamp(path: str | os.PathLike) -> str:
    """Identifies the build on disk at `path` without opening it (a swap gives a new stamp);
    StoreMissing when there is none. A server checks with this before it forks its workers:
    RocksDB opened in a parent leaves its children a thread pool they crash on at exit."""
    path = Path(path)
    if not (path / "CURRENT").exists():
        raise StoreMissing(f"no planlink store at {path} (run `planlink build` first)")
    st = path.stat()
    return f"{st.st_ino:x}-{st.st_mtime_ns:x}"


def _bytes_on_disk(path: Path) -> int:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file())


class LocalStore:
    """A read-only view of a built on-disk Oxigraph store (a store smaller than
    `in_memory_max_bytes` on disk is copied into memory when it is opened)."""

    def __init__(self, path: str | os.PathLike, query_timeout: float = 10.0,
                 max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES, in_memory_max_bytes: int = 0,
                 query_memory_bytes: int = 0):
        self.path = Path(path)
        self.query_memory_bytes = query_memory_bytes  # per query process (0: no limit)
        self.query_timeout = query_timeout
        self.max_result_bytes = max_result_bytes
        self.in_memory_max_bytes = in_memory_max_bytes
        self._lock = threading.Lock()
        self._checked = 0.0
        self._build_id = None
        self._pool = None
        self._open()

    def _open(self):
        """Open the build on disk (again); queries keep the previous one until this one is ready."""
        build_id = build_stamp(self.path)
        store = pyoxigraph.Store.read_only(str(self.path))
        in_memory = 0 < _bytes_on_disk(self.path) <= self.in_memory_max_bytes
        if in_memory:
            # A small store is answered from a copy in memory: 3-4× faster on light queries than
            # RocksDB reads, for a few MB per process. The build on disk stays the one truth.
            memory = pyoxigraph.Store()
            memory.bulk_extend(store.quads_for_pattern(None, None, None, None))
            store = memory
        old_pool = self._pool
        self._store, self.in_memory, self._pool, self._build_id = (
            store, in_memory, _SandboxPool(self.path, self.query_memory_bytes), build_id)
        if old_pool is not None:
            old_pool.close()

    @property
    def build_id(self) -> str:
        """Identifies the build being served; a swapped-in build is reopened within a second."""
        now = time.monotonic()
        if now - self._checked > 1.0:
            with self._lock:
                self._checked = now
                try:
                    changed = build_stamp(self.path) != self._build_id
                except (StoreMissing, OSError):
                    changed = False  # mid-swap: keep serving the build we have
                if changed:
                    self._open()
        return self._build_id

    def _query(self, query: str, bindings: dict | None):
        self.build_id  # noqa: B018 — reopen if a new build was swapped in
        return self._store.query(bind(query, bindings))

    def select(self, query: str, bindings: dict | None = None) -> list[dict]:
        result = self._query(query, bindings)
        names = [v.value for v in result.variables]
        return [{name: _plain(row[name]) for name in names} for row in result]

    def construct(self, query: str, bindings: dict | None = None) -> Graph:
        return Graph(self._query(query, bindings))

    def ask(self, query: str, bindings: dict | None = None) -> bool:
        return bool(self._query(query, bindings))

    def sparql(self, text: str, media_type: str, on_overrun=None) -> bytes:
        """Answer a user's query, stopped past the time limit: here, under this process's watchdog
        when a server installed one and the caller can answer a client from another thread
        (on_overrun(QueryTimeout)); otherwise in a sandbox process that is killed at the limit."""
        from api import watchdog  # not at the top: the sandbox child loads this file alone, without `api`

        query_form(text)
        self.build_id  # noqa: B018
        dog = watchdog.installed()
        if dog is None or on_overrun is None:
            return self._pool.run(text, media_type, self.max_result_bytes, self.query_timeout)
        def stopped(why: str) -> QueryError:
            return timed_out(self.query_timeout) if why == "time" else out_of_memory(dog.max_rss_bytes)

        try:
            return dog.run(self.query_timeout, lambda why: on_overrun(stopped(why)),
                           _run, self._store, text, media_type, self.max_result_bytes)
        except watchdog.NoRoom:  # the worker's query slots are taken
            if dog.stuck():  # by runaways: it is retiring, and its last thread must drain its queue
                raise ServerBusy("this server process is being replaced after a runaway query; "
                                 "try again in a moment") from None
            return self._pool.run(text, media_type, self.max_result_bytes, self.query_timeout)
        except watchdog.Overrun as overrun:
            raise stopped(overrun.reason) from None

    def run_here(self, text: str, media_type: str) -> bytes:
        """Answer a user's query in this process, without a time limit (the CLI)."""
        query_form(text)
        return _run(self._store, text, media_type, self.max_result_bytes)

    def export(self, fmt: str) -> bytes:
        """The whole graph in ttl, nt, nq, trig or jsonld."""
        rdf_format = EXPORT_FORMATS[fmt]
        graph = {} if rdf_format.supports_datasets else {"from_graph": pyoxigraph.DefaultGraph()}
        return self._store.dump(format=rdf_format, prefixes=PREFIXES, **graph)

    def __len__(self) -> int:
        return len(self._store)

    def close(self):
        if self._pool is not None:
            self._pool.close()


# ---------------------------------------------------------------- a remote SPARQL endpoint

class RemoteStore:
    """Any SPARQL 1.1 endpoint, asked with the same questions as the embedded store."""

    def __init__(self, endpoint: str, query_timeout: float = 10.0,
                 max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES):
        import requests  # only the remote backend needs it

        self._requests = requests
        self.endpoint = endpoint
        self.query_timeout = query_timeout
        self.max_result_bytes = max_result_bytes
        self._local = threading.local()
        self.build_id = None  # unknown: a remote store may change at any time, so nothing is cached

    def _session(self):
        if not hasattr(self._local, "session"):
            self._local.session = self._requests.Session()
        return self._local.session

    def _fetch(self, query: str, accept: str) -> bytes:
        deadline = time.monotonic() + self.query_timeout
        try:
            response = self._session().post(
                self.endpoint, data=query.encode("utf-8"), stream=True,
                headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
                timeout=(min(5.0, self.query_timeout), self.query_timeout))
            body = _Capped(self.max_result_bytes)
            for chunk in response.iter_content(64 * 1024):
                body.write(chunk)
                if time.monotonic() > deadline:
                    response.close()
                    raise QueryTimeout(f"the endpoint took longer than {self.query_timeout:g} s")
        except self._requests.Timeout:
            raise QueryTimeout(f"the endpoint took longer than {self.query_timeout:g} s") from None
        except self._requests.RequestException as e:
            raise BackendError(f"the SPARQL endpoint {self.endpoint} failed: {e}") from None
        if response.status_code == 400:
            raise QuerySyntaxError(body.getvalue().decode("utf-8", "replace").strip()[:2000])
        if response.status_code != 200:
            raise BackendError(f"the SPARQL endpoint {self.endpoint} answered {response.status_code}: "
                               f"{body.getvalue().decode('utf-8', 'replace').strip()[:500]}")
        return body.getvalue()

    def _results(self, query: str):
        data = self._fetch(query, "application/sparql-results+json")
        try:
            return pyoxigraph.parse_query_results(data, format=pyoxigraph.QueryResultsFormat.JSON)
        except SyntaxError as e:
            raise BackendError(f"unreadable results from {self.endpoint}: {e}") from None

    def _triples(self, query: str):
        data = self._fetch(query, "application/n-triples")
        try:
            return [quad.triple for quad in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)]
        except SyntaxError as e:
            raise BackendError(f"unreadable triples from {self.endpoint}: {e}") from None

    def select(self, query: str, bindings: dict | None = None) -> list[dict]:
        result = self._results(bind(query, bindings))
        names = [v.value for v in result.variables]
        return [{name: _plain(row[name]) for name in names} for row in result]

    def construct(self, query: str, bindings: dict | None = None) -> Graph:
        return Graph(self._triples(bind(query, bindings)))

    def ask(self, query: str, bindings: dict | None = None) -> bool:
        return bool(self._results(bind(query, bindings)))

    def sparql(self, text: str, media_type: str, on_overrun=None) -> bytes:
        """A user's query, sent on (on_overrun is not needed: the request to the endpoint has its own timeout)."""
        form = query_form(text)
        try:
            pyoxigraph.Store().query(text)  # the same syntax errors as the embedded store
        except SyntaxError as e:
            raise QuerySyntaxError(str(e)) from None
        if is_graph_form(form):
            return pyoxigraph.serialize(self._triples(text), format=GRAPH_TYPES[media_type], prefixes=PREFIXES)
        return _serialize(self._results(text), media_type, self.max_result_bytes)

    run_here = sparql

    def export(self, fmt: str) -> bytes:
        triples = self._triples("CONSTRUCT WHERE { ?s ?p ?o }")
        return pyoxigraph.serialize(triples, format=EXPORT_FORMATS[fmt])

    def close(self):
        pass


def connect(store: str | os.PathLike | None = None, sparql_endpoint: str | None = None,
            query_timeout: float = 10.0, max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES,
            in_memory_max_bytes: int = 0, query_memory_bytes: int = 0):
    """The embedded store at `store`, or the endpoint when one is given."""
    if sparql_endpoint:
        return RemoteStore(sparql_endpoint, query_timeout, max_result_bytes)
    return LocalStore(store, query_timeout, max_result_bytes, in_memory_max_bytes, query_memory_bytes)


# ---------------------------------------------------------------- the CLI's needs

def open_store(path: str | os.PathLike) -> LocalStore:
    """The built store at `path`; StoreMissing (a PlanlinkError) when there is none."""
    return LocalStore(path)


def format_results(store, sparql: str, fmt: str) -> str:
    """A read-only query's answer as a text table, SPARQL JSON or SPARQL CSV
    (graphs: JSON-LD for json, subject/predicate/object rows for table and csv)."""
    graph = is_graph_form(query_form(sparql))
    if fmt == "json":
        media_type = "application/ld+json" if graph else "application/sparql-results+json"
        return store.run_here(sparql, media_type).decode("utf-8") + "\n"
    if graph:
        data = store.run_here(sparql, "application/n-triples")
        rows = [tuple(_display(term) for term in (t.subject, t.predicate, t.object))
                for t in (q.triple for q in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES))]
        header = ["subject", "predicate", "object"]
    elif fmt == "csv":
        return store.run_here(sparql, "text/csv").decode("utf-8")
    else:
        data = store.run_here(sparql, "application/sparql-results+json")
        result = pyoxigraph.parse_query_results(data, format=pyoxigraph.QueryResultsFormat.JSON)
        if isinstance(result, pyoxigraph.QueryBoolean):
            return ("true" if result else "false") + "\n"
        header = [v.value for v in result.variables]
        rows = [tuple(_display(row[name]) for name in header) for row in result]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue()
    return _table(header, rows)


def _display(term) -> str:
    if term is None:
        return ""
    if isinstance(term, pyoxigraph.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace) and "/" not in term.value[len(namespace):]:
                return f"{prefix}:{term.value[len(namespace):]}"
        return f"<{term.value}>"
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    return term.value


def _table(header: list[str], rows: list[tuple]) -> str:
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    line = lambda cells: " | ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(header), "-+-".join("-" * w for w in widths)] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- the build's writer

def write_store(ntriples: bytes, out_dir: str | os.PathLike) -> Path:
    """Load N-Triples into a fresh store beside `out_dir`, then swap it in.

    A failure anywhere before the swap leaves the previous store untouched.
    """
    out = Path(out_dir).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=out.name + ".new-", dir=out.parent))
    try:
        store = pyoxigraph.Store(str(staging))
        store.bulk_load(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        store.optimize()
        store.flush()
        del store
        old = None
        if out.exists():
            old = out.with_name(out.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
        staging.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out


# ---------------------------------------------------------------- the Flask app's store (flaskr's db.py)

_open_lock = threading.Lock()


def init_app(app) -> None:
    """Register the store; it is opened lazily, once per process, since gunicorn forks workers."""
    app.extensions["planlink.store"] = None


def get_store(app=None):
    """This process's store for the app (the current app by default)."""
    if app is None:
        from flask import current_app

        app = current_app._get_current_object()
    held = app.extensions.get("planlink.store")
    if held is None or held[0] != os.getpid():
        with _open_lock:
            held = app.extensions.get("planlink.store")
            if held is None or held[0] != os.getpid():
                config = app.config
                held = (os.getpid(), connect(config["PLANLINK_STORE"], config["PLANLINK_SPARQL_ENDPOINT"],
                                             config["PLANLINK_QUERY_TIMEOUT"], config["PLANLINK_MAX_RESULT_BYTES"],
                                             config["PLANLINK_IN_MEMORY_MAX_BYTES"],
                                             config["PLANLINK_QUERY_MEMORY_BYTES"]))
                app.extensions["planlink.store"] = held
    return held[1]


def close_store(app) -> None:
    """Stop this process's sandboxes (tests; workers' sandboxes die with their worker)."""
    held = app.extensions.get("planlink.store")
    if held is not None and held[0] == os.getpid():
        held[1].close()
        app.extensions["planlink.store"] = None


def graph_from_turtle(text: str) -> Graph:
    """A small Turtle document (the service description) as a Graph."""
    return Graph(quad.triple for quad in pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE))
