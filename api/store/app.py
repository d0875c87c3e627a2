"""The Flask app's store (flaskr's db.py): opened lazily, once per process."""

from __future__ import annotations

import os
import threading

from api.store.local import LocalStore
from api.store.remote import RemoteStore
from api.store.results import DEFAULT_MAX_RESULT_BYTES



def connect(store: str | os.PathLike | None = None, sparql_endpoint: str | None = None,
            query_timeout: float = 10.0, max_result_bytes: int = DEFAULT_MAX_RESULT_BYTES,
            in_memory_max_bytes: int = 0, query_memory_bytes: int = 0):
    """The embedded store at `store`, or the endpoint when one is given."""
    if sparql_endpoint:
        return RemoteStore(sparql_endpoint, query_timeout, max_result_bytes)
    return LocalStore(store, query_timeout, max_result_bytes, in_memory_max_bytes, query_memory_bytes)


_open_lock = threading.Lock()


def init_app(app) -> None:
    """Register the store; it is opened lazily, once per process, since gunicorn forks workers."""
    app.extensions["planlink.store"] = None


def get_store(app=None):
    """This process's store for the app (the current app by default)."""
    if app is None:
        from flask import current_app

        app = current_app._get_current_object()
    held = app.extensions.get("planlink.store")
    if held is None or held[0] != os.getpid():
        with _open_lock:
            held = app.extensions.get("planlink.store")
            if held is None or held[0] != os.getpid():
                config = app.config
                held = (os.getpid(), connect(config["PLANLINK_STORE"], config["PLANLINK_SPARQL_ENDPOINT"],
                                             config["PLANLINK_QUERY_TIMEOUT"], config["PLANLINK_MAX_RESULT_BYTES"],
                                             config["PLANLINK_IN_MEMORY_MAX_BYTES"],
                                             config["PLANLINK_QUERY_MEMORY_BYTES"]))
                app.extensions["planlink.store"] = held
    return held[1]


def close_store(app) -> None:
    """Stop this process's sandboxes (tests; workers' sandboxes die with their worker)."""
    held = app.extensions.get("planlink.store")
    if held is not None and held[0] == os.getpid():
        held[1].close()
        app.extensions["planlink.store"] = None


def open_store(path: str | os.PathLike) -> LocalStore:
    """The built store at `path`; StoreMissing (a PlanlinkError) when there is none (the CLI)."""
    return LocalStore(path)


def read_graph(path: str | os.PathLike):
    """The built store at `path` as an rdflib Graph (validation, tests); StoreMissing when none."""
    from rdflib import Graph  # not at the top: query processes import this package without rdflib

    store = open_store(path)
    try:
        return Graph().parse(data=store.export("nt"), format="nt")
    finally:
        store.close()
