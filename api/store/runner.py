"""How a user's query is run under the time limit: one QueryRunner per process, chosen at
start-up and given to the store.

- `SandboxRunner`: in query processes killed at the limit (api/store/sandbox.py). Anywhere: the
  Flask test client, `flask run`, any WSGI server.
- `WatchdogRunner`: in the calling thread, under a watchdog (api/store/watchdog.py) that answers
  the client itself at the limit and retires the process. Only for a process that is replaced
  when it ends and that can answer a client from another thread: a `planlink serve` worker
  (api/serve.py), which gives it `answerer`. With its slots taken, the query goes to the sandbox.

The store calls `reopen(path)` when it opens a build, so that query processes read the same one.
"""

from __future__ import annotations

import time
from pathlib import Path

from planlink.api.store.errors import QueryError, QueryTimeout, ServerBusy, out_of_memory, timed_out
from planlink.api.store.results import run_query
from planlink.api.store.sandbox import SandboxPool
from planlink.api.store.watchdog import NoRoom, Overrun, Watchdog


class QueryRunner:
    """Runs a user's query against a store, stopped past the time limit."""

    def run(self, store, text: str, media_type: str, max_bytes: int, timeout: float) -> bytes:
        raise NotImplementedError

    def run_apart(self, store, text: str, media_type: str, max_bytes: int, timeout: float) -> bytes:
        """As `run`, in a process of its own where the runner has one: for a query the engine may
        abort on (an ORDER BY: Oxigraph 0.5 panics sorting values it cannot order), so an abort ends
        that process only."""
        return self.run(store, text, media_type, max_bytes, timeout)

    def reopen(self, path: Path) -> None:
        """A new build at `path` is being served."""

    def close(self) -> None:
        """Stop what this runner started (query processes)."""


class SandboxRunner(QueryRunner):
    """In this process's query processes, each killed at the limit (and replaced)."""

    def __init__(self, memory_bytes: int = 0):
        self.memory_bytes = memory_bytes  # per query process (0: no limit)
        self._pool: SandboxPool | None = None

    def run(self, store, text, media_type, max_bytes, timeout) -> bytes:
        return self._pool.run(text, media_type, max_bytes, timeout)

    def prewarm(self):
        """Start a query process now, so that the next query does not wait for one."""
        if self._pool is not None:
            self._pool.prewarm()

    def reopen(self, path):
        old, self._pool = self._pool, SandboxPool(path, self.memory_bytes)
        if old is not None:
            old.close()

    def close(self):
        if self._pool is not None:
            self._pool.close()


class WatchdogRunner(QueryRunner):
    """In the calling thread under `watchdog`. `answerer()`, called in the request's thread, gives
    the function that answers that request's client with an error from the watchdog's thread.
    `grace`: how long the process lives on after an overrun (it ends then, and its queries)."""

    def __init__(self, watchdog: Watchdog, answerer, fallback: SandboxRunner, grace: float = 5.0):
        self.watchdog, self.answerer, self.fallback, self.grace = watchdog, answerer, fallback, grace

    def run(self, store, text, media_type, max_bytes, timeout) -> bytes:
        answer = self.answerer()

        def stopped(why: str) -> QueryError:
            if why == "replaced":  # another query filled this process's memory: it ends, come again
                return ServerBusy("this server process is being replaced after another query filled its memory; "
                                  "try again in a moment")
            return timed_out(timeout) if why == "time" else out_of_memory(self.watchdog.max_memory_bytes)

        try:
            return self.watchdog.run(timeout, lambda why: answer(stopped(why)),
                                     run_query, store, text, media_type, max_bytes)
        except NoRoom:  # the worker's query slots are taken
            if self.watchdog.stuck():  # by runaways: the process is retiring
                return self._before_the_end(store, text, media_type, max_bytes, timeout)
            return self.fallback.run(store, text, media_type, max_bytes, timeout)
        except Overrun as overrun:
            raise stopped(overrun.reason) from None

    def run_apart(self, store, text, media_type, max_bytes, timeout) -> bytes:
        if self.watchdog.stuck():
            return self._before_the_end(store, text, media_type, max_bytes, timeout)
        return self.fallback.run(store, text, media_type, max_bytes, timeout)

    def _before_the_end(self, store, text, media_type, max_bytes, timeout) -> bytes:
        """A query that comes to a retiring process (on a connection kept alive) while runaways hold
        its slots: run in a query process, killed at a limit that ends before the process does (so
        the last thread is never stuck), past which it is a 503, to be sent again to a fresh
        process, unless the query's own limit came first (504)."""
        busy = ServerBusy("this server process is being replaced after a runaway query; try again in a moment")
        since = self.watchdog.retiring_since or time.monotonic()
        left = min(timeout, since + self.grace - 1.0 - time.monotonic())
        if left < 0.2:
            raise busy
        try:
            return self.fallback.run(store, text, media_type, max_bytes, left)
        except QueryTimeout:
            if left < timeout:
                raise busy from None
            raise

    def reopen(self, path):
        self.fallback.reopen(path)

    def close(self):
        self.fallback.close()
