"""`planlink serve`: the app under gunicorn, several threaded workers, each with its own
read-only store. The one place that writes to clients' sockets itself.

- Requests are read whole before a thread is given to them: each worker's event loop gathers a
  request's bytes (api/framing.py says where it ends) without blocking, so a slow or stalled
  client costs a connection, not a thread. A request not whole within `request_timeout` is
  answered 408, a body past the size limit 413 (chunked or not), malformed framing 400.
- User queries run in the request thread under a watchdog (api/store/runner.py's
  WatchdogRunner): a query past the limit is answered here, on its socket, from the watchdog's
  thread, and its worker retires (the process exit is what stops the query) while gunicorn's
  master starts a fresh one.
- A worker that cannot open the store still starts, and answers 503 until a store opens, so
  gunicorn's master never gives up for lack of a store.
"""

from __future__ import annotations

import errno
import os
import selectors
import socket
import threading
import time
from functools import partial
from http import HTTPStatus
from pathlib import Path

from gunicorn.app.base import BaseApplication
from gunicorn.http import errors as http_errors
from gunicorn.workers.gthread import ThreadWorker

from planlink.api import create_app, framing
from planlink.api.middleware import CORS_HEADERS
from planlink.api.errors import error_json, status_of
from planlink.api.store import SandboxRunner, StoreMissing, WatchdogRunner, build_stamp, get_store, use_runner
from planlink.api.store.watchdog import Watchdog

REQUEST_TIMEOUT = 5.0  # s: a request (head and body) must arrive whole within this
MAX_BODY = 1024 * 1024  # when the app does not say (the benchmark's hello world)
LINGER = 2.0  # s: after refusing a request, how long its body is read and dropped, so the answer arrives


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


def raw_response(code: int, message: str, headers: dict | None = None) -> bytes:
    """A whole HTTP/1.1 error answer in the JSON shape, written on a client's socket: CORS on, not
    cached, connection closed."""
    body = error_json(code, message)
    head = "".join(f"{name}: {value}\r\n" for name, value in [*CORS_HEADERS, *(headers or {}).items()])
    return (f"HTTP/1.1 {code} {HTTPStatus(code).phrase}\r\nConnection: close\r\nCache-Control: no-store\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n{head}\r\n").encode("latin-1") + body


# gunicorn's own refusals (it parses the request line and header fields) and their status
_GUNICORN_STATUS = [(http_errors.LimitRequestLine, 414), (http_errors.LimitRequestHeaders, 431),
                    (http_errors.UnsupportedTransferCoding, 501), (http_errors.ExpectationFailed, 417),
                    (http_errors.ForbiddenProxyRequest, 403), (http_errors.ParseException, 400)]


class PlanlinkWorker(ThreadWorker):
    """gunicorn's gthread worker, with requests read whole in its event loop before a thread
    takes them, user queries under a watchdog, and every answer it writes itself in the JSON
    error shape."""

    request_timeout = REQUEST_TIMEOUT
    max_body = MAX_BODY
    watchdog = None
    runner = None
    budget = None  # api/fair_use.py: charged for a query stopped at its limit

    def init_process(self):
        self._receiving: dict[int, object] = {}  # fd → connection whose request is being read
        self._local = threading.local()  # the request each thread is answering
        super().init_process()

    def load_wsgi(self):
        super().load_wsgi()
        app, local = self.wsgi, self._local

        def remembered(environ, start_response):  # so that the watchdog can answer this request
            local.environ = environ
            return app(environ, start_response)

        self.wsgi = remembered

    # ------------------------------------------------------------ reading requests whole

    def enqueue_req(self, conn):
        """Every connection, new, kept alive or with a pipelined request, goes through here: its
        request is read in the event loop, and only a whole one goes to a thread."""
        buffered = conn.parser.unreader.take_buffered() if conn.parser is not None else b""
        conn.received, conn.continued, conn.refused, conn.progress = buffered, False, False, {}
        conn.deadline = time.monotonic() + self.request_timeout
        conn.sock.setblocking(False)
        if not (buffered and self._advance(conn)):
            self._receiving[conn.sock.fileno()] = conn
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._readable, conn))

    def _readable(self, conn, sock):
        try:
            data = sock.recv(256 * 1024)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the client has gone
            self._drop(conn)
        elif conn.refused:
            pass  # the body of a refused request, read and dropped (see _refuse)
        else:
            conn.received += data
            if self._advance(conn):
                self._receiving.pop(sock.fileno(), None)
                self.poller.unregister(sock)

    def _advance(self, conn) -> bool:
        """Act on what has arrived; True once the connection has left this stage."""
        found = framing.frame(conn.received, self.max_body, conn.progress)
        if found is None:
            if not conn.continued:
                head = framing.head(conn.received.lstrip(b"\r\n"))
                if isinstance(head, framing.Head) and head.expects_continue:
                    conn.continued = True
                    self._send(conn.sock, b"HTTP/1.1 100 Continue\r\n\r\n")
            return False
        if isinstance(found, framing.Refused):
            self._refuse(conn, found.status, found.message)
            return False
        conn.sock.setblocking(True)
        conn.init()
        conn.data_ready = True
        conn.parser.unreader.unread(found.request + found.rest)
        super().enqueue_req(conn)
        return True

    def _refuse(self, conn, status: int, message: str):
        """Answer and close; what the client goes on sending meanwhile is read and dropped for up
        to LINGER seconds, so that the answer reaches it rather than a reset."""
        self._send(conn.sock, raw_response(status, message))
        try:
            conn.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        conn.refused, conn.deadline = True, time.monotonic() + LINGER

    @staticmethod
    def _send(sock, data: bytes):
        try:
            sock.send(data)  # a few hundred bytes into an empty send buffer
        except OSError:
            pass

    def _drop(self, conn):
        fd = conn.sock.fileno()
        if self._receiving.pop(fd, None) is not None:
            try:
                self.poller.unregister(conn.sock)
            except (KeyError, ValueError, OSError):
                pass
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self):
        """Also, every loop: a request not whole by its deadline is answered 408 (a connection
        that sent nothing is just closed, as an idle kept-alive one), and a refused one closed."""
        super().murder_pending()
        now = time.monotonic()
        for conn in [c for c in self._receiving.values() if c.deadline <= now]:
            if conn.refused or not conn.received.strip(b"\r\n"):
                self._drop(conn)
            else:
                self._refuse(conn, 408, f"the request did not arrive whole within {self.request_timeout:g} s")

    # ------------------------------------------------------------ queries under the watchdog

    def watch_queries(self, app):
        """Give the app's store a WatchdogRunner: user queries in this worker's threads, all but
        one thread at most (one is always left for the requests queued behind runaways)."""
        memory = app.config["PLANLINK_QUERY_MEMORY_BYTES"]
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
        sock, started = environ["gunicorn.socket"], time.monotonic()

        def answer(error):
            if self.budget is not None:  # this thread is not coming back to charge it (api/fair_use.py)
                self.budget.charge(environ.get("REMOTE_ADDR", ""), time.monotonic() - started)
            sock.settimeout(5.0)
            status = status_of(error)
            sock.sendall(raw_response(status, str(error), {"Retry-After": "1"} if status == 503 else None))
            sock.shutdown(socket.SHUT_RDWR)

        return answer

    def retire(self):
        """After a query overran its time or memory limit: stop taking connections, let the other requests
        finish (gunicorn's graceful stop), then end the process, and the runaway query with it."""
        self.log.warning("worker %s: a query ran past its time or memory limit; replacing this worker", self.pid)
        self.alive = False
        deadline = time.monotonic() + self.cfg.graceful_timeout
        if self.runner is not None:  # for the queries still to come on kept-alive connections
            self.runner.fallback.prewarm()
        while self.nr_conns - self._idle() > self.watchdog.stuck() and time.monotonic() < deadline:
            time.sleep(0.02)
        os._exit(0)

    def _idle(self) -> int:
        """Connections with nothing to lose: answered already (their body being dropped)."""
        return sum(1 for conn in list(self._receiving.values()) if conn.refused)

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
