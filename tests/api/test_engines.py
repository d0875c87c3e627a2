"""A second engine: the real build put into Virtuoso and into an Oxigraph server by `planlink publish`,
served by `planlink serve --sparql-endpoint`, answers every JSON path and every page as the
embedded store does. Virtuoso comes from Debian (.ci/run installs it); deploy/virtuoso starts it."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests

from tests.api.conftest import ROOT, VENV_BIN, Server, free_port, planlink_server

VIRTUOSO = shutil.which("virtuoso-t")
pytestmark = pytest.mark.skipif(VIRTUOSO is None and not os.environ.get("CI"),
                                reason="virtuoso-t is not installed: `sudo make system-deps` installs virtuoso-opensource")

JSON_PATHS = [
    "/api/v1/plans", "/api/v1/plans/jiangsu", "/api/v1/plans/national", "/api/v1/plans/shanghai",
    "/api/v1/sections?plan=shanghai&limit=500", "/api/v1/sections?limit=500&offset=3",
    "/api/v1/sections?plan=national&limit=20&offset=40",
    "/api/v1/indicators?limit=500", "/api/v1/indicators?plan=jiangsu&attribute=binding",
    "/api/v1/indicators?q=社区", "/api/v1/indicators?limit=5&offset=3", "/api/v1/indicators/jiangsu-i7",
    "/api/v1/indicators/shanghai-i1", "/api/v1/projects?limit=500", "/api/v1/projects?plan=jiangsu",
    "/api/v1/commitments?limit=500", "/api/v1/commitments?plan=shanghai&limit=3&offset=2",
    "/api/v1/departments", "/api/v1/departments?limit=10&offset=5", "/api/v1/regions",
    "/api/v1/search?q=社区工作者&limit=500", "/api/v1/search?q=养老&limit=20&offset=20", '/api/v1/search?q="}\\',
    "/api/v1/indicators?limit=0", "/api/v1/indicators/nothing", "/api/v1/sections?plan=atlantis",
    "/api/v1/measures?limit=500", "/api/v1/measures/certified-community-workers", "/api/v1/measures/nothing",
    "/sdmx/dataflow/all/all/latest", "/sdmx/codelist/PLANLINK/CL_MEASURE", "/sdmx/data/INDICATOR_TARGETS/jiangsu..",
    "/api/v1", "/api/v1/indicators.csv-metadata.json", "/api/v1/measures.csv-metadata.json",
]
# every collection as CSV too (the same rows, through the same services)
CSV_PATHS = ["/api/v1/plans", "/api/v1/sections?limit=500", "/api/v1/indicators?limit=500", "/api/v1/measures?limit=500",
             "/api/v1/projects?limit=500", "/api/v1/commitments?limit=500", "/api/v1/departments?limit=500",
             "/api/v1/regions", "/api/v1/search?q=养老&limit=500"]
PAGES = ["/plan/jiangsu", "/plan/national", "/plan/jiangsu/indicator/7", "/plan/shanghai/indicator/1",
         "/plan/national/section/1.1", "/plan/shanghai/section/3.1", "/plan/jiangsu/section/1.1",
         "/org/ministry-of-civil-affairs", "/region/320000", "/def/", "/def/IndicatorTarget",
         "/", "/plan/jiangsu/project/1", "/measure/certified-community-workers", "/compare/",
         "/compare/certified-community-workers", "/matrix", "/search?q=养老", "/source/jiangsu", "/sparql"]


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer in {seconds:g} s: {log.read_text(errors='replace')[-2000:]}")


class Virtuoso:
    """deploy/virtuoso/start.sh on free loopback ports, with its database in a temporary directory."""

    def __init__(self, directory: Path):
        self.http = free_port()
        self.log = directory / "virtuoso.out"
        self.process = subprocess.Popen([str(ROOT / "deploy" / "virtuoso" / "start.sh"), str(directory / "db"),
                                         str(free_port()), str(self.http)],
                                        stdout=open(self.log, "wb"), stderr=subprocess.STDOUT, start_new_session=True)
        self.sparql = f"http://127.0.0.1:{self.http}/sparql"
        self.graph_store = f"http://127.0.0.1:{self.http}/sparql-graph-crud-auth"
        try:
            wait_for(self.sparql + "?query=ASK%7B%7D", self.process, self.log)
        except Exception:
            self.stop()
            raise

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait(timeout=10)


def publish(store: Path, url: str, *auth: str) -> str:
    done = subprocess.run([str(VENV_BIN / "planlink"), "publish", "--to", url, "--store", str(store), *auth],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def engines(real_store, tmp_path_factory):
    """{"embedded" | "oxigraph" | "virtuoso": a planlink server}, plus the Virtuoso process."""
    logs = tmp_path_factory.mktemp("engines")
    started = []
    try:
        virtuoso = Virtuoso(logs)
        started.append(virtuoso)
        publish(real_store, virtuoso.graph_store, "--user", "dba", "--password", "dba")
        port = free_port()
        oxigraph = Server([str(VENV_BIN / "oxigraph"), "serve", "--location", str(logs / "oxigraph"),
                           "--bind", f"127.0.0.1:{port}"], f"http://127.0.0.1:{port}",
                          "/query?query=ASK%7B%7D", logs / "oxigraph.log")
        started.append(oxigraph)
        publish(real_store, oxigraph.url + "/store")
        servers = {"embedded": planlink_server(logs, "--store", str(real_store))}
        started.append(servers["embedded"])
        for name, endpoint in (("oxigraph", oxigraph.url + "/query"), ("virtuoso", virtuoso.sparql)):
            # the build's dumps beside each replica, as a deployment copies them (README "Past one machine")
            servers[name] = planlink_server(logs, "--sparql-endpoint", endpoint, "--query-timeout", "3",
                                            "--dumps", str(real_store.resolve().parent / "dumps"))
            started.append(servers[name])
        yield servers, virtuoso
    finally:
        for server in reversed(started):
            server.stop()


def answer(server, path: str, accept: str):
    response = requests.get(server.url + path, headers={"Accept": accept}, timeout=30)
    body = response.text.replace(server.url, "http://planlink.test")  # pages name the server they are asked on
    return response.status_code, body


@pytest.mark.parametrize("engine", ["oxigraph", "virtuoso"])
@pytest.mark.parametrize("path", JSON_PATHS)
def test_every_json_path_is_the_same_through_each_engine(engines, engine, path):
    servers, _ = engines
    status, body = answer(servers[engine], path, "application/json")
    expected_status, expected = answer(servers["embedded"], path, "application/json")
    assert status == expected_status
    assert comparable(body) == comparable(expected)


@pytest.mark.parametrize("engine", ["oxigraph", "virtuoso"])
@pytest.mark.parametrize("path", CSV_PATHS)
def test_every_collection_as_csv_is_the_same_through_each_engine(engines, engine, path):
    servers, _ = engines
    status, body = answer(servers[engine], path, "text/csv")
    assert (status, body) == answer(servers["embedded"], path, "text/csv") and status == 200
    assert body.count("\n") > 1  # a header and rows, not an empty table


def comparable(body: str):
    """The JSON answer without what differs by the clock alone: an SDMX message's `prepared` time
    (when that message was written, which two servers asked a second apart rightly differ on)."""
    data = requests.models.complexjson.loads(body)
    for head in ("meta", "header"):  # SDMX-JSON structure messages say "meta", data messages "header"
        if isinstance(data, dict) and isinstance(data.get(head), dict):
            data[head].pop("prepared", None)
    return data


@pytest.mark.parametrize("engine", ["oxigraph", "virtuoso"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_is_the_same_through_each_engine(engines, engine, path):
    servers, _ = engines
    assert answer(servers[engine], path, "text/html") == answer(servers["embedded"], path, "text/html")


@pytest.mark.parametrize("engine", ["oxigraph", "virtuoso"])
def test_linked_data_is_the_same_through_each_engine(engines, engine):
    servers, _ = engines
    for path in ("/plan/jiangsu/indicator/1", "/plan/national/section/1.1"):
        status, body = answer(servers[engine], path, "application/n-triples")
        assert status == 200
        assert sorted(body.splitlines()) == sorted(answer(servers["embedded"], path, "application/n-triples")[1]
                                                   .splitlines())


def test_the_remote_store_reads_the_build_stamp_from_virtuoso(engines, real_store):
    from planlink.api.store import LocalStore, RemoteStore

    _, virtuoso = engines
    local = LocalStore(real_store)
    try:
        stamp = local.select("SELECT ?s WHERE { <https://planlink.example/build> "
                             "<http://purl.org/dc/terms/identifier> ?s }")[0]["s"]
    finally:
        local.close()
    remote = RemoteStore(virtuoso.sparql)
    assert (remote.dialect.name, remote.build_id) == ("virtuoso", stamp)


def test_virtuoso_is_idle_once_planlink_gives_up_on_a_query(engines):
    """A runaway query is answered 504 at planlink's time limit (3 s), and Virtuoso stops with it
    rather than keep a core busy (the anytime limit planlink sends with each query)."""
    servers, virtuoso = engines
    runaway = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    response = requests.get(servers["virtuoso"].url + "/sparql", params={"query": runaway}, timeout=30)
    assert response.status_code == 504 and time.monotonic() - started < 10
    time.sleep(1)
    before = virtuoso.cpu_seconds()
    time.sleep(3)
    assert virtuoso.cpu_seconds() - before < 1.0
