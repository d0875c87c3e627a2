"""The DCAT catalog a live `planlink serve` answers at `/`, validated by pyshacl against the official
DCAT-AP 3.0.1 shapes (tests/data/dcat-ap, from SEMICeu/DCAT-AP): the mandatory shapes and the range
shapes find nothing; the recommended shapes find only what docs/publishing.md says does not apply,
and the page says it of nothing they no longer find."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import requests
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import SH

from tests.api.conftest import ROOT, planlink_server

SHAPES = ROOT / "tests" / "data" / "dcat-ap"
PUBLISHING = ROOT / "docs" / "publishing.md"
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # open namespaces: rdflib's closed ones warn under pytest
DCTERMS = Namespace("http://purl.org/dc/terms/")


@pytest.fixture(scope="module")
def server(real_store, tmp_path_factory):
    running = planlink_server(tmp_path_factory.mktemp("dcat"), "--store", str(real_store), "--workers", "1")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def catalog(server) -> Graph:
    response = requests.get(server.url + "/", headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 200
    return Graph().parse(data=response.text, format="turtle")


def results(catalog: Graph, shapes_file: str) -> list[tuple[str, str, str]]:
    """(severity, focus node, path) of every result of the shapes in `shapes_file`."""
    from pyshacl import validate

    shapes = Graph().parse(SHAPES / shapes_file, format="turtle")
    _, report, _ = validate(catalog, shacl_graph=shapes, inference="none", allow_warnings=False)
    return sorted((str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1], str(report.value(r, SH.focusNode)),
                   catalog.namespace_manager.normalizeUri(report.value(r, SH.resultPath)))
                  for r in report.subjects(RDF.type, SH.ValidationResult))


def test_the_mandatory_shapes_find_no_violation(catalog):
    assert results(catalog, "shapes.ttl") == []


def test_the_range_shapes_find_no_violation(catalog):
    assert results(catalog, "range.ttl") == []


def not_applicable() -> set[str]:
    """The properties docs/publishing.md lists as DCAT-AP recommendations that do not apply."""
    text = PUBLISHING.read_text(encoding="utf-8")
    section = text.split("### DCAT-AP recommendations that do not apply", 1)[1].split("\n#", 1)[0]
    return set(re.findall(r"^\| `([a-z]+:[A-Za-z]+)` \|", section, re.MULTILINE))


def test_the_recommended_shapes_find_only_what_the_docs_say_does_not_apply(catalog):
    found = results(catalog, "shapes_recommended.ttl")
    assert {severity for severity, _, _ in found} <= {"Warning"}
    assert {path for _, _, path in found} == not_applicable() != set()


def test_every_dataset_has_titles_in_chinese_and_english(catalog):
    datasets = [*catalog.subjects(RDF.type, DCAT.Dataset), *catalog.subjects(RDF.type, DCAT.Catalog)]
    assert len(datasets) == 4  # the two indicator tables, the catalog and its one release
    for dataset in datasets:
        assert {o.language for o in catalog.objects(dataset, DCTERMS.title)} == {"zh", "en"}, dataset


def test_the_catalog_and_every_table_are_described_in_chinese_and_english(catalog):
    tables = list(catalog.objects(URIRef("https://planlink.example/"), DCAT.dataset))
    assert len(tables) == 2
    for dataset in [URIRef("https://planlink.example/"), *tables]:
        assert {o.language for o in catalog.objects(dataset, DCTERMS.description)} == {"zh", "en"}, dataset


def test_jiangsus_table_covers_2021_to_2025_in_jiangsu(catalog):
    table = URIRef("https://planlink.example/plan/jiangsu/indicators")
    period = catalog.value(table, DCTERMS.temporal)
    assert (str(catalog.value(period, DCAT.startDate)), str(catalog.value(period, DCAT.endDate))) == \
        ("2021-01-01", "2025-12-31")
    assert catalog.value(table, DCTERMS.spatial) == URIRef("https://planlink.example/region/320000")


def test_the_catalog_names_the_sdmx_services(catalog, server):
    services = {str(catalog.value(s, DCAT.endpointURL)): {str(o) for o in catalog.objects(s, DCTERMS.conformsTo)}
                for s in catalog.subjects(RDF.type, DCAT.DataService)}
    assert services[server.url + "/sdmx/"] == {"https://github.com/sdmx-twg/sdmx-rest/tree/v1.5.0"}
    assert services[server.url + "/sdmx/v2/"] == {"https://github.com/sdmx-twg/sdmx-rest/tree/v2.0.0"}
    for url in (server.url + "/sdmx/", server.url + "/sdmx/v2/"):
        assert requests.get(url, timeout=30).status_code == 200


def test_the_csv_distributions_say_what_each_is_for(catalog, server):
    table = URIRef("https://planlink.example/plan/jiangsu/indicators")
    csv = {str(catalog.value(d, DCAT.downloadURL)): {str(t) for t in catalog.objects(d, DCTERMS.title)}
           for d in catalog.objects(table, DCAT.distribution)
           if str(catalog.value(d, DCAT.mediaType)).endswith("/text/csv")}
    assert csv == {server.url + "/api/v1/indicators.csv?plan=jiangsu":
                   {"CSV for programs, described by CSVW metadata", "CSV（供程序读取，附 CSVW 元数据）"},
                   server.url + "/api/v1/indicators.csv?plan=jiangsu&bom=true":
                   {"CSV for spreadsheets (Excel)", "CSV（供 Excel 等电子表格打开）"}}
    spreadsheet = requests.get(server.url + "/api/v1/indicators.csv?plan=jiangsu&bom=true", timeout=30)
    assert spreadsheet.content.startswith("\ufeff".encode())


def test_each_dump_has_its_size_and_its_sha256(catalog, server, real_store):
    dumps = Path(real_store).resolve().parent / "dumps"
    distributions = [d for d in catalog.subjects(RDF.type, DCAT.Distribution) if "/dumps/" in str(d)]
    assert len(distributions) == 4  # N-Quads, Turtle, JSON-LD and the SSSOM mapping set
    for distribution in distributions:
        url = catalog.value(distribution, DCAT.downloadURL)
        assert catalog.value(distribution, DCAT.accessURL) == url
        data = requests.get(str(url), timeout=30).content
        assert int(catalog.value(distribution, DCAT.byteSize)) == len(data) == \
            (dumps / str(url).rsplit("/", 1)[-1]).stat().st_size
        checksum = catalog.value(distribution, SPDX.checksum)
        assert str(catalog.value(checksum, SPDX.checksumValue)) == hashlib.sha256(data).hexdigest()
