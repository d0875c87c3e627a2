"""The Flask app's store (flaskr's db.py): opened lazily, once per process, with the process's
query runner (api/store/runner.py) chosen at start-up: `use_runner(app, make_runner)`."""

from __future__ import annotations

import logging
import os
import threading
import time

from planlink.api.store.errors import StoreMissing
from planlink.api.store.local import RECHECK, LocalStore
from planlink.api.store.remote import RemoteStore
from planlink.api.store.results import DEFAULT_MAX_RESULT_BYTES
from planlink.api.store.runner import SandboxRunner

log = logging.getLogger(__name__)


def connect(store: str | os.PathLike | None = None, sparql_endpoint: str | None = None,
            query_timeout: float = 10.0, max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES,
            in_memory_max_bytes: int = 0, query_memory_bytes: int = 0, runner=None):
    """The embedded store at `store`, or the endpoint when one is given."""
    if sparql_endpoint:
        return RemoteStore(sparql_endpoint, query_timeout, max_result_bytes)
    return LocalStore(store, query_timeout, max_result_bytes, in_memory_max_bytes, query_memory_bytes, runner)


_open_lock = threading.Lock()


def init_app(app) -> None:
    """Register the store; it is opened lazily, once per process, since gunicorn forks workers.
    Until `use_runner` says otherwise, user queries run in query processes."""
    app.extensions["planlink.store"] = None
    app.extensions["planlink.make_runner"] = SandboxRunner


def use_runner(app, make_runner) -> None:
    """How this process's store runs user queries: make_runner(query_memory_bytes) → QueryRunner.
    Called at start-up, before the store is opened (a `planlink serve` worker: api/serve.py)."""
    app.extensions["planlink.make_runner"] = make_runner


def get_store(app=None):
    """This process's store for the app (the current app by default). StoreMissing while there is
    no store that opens (tried again every RECHECK seconds, not on every request)."""
    if app is None:
        from flask import current_app

        app = current_app._get_current_object()
    held = app.extensions.get("planlink.store")
    if held is None or held[0] != os.getpid() or held[1] is None:
        with _open_lock:
            held = app.extensions.get("planlink.store")
            if held is None or held[0] != os.getpid() or (held[1] is None and time.monotonic() > held[2]):
                held = _open(app)
                app.extensions["planlink.store"] = held
    if held[1] is None:
        raise StoreMissing(held[3])
    return held[1]


def _open(app) -> tuple:
    """(pid, store, 0, None), or (pid, None, when to try again, why) when the store cannot be opened."""
    config = app.config
    runner = None
    try:
        runner = None if config["PLANLINK_SPARQL_ENDPOINT"] else \
            app.extensions["planlink.make_runner"](config["PLANLINK_QUERY_MEMORY_BYTES"])
        store = connect(config["PLANLINK_STORE"], config["PLANLINK_SPARQL_ENDPOINT"],
                        config["PLANLINK_QUERY_TIMEOUT"], config["PLANLINK_MAX_RESULT_BYTES"],
                        config["PLANLINK_IN_MEMORY_MAX_BYTES"], config["PLANLINK_QUERY_MEMORY_BYTES"], runner)
    except StoreMissing as e:
        if runner is not None:
            runner.close()
        log.error("%s", e)  # the path and the cause, for the operator; the client is told less
        return (os.getpid(), None, time.monotonic() + RECHECK,
                "the service has no store to answer from (it is being built or repaired); try again later")
    return (os.getpid(), store, 0.0, None)


def close_store(app) -> None:
    """Stop this process's sandboxes (tests; workers' sandboxes die with their worker)."""
    held = app.extensions.get("planlink.store")
    if held is not None and held[0] == os.getpid() and held[1] is not None:
        held[1].close()
    app.extensions["planlink.store"] = None


def open_store(path: str | os.PathLike) -> LocalStore:
    """The built store at `path`; StoreMissing (a StoreError) when there is none."""
    return LocalStore(path)


def read_graph(path: str | os.PathLike):
    """The built store at `path` as an rdflib Graph (validation, tests); StoreMissing when none."""
    from rdflib import Graph  # not at the top: query processes import this package without rdflib

    store = open_store(path)
    try:
        return Graph().parse(data=store.export("nt"), format="nt")
    finally:
        store.close()
