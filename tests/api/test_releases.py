"""Releases and the change feed (issue 20): two builds of the shipped plans, the second with one Jiangsu
target changed (≥70% → ≥75%), served by one app the whole time, with a harvester polling it between the
builds; then what the API, the feed, the catalog and SDMX's updatedAfter say about them."""

from __future__ import annotations

import gzip
import shutil
import time
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from tests.api.conftest import make_app
from tests.conftest import SOURCES

WATCHED = "/api/v1/indicators?plan=jiangsu"  # what the harvester polls
CHANGED_ROW = "3\t居民服务和活动空间面积占社区综合服务设施总建筑面积比例\t——\t≥70%\t预期性"
MEASURE = "resident-service-and-activity-space-share"
DCAT = Namespace("http://www.w3.org/ns/dcat#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
ATOM = "{http://www.w3.org/2005/Atom}"


def build(sources, out, cache) -> dict:
    from planlink.scripts.build import build

    return build(sources=sources, out=out, progress=False, cache_dir=cache)


def wait_for_the_new_build(app) -> None:
    """The app looks for a build swapped in once a second (api/store/local.py RECHECK)."""
    time.sleep(1.1)


def poll(client, etag: str, last_modified: str) -> tuple[int, int]:
    """(status asked with If-None-Match, status asked with If-Modified-Since)."""
    return (client.get(WATCHED, headers={"If-None-Match": etag}).status_code,
            client.get(WATCHED, headers={"If-Modified-Since": last_modified}).status_code)


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    from planlink.api.store import close_store

    root = tmp_path_factory.mktemp("releases")
    before, after = root / "before", root / "after"
    shutil.copytree(SOURCES, before)
    shutil.copytree(SOURCES, after)
    text = (after / "jiangsu.txt").read_text(encoding="utf-8")
    assert text.count(CHANGED_ROW) == 1
    (after / "jiangsu.txt").write_text(text.replace(CHANGED_ROW, CHANGED_ROW.replace("≥70%", "≥75%")), encoding="utf-8")
    store, cache = root / "out" / "store", root / "cache"

    first = build(before, store, cache)
    app = make_app(store)
    client = app.test_client()
    seen = client.get(WATCHED)
    etag, last_modified = seen.headers["ETag"], seen.headers["Last-Modified"]
    polls = {"first build": [poll(client, etag, last_modified) for _ in range(3)]}  # the 2nd and 3rd from the cache
    again = build(before, store, cache)
    wait_for_the_new_build(app)
    polls["same inputs rebuilt"] = [poll(client, etag, last_modified) for _ in range(2)]
    second = build(after, store, cache)
    wait_for_the_new_build(app)
    polls["plan changed"] = [poll(client, etag, last_modified) for _ in range(2)]
    yield {"root": root, "store": store, "cache": cache, "before": before, "client": client, "app": app,
           "builds": (first, again, second), "polls": polls, "first_seen": seen}
    close_store(app)


@pytest.fixture(scope="module")
def client(history):
    return history["client"]


def test_two_builds_with_a_changed_plan_between_them_are_two_releases(client):
    listed = client.get("/api/v1/releases").get_json()
    assert listed["total"] == 2
    newest, oldest = listed["items"]
    assert (newest["id"], newest["follows"], newest["current"]) == ("2", "1", True)
    assert (oldest["id"], oldest["follows"], oldest["current"]) == ("1", None, False)
    assert newest["date"] > oldest["date"] and newest["stamp"] != oldest["stamp"]


def test_a_rebuild_of_the_same_inputs_is_no_new_release(history):
    first, again, second = history["builds"]
    assert (first["release"]["id"], first["release"]["new"]) == ("1", True)
    assert (again["release"]["id"], again["release"]["new"], again["stamp"]) == ("1", False, first["stamp"])
    assert (second["release"]["id"], second["release"]["new"]) == ("2", True)


def test_a_release_states_its_stamp_triples_and_what_changed(client, history):
    second = history["builds"][2]
    release = client.get("/api/v1/releases/2").get_json()
    assert (release["stamp"], release["triples"]) == (second["stamp"], second["triples"])
    assert release["changes"]["entities_changed"] == 1 and release["changes"]["plans"] == ["jiangsu"]


def test_changes_list_exactly_the_changed_indicator_with_its_old_and_new_target(client):
    found = client.get("/api/v1/releases/2/changes?change=changed").get_json()
    assert [item["id"] for item in found["items"]] == ["jiangsu-i3"]
    values = {(p["subject"].rsplit("/", 1)[-1], p["property"].rsplit("/", 1)[-1]): (p["old"], p["new"])
              for p in found["items"][0]["properties"] if p["kind"] == "value"}
    assert values == {("3#target", "measure#obsValue"): ([70], [75]), ("3#target", "valueText"): (["≥70%"], ["≥75%"])}


def test_whatever_else_changed_is_only_where_the_plan_text_is_quoted(client):
    found = client.get("/api/v1/releases/2/changes").get_json()
    others = {item["id"]: item["change"] for item in found["items"] if item["id"] != "jiangsu-i3"}
    assert set(others.values()) == {"source"}  # the sections around the table, the document's checksum
    assert "jiangsu-s1.4" in others


def test_the_triples_added_and_removed_download_as_n_quads(client):
    from rdflib import Dataset

    links = client.get("/api/v1/releases/2/changes").get_json()
    graphs = {}
    for which in ("added", "removed"):
        response = client.get(links[f"nquads_{which}"].replace("http://localhost", ""))
        assert response.status_code == 200 and response.headers["Content-Type"] == "application/gzip"
        graphs[which] = Dataset().parse(data=gzip.decompress(response.data).decode(), format="nquads")
    target = URIRef("https://planlink.example/plan/jiangsu/indicator/3#target")
    value = URIRef("http://purl.org/linked-data/sdmx/2009/measure#obsValue")
    assert [o.toPython() for o in graphs["added"].objects(target, value)] == [75]
    assert [o.toPython() for o in graphs["removed"].objects(target, value)] == [70]


def test_the_changes_page_like_every_collection_and_come_as_csv(client):
    page = client.get("/api/v1/releases/1/changes?limit=5&offset=5").get_json()
    assert len(page["items"]) == 5 and page["total"] > 700  # the first release added every entity
    csv = client.get("/api/v1/releases/2/changes?format=csv").data.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("id,iri,change,") and "jiangsu-i3" in csv


def test_a_harvester_polling_with_if_none_match_gets_304_until_the_plan_changes(history):
    polls = history["polls"]
    assert [inm for inm, _ in polls["first build"]] == [304, 304, 304]
    assert [inm for inm, _ in polls["same inputs rebuilt"]] == [304, 304]
    assert [inm for inm, _ in polls["plan changed"]] == [200, 200]


def test_a_harvester_polling_with_if_modified_since_gets_304_until_the_next_release(history):
    polls = history["polls"]
    assert [ims for _, ims in polls["first build"]] == [304, 304, 304]  # from the app, then from its cache
    assert [ims for _, ims in polls["same inputs rebuilt"]] == [304, 304]
    assert [ims for _, ims in polls["plan changed"]] == [200, 200]


def test_last_modified_is_the_date_of_the_release_served(client):
    from werkzeug.http import http_date

    published = datetime.fromisoformat(client.get("/api/v1/releases/2").get_json()["date"])
    for path in ("/api/v1/plans?format=csv", "/api/v1/indicators/jiangsu-i3", "/api/v1/releases"):
        response = client.get(path)
        assert response.headers["ETag"] and response.headers["Last-Modified"] == http_date(published), path


def test_a_sparql_answer_from_the_fast_path_says_when_its_data_changed_too(client):
    response = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"})
    assert response.headers["Last-Modified"] == client.get("/api/v1/plans").headers["Last-Modified"]


def test_updated_after_gives_only_the_observations_changed_since(client):
    release = client.get("/api/v1/releases/2").get_json()
    between = client.get("/api/v1/releases/1").get_json()["date"]
    rows = client.get(f"/sdmx/data/INDICATOR_TARGETS/all?format=csv&updatedAfter={between}").data.decode().splitlines()
    assert len(rows) == 2, rows  # a header and one observation
    assert f"jiangsu,{MEASURE},target,2025,75," in rows[1]
    v2 = client.get(f"/sdmx/v2/data/dataflow/PLANLINK/INDICATOR_TARGETS/1.0/*?updatedAfter={between}")
    assert v2.status_code == 200 and len(v2.data.decode().splitlines()) == 2
    assert client.get(f"/sdmx/data/INDICATOR_TARGETS/all?updatedAfter={release['date']}").status_code == 404


def test_updated_after_a_time_before_every_release_gives_every_observation(client):
    every = client.get("/sdmx/data/INDICATOR_TARGETS/all?format=csv").data
    assert client.get("/sdmx/data/INDICATOR_TARGETS/all?format=csv&updatedAfter=2020-01-01").data == every


def test_updated_after_that_is_no_time_is_a_400(client):
    response = client.get("/sdmx/data/INDICATOR_TARGETS/all?updatedAfter=yesterday",
                          headers={"Accept": "application/vnd.sdmx.structurespecificdata+xml;version=2.1"})
    assert response.status_code == 400 and b'code="140"' in response.data


def test_the_feed_announces_each_release_newest_first(client):
    response = client.get("/api/v1/releases.atom")
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(response.data).findall(ATOM + "entry")
    assert [e.findtext(ATOM + "id").rsplit("/", 1)[-1] for e in entries] == ["2", "1"]
    enclosures = [link for link in entries[0].findall(ATOM + "link") if link.get("rel") == "enclosure"]
    assert [link.get("href").rsplit("/", 1)[-1] for link in enclosures] == ["added.nq.gz", "removed.nq.gz"]
    assert all(int(link.get("length")) > 0 and link.get("type") == "application/gzip" for link in enclosures)
    assert "1 changed" in entries[0].findtext(ATOM + "summary")


def test_the_releases_list_links_its_feed(client):
    assert 'rel="alternate"; type="application/atom+xml"' in client.get("/api/v1/releases").headers["Link"]


def test_the_catalog_describes_the_releases_as_versions(client):
    catalog = Graph().parse(data=client.get("/", headers={"Accept": "text/turtle"}).data, format="turtle")
    base = URIRef("https://planlink.example/")
    versions = {str(v).rsplit("/", 1)[-1]: v for v in catalog.objects(base, DCAT.hasVersion)}
    assert set(versions) == {"1", "2"}
    assert catalog.value(base, DCAT.hasCurrentVersion) == versions["2"]
    assert catalog.value(base, DCAT.version) == Literal("2")
    assert catalog.value(versions["2"], DCAT.previousVersion) == versions["1"]
    assert "1 changed" in str(catalog.value(versions["2"], ADMS.versionNotes))


def test_an_unknown_release_is_a_404_and_a_bad_filter_a_400(client):
    assert client.get("/api/v1/releases/9").status_code == 404
    assert client.get("/api/v1/releases/9/changes").status_code == 404
    assert client.get("/api/v1/releases/2/changes?change=renamed").status_code == 400
    assert client.get("/api/v1/releases?limit=0").status_code == 400


def test_the_openapi_document_describes_the_releases(client):
    document = client.get("/openapi.json").get_json()
    assert {"/api/v1/releases", "/api/v1/releases/{release_id}", "/api/v1/releases/{release_id}/changes",
            "/api/v1/releases.atom"} <= set(document["paths"])
    assert {"Release", "EntityChange", "PropertyChange"} <= set(document["components"]["schemas"])


# ---------------------------------------------------------------- a replica over a remote engine

@pytest.fixture(scope="module")
def engine_of_release_1(history, tmp_path_factory):
    """An Oxigraph server loaded with the build of the first release (the same inputs built again)."""
    from tests.api.conftest import oxigraph_server

    root = tmp_path_factory.mktemp("replica")
    build(history["before"], root / "store", history["cache"])
    server = oxigraph_server(root, root / "store")
    yield server
    server.stop()


def test_a_replica_lists_the_releases_up_to_the_one_its_engine_serves(history, engine_of_release_1):
    from planlink.api.store import close_store

    app = make_app(history["store"], PLANLINK_SPARQL_ENDPOINT=engine_of_release_1.url + "/query",
                   PLANLINK_RELEASES=str(history["store"].parent / "releases"))
    try:
        listed = app.test_client().get("/api/v1/releases").get_json()
        assert [(r["id"], r["current"]) for r in listed["items"]] == [("1", True)]  # 2 is not in its engine yet
    finally:
        close_store(app)


def test_a_replica_without_releases_lists_none_and_says_updated_after_needs_them(engine_of_release_1, history):
    from planlink.api.store import close_store

    app = make_app(history["store"], PLANLINK_SPARQL_ENDPOINT=engine_of_release_1.url + "/query")
    try:
        client = app.test_client()
        assert client.get("/api/v1/releases").get_json() == {"items": [], "total": 0}
        response = client.get("/sdmx/data/INDICATOR_TARGETS/all?format=csv&updatedAfter=2020-01-01")
        assert response.status_code == 501 and "--releases" in response.get_json()["message"]
    finally:
        close_store(app)


# ---------------------------------------------------------------- a store built before releases

@pytest.fixture(scope="module")
def without_history(mini_store):
    from planlink.api.store import close_store

    app = make_app(mini_store)
    yield app.test_client()
    close_store(app)


def test_a_store_without_releases_lists_none(without_history):
    assert without_history.get("/api/v1/releases").get_json() == {"items": [], "total": 0}
    assert without_history.get("/api/v1/releases/1/changes").status_code == 404


def test_a_store_without_releases_counts_as_one_release_of_everything_for_updated_after(without_history):
    every = without_history.get("/sdmx/data/INDICATOR_TARGETS/all?format=csv")
    since = without_history.get("/sdmx/data/INDICATOR_TARGETS/all?format=csv&updatedAfter=2000-01-01T00:00:00Z")
    assert since.status_code == 200 and since.data == every.data
    later = without_history.get("/sdmx/data/INDICATOR_TARGETS/all?format=csv&updatedAfter=2999-01-01T00:00:00Z")
    assert later.status_code == 404


@pytest.mark.parametrize("text", ["1985-04-12t23:20:50.52z", "1990-12-31T23:59:60Z", "2025-01-31T08:00:00 08:00",
                                  "2025-01-31", ""])
def test_updated_after_reads_every_rfc_3339_time_and_an_unencoded_plus(without_history, text):
    response = without_history.get(f"/sdmx/data/INDICATOR_TARGETS/all?format=csv&updatedAfter={text}")
    assert response.status_code == 200


def test_a_release_whose_changes_are_no_longer_kept_says_so_with_410(mini_store, tmp_path, monkeypatch):
    from planlink.api.store import close_store
    from planlink.scripts import releases

    monkeypatch.setattr(releases, "KEEP", 1)
    for number in (1, 2):
        line = f'<https://planlink.example/build> <http://purl.org/dc/terms/identifier> "s{number}" .\n'.encode()
        graph = sorted([f'<https://planlink.example/x> <https://planlink.example/def/n> "{number}" .\n'.encode(), line])
        releases.record_release(graph, f"s{number}", line, tmp_path / "store", "https://planlink.example/")
    app = make_app(mini_store, PLANLINK_RELEASES=str(tmp_path / "releases"))
    try:
        client = app.test_client()
        first = client.get("/api/v1/releases/1").get_json()
        assert (first["changes_href"], first["nquads_added"]) == (None, None)
        for path in ("/api/v1/releases/1/changes", "/api/v1/releases/1/added.nq.gz"):
            response = client.get(path)
            assert response.status_code == 410 and "not kept" in response.get_json()["message"], path
        assert client.get("/api/v1/releases/2/changes").get_json()["total"] == 1
    finally:
        close_store(app)


def test_a_hand_edited_index_loses_its_bad_records_not_the_service(mini_store, tmp_path):
    import json

    from planlink.api.store import close_store

    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "releases.json").write_text(json.dumps(
        [{"id": "3", "stamp": "s3", "date": "2025-01-02T00:00:00Z"}, {"id": "2", "stamp": "s2", "date": "yesterday"},
         "junk", {"id": 1},
         {"id": "1", "stamp": "s1", "date": "2025-01-01T00:00:00Z", "triples": 3, "follows": None, "kept": False,
          "changes": None}]), encoding="utf-8")
    app = make_app(mini_store, PLANLINK_RELEASES=str(tmp_path / "releases"))
    try:
        client = app.test_client()
        assert [r["id"] for r in client.get("/api/v1/releases").get_json()["items"]] == ["1"]
        assert client.get("/api/v1/releases.atom").status_code == 200
        assert client.get("/api/v1/plans").status_code == 200
    finally:
        close_store(app)
