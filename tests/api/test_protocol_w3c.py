"""The W3C SPARQL 1.1 Protocol test suite (w3c/rdf-tests, sparql/sparql11/protocol/), run against
/sparql of a real server. Every test of the manifest is here: those that apply to a read-only
endpoint with a fixed dataset run as written (with the one change in ADAPTED), and the others
are reported as skipped with the reason in LEFT_OUT."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import requests
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection

from tests.api.conftest import planlink_server

MANIFEST = Path(__file__).resolve().parents[1] / "data" / "w3c" / "protocol-manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")

DATASET = ("the protocol dataset (default-graph-uri, named-graph-uri, FROM over the suite's kasei.us graphs): "
           "planlink answers over its one store and refuses dataset parameters with 400, as its contract says")
READ_ONLY = "SPARQL Update that must succeed: this endpoint is read-only (updates are refused with 403)"
LEFT_OUT = {
    "query_dataset_default_graphs_get": DATASET, "query_dataset_default_graphs_post": DATASET,
    "query_dataset_named_graphs_post": DATASET, "query_dataset_named_graphs_get": DATASET,
    "query_dataset_full": DATASET, "query_multiple_dataset": DATASET,
    "update_dataset_default_graph": READ_ONLY, "update_dataset_default_graphs": READ_ONLY,
    "update_dataset_named_graphs": READ_ONLY, "update_dataset_full": READ_ONLY,
    "update_post_form": READ_ONLY, "update_post_direct": READ_ONLY, "update_base_uri": READ_ONLY,
}
# These query tests name a default graph (the suite's data0.rdf) that plays no part in what they
# check (ASK {}, SELECT (1 AS ?value) {}, the media type of an answer); it is dropped here, since
# planlink refuses dataset parameters.
ADAPTED = {"query_post_form", "query_get", "query_content_type_select", "query_content_type_ask",
           "query_content_type_describe", "query_content_type_construct", "bad_query_method"}

FORMATS = {
    "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
    "tabular": {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"},
    "RDF": {"application/rdf+xml", "text/turtle", "application/n-triples", "text/html"},
}


def _manifest_tests():
    graph = Graph().parse(MANIFEST, format="turtle")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    for test in Collection(graph, graph.value(manifest, MF.entries)):
        requests_ = []
        for request in Collection(graph, graph.value(graph.value(test, MF.action), HT.requests)):
            body = graph.value(request, HT.body)
            headers = graph.value(request, HT.headers)
            response = graph.value(request, HT.resp)
            requests_.append({
                "method": str(graph.value(request, HT.methodName)),
                "path": str(graph.value(request, HT.absolutePath)),
                "body": None if body is None else (str(graph.value(body, CNT.chars)),
                                                   str(graph.value(body, CNT.characterEncoding))),
                "headers": {} if headers is None else {
                    str(graph.value(h, HT.fieldName)): str(graph.value(h, HT.fieldValue))
                    for h in Collection(graph, headers)},
                "status": {str(code).rsplit("#", 1)[1] for code in graph.objects(response, MF.expectedStatus)},
                "format": graph.value(response, MF.expectedFormat),
                "boolean": graph.value(response, MF.expectedBoolean),
            })
        yield str(test).rsplit("#", 1)[1], requests_


TESTS = list(_manifest_tests())


@pytest.fixture(scope="module")
def server(mini_store, tmp_path_factory):
    server = planlink_server(tmp_path_factory.mktemp("w3c"), "--store", str(mini_store),
                             "--query-timeout", "5", "--workers", "1")
    yield server
    server.stop()


def _send(server, name: str, request: dict) -> requests.Response:
    url = urlsplit(request["path"])
    params = parse_qsl(url.query)
    if name in ADAPTED:
        params = [(k, v) for k, v in params if k not in ("default-graph-uri", "named-graph-uri")]
    assert url.path == "/sparql/"  # the manifest's stand-in for the endpoint's path
    target = server.url + "/sparql" + ("?" + urlencode(params) if params else "")
    body = None
    if request["body"] is not None:
        chars, encoding = request["body"]
        body = chars.encode(encoding)
    return requests.request(request["method"], target, data=body, headers=request["headers"], timeout=15)


def test_manifest_has_all_34_tests():
    assert len(TESTS) == 34 and set(LEFT_OUT) | ADAPTED <= {name for name, _ in TESTS}


@pytest.mark.parametrize("name,requests_", TESTS, ids=[name for name, _ in TESTS])
def test_w3c_protocol(server, name, requests_):
    if name in LEFT_OUT:
        pytest.skip(LEFT_OUT[name])
    for request in requests_:
        response = _send(server, name, request)
        assert f"StatusCode{response.status_code // 100}xx" in request["status"], (response.status_code, response.text[:300])
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        if request["format"] is not None:
            assert media_type in FORMATS[str(request["format"])]
        if request["boolean"] is not None:
            assert media_type == "application/sparql-results+json"
            assert json.loads(response.content)["boolean"] is request["boolean"].toPython()
