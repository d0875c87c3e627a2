"""`planlink serve`: the app under gunicorn, several threaded workers, each with its own
read-only store. User queries run in the request thread under a watchdog: a query past the
limit is answered with a 504 by the watchdog, and its worker retires (the process exit is what
stops the query) while gunicorn's master starts a fresh one."""

from __future__ import annotations

import os
import time
from pathlib import Path

from gunicorn import util as gunicorn_util
from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

from api import create_app, watchdog
from api.errors import raw_response
from api.store import build_stamp, get_store


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


def _write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own error answer (before the app runs) in planlink's JSON error shape."""
    gunicorn_util.write_nonblock(sock, raw_response(status_int, mesg))


class PlanlinkWorker(ThreadWorker):
    """The gthread worker, with a watchdog for the queries run in its threads, and with the
    requests gunicorn refuses itself (raw UTF-8 in the URL, a malformed request line) answered
    with the JSON error body, not gunicorn's HTML."""

    watchdog = None

    def init_process(self):
        gunicorn_util.write_error = _write_json_error  # only in this worker process
        super().init_process()

    def watch_queries(self, max_rss_bytes: int):
        """Run this worker's user queries in its threads, under a watchdog (api/watchdog.py), all
        but one thread at most: one is always left for the requests queued behind runaways."""
        self.watchdog = watchdog.Watchdog(self.retire, max_rss_bytes, slots=max(1, self.cfg.threads - 1))
        watchdog.install(self.watchdog)

    def retire(self):
        """After a query overran its time or memory limit: stop taking connections, let the other requests
        finish (gunicorn's graceful stop), then end the process, and the runaway query with it."""
        self.log.warning("worker %s: a query ran past its time or memory limit; replacing this worker", self.pid)
        self.alive = False
        deadline = time.monotonic() + self.cfg.graceful_timeout
        while getattr(self, "nr_conns", 0) > self.watchdog.stuck() and time.monotonic() < deadline:
            time.sleep(0.02)
        os._exit(0)


def gunicorn_options(host: str, port: int, workers: int, query_timeout: float) -> dict:
    """The production settings: threaded workers (keep-alive; a thread on a slow query leaves the
    others serving), gunicorn's own timeout well beyond the query limit."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "api.serve.PlanlinkWorker",
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
    worker before it takes requests."""
    options = gunicorn_options(host, port, workers, query_timeout)
    if hasattr(app, "extensions"):  # a planlink (Flask) app, not the benchmark's hello world
        def post_worker_init(worker):
            get_store(app)
            worker.watch_queries(app.config["PLANLINK_QUERY_MEMORY_BYTES"])

        options["post_worker_init"] = post_worker_init
    _Gunicorn(app, options).run()


def serve(store, host: str = "127.0.0.1", port: int = 5000, query_timeout: float = 10.0,
          sparql_endpoint: str | None = None, workers: int = 2, query_memory_mb: int = 2048) -> None:
    if not sparql_endpoint:
        store = os.path.abspath(store)
        build_stamp(store)  # a clear error now rather than in every worker (and no RocksDB before the fork)
    app = create_app({"PLANLINK_STORE": str(Path(store)) if store else None,
                      "PLANLINK_SPARQL_ENDPOINT": sparql_endpoint,
                      "PLANLINK_QUERY_TIMEOUT": query_timeout,
                      "PLANLINK_QUERY_MEMORY_BYTES": query_memory_mb << 20})
    run(app, host, port, workers, query_timeout)
