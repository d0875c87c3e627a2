"""`planlink serve`: the app under gunicorn, several threaded workers, each with its own
read-only store. With api/connections.py, the one place that writes to clients' sockets itself.

- Connections (api/connections.py): requests read whole and answers spooled in each worker's event
  loop, so that a slow, stalled or never-reading client costs a connection, not a thread; idle
  connections closed, idlest first, when a worker has all it takes.
- User queries run in the request thread under a watchdog (api/store/runner.py's
  WatchdogRunner): a query past the limit is answered here, on its socket, from the watchdog's
  thread, and its worker retires (the process exit is what stops the query) while gunicorn's
  master starts a fresh one. A retiring worker waits for the requests in progress, not for idle
  connections, and not at all once past the memory cap's hard limit.
- A worker that cannot open the store still starts, and answers 503 until a store opens, so
  gunicorn's master never gives up for lack of a store.
"""

from __future__ import annotations

import errno
import os
import socket
import threading
import time
from pathlib import Path

from gunicorn.app.base import BaseApplication
from gunicorn.http import errors as http_errors

from planlink.api import create_app
from planlink.api.connections import Connections, raw_response
from planlink.api.errors import status_of
from planlink.api.store import SandboxRunner, StoreMissing, WatchdogRunner, build_stamp, get_store, use_runner
from planlink.api.store.watchdog import Watchdog, peak_resident_bytes

REQUEST_TIMEOUT = 5.0  # s: a request (head and body) must arrive whole within this

# gunicorn's own refusals (it parses the request line and header fields) and their status
_GUNICORN_STATUS = [(http_errors.LimitRequestLine, 414), (http_errors.LimitRequestHeaders, 431),
                    (http_errors.UnsupportedTransferCoding, 501), (http_errors.ExpectationFailed, 417),
                    (http_errors.ForbiddenProxyRequest, 403), (http_errors.ParseException, 400)]


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict):
        self.application, self.options = app, options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            if key == "control_socket_disable" and key not in self.cfg.settings:
                continue  # gunicorn before 25.1 has no control socket
            self.cfg.set(key, value)

    def load(self):
        return self.application


class PlanlinkWorker(Connections):
    """gunicorn's gthread worker, with its connections handled in its event loop (Connections),
    user queries under a watchdog, and every answer it writes itself in the JSON error shape."""

    watchdog = None
    runner = None
    query_timeout = 0.0
    budget = None  # api/fair_use.py: charged for a query stopped at its limit

    def init_process(self):
        self._local = threading.local()  # the request each thread is answering
        super().init_process()

    def load_wsgi(self):
        super().load_wsgi()
        app, local = self.wsgi, self._local

        def remembered(environ, start_response):  # so that the watchdog can answer this request
            local.environ = environ
            return app(environ, start_response)

        self.wsgi = remembered

    # ------------------------------------------------------------ queries under the watchdog

    def watch_queries(self, app):
        """Give the app's store a WatchdogRunner: user queries in this worker's threads, all but
        one thread at most (one is always left for the requests queued behind runaways)."""
        memory, self.query_timeout = app.config["PLANLINK_QUERY_MEMORY_BYTES"], app.config["PLANLINK_QUERY_TIMEOUT"]
        self.watchdog = Watchdog(self.retire, memory, slots=max(1, self.cfg.threads - 1))
        self.budget = app.extensions.get("planlink.fair_use")
        def make_runner(memory_bytes):
            self.runner = WatchdogRunner(self.watchdog, self.answerer, SandboxRunner(memory_bytes),
                                         grace=self.cfg.graceful_timeout)
            return self.runner

        use_runner(app, make_runner)

    def answerer(self):
        """In a request's thread: how to answer that request from another thread (the watchdog's,
        when its query is stopped): on its socket, then the connection is ended."""
        environ = self._local.environ
        sock, started = environ["gunicorn.socket"].raw, time.monotonic()  # not the spool: its thread is not coming back

        def answer(error):
            if self.budget is not None:  # this thread is not coming back to charge it (api/fair_use.py)
                # at least the whole time limit: a query stopped at its memory limit is quick, but costs a
                # worker all the same (one sent in a loop would keep the workers being replaced)
                spent = time.monotonic() - started
                if status_of(error) != 503:  # not one stopped because another query filled the memory
                    spent = max(spent, self.query_timeout)
                self.budget.charge(environ.get("REMOTE_ADDR", ""), spent)
            sock.settimeout(5.0)
            status = status_of(error)
            sock.sendall(raw_response(status, str(error), {"Retry-After": "1"} if status == 503 else None))
            sock.shutdown(socket.SHUT_RDWR)

        return answer

    def retire(self):
        """After a query overran its time or memory limit: stop taking connections, let the requests in
        progress finish (gunicorn's graceful stop; idle connections have nothing to lose), then end the
        process, and the runaway query with it. Past the memory cap's hard limit it ends at once."""
        self.log.warning("worker %s: a query ran past its time or memory limit; replacing this worker", self.pid)
        self.alive = False
        deadline = time.monotonic() + self.cfg.graceful_timeout
        settled = time.monotonic() + 0.05  # a request that arrived with the overrun is read meanwhile (then busy)
        while time.monotonic() < settled and not self.watchdog.past_hard_limit():
            time.sleep(0.01)
        if self.runner is not None and self._busy() > self.watchdog.stuck():  # for queries on kept-alive connections
            self.runner.fallback.prewarm()
        while self._busy() > self.watchdog.stuck() and time.monotonic() < deadline \
                and not self.watchdog.past_hard_limit():
            time.sleep(0.01)
        if self.watchdog.past_hard_limit():
            self.watchdog.answer_before_the_end()
        self.log.warning("worker %s exits; its peak resident memory was %d MB", self.pid, peak_resident_bytes() >> 20)
        os._exit(0)

    # ------------------------------------------------------------ gunicorn's own refusals

    def handle_error(self, req, client, addr, exc):
        """A request gunicorn refuses itself (raw UTF-8 in the URL, a malformed header), or an error
        outside the app: answered in the JSON error shape, not gunicorn's HTML."""
        status = next((code for kind, code in _GUNICORN_STATUS if isinstance(exc, kind)), 500)
        if status == 500:
            self.log.exception("error handling a request")
            message = "internal error: the server could not answer this request"
        else:
            self.log.warning("invalid request from %s: %s", (addr or ("",))[0], exc)
            message = f"invalid request: {exc}"
        try:
            client.setblocking(True)
            client.settimeout(1.0)
            client.sendall(raw_response(status, message))
        except OSError as e:
            if e.errno not in (errno.EPIPE, errno.ECONNRESET, errno.ENOTCONN, None):
                self.log.debug("could not send the error answer: %s", e)


def gunicorn_options(host: str, port: int, workers: int, query_timeout: float) -> dict:
    """The production settings: threaded workers (keep-alive; a thread on a slow query leaves the
    others serving), gunicorn's own timeout well beyond the query limit."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "planlink.api.serve.PlanlinkWorker",
        "threads": 4,
        "keepalive": 5,
        "timeout": int(max(30, 3 * query_timeout)),
        "graceful_timeout": 5,
        "preload_app": True,
        "accesslog": None,
        # gunicorn's runtime control socket is one path per user ($HOME/.gunicorn/gunicorn.ctl):
        # several servers would take it from each other, and planlink does not use it.
        "control_socket_disable": True,
    }


def run(app, host: str, port: int, workers: int, query_timeout: float) -> None:
    """Serve a WSGI app with the production settings; a planlink app opens its store in each
    worker before it takes requests (or, when it cannot, answers 503 until it can)."""
    options = gunicorn_options(host, port, workers, query_timeout)
    if hasattr(app, "extensions"):  # a planlink (Flask) app, not the benchmark's hello world
        def post_worker_init(worker):
            worker.request_timeout = app.config["PLANLINK_REQUEST_TIMEOUT"]
            worker.max_body = app.config["MAX_CONTENT_LENGTH"]
            worker.watch_queries(app)
            try:
                get_store(app)
            except StoreMissing as e:  # never fatal: the master would shut the whole server down
                worker.log.error("worker %s starts without a store, answering 503: %s", worker.pid, e)

        options["post_worker_init"] = post_worker_init
    _Gunicorn(app, options).run()


def serve(store, host: str = "127.0.0.1", port: int = 5000, query_timeout: float = 10.0,
          sparql_endpoint: str | None = None, workers: int = 2, query_memory_mb: int = 2048,
          query_budget: float = 20.0, request_timeout: float = REQUEST_TIMEOUT, proxies: int = 0,
          dumps: str | None = None, releases: str | None = None) -> None:
    if not sparql_endpoint:
        store = os.path.abspath(store)
        build_stamp(store)  # a clear error now rather than in every worker (and no RocksDB before the fork)
    app = create_app({"PLANLINK_STORE": str(Path(store)) if store else None,
                      "PLANLINK_SPARQL_ENDPOINT": sparql_endpoint,
                      "PLANLINK_QUERY_TIMEOUT": query_timeout,
                      "PLANLINK_QUERY_MEMORY_BYTES": query_memory_mb << 20,
                      "PLANLINK_QUERY_BUDGET": query_budget,
                      "PLANLINK_REQUEST_TIMEOUT": request_timeout,
                      "PLANLINK_PROXIES": proxies,
                      "PLANLINK_DUMPS": os.path.abspath(dumps) if dumps else None,
                      "PLANLINK_RELEASES": os.path.abspath(releases) if releases else None})
    run(app, host, port, workers, query_timeout)
