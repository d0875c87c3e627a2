"""Time limits for user queries run inside a server worker process.

pyoxigraph has no timeout and cannot be interrupted, but it lets go of the GIL while it
evaluates. So a query can run in the worker's own request thread, cheaply, while a watchdog
thread watches the clock: at the limit it answers the client itself (`on_overrun`) and then
retires the worker, whose process exit is what really stops the query. Only a process that is
replaced when it ends may run queries this way: a gunicorn worker (api/serve.py gives its store a
WatchdogRunner, api/store/runner.py).

Each look (every POLL) works on a snapshot of the running queries taken under the lock: a query
that starts during a look is judged at the next one. (The look used to test the shared dict of
running queries outside the lock, and `limit and running and rss > limit` then kept the dict
itself, empty at that moment: when a query started before the dict was read again, that truthy
dict counted as "past the memory limit", and every query running was stopped with a 422 — 1 in
about 60,000 light queries under load, with the worker at 50 MB of its 2 GB.)
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time

log = logging.getLogger(__name__)

POLL = 0.05  # s: how late past its limit a runaway query may be noticed
HARD_LIMIT = 1.5  # × max_memory_bytes: past it, a retiring process ends at once (`past_hard_limit`)
SLOT_WAIT = 0.1  # s: how long a query waits for a slot before it is sent elsewhere (NoRoom)


class Watchdog:
    def __init__(self, retire, max_memory_bytes: int = 0, slots: int = 1):
        """retire(): called once, in a thread of its own, after the first overrun has been answered;
        it must end the process once the other requests are done (`stuck()` of them never will).
        max_memory_bytes: when the process grows past this (0: no limit), every query running is
        stopped the same way, since a sort or a join can fill memory well before its time limit.
        slots: how many queries may run here at once; give fewer than the server's threads, so that
        runaways never hold them all and the requests queued behind them are still served."""
        self._retire = retire
        self.max_memory_bytes = max_memory_bytes
        self._slots = slots
        self._running: dict[int, tuple[float, object]] = {}  # query number → (deadline, on_overrun)
        self._overrun: dict[int, str] = {}  # query number → why it was stopped ("time", "memory")
        self._lock = threading.Lock()
        self._slot_freed = threading.Condition(self._lock)
        self._numbers = itertools.count()
        self.retiring_since: float | None = None  # when the first overrun was answered
        self._thread = threading.Thread(target=self._watch, name="planlink-watchdog", daemon=True)
        self._thread.start()

    def run(self, timeout: float, on_overrun, fn, *args, slot: bool = True):
        """fn(*args) under the time limit. Past the limit, on_overrun(reason) answers the client from
        the watchdog thread (reason: "time", "memory", or "replaced" for a query stopped because
        another filled the memory), and fn's own answer, if it ever comes, is
        dropped (Overrun). NoRoom, before anything runs, when all slots stay taken for SLOT_WAIT.
        slot=False: run without waiting for a slot (a retiring process, whose end is near anyway)."""
        key = next(self._numbers)
        with self._lock:
            # a busy moment passes within SLOT_WAIT (cheaper than a query process); runaways do not
            if slot and not self._slot_freed.wait_for(lambda: len(self._running) < self._slots, SLOT_WAIT):
                raise NoRoom()
            self._running[key] = (time.monotonic() + timeout, on_overrun)
        try:
            return fn(*args)
        finally:
            with self._lock:
                self._running.pop(key, None)
                reason = self._overrun.pop(key, None)
                self._slot_freed.notify()
            if reason is not None:
                raise Overrun(reason)

    def past_hard_limit(self) -> bool:
        """The process has grown past half again its memory limit: the query stopped at the limit is
        still allocating (pyoxigraph cannot be interrupted), and only the process's end stops it."""
        return bool(self.max_memory_bytes) and resident_bytes() > HARD_LIMIT * self.max_memory_bytes

    def stuck(self) -> int:
        """Queries answered by the watchdog and still running."""
        with self._lock:
            return len(self._overrun)

    def _watch(self):
        retiring = False
        while True:
            time.sleep(POLL)
            late = self._look()
            self._answer(late)
            if late and not retiring:
                retiring, self.retiring_since = True, time.monotonic()
                threading.Thread(target=self._retire, name="planlink-retire", daemon=True).start()

    def answer_before_the_end(self) -> None:
        """The process is about to end (past its hard memory limit): answer now every query still
        running and not answered (the memory may have leapt past both limits between two looks)."""
        self._answer(self._look(memory_over=True))

    @staticmethod
    def _answer(late: list) -> None:
        for answer, reason in late:
            try:
                answer(reason)
            except OSError:
                pass  # the client has gone: nothing to tell it
            except Exception:  # noqa: BLE001 — the watchdog must outlive any one answer
                log.exception("could not answer a query stopped at its %s limit", reason)

    def _look(self, memory_over: bool = False) -> list:
        """(on_overrun, reason) of each query to stop now, marked as stopped."""
        with self._lock:
            running = [(k, deadline, answer) for k, (deadline, answer) in self._running.items()
                       if k not in self._overrun]
        if not running:
            return []
        now = time.monotonic()
        too_big = memory_over or (bool(self.max_memory_bytes) and resident_bytes() > self.max_memory_bytes)
        # Past the memory limit, the query that has run longest is taken for the one that filled it
        # ("memory", 422); any other running here is told to come again (503), for this process ends.
        # (Once one has been, the process is ending: a query that comes meanwhile is not blamed.)
        with self._lock:
            blamed = "memory" in self._overrun.values()
        hog = min(running, key=lambda query: query[1])[0] if too_big and not blamed else None
        late = [(k, answer, "time" if deadline <= now else "memory" if k == hog else "replaced")
                for k, deadline, answer in running if deadline <= now or too_big]
        with self._lock:
            late = [(k, answer, reason) for k, answer, reason in late if k in self._running]  # not ended meanwhile
            self._overrun.update((k, reason) for k, _, reason in late)
        return [(answer, reason) for _, answer, reason in late]


def resident_bytes() -> int:
    """This process's resident memory (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def peak_resident_bytes() -> int:
    """This process's peak resident memory so far (Linux's VmHWM; 0 elsewhere)."""
    try:
        with open("/proc/self/status") as f:
            return next((int(line.split()[1]) << 10 for line in f if line.startswith("VmHWM:")), 0)
    except (OSError, ValueError):
        return 0


class NoRoom(Exception):
    """All of the watchdog's slots are taken: run the query elsewhere."""


class Overrun(Exception):
    """A query that ran past its limit; the watchdog has answered its client already."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "time", "memory" or "replaced", as on_overrun was told


