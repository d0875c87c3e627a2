"""Fair use of /sparql, as the Wikidata Query Service does it: each client (its address) has a
budget of query time, `seconds_per_minute`, refilled continuously (a token bucket). A client
that has spent it is answered 429 with Retry-After until it has some again; other clients are
not affected. A running query holds a fifth of the budget until it ends (then the time it took
is charged instead), so a client runs at most five queries at once: runaways sent in parallel
are stopped at the door like runaways sent one after another.

The budget table lives in shared memory made before gunicorn forks its workers, so a client
spends one budget whichever worker answers it. Each process locks the table with a POSIX
record lock (released by the kernel if the process dies holding it) and its threads with a
mutex; a look costs a few microseconds. A table of SLOTS entries: past that many busy clients,
two may share an entry (each then has less, never more, than its budget).
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import math
import mmap
import struct
import tempfile
import threading
import time

from flask import request
from werkzeug.wrappers import Response

from planlink.api.errors import error_json
from planlink.api.middleware import STANDARD_HEADERS

SLOTS = 4096
PROBES = 8  # entries tried for a client before it shares one
CONCURRENT = 5  # queries a client may run at once (each holds this share of its budget)
_ENTRY = struct.Struct("=Qdd")  # client key, seconds left, when they were counted (CLOCK_MONOTONIC)


class Budget:
    def __init__(self, seconds_per_minute: float):
        self.capacity = float(seconds_per_minute)
        self.rate = self.capacity / 60.0  # seconds of query time regained per second
        self._file = tempfile.TemporaryFile()
        self._file.truncate(SLOTS * _ENTRY.size)
        self._table = mmap.mmap(self._file.fileno(), SLOTS * _ENTRY.size)  # shared with forked workers
        self._fd = self._file.fileno()
        self._lock = threading.Lock()  # among this process's threads; lockf: among the processes

    def start(self, client: str) -> float:
        """A query of `client` may start: 0, and a fifth of its budget is held until `end`; or
        the seconds before it may (nothing held)."""
        hold = self.capacity / CONCURRENT
        key = _key(client)
        with self._lock:
            fcntl.lockf(self._fd, fcntl.LOCK_EX)
            try:
                offset, left, now = self._entry(key)
                if left < hold:
                    return (hold - left) / self.rate + 1e-3
                _ENTRY.pack_into(self._table, offset, key, left - hold, now)
            finally:
                fcntl.lockf(self._fd, fcntl.LOCK_UN)
        return 0.0

    def end(self, client: str, seconds: float) -> None:
        """The query `start` let through took `seconds`: its hold is given back, its time charged."""
        self.charge(client, seconds - self.capacity / CONCURRENT)

    def charge(self, client: str, seconds: float) -> None:
        """`client` used `seconds` of query time."""
        key = _key(client)
        with self._lock:
            fcntl.lockf(self._fd, fcntl.LOCK_EX)
            try:
                offset, left, now = self._entry(key)
                _ENTRY.pack_into(self._table, offset, key, left - seconds, now)
            finally:
                fcntl.lockf(self._fd, fcntl.LOCK_UN)

    def _entry(self, key: int) -> tuple[int, float, float]:
        """(offset, seconds left now, now) of the client's entry; a new client takes a free entry
        (one whose owner has its whole budget back) and starts with the whole budget."""
        now, table, capacity, rate = time.monotonic(), self._table, self.capacity, self.rate
        start = key % SLOTS
        free = None
        for probe in range(PROBES):
            offset = (start + probe) % SLOTS * _ENTRY.size
            owner, left, when = _ENTRY.unpack_from(table, offset)
            left = min(capacity, left + (now - when) * rate)
            if owner == key:
                return offset, left, now
            if free is None and (owner == 0 or left >= capacity):
                free = offset
        if free is None:  # every entry busy: share the first
            offset = start * _ENTRY.size
            left, when = _ENTRY.unpack_from(table, offset)[1:]
            return offset, min(capacity, left + (now - when) * rate), now
        return free, capacity, now


@functools.lru_cache(maxsize=SLOTS)  # a hash costs more than the rest of a look
def _key(client: str) -> int:
    return int.from_bytes(hashlib.blake2b(client.encode(), digest_size=8).digest(), "big") or 1


ENDPOINT = "sparql.Sparql"  # the view that runs users' queries (api/views/sparql.py)
_STARTED = "planlink.fair_use.started"  # in a request's environ: when its query was let in


class FairUse:
    """Who is charged: every request that reaches the query endpoint, however its path is spelt.
    Flask's router decides (`request.endpoint`, in the hook `init_app` installs): `//sparql` and
    `/%2Fsparql` route to the same view as `/sparql`, and used to escape a check of the path's text.
    The one spelling answered in front of Flask (api/middleware.py's FastPath: exactly `/sparql`)
    is checked here, before it; Flask's hook skips a request already let in. (A query the watchdog
    stops is charged by the server, api/serve.py, since its thread does not come back: its hold is
    never given back.)"""

    def __init__(self, wsgi_app, budget: Budget, path: str = "/sparql"):
        self.wsgi_app, self.budget, self.path = wsgi_app, budget, path

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != self.path or environ.get("REQUEST_METHOD") == "OPTIONS":
            return self.wsgi_app(environ, start_response)  # Flask routes it, and its hook decides
        refused = self.admit(environ)
        if refused is not None:
            return refused(environ, start_response)
        try:
            return self.wsgi_app(environ, start_response)
        finally:
            self.finish(environ)

    def admit(self, environ) -> Response | None:
        """None, the query let in (its hold taken); or the 429 answer of a client over its budget."""
        wait = self.budget.start(environ.get("REMOTE_ADDR", ""))
        if not wait:
            environ[_STARTED] = time.monotonic()
            return None
        retry = max(1, math.ceil(wait))
        body = error_json(429, f"this client has used its query time ({self.budget.capacity:g} s a minute, "
                               f"{CONCURRENT} queries at once); try again in {retry} s")
        return Response(body, 429, [("Content-Type", "application/json"), ("Retry-After", str(retry)),
                                    ("Cache-Control", "no-store"), *STANDARD_HEADERS])

    def finish(self, environ) -> None:
        """The query let in has ended: charge the time it took (once)."""
        started = environ.pop(_STARTED, None)
        if started is not None:
            self.budget.end(environ.get("REMOTE_ADDR", ""), time.monotonic() - started)


def init_app(app, budget: Budget) -> None:
    """Charge every request Flask routes to the query endpoint, and the fast path's own spelling."""
    fair_use = FairUse(app.wsgi_app, budget)
    app.wsgi_app = fair_use

    @app.before_request
    def query_budget():
        if request.endpoint == ENDPOINT and request.method != "OPTIONS" and _STARTED not in request.environ:
            return fair_use.admit(request.environ)
        return None

    @app.teardown_request
    def charge_query_time(_error):
        fair_use.finish(request.environ)
