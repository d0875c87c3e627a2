"""The embedded store: a read-only view of a built on-disk Oxigraph store."""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

import pyoxigraph

from planlink.api.store.check import check_query
from planlink.api.store.errors import StoreMissing
from planlink.api.store.memo import BuildMemo
from planlink.api.store.results import DEFAULT_MAX_RESULT_BYTES, run_query
from planlink.api.store.runner import QueryRunner, SandboxRunner
from planlink.api.store.sandbox import SandboxPool
from planlink.api.store.terms import EXPORT_FORMATS, PREFIXES, Graph, bind, plain

log = logging.getLogger(__name__)
NO_LIMIT = 24 * 3600.0  # s: the CLI's query in a query process has no time limit of its own
RECHECK = 1.0  # s: how often the path is looked at for a new build (or for a store, while there is none)

def build_stamp(path: str | os.PathLike) -> str:
    """Identifies the build on disk at `path` without opening it (a swap gives a new stamp);
    StoreMissing when there is none. A server checks with this before it forks its workers:
    RocksDB opened in a parent leaves its children a thread pool they crash on at exit."""
    path = Path(path)
    try:
        if (path / "CURRENT").exists():
            st = path.stat()  # the build's own directory, when `path` is the link a build swaps
            return f"{st.st_ino:x}-{st.st_mtime_ns:x}"
    except OSError:
        pass
    raise StoreMissing(f"no planlink store at {path} (run `planlink build` first)")


def rows_of(result) -> list[dict]:
    """A SELECT's solutions as {variable: plain value} rows."""
    names = [v.value for v in result.variables]
    return [{name: plain(row[name]) for name in names} for row in result]


class OpenStore:
    """A pyoxigraph store the caller holds open (a build being written), asked as a LocalStore is
    asked, with a memo of its own: what a build works out from its own store (api/documents.py)."""

    def __init__(self, store: pyoxigraph.Store, build_id: str):
        self._store = store
        self.memo = BuildMemo(build_id)

    def select(self, query: str, bindings: dict | None = None) -> list[dict]:
        return rows_of(self._store.query(bind(query, bindings)))


def _bytes_on_disk(path: Path) -> int:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file())


class LocalStore:
    """A read-only view of a built on-disk Oxigraph store (a store smaller than
    `in_memory_max_bytes` on disk is copied into memory when it is opened). User queries go to
    `runner` (default: query processes); see api/store/runner.py.

    A build swapped in at `path` is opened within RECHECK seconds; until it is ready, and if it
    cannot be opened, queries are answered from the build already open."""

    def __init__(self, path: str | os.PathLike, query_timeout: float = 10.0,
                 max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES, in_memory_max_bytes: int = 0,
                 query_memory_bytes: int = 0, runner: QueryRunner | None = None):
        self.path = Path(path)
        self.query_timeout = query_timeout
        self.max_result_bytes = max_result_bytes
        self.in_memory_max_bytes = in_memory_max_bytes
        self.runner = runner or SandboxRunner(query_memory_bytes)
        self._lock = threading.Lock()
        self._checked = time.monotonic()
        self._build_id = None
        self._open()

    def _open(self):
        """Open the build on disk (again); queries keep the previous one until this one is ready.
        StoreMissing when there is none or it cannot be opened (a corrupt or half-written store)."""
        build_id = build_stamp(self.path)
        build = Path(os.path.realpath(self.path))  # this build, whatever the next swap does to the link
        try:
            store = pyoxigraph.Store.read_only(str(build))
            in_memory = 0 < _bytes_on_disk(build) <= self.in_memory_max_bytes
            if in_memory:
                # A small store is answered from a copy in memory: 3-4× faster on light queries than
                # RocksDB reads, for a few MB per process. The build on disk stays the one truth.
                memory = pyoxigraph.Store()
                memory.bulk_extend(store.quads_for_pattern(None, None, None, None))
                store = memory
        except (OSError, ValueError, RuntimeError) as e:  # what pyoxigraph raises for a store it cannot read
            raise StoreMissing(f"the store at {self.path} cannot be opened ({e}); run `planlink build`") from None
        self.runner.reopen(build)
        self._store, self.in_memory, self._memo, self._build_id = store, in_memory, BuildMemo(build_id, directory=build), build_id

    def refresh(self) -> None:
        """Open a build swapped in since the last look (at most one look every RECHECK seconds).
        A build that cannot be opened is logged and the one open goes on being served."""
        now = time.monotonic()
        if now - self._checked <= RECHECK:
            return
        with self._lock:
            if now - self._checked <= RECHECK:
                return
            self._checked = now
            try:
                if build_stamp(self.path) != self._build_id:
                    self._open()
            except StoreMissing as e:  # mid-swap, or a broken build: keep serving the one we have
                log.warning("%s; serving the build opened before", e)

    @property
    def build_id(self) -> str:
        """Identifies the build being served (after a refresh)."""
        self.refresh()
        return self._build_id

    def renew_memo(self) -> None:
        """Forget what the memo holds (benchmarks timing cold answers; a new build does this itself)."""
        self._memo = BuildMemo(self._build_id, directory=self._memo.directory) if self._build_id is not None else None

    @property
    def memo(self) -> BuildMemo:
        """The per-build memo of the build being served (a new, empty one for a new build)."""
        self.refresh()
        return self._memo

    def _query(self, query: str, bindings: dict | None):
        self.refresh()
        return self._store.query(bind(query, bindings))

    def select(self, query: str, bindings: dict | None = None) -> list[dict]:
        return rows_of(self._query(query, bindings))

    def construct(self, query: str, bindings: dict | None = None) -> Graph:
        return Graph(self._query(query, bindings))

    def ask(self, query: str, bindings: dict | None = None) -> bool:
        return bool(self._query(query, bindings))

    def sparql(self, text: str, media_type: str) -> bytes:
        """Answer a user's query, checked, capped, and stopped past the time limit by the runner."""
        checked = check_query(text)
        self.refresh()
        run = self.runner.run_apart if checked.sorts else self.runner.run
        return run(self._store, checked.text, media_type, self.max_result_bytes, self.query_timeout)

    def run_here(self, text: str, media_type: str) -> bytes:
        """Answer a user's query without a time limit (the CLI): in this process, or in a query process
        when it sorts (an engine abort must not end the command with a Rust backtrace)."""
        checked = check_query(text)
        if not checked.sorts:
            return run_query(self._store, checked.text, media_type, self.max_result_bytes)
        pool = SandboxPool(self.path)
        try:
            return pool.run(checked.text, media_type, self.max_result_bytes, timeout=NO_LIMIT)
        finally:
            pool.close()

    def export(self, fmt: str) -> bytes:
        """The whole graph in ttl, nt, nq, trig or jsonld."""
        rdf_format = EXPORT_FORMATS[fmt]
        graph = {} if rdf_format.supports_datasets else {"from_graph": pyoxigraph.DefaultGraph()}
        return self._store.dump(format=rdf_format, prefixes=PREFIXES, **graph)

    def __len__(self) -> int:
        return len(self._store)

    def close(self):
        self.runner.close()
