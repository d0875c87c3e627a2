"""`planlink serve`: the app under gunicorn, several workers, each with its own read-only store
and its own query processes."""

from __future__ import annotations

import json
import os
from pathlib import Path

from gunicorn import util as gunicorn_util
from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker

from api import create_app
from api.store import get_store, open_store


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict):
        self.application, self.options = app, options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def _write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own error answer (before the app runs) in planlink's JSON error shape."""
    body = json.dumps({"code": status_int, "status": reason, "message": mesg}).encode("ascii")
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode("latin-1")
    gunicorn_util.write_nonblock(sock, head + body)


class JsonErrorWorker(ThreadWorker):
    """The gthread worker, except that requests gunicorn refuses itself (raw UTF-8 in the URL,
    a malformed request line) are answered with the JSON error body, not gunicorn's HTML."""

    def init_process(self):
        gunicorn_util.write_error = _write_json_error  # only in this worker process
        super().init_process()


def gunicorn_options(host: str, port: int, workers: int, query_timeout: float) -> dict:
    """The production settings: threaded workers (keep-alive; a thread waiting on a slow query
    leaves the others serving), gunicorn's own timeout well beyond the query limit."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "api.serve.JsonErrorWorker",
        "threads": 4,
        "keepalive": 5,
        "timeout": int(max(30, 3 * query_timeout)),
        "graceful_timeout": 5,
        "preload_app": True,
        "accesslog": None,
    }


def run(app, host: str, port: int, workers: int, query_timeout: float) -> None:
    """Serve a WSGI app with the production settings. For a planlink app, each worker starts
    one query process per thread before it takes requests."""
    options = gunicorn_options(host, port, workers, query_timeout)
    if hasattr(app, "extensions"):  # a planlink (Flask) app, not the benchmark's hello world
        options["post_worker_init"] = lambda worker: get_store(app).warm(options["threads"])
    _Gunicorn(app, options).run()


def serve(store, host: str = "127.0.0.1", port: int = 5000, query_timeout: float = 10.0,
          sparql_endpoint: str | None = None, workers: int = 2) -> None:
    if not sparql_endpoint:
        store = os.path.abspath(store)
        open_store(store).close()  # a clear error now rather than in every worker
    app = create_app({"PLANLINK_STORE": str(Path(store)) if store else None,
                      "PLANLINK_SPARQL_ENDPOINT": sparql_endpoint,
                      "PLANLINK_QUERY_TIMEOUT": query_timeout})
    run(app, host, port, workers, query_timeout)
