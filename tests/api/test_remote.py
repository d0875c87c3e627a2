"""The remote backend: `planlink serve --sparql-endpoint URL` against a real Oxigraph server on the
real build gives the same JSON as the embedded store."""

import pytest
import requests

from tests.api.conftest import oxigraph_server, planlink_server

PATHS = [
    "/api/v1/plans", "/api/v1/plans/jiangsu", "/api/v1/plans/national",
    "/api/v1/sections?plan=shanghai&limit=500", "/api/v1/sections?limit=500&offset=3",
    "/api/v1/indicators?limit=500", "/api/v1/indicators?plan=jiangsu&attribute=binding",
    "/api/v1/indicators?q=社区", "/api/v1/indicators/jiangsu-i7", "/api/v1/indicators/shanghai-i1",
    "/api/v1/projects?limit=500", "/api/v1/commitments?limit=500", "/api/v1/departments", "/api/v1/regions",
    "/api/v1/search?q=社区工作者&limit=500", '/api/v1/search?q="}\\',
    "/api/v1/indicators?limit=0", "/api/v1/indicators/nothing", "/api/v1/sections?plan=atlantis",
]


@pytest.fixture(scope="module")
def servers(real_store, tmp_path_factory):
    logs = tmp_path_factory.mktemp("remote")
    oxigraph = oxigraph_server(logs, real_store)
    try:
        planlink = planlink_server(logs, "--sparql-endpoint", oxigraph.url + "/query", "--query-timeout", "5")
    except Exception:
        oxigraph.stop()
        raise
    yield planlink
    planlink.stop()
    oxigraph.stop()


@pytest.fixture(scope="module")
def embedded(real_client):
    return real_client


@pytest.mark.parametrize("path", PATHS)
def test_remote_backend_gives_the_same_json(servers, embedded, path):
    remote = requests.get(servers.url + path, timeout=10)
    local = embedded.get(path)
    assert remote.status_code == local.status_code, path
    assert remote.json() == local.json, path


def test_remote_backend_serves_linked_data_and_sparql(servers, embedded):
    headers = {"Accept": "application/n-triples"}
    for path in ("/plan/jiangsu/indicator/1", "/def/"):  # (not "/": it names the server it is asked on)
        remote = requests.get(servers.url + path, headers=headers, timeout=10)
        assert remote.status_code == 200
        assert sorted(remote.text.splitlines()) == sorted(embedded.get(path, headers=headers).data.decode().splitlines())
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    remote = requests.get(servers.url + "/sparql", params={"query": query}, timeout=10).json()
    assert remote == embedded.get("/sparql", query_string={"query": query}).json


def test_remote_backend_refuses_updates_and_reports_syntax_errors(servers):
    response = requests.get(servers.url + "/sparql", params={"query": "DELETE WHERE { ?s ?p ?o }"}, timeout=10)
    assert response.status_code == 403
    response = requests.get(servers.url + "/sparql", params={"query": "SELECT * { ?s ?p }"}, timeout=10)
    assert response.status_code == 400 and response.json()["message"].startswith("error at 1:")


# ---------------------------------------------------------------- an endpoint without a planlink build

@pytest.fixture(scope="module")
def empty_engine(tmp_path_factory):
    """An Oxigraph server holding no planlink build (an empty, writable store), and planlink over it."""
    from tests.api.conftest import VENV_BIN, Server, free_port

    logs = tmp_path_factory.mktemp("empty-engine")
    port = free_port()
    oxigraph = Server([str(VENV_BIN / "oxigraph"), "serve", "--location", str(logs / "oxigraph"),
                       "--bind", f"127.0.0.1:{port}"], f"http://127.0.0.1:{port}", "/query?query=ASK%7B%7D",
                      logs / "oxigraph.log")
    try:
        planlink = planlink_server(logs, "--sparql-endpoint", oxigraph.url + "/query", "--workers", "1")
    except Exception:
        oxigraph.stop()
        raise
    yield oxigraph, planlink, logs
    planlink.stop()
    oxigraph.stop()


def test_over_an_endpoint_without_a_build_every_answer_is_a_503_saying_what_was_looked_for(empty_engine):
    _, planlink, logs = empty_engine
    for path in ("/api/v1/plans", "/api/v1/indicators?plan=jiangsu", "/sdmx/codelist/PLANLINK/CL_PLAN"):
        response = requests.get(planlink.url + path, headers={"Accept": "application/json"}, timeout=10)
        assert response.status_code == 503 and response.headers["Retry-After"] == "1", path
        body = response.json()
        assert set(body) == {"code", "status", "message"} and body["code"] == 503
        assert "<https://planlink.example/build> <http://purl.org/dc/terms/identifier>" in body["message"]
        assert "default graph" in body["message"] and "planlink publish" in body["message"]
    sparql = requests.get(planlink.url + "/sparql", params={"query": "ASK {}"}, timeout=10)
    assert sparql.status_code == 503
    port = planlink.url.rsplit(":", 1)[1]  # said at start, in the server's log, for the operator
    assert "holds no planlink build" in (logs / f"planlink-{port}.log").read_text(errors="replace")


def test_once_the_build_is_published_the_same_server_answers_within_seconds(empty_engine, real_store, embedded):
    import subprocess
    import time

    from tests.api.conftest import ROOT, VENV_BIN

    oxigraph, planlink, _ = empty_engine
    done = subprocess.run([str(VENV_BIN / "planlink"), "publish", "--to", oxigraph.url + "/store",
                           "--store", str(real_store)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    deadline = time.monotonic() + 10
    while (response := requests.get(planlink.url + "/api/v1/plans", timeout=10)).status_code == 503:
        assert time.monotonic() < deadline, response.text
        time.sleep(0.2)
    assert response.status_code == 200 and response.json() == embedded.get("/api/v1/plans").json
