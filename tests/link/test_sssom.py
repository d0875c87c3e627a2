"""The national-counterpart links as an SSSOM mapping set, fetched from a live server and read by
sssom-py, the SSSOM reference library."""

import csv
import io
import logging

import pytest
import requests
from rdflib import Graph, URIRef

from tests.api.conftest import planlink_server

SSSOM_PATH = "/dumps/planlink.sssom.tsv"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LINKS = """PREFIX pl: <https://planlink.example/def/>
PREFIX sssom: <https://w3id.org/sssom/>
SELECT ?subject ?object ?relation ?score ?justification ?candidate WHERE {
  ?link a pl:CounterpartLink ; pl:subject ?subject ; pl:object ?object ; pl:relation ?relation ;
        sssom:confidence ?score ; sssom:mapping_justification ?justification .
  OPTIONAL { ?link pl:candidate ?candidate } }"""


@pytest.fixture(scope="module")
def server(built_store, tmp_path_factory):
    server = planlink_server(tmp_path_factory.mktemp("sssom"), "--store", str(built_store))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def fetched(server):
    response = requests.get(server.url + SSSOM_PATH, timeout=30)
    assert response.status_code == 200
    return response


def table(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO("".join(line + "\n" for line in text.splitlines()
                                                   if not line.startswith("#"))), delimiter="\t"))


def test_the_mapping_set_is_served_as_tsv(fetched):
    assert fetched.headers["Content-Type"].startswith("text/tab-separated-values")
    assert fetched.text.startswith("#curie_map:")


def test_sssom_py_reads_and_validates_the_served_file(fetched, caplog):
    from sssom.constants import SchemaValidationType
    from sssom.parsers import parse_sssom_table
    from sssom.validators import validate

    with caplog.at_level(logging.WARNING):
        msdf = parse_sssom_table(io.StringIO(fetched.text))
    # no redefined built-in prefix, no metadata outside the spec (strict mode's checks, whose own switch
    # sssom-py 0.4.21 inverts), no CURIE without a prefix
    assert not [r.message for r in caplog.records if "prefix" in r.message.lower() or "standard" in r.message]
    reports = validate(msdf, [SchemaValidationType.JsonSchema, SchemaValidationType.StrictCurieFormat,
                              SchemaValidationType.PrefixMapCompleteness], fail_on_error=False)
    assert all(not report.results for report in reports.values()), {k: r.results[:3] for k, r in reports.items()}
    assert len(msdf.df) == len(table(fetched.text))


def test_every_link_of_the_graph_is_a_row_with_its_justification_and_confidence(server, fetched):
    answer = requests.post(server.url + "/sparql", data={"query": LINKS},
                           headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
    base = "https://planlink.example/"
    rows = {(r["subject_id"], r["object_id"], r["predicate_id"]): r for r in table(fetched.text)
            if r["planlink_status"] in ("asserted", "candidate") and not r.get("predicate_modifier")}
    links = answer["results"]["bindings"]
    assert len(links) > 300
    for b in links:
        key = ("planlink:" + b["subject"]["value"][len(base):], "planlink:" + b["object"]["value"][len(base):],
               "skos:" + b["relation"]["value"][len(SKOS):])
        row = rows[key]
        assert float(row["confidence"]) == pytest.approx(float(b["score"]["value"]), abs=1e-4)
        assert row["mapping_justification"] == "semapv:" + b["justification"]["value"].rsplit("/", 1)[1]
        assert row["planlink_status"] == ("candidate" if b.get("candidate", {}).get("value") == "true" else "asserted")


def test_candidates_below_the_threshold_and_reviewed_negatives_are_in_the_set_and_marked(fetched):
    rows = table(fetched.text)
    statuses = {r["planlink_status"] for r in rows}
    assert {"asserted", "candidate", "no_counterpart"} <= statuses
    (yangtze,) = [r for r in rows if r["subject_id"] == "planlink:plan/shanghai/section/3.4.3"]
    assert yangtze["object_id"] == "sssom:NoTermFound" and yangtze["mapping_justification"] == \
        "semapv:ManualMappingCuration"
    assert yangtze["author_label"] == "planlink-link" and "regional (Yangtze River Delta)" in yangtze["comment"]
    unkept = [r for r in rows if r["planlink_status"] == "candidate" and not r["planlink_rank"]]
    assert unkept and all(r["comment"].startswith("candidate, not asserted") for r in unkept)


def test_the_catalog_and_void_name_the_mapping_set(server):
    void = Graph().parse(data=requests.get(server.url + "/.well-known/void", headers={"Accept": "text/turtle"},
                                           timeout=30).text, format="turtle")
    catalog = Graph().parse(data=requests.get(server.url + "/", headers={"Accept": "text/turtle"},
                                              timeout=30).text, format="turtle")
    url = URIRef(server.url + SSSOM_PATH)
    download = URIRef("http://www.w3.org/ns/dcat#downloadURL")
    assert (None, download, url) in void and (None, download, url) in catalog
