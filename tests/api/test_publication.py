"""Publication on the real build: CSV with its CSVW metadata, the dumps, VoID and the DCAT catalog."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from urllib.parse import urlsplit

import pytest
from rdflib import RDF, Dataset, Graph, Namespace, URIRef

from tests.api.conftest import BASE

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SERVER = "http://localhost/"




@pytest.fixture(scope="module")
def store_triples(real_store) -> int:
    from planlink.api.store import open_store

    return open_store(real_store).select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"]


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def void_graph(client) -> Graph:
    return Graph().parse(data=client.get("/.well-known/void", headers={"Accept": "text/turtle"}).data,
                         format="turtle")


# ---------------------------------------------------------------- CSV

def test_indicators_csv_has_every_row_with_its_chinese_intact(real_client):
    listed = real_client.get("/api/v1/indicators?limit=500").json
    response = real_client.get("/api/v1/indicators?limit=500&format=csv")
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    rows = csv_rows(response)
    assert len(rows) == listed["total"] == 23
    assert [(r["id"], r["name"], r["unit"]) for r in rows] == \
           [(i["id"], i["name"], i["unit"] or "") for i in listed["items"]]


def test_csv_starts_with_a_utf8_bom_so_excel_reads_chinese(real_client):
    data = real_client.get("/api/v1/indicators?format=csv").data
    assert data.startswith("\ufeff".encode("utf-8")) and "社区".encode("utf-8") in data


def test_accept_text_csv_gets_the_csv(real_client):
    response = real_client.get("/api/v1/plans", headers={"Accept": "text/csv"})
    assert response.mimetype == "text/csv" and "Accept" in response.headers["Vary"]
    assert {r["id"] for r in csv_rows(response)} == {"national", "shanghai", "jiangsu"}


def test_counterparts_are_flattened_into_aligned_columns(real_client):
    item = next(i for i in real_client.get("/api/v1/indicators?limit=500").json["items"]
                if len(i["national_counterparts"]) > 1)
    row = next(r for r in csv_rows(real_client.get("/api/v1/indicators?limit=500&format=csv"))
               if r["id"] == item["id"])
    assert row["national_counterparts.id"].split(" | ") == [c["id"] for c in item["national_counterparts"]]
    assert row["national_counterparts.relation"].split(" | ") == [c["relation"] for c in item["national_counterparts"]]


def test_every_collection_answers_csv_with_a_header_even_when_empty(real_client):
    for path in ("plans", "sections", "indicators", "measures", "projects", "commitments", "departments", "regions",
                 "search?q=社区", "search?q=no-such-text-anywhere"):
        response = real_client.get(f"/api/v1/{path}{'&' if '?' in path else '?'}format=csv")
        assert response.status_code == 200, path
        header = response.data.decode("utf-8-sig").splitlines()[0].split(",")
        assert header[:2] == ["id", "iri"], path


def test_csvw_metadata_describes_every_column_of_the_csv(real_client):
    response = real_client.get("/api/v1/indicators?format=csv")
    described = [link for link in response.headers["Link"].split(", ") if 'rel="describedby"' in link]
    assert len(described) == 1
    metadata_url = described[0].split(">")[0].lstrip("<")
    metadata = real_client.get(metadata_url.removeprefix("http://localhost")).json
    header = response.data.decode("utf-8-sig").splitlines()[0].split(",")
    assert [c["titles"] for c in metadata["tableSchema"]["columns"]] == header
    assert metadata["dialect"]["encoding"] == "utf-8" and metadata["url"].endswith("/api/v1/indicators?format=csv")


def test_a_bad_format_is_a_400(real_client):
    assert real_client.get("/api/v1/plans?format=xlsx").status_code == 400


# ---------------------------------------------------------------- dumps and VoID

def test_void_triple_count_equals_the_stores(real_client, store_triples):
    void = void_graph(real_client)
    assert int(void.value(URIRef(BASE), VOID.triples)) == store_triples > 9000


def test_void_property_partitions_add_up_to_the_triples(real_client, store_triples):
    void = void_graph(real_client)
    partitions = list(void.objects(URIRef(BASE), VOID.propertyPartition))
    assert sum(int(void.value(p, VOID.triples)) for p in partitions) == store_triples


def test_void_names_endpoint_uri_space_and_class_partitions(real_client):
    void = void_graph(real_client)
    dataset = URIRef(BASE)
    assert void.value(dataset, VOID.sparqlEndpoint) == URIRef(SERVER + "sparql")
    assert str(void.value(dataset, VOID.uriSpace)) == BASE
    classes = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities))
               for p in void.objects(dataset, VOID.classPartition)}
    assert classes[URIRef(BASE + "def/IndicatorTarget")] == 23


@pytest.mark.parametrize("name, rdflib_format", [("planlink.nq.gz", "nquads"), ("planlink.ttl.gz", "turtle"),
                                                 ("planlink.jsonld.gz", "json-ld")])
def test_each_dump_loads_into_rdflib_with_the_stores_triple_count(real_client, store_triples, name, rdflib_format):
    dumps = {str(d) for d in void_graph(real_client).objects(URIRef(BASE), VOID.dataDump)}
    assert SERVER + "dumps/" + name in dumps
    data = gzip.decompress(real_client.get("/dumps/" + name).data)
    loaded = Dataset() if rdflib_format == "nquads" else Graph()
    loaded.parse(data=data, format=rdflib_format)
    assert len(loaded) == store_triples


def test_jsonld_dump_is_compacted_against_a_context(real_client):
    document = json.loads(gzip.decompress(real_client.get("/dumps/planlink.jsonld.gz").data))
    assert document["@context"]["pl"] == BASE + "def/"
    keys = {key for node in document["@graph"] for key in node}
    assert "dcterms:title" in keys and "http://purl.org/dc/terms/title" not in keys


def test_a_dump_answers_304_to_its_etag(real_client):
    first = real_client.get("/dumps/planlink.ttl.gz")
    assert first.status_code == 200 and first.headers["ETag"]
    again = real_client.get("/dumps/planlink.ttl.gz", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_an_unknown_dump_is_a_404(real_client):
    assert real_client.get("/dumps/../store/CURRENT").status_code == 404
    assert real_client.get("/dumps/secret.txt").status_code == 404


# ---------------------------------------------------------------- DCAT

def catalog_graph(client) -> Graph:
    return Graph().parse(data=client.get("/", headers={"Accept": "text/turtle"}).data, format="turtle")


def test_every_url_in_the_catalog_answers_200(real_client):
    """Every IRI of this server or of the build's base in the catalog is fetched (the others name
    vocabularies, licences and media types elsewhere)."""
    catalog = catalog_graph(real_client)
    urls = {str(term).split("#")[0] for triple in catalog for term in triple
            if isinstance(term, URIRef) and (term.startswith(SERVER) or term.startswith(BASE))}
    assert len(urls) >= 12
    for url in sorted(urls):
        path = "/" + url.removeprefix(SERVER).removeprefix(BASE)
        split = urlsplit(path)
        response = real_client.get(split.path, query_string=split.query)
        assert response.status_code == 200, (url, response.status_code)


def test_every_dataset_has_licence_publisher_issued_modified(real_client):
    catalog = catalog_graph(real_client)
    datasets = list(catalog.objects(URIRef(BASE), DCAT.dataset))
    assert len(datasets) == 2
    for dataset in datasets:
        for prop in (DCTERMS.license, DCTERMS.publisher, DCTERMS.issued, DCTERMS.modified):
            assert catalog.value(dataset, prop) is not None, (dataset, prop)


def test_every_distribution_has_a_download_url_and_media_type(real_client):
    catalog = catalog_graph(real_client)
    distributions = list(catalog.subjects(RDF.type, DCAT.Distribution))
    assert len(distributions) == 2 * 3 + 3 + 1 + 2  # JSON, CSV, RDF per table; three dumps; the SSSOM mapping set; release 1 added, removed
    for distribution in distributions:
        assert catalog.value(distribution, DCAT.downloadURL) is not None
        assert str(catalog.value(distribution, DCAT.mediaType)).startswith("https://www.iana.org/assignments/")


def test_a_dumps_etag_is_its_sha256_from_the_checksums(real_client):
    sums = dict(reversed(line.split("  ")) for line in real_client.get("/dumps/SHA256SUMS").data.decode().splitlines())
    response = real_client.get("/dumps/planlink.nq.gz")
    assert response.headers["ETag"] == f'"{sums["planlink.nq.gz"]}"'
    assert hashlib.sha256(response.data).hexdigest() == sums["planlink.nq.gz"]
