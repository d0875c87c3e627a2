"""/sparql through the test client: the SPARQL 1.1 Protocol, read-only, with limits."""

import csv
import io
import json
import time

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from tests.api.conftest import make_app, mini_graph

PREFIX = "PREFIX pl: <https://planlink.example/def/> PREFIX dcterms: <http://purl.org/dc/terms/> "
PLANS = PREFIX + "SELECT ?plan ?title WHERE { ?plan a pl:Plan ; dcterms:title ?title } ORDER BY ?plan"
CONSTRUCT = PREFIX + "CONSTRUCT { ?i dcterms:title ?t } WHERE { ?i a pl:IndicatorTarget ; dcterms:title ?t }"
RUNAWAY = "SELECT * {?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l}"
RUNAWAY_COUNT = "SELECT (COUNT(*) AS ?n) {?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l}"


def plan_iris(response) -> list[str]:
    return [row["plan"]["value"] for row in response.json["results"]["bindings"]]


def expected_constructed() -> Graph:
    return Graph().parse(data=mini_graph().query(CONSTRUCT).serialize(format="nt"), format="nt")


def test_get_query_gives_json_results(client):
    response = client.get("/sparql", query_string={"query": PLANS})
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    assert plan_iris(response) == ["https://planlink.example/plan/jiangsu", "https://planlink.example/plan/national"]


def test_post_form_and_post_sparql_query_give_the_same_results(client):
    by_get = client.get("/sparql", query_string={"query": PLANS}).json
    assert client.post("/sparql", data={"query": PLANS}).json == by_get
    assert client.post("/sparql", data=PLANS.encode(), content_type="application/sparql-query").json == by_get


@pytest.mark.parametrize("accept, mimetype", [
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", "application/sparql-results+json"),
])
def test_results_formats_by_accept(client, accept, mimetype):
    response = client.get("/sparql", query_string={"query": PLANS}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == mimetype
    assert "https://planlink.example/plan/jiangsu" in response.data.decode()
    assert response.headers["Vary"] == "Accept"


def test_csv_results_are_the_sparql_csv_format(client):
    response = client.get("/sparql", query_string={"query": PLANS}, headers={"Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(response.data.decode())))
    assert rows[0] == ["plan", "title"]
    assert rows[1][0] == "https://planlink.example/plan/jiangsu"


def test_ask_answers_a_boolean(client):
    response = client.get("/sparql", query_string={"query": PREFIX + "ASK { ?p a pl:Plan }"})
    assert response.json["boolean"] is True


@pytest.mark.parametrize("accept, rdflib_format", [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"),
    ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml"),
])
def test_construct_in_each_rdf_format(client, accept, rdflib_format):
    response = client.get("/sparql", query_string={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == accept
    assert isomorphic(Graph().parse(data=response.data, format=rdflib_format), expected_constructed())


def test_describe_gives_turtle(client):
    query = "DESCRIBE <https://planlink.example/plan/jiangsu/indicator/7>"
    graph = Graph().parse(data=client.get("/sparql", query_string={"query": query}).data, format="turtle")
    assert len(graph) > 5


def test_service_description_without_query(client):
    response = client.get("/sparql")
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.data, format="turtle")
    assert graph.query("ASK { ?s a <http://www.w3.org/ns/sparql-service-description#Service> ; "
                       "<http://www.w3.org/ns/sparql-service-description#endpoint> ?e }").askAnswer


def test_update_is_refused(client):
    update = "INSERT DATA { <https://x/a> <https://x/b> <https://x/c> }"
    for response in (
        client.get("/sparql", query_string={"query": update}),
        client.post("/sparql", data={"query": update}),
        client.post("/sparql", data={"update": update}),
        client.post("/sparql", data=update.encode(), content_type="application/sparql-update"),
        client.get("/sparql", query_string={"query": "PREFIX x: <https://x/> # comment\n DELETE WHERE { ?s ?p ?o }"}),
        client.get("/sparql", query_string={"query": "LOAD <https://example.org/data.ttl>"}),
        client.get("/sparql", query_string={"query": "drop all"}),
    ):
        assert response.status_code == 403
        assert "read-only" in response.json["message"]
    assert client.get("/sparql", query_string={"query": PREFIX + "ASK { <https://x/a> ?p ?o }"}).json["boolean"] is False


def test_update_words_inside_strings_iris_and_comments_are_not_updates(client):
    query = 'SELECT ?x WHERE { BIND("INSERT DATA { }" AS ?x) FILTER(?x != <https://x/DELETE>) } # DROP ALL'
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200
    assert response.json["results"]["bindings"][0]["x"]["value"] == "INSERT DATA { }"


def test_service_is_refused(client):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 403 and "SERVICE" in response.json["message"]
    silent = "SELECT * WHERE { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    assert client.get("/sparql", query_string={"query": silent}).status_code == 403


def test_syntax_error_is_a_400_with_the_parser_message(client):
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert response.status_code == 400
    assert response.json["message"].startswith("error at 1:")


def test_nothing_acceptable_is_a_406(client):
    response = client.get("/sparql", query_string={"query": PLANS}, headers={"Accept": "image/png"})
    assert response.status_code == 406 and response.json["code"] == 406


def test_unsupported_body_type_is_a_415(client):
    response = client.post("/sparql", data=b"{}", content_type="application/json")
    assert response.status_code == 415


def test_dataset_parameters_are_refused_clearly(client):
    response = client.get("/sparql", query_string={"query": PLANS, "default-graph-uri": "https://x/g"})
    assert response.status_code == 400 and "default-graph-uri" in response.json["message"]


def test_hostile_query_text_is_just_a_query(client):
    query = 'SELECT ?x WHERE { VALUES ?x { "a\\"}\\\\\\n{" } }'
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 200
    assert response.json["results"]["bindings"][0]["x"]["value"] == 'a"}\\\n{'


def test_runaway_query_is_stopped_at_the_time_limit(client):
    started = time.monotonic()
    response = client.get("/sparql", query_string={"query": RUNAWAY_COUNT})
    assert time.monotonic() - started < 4  # limit 2 s (tests/api/conftest.py)
    assert response.status_code == 504
    assert "limit" in response.json["message"]
    # the sandbox was replaced: the next query is answered
    assert client.get("/sparql", query_string={"query": PLANS}).status_code == 200


def test_a_query_past_the_memory_limit_is_stopped_in_its_query_process(mini_store):
    from planlink.api.store import close_store

    app = make_app(mini_store, PLANLINK_QUERY_MEMORY_BYTES=300 << 20, PLANLINK_QUERY_TIMEOUT=60.0)
    try:
        started = time.monotonic()
        sort_everything = "SELECT * {?a ?b ?c . ?d ?e ?f . ?g ?h ?i} ORDER BY ?c ?f ?i LIMIT 1"
        response = app.test_client().get("/sparql", query_string={"query": sort_everything})
        assert response.status_code == 422 and "memory" in response.json["message"]
        assert time.monotonic() - started < 30  # the memory limit, not the 60 s one
        assert app.test_client().get("/sparql", query_string={"query": PLANS}).status_code == 200
    finally:
        close_store(app)


def test_result_larger_than_the_cap_is_a_422(mini_store):
    from planlink.api.store import close_store

    app = make_app(mini_store, PLANLINK_MAX_RESULT_BYTES=2000, PLANLINK_CACHE_BYTES=0)
    try:
        response = app.test_client().get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"})
        assert response.status_code == 422 and "LIMIT" in response.json["message"]
        small = app.test_client().get("/sparql", query_string={"query": PLANS})
        assert small.status_code == 200
    finally:
        close_store(app)


def test_repeated_query_is_answered_identically_from_the_cache(client):
    first = client.get("/sparql", query_string={"query": PLANS + " # cache"})
    second = client.get("/sparql", query_string={"query": PLANS + " # cache"})
    assert first.data == second.data and first.headers["ETag"] == second.headers["ETag"]
    assert client.get("/sparql", query_string={"query": PLANS + " # cache"},
                      headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_json_results_parse_as_sparql_json(client):
    body = json.loads(client.get("/sparql", query_string={"query": PLANS}).data)
    assert body["head"]["vars"] == ["plan", "title"]


def test_answers_carry_cors_vary_and_cache_headers(client):
    response = client.get("/sparql", query_string={"query": PLANS + " # headers"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Vary"] == "Accept"
    assert response.headers["Cache-Control"].startswith("public, max-age=")
    assert response.headers["ETag"]
    posted = client.post("/sparql", data={"query": PLANS})
    assert posted.headers["Access-Control-Allow-Origin"] == "*" and "ETag" not in posted.headers
    error = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p }"})
    assert error.headers["Access-Control-Allow-Origin"] == "*" and error.headers["Cache-Control"] == "no-store"


def test_post_without_query_is_a_400(client):
    response = client.post("/sparql", data={"other": "x"})
    assert response.status_code == 400 and "no query" in response.json["message"]


def test_mediatype_parameter_overrides_accept(client):
    response = client.get("/sparql", query_string={"query": PLANS, "_mediatype": "text/csv"},
                          headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200 and response.mimetype == "text/csv"


def test_a_query_body_over_one_megabyte_is_refused_with_413(client):
    huge = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (1024 * 1024)
    for kwargs in ({"data": huge, "content_type": "application/sparql-query"}, {"data": {"query": huge}}):
        response = client.post("/sparql", **kwargs)
        assert response.status_code == 413 and response.json["code"] == 413, response.data[:200]
