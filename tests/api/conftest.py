"""Fixtures of the API tests: the hand-written mini graph in a temporary store, the app and its
test client over it, the real build (where the loaders exist), and real servers on loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "data" / "mini.ttl"
VENV_BIN = Path(sys.executable).parent
BASE = "https://planlink.example/"


def mini_graph() -> Graph:
    return Graph().parse(MINI, format="turtle")


@pytest.fixture(scope="session")
def mini_store(tmp_path_factory) -> Path:
    """tests/data/mini.ttl written with the build's own writer."""
    from planlink.api.store import write_store

    out = tmp_path_factory.mktemp("mini") / "store"
    write_store(mini_graph().serialize(format="nt", encoding="utf-8"), out)
    return out


def make_app(store: Path, **config):
    from planlink.api import create_app

    return create_app({"TESTING": True, "PLANLINK_STORE": str(store), "PLANLINK_QUERY_TIMEOUT": 2.0, **config})


@pytest.fixture(scope="session")
def mini_site_store(tmp_path_factory) -> Path:
    """The mini graph with the ontology beside it, as a build stores them (pages take their
    code-list labels from the ontology in the store)."""
    from planlink.api.store import write_store

    out = tmp_path_factory.mktemp("mini-site") / "store"
    graph = mini_graph().parse(ROOT / "ontology" / "planlink.ttl", format="turtle")
    write_store(graph.serialize(format="nt", encoding="utf-8"), out)
    return out


@pytest.fixture(scope="module")
def app(mini_store):
    from planlink.api.store import close_store

    app = make_app(mini_store)
    yield app
    close_store(app)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def site_client(mini_site_store):
    """A client of the mini graph with the ontology in the store, for the pages."""
    from planlink.api.store import close_store

    app = make_app(mini_site_store)
    yield app.test_client()
    close_store(app)


@pytest.fixture(scope="module")
def real_client(real_store):
    """A test client of the app over the real build."""
    from planlink.api.store import close_store

    app = make_app(real_store)
    yield app.test_client()
    close_store(app)


@pytest.fixture(scope="session")
def real_store(request) -> Path:
    """The real build (tests/conftest.py's built_store)."""
    return request.getfixturevalue("built_store")


# ---------------------------------------------------------------- real server processes

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process in its own process group, killed (group and all) by `stop`."""

    def __init__(self, args: list[str], url: str, ready_path: str, log: Path, cwd: Path = ROOT):
        self.url = url
        self._log = open(log, "wb")
        self.process = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True, cwd=cwd)
        deadline = time.monotonic() + 20
        while True:
            if self.process.poll() is not None:
                self.stop()
                raise RuntimeError(f"{args[0]} exited: {log.read_text(errors='replace')[-2000:]}")
            try:
                if requests.get(url + ready_path, timeout=1).status_code < 500:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{args[0]} did not answer within 20 s: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)

    def cpu_seconds(self) -> float:
        """CPU time of the server's live processes (its process group), from /proc."""
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended meanwhile
            if int(fields[3]) == self.process.pid:  # the process group
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(timeout=5)
        self._log.close()


def planlink_server(tmp_path: Path, *args: str) -> Server:
    port = free_port()
    return Server([str(VENV_BIN / "planlink"), "serve", "--host", "127.0.0.1", "--port", str(port), *args],
                  f"http://127.0.0.1:{port}", "/openapi.json", tmp_path / f"planlink-{port}.log")


def oxigraph_server(tmp_path: Path, store: Path) -> Server:
    port = free_port()
    return Server([str(VENV_BIN / "oxigraph"), "serve-read-only", "--location", str(store),
                   "--bind", f"127.0.0.1:{port}"],
                  f"http://127.0.0.1:{port}", "/query?query=ASK%7B%7D", tmp_path / f"oxigraph-{port}.log")


@pytest.fixture(scope="module")
def live_server(mini_store, tmp_path_factory):
    """`planlink serve` over the mini store, as users run it (2 workers, the default limits)."""
    server = planlink_server(tmp_path_factory.mktemp("live"), "--store", str(mini_store), "--workers", "2")
    yield server
    server.stop()
