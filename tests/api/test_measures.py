"""GET /api/v1/measures and /api/v1/measures/{id}: the indicator definitions, on the real build."""

from __future__ import annotations

import pytest

WORKERS = "community-workers-per-10000-urban-residents"




def every_measure(client) -> list[dict]:
    return client.get("/api/v1/measures?limit=500").json["items"]


def graph_measure_ids(client) -> set[str]:
    query = ("PREFIX pl: <https://planlink.example/def/> PREFIX dcterms: <http://purl.org/dc/terms/> "
             "SELECT ?id WHERE { ?m a pl:Measure ; dcterms:identifier ?id }")
    answer = client.get("/sparql", query_string={"query": query},
                        headers={"Accept": "application/sparql-results+json"}).json
    return {row["id"]["value"] for row in answer["results"]["bindings"]}


def test_the_list_has_every_measure_of_the_graph(real_client):
    body = real_client.get("/api/v1/measures?limit=500").json
    assert {m["id"] for m in body["items"]} == graph_measure_ids(real_client)
    assert body["total"] == len(body["items"])


def test_every_indicator_target_is_listed_under_exactly_one_measure(real_client):
    listed = [t["id"] for m in every_measure(real_client) for t in m["targets"]]
    indicators = real_client.get("/api/v1/indicators?limit=500").json["items"]
    assert sorted(listed) == sorted(i["id"] for i in indicators)


def test_a_measure_has_its_iri_labels_and_definition(real_client):
    measure = real_client.get(f"/api/v1/measures/{WORKERS}").json
    assert measure["iri"] == f"https://planlink.example/measure/{WORKERS}"
    assert measure["label"] == "每万城镇常住人口拥有社区工作者"
    assert measure["label_en"] == "community workers per 10 000 urban residents"
    assert "ten thousand" in measure["definition"]


def test_community_workers_divide_by_10000_urban_residents(real_client):
    measure = real_client.get(f"/api/v1/measures/{WORKERS}").json
    assert (measure["divided_by"], measure["divided_by_en"]) == ("每万城镇常住人口", "per 10 000 urban permanent residents")


def test_a_count_divides_by_nothing(real_client):
    assert real_client.get("/api/v1/measures/certified-community-workers").json["divided_by"] is None


def test_community_workers_carry_jiangsu_7_and_shanghai_8_with_their_targets(real_client):
    measure = real_client.get(f"/api/v1/measures/{WORKERS}").json
    targets = {t["id"]: t for t in measure["targets"]}
    assert set(targets) == {"jiangsu-i7", "shanghai-i8"}
    jiangsu = targets["jiangsu-i7"]
    assert (jiangsu["target"]["comparator"], jiangsu["target"]["value"], jiangsu["target"]["year"]) == (">=", 18, 2025)
    assert (jiangsu["baseline"]["value"], jiangsu["baseline"]["year"]) == (16.8, 2021)
    assert measure["unit"] == "人" and measure["plans"] == ["jiangsu", "shanghai"]


def test_a_dash_baseline_has_no_value_and_keeps_the_dash(real_client):
    shanghai = next(t for t in real_client.get(f"/api/v1/measures/{WORKERS}").json["targets"] if t["plan"] == "shanghai")
    assert shanghai["baseline"]["value"] is None and shanghai["baseline"]["text"] == "—"


def test_community_workers_serve_the_national_section_on_community_workers(real_client):
    provisions = real_client.get(f"/api/v1/measures/{WORKERS}").json["national_provisions"]
    serving = next(p for p in provisions if p["id"] == "national-s6.15")
    assert serving["title"] == "选优配强社区工作者队伍" and serving["plan"] == "national"
    assert {link["id"] for link in serving["via"]} == {"jiangsu-i7", "shanghai-i8"}


def test_the_two_activity_space_shares_are_close_measures(real_client):
    related = real_client.get("/api/v1/measures/resident-activity-area-share").json["related_measures"]
    assert [(m["id"], m["relation"]) for m in related] == [("resident-service-and-activity-space-share", "close")]


def test_another_wording_is_an_alt_label(real_client):
    measure = real_client.get("/api/v1/measures/volunteer-station-coverage").json
    assert "城乡社区综合服务设施中志愿服务站点覆盖率" in measure["alt_labels"]


def test_jiangsu_filter_gives_the_measures_of_its_12_rows(real_client):
    body = real_client.get("/api/v1/measures?plan=jiangsu").json
    assert body["total"] == 12 and all("jiangsu" in m["plans"] for m in body["items"])


def test_q_finds_a_measure_by_its_chinese_or_english_label(real_client):
    assert [m["id"] for m in real_client.get("/api/v1/measures", query_string={"q": "社区工作者"}).json["items"]] \
        == ["certified-community-worker-share", "certified-community-workers", WORKERS]
    assert [m["id"] for m in real_client.get("/api/v1/measures?q=SATISFACTION").json["items"]] \
        == ["resident-satisfaction-rate"]


def test_pages_join_up_to_the_whole_list(real_client):
    whole = [m["id"] for m in every_measure(real_client)]
    first = real_client.get("/api/v1/measures?limit=5").json
    rest = real_client.get("/api/v1/measures?limit=500&offset=5").json
    assert [m["id"] for m in first["items"] + rest["items"]] == whole and first["total"] == len(whole)


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "limit=ten", "offset=-1", "plan=atlantis", "colour=red", "q="])
def test_a_bad_filter_is_a_400(real_client, query):
    response = real_client.get(f"/api/v1/measures?{query}")
    assert response.status_code == 400 and response.json["code"] == 400


def test_an_unknown_measure_is_a_json_404(real_client):
    response = real_client.get("/api/v1/measures/no-such-measure")
    assert response.status_code == 404 and "no-such-measure" in response.json["message"]


def test_the_openapi_document_describes_measures(real_client):
    paths = real_client.get("/openapi.json").json["paths"]
    assert "/api/v1/measures" in paths and "/api/v1/measures/{measure_id}" in paths
    parameters = {p["name"] for p in paths["/api/v1/measures"]["get"]["parameters"]}
    assert {"plan", "q", "limit", "offset"} <= parameters
