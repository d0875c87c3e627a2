"""Time limits for user queries run inside a server worker process.

pyoxigraph has no timeout and cannot be interrupted, but it lets go of the GIL while it
evaluates. So a query can run in the worker's own request thread, cheaply, while a watchdog
thread watches the clock: at the limit it answers the client itself (`on_overrun`) and then
retires the worker, whose process exit is what really stops the query. Only a process that is
replaced when it ends may install one: a gunicorn worker (api/serve.py). Elsewhere (the Flask
test client, `flask run`) no watchdog is installed and the store falls back to its killable
query processes.
"""

from __future__ import annotations

import itertools
import threading
import time

POLL = 0.05  # s: how late past its limit a runaway query may be noticed


class Watchdog:
    def __init__(self, retire):
        """retire(): called once, in a thread of its own, after the first overrun has been answered;
        it must end the process once the other requests are done (`stuck()` of them never will)."""
        self._retire = retire
        self._running: dict[int, tuple[float, object]] = {}  # query number → (deadline, on_overrun)
        self._overrun: set[int] = set()
        self._lock = threading.Lock()
        self._numbers = itertools.count()
        self._thread = threading.Thread(target=self._watch, name="planlink-watchdog", daemon=True)
        self._thread.start()

    def run(self, timeout: float, on_overrun, fn, *args):
        """fn(*args) under the time limit. Past the limit, on_overrun() answers the client from the
        watchdog thread, and fn's own answer, if it ever comes, is dropped (Overrun)."""
        key = next(self._numbers)
        with self._lock:
            self._running[key] = (time.monotonic() + timeout, on_overrun)
        try:
            return fn(*args)
        finally:
            with self._lock:
                self._running.pop(key, None)
                overrun = key in self._overrun
                self._overrun.discard(key)
            if overrun:
                raise Overrun()

    def stuck(self) -> int:
        """Queries answered by the watchdog and still running."""
        with self._lock:
            return len(self._overrun)

    def _watch(self):
        retiring = False
        while True:
            time.sleep(POLL)
            now = time.monotonic()
            with self._lock:
                late = [(k, answer) for k, (deadline, answer) in self._running.items()
                        if deadline <= now and k not in self._overrun]
                self._overrun.update(k for k, _ in late)
            for _, answer in late:
                try:
                    answer()
                except OSError:
                    pass  # the client has gone: nothing to tell it
            if late and not retiring:
                retiring = True
                threading.Thread(target=self._retire, name="planlink-retire", daemon=True).start()


class Overrun(Exception):
    """A query that ran past its limit; the watchdog has answered its client already."""


_installed: Watchdog | None = None


def install(watchdog: Watchdog) -> None:
    global _installed
    _installed = watchdog


def installed() -> Watchdog | None:
    return _installed
