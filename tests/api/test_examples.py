"""The workbench's worked examples and the predeclared prefixes, through the SPARQL protocol over
the real build (the test client; the browser tests are in test_workbench.py)."""

from __future__ import annotations

import pytest
from rdflib import Graph, Namespace

from planlink.api.store import PREFIXES, close_store
from planlink.api.views.pages import EXAMPLES
from tests.api.conftest import make_app

SH = Namespace("http://www.w3.org/ns/shacl#")
RESULTS_JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def real_client(real_store):
    app = make_app(real_store, PLANLINK_QUERY_TIMEOUT=10.0)
    yield app.test_client()
    close_store(app)


def test_there_are_at_least_twelve_examples_each_with_a_question_in_both_languages():
    assert len(EXAMPLES) >= 12
    assert all(example["zh"] != example["id"] and example["en"] != example["id"] for example in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["id"] for e in EXAMPLES])
def test_example_returns_rows_on_the_real_build(real_client, example):
    response = real_client.get("/sparql", query_string={"query": example["query"]}, headers=RESULTS_JSON)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert len(response.get_json()["results"]["bindings"]) > 0


def test_a_query_may_use_the_common_prefixes_without_declaring_them(real_client):
    response = real_client.get("/sparql", query_string={"query": "SELECT ?p WHERE { ?p a pl:Plan ; dcterms:title ?t }"},
                               headers=RESULTS_JSON)
    assert len(response.get_json()["results"]["bindings"]) == 3


def test_a_querys_own_prefix_wins_over_the_predeclared_one(real_client):
    query = "PREFIX pl: <http://example.org/nothing/> SELECT ?p WHERE { ?p a pl:Plan }"
    response = real_client.get("/sparql", query_string={"query": query}, headers=RESULTS_JSON)
    assert response.get_json()["results"]["bindings"] == []


def test_the_service_description_states_the_predeclared_prefixes(real_client):
    response = real_client.get("/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.get_data(as_text=True), format="turtle")
    declared = {str(graph.value(d, SH.prefix)): str(graph.value(d, SH.namespace)) for d in graph.objects(None, SH.declare)}
    assert declared == PREFIXES


def test_a_browser_opening_a_share_link_gets_the_workbench(real_client):
    response = real_client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"},
                               headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert response.mimetype == "text/html" and 'id="workbench-data"' in response.get_data(as_text=True)


def test_mediatype_override_on_a_share_link_downloads_csv(real_client):
    response = real_client.get("/sparql", query_string={"query": "SELECT ?p WHERE { ?p a pl:Plan }",
                                                        "_mediatype": "text/csv"},
                               headers={"Accept": "text/html"})
    assert response.mimetype == "text/csv" and response.get_data(as_text=True).splitlines()[0] == "p"


def test_an_undeclared_prefix_is_a_400_naming_the_position(real_client):
    response = real_client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s foo:bar ?o }"},
                               headers=RESULTS_JSON)
    assert response.status_code == 400 and response.get_json()["message"].startswith("error at 1:")


def test_a_source_text_span_out_of_order_is_a_400(real_client):
    response = real_client.get("/source/jiangsu?start=9&end=3", headers={"Accept": "application/json"})
    assert response.status_code == 400


def test_an_unknown_plans_source_text_is_a_404(real_client):
    response = real_client.get("/source/atlantis", headers={"Accept": "application/json"})
    assert response.status_code == 404


def test_a_download_format_not_offered_is_a_400(real_client):
    response = real_client.get("/matrix?format=xlsx", headers={"Accept": "application/json"})
    assert response.status_code == 400 and "csv" in response.get_json()["message"]


def test_an_english_page_uses_the_english_labels_and_keeps_the_printed_figures(real_client):
    page = real_client.get("/compare/community-workers-per-10000-urban-residents?lang=en",
                           headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "community workers per 10 000 urban residents" in page  # the measure's @en label
    assert "community workers per 10,000 urban residents" in page  # its targets' @en labels
    assert '<span lang="zh">≥18人</span>' in page  # a target as the plan printed it, marked Chinese


def test_html_answers_vary_by_language(real_client):
    response = real_client.get("/matrix", headers={"Accept": "text/html"})
    assert {"Accept-Language", "Cookie"} <= set(response.vary)




def test_a_cached_page_is_not_served_in_another_language(real_store):
    app = make_app(real_store, PLANLINK_CACHE_BYTES=8 * 1024 * 1024)
    client = app.test_client()
    for _ in range(3):  # kept from the second time it is asked
        client.get("/matrix", headers={"Accept": "text/html", "Accept-Language": "en"})
    page = client.get("/matrix", headers={"Accept": "text/html", "Accept-Language": "zh-CN"}).get_data(as_text=True)
    close_store(app)
    assert '<html lang="zh">' in page


@pytest.fixture(scope="module")
def remote(real_store, tmp_path_factory):
    """An app reading from a real Oxigraph server on the real build (--sparql-endpoint)."""
    from tests.api.conftest import oxigraph_server

    oxigraph = oxigraph_server(tmp_path_factory.mktemp("remote-examples"), real_store)
    app = make_app(real_store, PLANLINK_SPARQL_ENDPOINT=oxigraph.url + "/query", PLANLINK_QUERY_TIMEOUT=10.0)
    yield app.test_client()
    close_store(app)
    oxigraph.stop()


def test_the_predeclared_prefixes_work_against_a_remote_endpoint_too(remote):
    response = remote.get("/sparql", query_string={"query": "SELECT ?p WHERE { ?p a pl:Plan }"}, headers=RESULTS_JSON)
    assert len(response.get_json()["results"]["bindings"]) == 3


def test_a_querys_own_prefix_wins_against_a_remote_endpoint_too(remote):
    query = "PREFIX pl: <http://example.org/nothing/> SELECT ?p WHERE { ?p a pl:Plan }"
    response = remote.get("/sparql", query_string={"query": query}, headers=RESULTS_JSON)
    assert response.get_json()["results"]["bindings"] == []
