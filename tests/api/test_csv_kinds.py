"""The two kinds of CSV (api/tables.py), each read by the client it is for: every collection's
CSVW-described file by the CSV on the Web reference reader (`csvw`) from a live `planlink serve`;
the spreadsheet downloads starting with the byte-order mark Excel needs, and their links saying so.
And the promise on every path: `?format=csv` answers CSV or 406."""

from __future__ import annotations

import re
import warnings
from urllib.parse import quote

import pytest
import requests

from tests.api.conftest import planlink_server

from planlink.api.views.resources import COLLECTIONS as EVERY_COLLECTION

BOM = "\ufeff".encode("utf-8")
COLLECTIONS = [name for name in EVERY_COLLECTION if name != "search"]  # search needs its q (below)


@pytest.fixture(scope="module")
def server(real_store, tmp_path_factory):
    running = planlink_server(tmp_path_factory.mktemp("csv"), "--store", str(real_store), "--workers", "1")
    yield running
    running.stop()


def csvw_rows(metadata_url: str) -> list[dict]:
    """The rows the CSVW reference reader reads, validating, with nothing to warn about."""
    import csvw

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # csvw warns of an unspecified column (a header it was not told of)
        tables = csvw.CSVW(metadata_url, validate=True)
        assert tables.is_valid, metadata_url
        return list(tables.tables[0])


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_csvw_reads_every_row_of_each_collection_as_the_json_has_them(server, collection):
    listed = requests.get(f"{server.url}/api/v1/{collection}?limit=500", timeout=30).json()
    rows = csvw_rows(f"{server.url}/api/v1/{collection}.csv-metadata.json")
    assert len(rows) == listed["total"]
    assert [row["id"] for row in rows] == [item["id"] for item in listed["items"]]


def test_csvw_reads_the_search_file_with_its_query(server):
    q = quote("社区工作者")
    listed = requests.get(f"{server.url}/api/v1/search?q={q}&limit=500", timeout=30).json()
    rows = csvw_rows(f"{server.url}/api/v1/search.csv-metadata.json?q={q}")
    assert len(rows) == listed["total"] > 0


def test_csvw_reads_jiangsus_12_indicators_with_their_types(server):
    rows = csvw_rows(f"{server.url}/api/v1/indicators.csv-metadata.json?plan=jiangsu")
    assert len(rows) == 12
    seventh = next(row for row in rows if row["id"] == "jiangsu-i7")
    # typed by the metadata: the number an integer, the target a double, the unit as printed
    assert (seventh["number"], seventh["target_value"], seventh["unit"]) == (7, 18.0, "人")


def test_the_csv_file_links_its_csvw_metadata_and_the_metadata_names_the_file(server):
    response = requests.get(f"{server.url}/api/v1/indicators.csv?plan=jiangsu", timeout=30)
    link = re.search(r'<([^>]+)>; rel="describedby"', response.headers["Link"]).group(1)
    assert link == f"{server.url}/api/v1/indicators.csv-metadata.json?plan=jiangsu"
    assert requests.get(link, timeout=30).json()["url"] == response.url


def test_the_csv_for_programs_has_no_byte_order_mark(real_client):
    for url in ("/api/v1/indicators.csv", "/api/v1/indicators?format=csv"):
        data = real_client.get(url).data
        assert data.startswith(b"id,iri,"), url


def test_the_csv_for_spreadsheets_is_the_same_after_the_mark_and_a_file_to_save(real_client):
    plain = real_client.get("/api/v1/indicators.csv").data
    spreadsheet = real_client.get("/api/v1/indicators.csv?bom=true")
    assert spreadsheet.data == BOM + plain
    assert spreadsheet.headers["Content-Disposition"] == 'attachment; filename="indicators.csv"'
    page = real_client.get("/api/v1/plans?format=csv&bom=true").data
    assert page.startswith(BOM + b"id,iri,") and "江苏".encode() in page


@pytest.mark.parametrize("url", ["/compare/?format=csv&bom=true", "/matrix?format=csv&bom=true",
                                 "/search?q=%E7%A4%BE%E5%8C%BA&format=csv&bom=true",
                                 "/source/jiangsu?format=csv&bom=true",
                                 "/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%3Fs%20a%20pl%3APlan%7D"
                                 "&_mediatype=text/csv&bom=true"])
def test_every_page_download_for_spreadsheets_starts_with_the_mark(real_client, url):
    response = real_client.get(url)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(BOM) and not response.data.startswith(BOM + BOM)
    response.data[len(BOM):].decode("utf-8")  # and UTF-8 after it


def test_the_sparql_csv_without_bom_is_the_w3c_results_format_as_before(real_client):
    response = real_client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s a pl:Plan }",
                                                            "_mediatype": "text/csv"})
    assert response.data.startswith(b"s\r\n")


@pytest.mark.parametrize("path", ["/compare/", "/matrix", "/search?q=%E7%A4%BE%E5%8C%BA", "/source/jiangsu",
                                  "/plan/jiangsu", "/sparql"])
@pytest.mark.parametrize("lang, words", [("en", "CSV (for Excel)"), ("zh", "CSV（Excel 表格用）")])
def test_each_csv_link_on_a_page_says_it_is_for_spreadsheets_and_asks_for_the_mark(real_client, path, lang,
                                                                                   words):
    html = real_client.get(f"{path}{'&' if '?' in path else '?'}lang={lang}", headers={"Accept": "text/html"}).data.decode()
    links = re.findall(r'<a [^>]*href="([^"]*format=csv[^"]*)"[^>]*>([^<]*)</a>', html)
    links += re.findall(r'<a (id="download-csv") href="#">([^<]*)</a>', html)  # the workbench sets its href
    assert links, path
    for href, text in links:
        assert text == words, (path, href)
        assert "bom=true" in href or href == 'id="download-csv"', (path, href)


def test_the_workbench_asks_for_the_mark_in_its_download(real_client):
    script = real_client.get("/static/js/workbench/main.js").data.decode()
    assert '(id === "download-csv" ? "&bom=true" : "")' in script  # the GET link
    assert 'new Blob(["\\ufeff", body]' in script  # a long query's answer, asked by POST


def test_the_api_index_says_what_each_csv_is_for(real_client):
    indicators = next(c for c in real_client.get("/api/v1").json["collections"] if c["name"] == "indicators")
    assert indicators["csv_file"].endswith("/api/v1/indicators.csv")
    assert indicators["csv_metadata"].endswith("/api/v1/indicators.csv-metadata.json")
    assert indicators["csv_for_spreadsheets"].endswith("/api/v1/indicators.csv?bom=true")
    assert indicators["csv"].endswith("/api/v1/indicators?format=csv")


def test_a_bom_that_is_neither_true_nor_false_is_a_400(real_client):
    assert real_client.get("/api/v1/plans.csv?bom=maybe").status_code == 400
    assert real_client.get("/matrix?format=csv&bom=maybe").status_code == 400
    response = real_client.get("/sparql", query_string={"query": "ASK {}", "_mediatype": "text/csv", "bom": "x"})
    assert response.status_code == 400 and "bom" in response.json["message"]


# ---------------------------------------------------------------- ?format=csv on every path: CSV or 406

# a value for each path variable of the app's routes, so that every route is asked
SAMPLES = {"kind": "plan", "rest": "jiangsu", "collection": "indicators", "name": "planlink.nq.gz",
           "plan_id": "jiangsu", "indicator_id": "jiangsu-i7", "measure_id": "community-workers-per-10000-urban-residents",
           "resource": "codelist", "agency": "PLANLINK", "resource_id": "CL_PLAN", "version": "1.0",
           "flow": "INDICATOR_TARGETS", "key": "jiangsu..", "provider": "all", "context": "dataflow",
           "filename": "swagger-ui.css"}


def every_route_path(app) -> list[str]:
    paths = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        values = {}
        for argument in rule.arguments - set(rule.defaults or ()):
            converter = rule._converters[argument]
            choices = sorted(getattr(converter, "items", None) or ())  # any(…): the sample, or its first choice
            sample = SAMPLES.get(argument, "x")
            values[argument] = choices[0] if choices and sample not in choices else sample
        paths.add(rule.build(values, append_unknown=False)[1])
    return sorted(paths)


def test_every_path_answers_format_csv_with_csv_or_406(real_client):
    app = real_client.application
    paths = every_route_path(app)
    assert len(paths) > 30
    answers = {}
    for path in paths:
        joiner = "&" if "?" in path else "?"
        query = "q=%E7%A4%BE%E5%8C%BA&" if path.rstrip("/").endswith("search") else ""
        response = real_client.get(f"{path}{joiner}{query}format=csv")
        answers[path] = response.status_code
        if response.status_code < 300:
            assert response.mimetype in ("text/csv", "application/vnd.sdmx.data+csv"), (path, response.mimetype)
    # an entity page is not offered as CSV: a 406, not Turtle; nor the API index; the collections are
    assert answers["/plan/jiangsu"] == answers["/def/"] == answers["/api/v1"] == 406
    assert answers["/api/v1/indicators"] == answers["/api/v1/indicators.csv"] == 200


def test_an_entity_page_asked_for_csv_says_what_it_offers(real_client):
    response = real_client.get("/plan/jiangsu?format=csv")
    assert response.status_code == 406 and "not offered as CSV" in response.json["message"]


def test_sparql_format_csv_gives_the_csv_results_and_a_graph_query_406(real_client):
    select = real_client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s a pl:Plan }", "format": "csv"})
    assert select.status_code == 200 and select.mimetype == "text/csv"
    construct = real_client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s a pl:Plan }", "format": "csv"})
    assert construct.status_code == 406



def test_every_collection_with_csvw_metadata_has_the_file_it_describes(real_client):
    from planlink.api.views.resources import COLLECTIONS

    for collection in COLLECTIONS:
        query = "?q=%E7%A4%BE%E5%8C%BA" if collection == "search" else ""
        described = real_client.get(f"/api/v1/{collection}.csv-metadata.json{query}").json["url"]
        response = real_client.get(described.removeprefix("http://localhost"))
        assert response.status_code == 200 and response.mimetype == "text/csv", collection
