"""The JSON resources under /api/v1, on the hand-written mini graph (tests/data/mini.ttl)."""

import pytest

BASE = "https://planlink.example/"


def ids(response):
    return [item["id"] for item in response.json["items"]]


# ---------------------------------------------------------------- lists and paging

def test_plans_lists_both_plans(client):
    response = client.get("/api/v1/plans")
    assert response.status_code == 200
    assert response.json["total"] == 2
    assert sorted(ids(response)) == ["jiangsu", "national"]


def test_every_item_has_id_and_iri(client):
    for path in ("plans", "sections", "indicators", "projects", "commitments", "departments", "regions",
                 "search?q=社区"):
        items = client.get(f"/api/v1/{path}").json["items"]
        assert items, path
        for item in items:
            assert item["id"] and item["iri"].startswith(BASE), (path, item)


def test_plan_has_its_document_facts(client):
    plan = client.get("/api/v1/plans/jiangsu").json
    assert plan["iri"] == BASE + "plan/jiangsu"
    assert plan["level"] == "provincial"
    assert plan["doc_number"] == "苏民基〔2022〕5号"
    assert plan["issuers"] == ["江苏省民政厅"]
    assert plan["issued"] == "2022-06-30"
    assert plan["region"] == "江苏省"
    assert plan["based_on"] == "national"


def test_plan_outline_nests_sections_under_chapters(client):
    outline = client.get("/api/v1/plans/national").json["outline"]
    assert [node["id"] for node in outline] == ["national-s1"]
    section = outline[0]["children"][0]
    assert section["id"] == "national-s1.1" and section["number"] == "（一）"
    assert [task["id"] for task in section["children"]] == ["national-s1.1.1"]


def test_unknown_plan_is_a_404(client):
    response = client.get("/api/v1/plans/atlantis")
    assert response.status_code == 404
    assert response.json["code"] == 404 and "atlantis" in response.json["message"]


def test_limit_and_offset_page_through_the_list(client):
    whole = ids(client.get("/api/v1/indicators"))
    first = client.get("/api/v1/indicators?limit=3")
    second = client.get("/api/v1/indicators?limit=3&offset=3")
    assert ids(first) + ids(second) == whole
    assert first.json["total"] == second.json["total"] == len(whole) == 4


def test_default_limit_is_50(client):
    assert client.get("/api/v1/indicators?offset=0").json == client.get("/api/v1/indicators?limit=50").json


def test_offset_past_the_end_is_an_empty_page(client):
    response = client.get("/api/v1/indicators?offset=100")
    assert response.status_code == 200
    assert response.json == {"items": [], "total": 4}


def test_limit_zero_is_a_400(client):
    response = client.get("/api/v1/indicators?limit=0")
    assert response.status_code == 400
    assert response.json["code"] == 400 and response.json["status"] == "Bad Request"
    assert "limit" in response.json["message"]


@pytest.mark.parametrize("query", ["limit=501", "limit=-1", "limit=abc", "limit=", "limit=2.5",
                                   "offset=-1", "offset=x", "limit=99999999999999999999999"])
def test_limit_or_offset_out_of_range_or_not_an_integer_is_a_400(client, query):
    response = client.get(f"/api/v1/sections?{query}")
    assert response.status_code == 400
    assert set(response.json) >= {"code", "status", "message"}


def test_limit_500_is_allowed(client):
    assert client.get("/api/v1/sections?limit=500").status_code == 200


def test_link_headers_point_to_next_and_last_pages(client):
    response = client.get("/api/v1/sections?plan=jiangsu&limit=1&offset=1")
    link = response.headers["Link"]
    assert 'plan=jiangsu&limit=1&offset=2>; rel="next"' in link
    assert 'limit=1&offset=0>; rel="prev"' in link
    assert 'limit=1&offset=2>; rel="last"' in link
    assert response.headers["X-Total-Count"] == "3"


# ---------------------------------------------------------------- sections and counterparts

def test_sections_filter_by_plan_in_document_order(client):
    assert ids(client.get("/api/v1/sections?plan=jiangsu")) == ["jiangsu-s1", "jiangsu-s1.1", "jiangsu-s1.2"]


def test_section_carries_outline_fields(client):
    section = next(s for s in client.get("/api/v1/sections?plan=jiangsu").json["items"] if s["id"] == "jiangsu-s1.1")
    assert section["number"] == "（一）" and section["level"] == 2 and section["parent"] == "jiangsu-s1"
    assert section["title"] == "建强社区工作者队伍"


def test_national_counterparts_are_best_first_with_evidence(client):
    section = next(s for s in client.get("/api/v1/sections?plan=jiangsu").json["items"] if s["id"] == "jiangsu-s1.1")
    counterparts = section["national_counterparts"]
    assert [c["id"] for c in counterparts] == ["national-s1.1", "national-s1"]
    assert counterparts[0] == {
        "id": "national-s1.1", "iri": BASE + "plan/national/section/1.1", "title": "加强社区工作者队伍建设",
        "plan": "national", "relation": "exact", "score": 0.92, "method": "auto",
        "evidence": "建立社区工作者职业体系，完善社区工作者薪酬制度。", "candidate": False, "implements_because": None}
    assert counterparts[1]["relation"] == "broader" and counterparts[1]["method"] == "curated"
    assert "no_counterpart_reason" not in section


def test_no_counterpart_reason_comes_from_the_graph(client):
    section = next(s for s in client.get("/api/v1/sections?plan=jiangsu").json["items"] if s["id"] == "jiangsu-s1.2")
    assert section["national_counterparts"] == []
    assert section["no_counterpart_reason"] == "the national plan has no section on smart-community pilots"


def test_national_sections_say_why_they_have_no_counterpart(client):
    for section in client.get("/api/v1/sections?plan=national").json["items"]:
        assert section["national_counterparts"] == [] and section["no_counterpart_reason"]


def test_unknown_plan_filter_is_a_400_naming_the_known_plans(client):
    response = client.get("/api/v1/sections?plan=atlantis")
    assert response.status_code == 400
    assert "jiangsu" in response.json["message"] and "national" in response.json["message"]


# ---------------------------------------------------------------- indicators

def test_indicator_carries_the_extract_fields_and_plan(client):
    indicator = client.get("/api/v1/indicators/national-i2").json
    assert indicator["plan"] == "national"
    assert indicator["number"] == 2
    assert indicator["name"] == "每万城镇常住人口拥有社区工作者数"
    assert indicator["attribute"] == "expected"
    assert indicator["unit"] == "人"
    assert indicator["baseline"] == {"year": 2020, "value": 16, "comparator": "=", "comparator_printed": False,
                                     "text": "16"}
    assert indicator["target"] == {"year": 2025, "value": 18, "comparator": ">", "comparator_printed": True,
                                   "text": ">18"}


def test_dash_baseline_has_null_value_and_keeps_the_dash(client):
    indicator = client.get("/api/v1/indicators/jiangsu-i7").json
    assert indicator["baseline"] == {"year": 2020, "value": None, "comparator": None, "comparator_printed": False,
                                     "text": "——"}


def test_decimal_values_stay_decimal(client):
    assert client.get("/api/v1/indicators/jiangsu-i8").json["baseline"]["value"] == 15.5


def test_indicator_counterparts_come_from_counterpart_links(client):
    indicator = client.get("/api/v1/indicators/jiangsu-i7").json
    assert [(c["id"], c["relation"], c["score"]) for c in indicator["national_counterparts"]] == [
        ("national-i1", "close", 0.8), ("national-s1.1", "related", 0.3)]


def test_indicator_without_link_says_why(client):
    indicator = client.get("/api/v1/indicators/jiangsu-i8").json
    assert indicator["national_counterparts"] == []
    assert indicator["no_counterpart_reason"] == "the national plan sets no target for volunteer registration"


def test_peers_are_targets_of_the_same_measure_in_provincial_plans(client):
    national = client.get("/api/v1/indicators/national-i1").json
    assert [(p["id"], p["plan"]) for p in national["peers"]] == [("jiangsu-i7", "jiangsu")]
    assert national["peers"][0]["target"]["value"] == 100
    assert client.get("/api/v1/indicators/national-i2").json["peers"] == []


def test_indicators_filter_by_plan_attribute_and_name(client):
    assert ids(client.get("/api/v1/indicators?plan=jiangsu")) == ["jiangsu-i7", "jiangsu-i8"]
    assert ids(client.get("/api/v1/indicators?attribute=binding")) == ["jiangsu-i7", "national-i1"]
    assert ids(client.get("/api/v1/indicators?q=社区综合服务设施")) == ["jiangsu-i7", "national-i1"]
    assert ids(client.get("/api/v1/indicators?plan=national&attribute=expected")) == ["national-i2"]


def test_unknown_attribute_is_a_400(client):
    assert client.get("/api/v1/indicators?attribute=mandatory").status_code == 400


def test_unknown_query_parameter_is_a_400(client):
    response = client.get("/api/v1/indicators?plna=jiangsu")
    assert response.status_code == 400 and "plna" in response.json["message"]


def test_unknown_indicator_is_a_404(client):
    response = client.get("/api/v1/indicators/jiangsu-i99")
    assert response.status_code == 404 and response.json["status"] == "Not Found"


# ---------------------------------------------------------------- projects, commitments, organisations

def test_projects_carry_their_items(client):
    project = client.get("/api/v1/projects?plan=national").json["items"][0]
    assert project["id"] == "national-p1" and project["number"] == 1 and project["section"] == "national-s1.1"
    assert [(i["id"], i["number"], i["title"]) for i in project["items"]] == [("national-p1.1", 1, "综合服务设施")]


def test_commitments_carry_value_unit_comparator(client):
    commitment = client.get("/api/v1/commitments?plan=jiangsu").json["items"][0]
    assert (commitment["value"], commitment["unit"], commitment["comparator"], commitment["section"]) == (
        1, "个", ">=", "jiangsu-s1.1")
    assert client.get("/api/v1/commitments?plan=national").json == {"items": [], "total": 0}


def test_departments_and_regions(client):
    departments = {d["id"]: d for d in client.get("/api/v1/departments").json["items"]}
    assert departments["jiangsu-civil-affairs"]["parent"] == "ministry-of-civil-affairs"
    assert departments["jiangsu-civil-affairs"]["region"] == "320000"
    regions = {r["id"]: r for r in client.get("/api/v1/regions").json["items"]}
    assert regions["320000"]["label"] == "江苏省" and regions["320000"]["label_en"] == "Jiangsu"
    assert regions["CN"]["wikidata"] == "http://www.wikidata.org/entity/Q148"


# ---------------------------------------------------------------- search

def test_search_finds_chinese_text_in_indicators_and_sections(client):
    response = client.get("/api/v1/search", query_string={"q": "社区工作者"})
    hits = {item["id"]: item for item in response.json["items"]}
    assert {"national-i2", "national-s1.1", "jiangsu-s1.1", "national-s1.1.1"} <= set(hits)
    assert hits["national-i2"]["type"] == "IndicatorTarget"
    assert "社区工作者" in hits["national-s1.1.1"]["snippet"]


def test_search_is_case_insensitive_for_latin_text(client):
    assert ids(client.get("/api/v1/search?q=JIANGSU")) == ["320000"]


def test_search_without_q_is_a_400(client):
    assert client.get("/api/v1/search").status_code == 400
    assert client.get("/api/v1/search?q=").status_code == 400


# ---------------------------------------------------------------- hostile input

HOSTILE = ['"', "'", '"}', '"{', "} UNION { ?s ?p ?o", "\\", '\\"', "a\nb", '""" ?x', "'''", "<x>", "#",
           '") } ; DROP ALL ; #', "?q", "%", "\r\n\t", "}", "{"]


def expected_hits(text: str) -> list[str]:
    """Ids of mini.ttl entities whose title, text or label contains `text` (any case), read with rdflib."""
    from rdflib import URIRef

    from tests.api.conftest import mini_graph

    graph, identifier = mini_graph(), URIRef("http://purl.org/dc/terms/identifier")
    found = set()
    for prop in ("http://purl.org/dc/terms/title", BASE + "def/text", "http://www.w3.org/2004/02/skos/core#prefLabel"):
        for s, o in graph.subject_objects(URIRef(prop)):
            if text.lower() in str(o).lower() and graph.value(s, identifier) is not None:
                found.add(str(graph.value(s, identifier)))
    return sorted(found)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_in_q_is_taken_literally(client, text):
    response = client.get("/api/v1/search", query_string={"q": text})
    assert response.status_code == 200, (text, response.json)
    assert sorted(ids(response)) == expected_hits(text)
    response = client.get("/api/v1/indicators", query_string={"q": text})
    assert response.status_code == 200 and response.json == {"items": [], "total": 0}


def test_hostile_text_matches_where_it_occurs(client):
    # the jiangsu-s1.2 title holds quotes and braces: 发展"智慧社区"{试点}
    assert ids(client.get("/api/v1/search", query_string={"q": '"智慧社区"{试点}'})) == ["jiangsu-s1.2"]


@pytest.mark.parametrize("text", ['x"', "x' }", "a\\b", "a\nb", "} . ?s ?p ?o {", "jiangsu-i7\" || true || \""])
def test_hostile_ids_are_404s(client, text):
    for path in ("/api/v1/indicators/", "/api/v1/plans/"):
        response = client.get(path + text.replace("\n", "%0A"))
        assert response.status_code == 404, (path, text)
        assert response.json["code"] == 404


@pytest.mark.parametrize("text", ['x"', "a\\b", "} UNION {"])
def test_hostile_plan_filter_is_a_400(client, text):
    assert client.get("/api/v1/indicators", query_string={"plan": text}).status_code == 400


# ---------------------------------------------------------------- HTTP behaviour

def test_errors_are_json_never_html(client):
    for method, path in [("get", "/api/v1/nowhere"), ("post", "/api/v1/plans"), ("delete", "/api/v1/indicators"),
                         ("get", "/api/v1/indicators?limit=0")]:
        response = getattr(client, method)(path)
        assert response.mimetype == "application/json", (method, path)
        assert set(response.json) >= {"code", "status", "message"}
        assert response.json["code"] == response.status_code


def test_wrong_method_is_a_405_with_allow(client):
    response = client.post("/api/v1/plans")
    assert response.status_code == 405 and response.json["status"] == "Method Not Allowed"
    assert "GET" in response.headers["Allow"]


def test_etag_and_if_none_match_give_304(client):
    first = client.get("/api/v1/indicators?plan=jiangsu")
    etag = first.headers["ETag"]
    again = client.get("/api/v1/indicators?plan=jiangsu", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    other = client.get("/api/v1/indicators?plan=national", headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_cors_and_cache_control(client):
    response = client.get("/api/v1/plans")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "max-age" in response.headers["Cache-Control"]
    error = client.get("/api/v1/indicators?limit=0")
    assert error.headers["Access-Control-Allow-Origin"] == "*"
    assert error.headers["Cache-Control"] == "no-store"


def test_cors_preflight(client):
    response = client.options("/api/v1/plans", headers={"Origin": "https://example.org",
                                                        "Access-Control-Request-Method": "GET"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response.headers["Access-Control-Allow-Methods"]


def test_json_keeps_chinese_unescaped(client):
    assert "江苏省".encode() in client.get("/api/v1/plans").data


def test_openapi_documents_every_resource(client):
    spec = client.get("/openapi.json").json
    for path in ("/api/v1/plans", "/api/v1/plans/{plan_id}", "/api/v1/sections", "/api/v1/indicators",
                 "/api/v1/indicators/{indicator_id}", "/api/v1/projects", "/api/v1/commitments",
                 "/api/v1/departments", "/api/v1/regions", "/api/v1/search", "/sparql"):
        assert path in spec["paths"], path
    parameters = {p["name"] for p in spec["paths"]["/api/v1/indicators"]["get"]["parameters"]}
    assert {"limit", "offset", "plan", "attribute", "q"} <= parameters


def test_docs_page_works_offline(client):
    page = client.get("/docs")
    assert page.status_code == 200
    html = page.data.decode()
    assert "http://" not in html.replace("http://localhost", "") and "https://" not in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/docs/static/{asset}" in html
        response = client.get(f"/docs/static/{asset}")
        assert response.status_code == 200 and len(response.data) > 1000
        response.close()


def test_home_page_lists_the_plans(client):
    page = client.get("/", headers={"Accept": "text/html"}).data.decode()
    assert 'href="/plan/jiangsu"' in page and "江苏省" in page


# ---------------------------------------------------------------- comparisons (issue 4 point 5)

def test_peer_carries_the_comparison_of_this_target_with_it(client):
    peer = client.get("/api/v1/indicators/national-i1").json["peers"][0]
    assert peer["id"] == "jiangsu-i7"
    assert peer["comparison"] == {"outcome": "equal", "explanation": "same bound 100% (2025) = 100% (2025)"}


def test_peer_without_a_comparison_in_the_graph_has_null(client):
    assert client.get("/api/v1/indicators/jiangsu-i7").json["peers"] == []  # national-i1 is no provincial peer
    assert all(p["comparison"] is None for i in client.get("/api/v1/indicators").json["items"]
               for p in i["peers"] if i["id"] != "national-i1")


def test_counterpart_link_carrying_a_national_figure_shows_it_and_the_comparison(client):
    counterparts = client.get("/api/v1/indicators/jiangsu-i7").json["national_counterparts"]
    assert "national_figure" not in counterparts[0] and "comparison" not in counterparts[0]
    assert counterparts[1]["national_figure"] == {
        "id": "national-s1.1-q1", "iri": BASE + "plan/national/section/1.1/quantity/1",
        "text": "城市社区综合服务设施实现全覆盖", "value": 100, "unit": "%", "comparator": "=",
        "comparator_printed": False, "year": 2020,
        "status": "reported", "sentence": "城市社区综合服务设施实现全覆盖。", "section": "national-s1.1"}
    assert counterparts[1]["comparison"] == {"outcome": "not_comparable",
                                             "explanation": "the national figure is a 2020 status, not a target"}


def test_indicator_lists_the_national_figures_it_was_compared_with(client):
    figures = client.get("/api/v1/indicators/jiangsu-i7").json["national_figures"]
    assert [(f["id"], f["comparison"]["outcome"]) for f in figures] == [("national-s1.1-q1", "not_comparable")]
    assert client.get("/api/v1/indicators/jiangsu-i8").json["national_figures"] == []


def test_sections_carry_no_figure_fields(client):
    for section in client.get("/api/v1/sections").json["items"]:
        for counterpart in section["national_counterparts"]:
            assert "national_figure" not in counterpart and "comparison" not in counterpart
