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
