"""The embedded store: a read-only view of a built on-disk Oxigraph store."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pyoxigraph

from api.store.check import query_form
from api.store.memo import BuildMemo
from api.store.errors import QueryError, ServerBusy, StoreMissing, out_of_memory, timed_out
from api.store.results import DEFAULT_MAX_RESULT_BYTES, run_query
from api.store.sandbox import SandboxPool
from api.store.terms import EXPORT_FORMATS, PREFIXES, Graph, bind, plain

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
        self._store, self.in_memory, self._pool, self._memo, self._build_id = (
            store, in_memory, SandboxPool(self.path, self.query_memory_bytes), BuildMemo(build_id), build_id)
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

    @property
    def memo(self) -> BuildMemo:
        """The per-build memo of the build being served (a new, empty one for a new build)."""
        self.build_id  # noqa: B018 — reopen if a new build was swapped in
        return self._memo

    def _query(self, query: str, bindings: dict | None):
        self.build_id  # noqa: B018 — reopen if a new build was swapped in
        return self._store.query(bind(query, bindings))

    def select(self, query: str, bindings: dict | None = None) -> list[dict]:
        result = self._query(query, bindings)
        names = [v.value for v in result.variables]
        return [{name: plain(row[name]) for name in names} for row in result]

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
                           run_query, self._store, text, media_type, self.max_result_bytes)
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
        return run_query(self._store, text, media_type, self.max_result_bytes)

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

