"""Dereferenceable IRIs: each entity IRI answers at its own path, as RDF by Accept or as HTML."""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from tests.api.conftest import BASE, mini_graph

INDICATOR = BASE + "plan/jiangsu/indicator/7"
LABELS = [URIRef("http://purl.org/dc/terms/title"), URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"),
          URIRef("http://www.w3.org/2000/01/rdf-schema#label"), URIRef("http://www.w3.org/2004/02/skos/core#notation")]


def expected_description(iri: str) -> Graph:
    """From mini.ttl: the triples of the IRI and its #fragments, plus labels of their objects."""
    source, expected = mini_graph(), Graph()
    for s, p, o in source:
        if str(s) == iri or str(s).startswith(iri + "#"):
            expected.add((s, p, o))
            for label in LABELS:
                for value in source.objects(o, label):
                    expected.add((o, label, value))
    return expected


@pytest.mark.parametrize("accept, rdflib_format", [
    ("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
    ("application/n-triples", "nt"), ("application/rdf+xml", "xml"),
])
def test_indicator_iri_describes_itself_in_each_format(client, accept, rdflib_format):
    response = client.get("/plan/jiangsu/indicator/7", headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == accept
    graph = Graph().parse(data=response.data, format=rdflib_format)
    assert isomorphic(graph, expected_description(INDICATOR))


def test_description_includes_fragments_and_labels(client):
    graph = Graph().parse(data=client.get("/plan/jiangsu/indicator/7", headers={"Accept": "text/turtle"}).data,
                          format="turtle")
    quote = URIRef(INDICATOR + "#quote")
    assert (quote, URIRef("http://www.w3.org/ns/oa#exact"), None) in graph
    assert (URIRef(INDICATOR + "#target"), URIRef("http://purl.org/linked-data/sdmx/2009/measure#obsValue"),
            None) in graph
    measure = URIRef(BASE + "measure/community-service-facility-coverage")
    assert (measure, LABELS[1], Literal("社区综合服务设施覆盖率", lang="zh")) in graph


@pytest.mark.parametrize("path", ["/plan/jiangsu", "/plan/jiangsu/section/1.1", "/plan/national/project/1/item/1",
                                  "/measure/community-service-facility-coverage", "/org/ministry-of-civil-affairs",
                                  "/region/320000", "/region/CN", "/def/Plan", "/plan/jiangsu/section/1.1/link/1"])
def test_every_kind_of_entity_resolves(client, path):
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 200, path
    graph = Graph().parse(data=response.data, format="turtle")
    assert isomorphic(graph, expected_description(BASE + path[1:]))


def test_unknown_iri_is_a_json_404(client):
    for path in ("/plan/jiangsu/indicator/99", "/measure/nothing", "/def/Nothing", '/plan/a"b>c', "/org/%20x"):
        response = client.get(path, headers={"Accept": "text/turtle"})
        assert response.status_code == 404, path
        assert response.json["code"] == 404


def test_nothing_acceptable_is_a_406(client):
    response = client.get("/plan/jiangsu/indicator/7", headers={"Accept": "image/png"})
    assert response.status_code == 406 and "text/turtle" in response.json["message"]


def test_rdf_answers_vary_on_accept_and_link_to_alternates(client):
    response = client.get("/plan/jiangsu/indicator/7", headers={"Accept": "text/turtle"})
    assert "Accept" in response.headers["Vary"]
    link = response.headers["Link"]
    for media_type in ("application/ld+json", "application/n-triples", "application/rdf+xml", "text/html"):
        assert f'rel="alternate"; type="{media_type}"' in link
    assert 'type="text/turtle"' not in link
    assert f'<{INDICATOR}>; rel="canonical"' in link


def test_mediatype_parameter_overrides_accept(client):
    response = client.get("/plan/jiangsu/indicator/7?_mediatype=application/n-triples",
                          headers={"Accept": "text/html"})
    assert response.mimetype == "application/n-triples"
    assert client.get("/plan/jiangsu/indicator/7?_mediatype=image/png").status_code == 406


def test_html_page_is_readable(client):
    response = client.get("/plan/jiangsu/indicator/7", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.data.decode()
    assert "<h1>城乡社区综合服务设施覆盖率</h1>" in page                           # its label
    assert 'href="/measure/community-service-facility-coverage"' in page        # related entities, local links
    assert "社区综合服务设施覆盖率" in page                                        # with their labels
    assert "7 | 城乡社区综合服务设施覆盖率 | % | —— | 100 | 约束性" in page          # the source quote
    assert 'href="/plan/jiangsu/source"' in page and "2040" in page             # provenance
    assert 'href="/plan/jiangsu/indicator/7/link/1"' in page                    # what points here
    assert 'type="text/turtle"' in page                                         # alternates


def test_html_page_escapes_text(client):
    page = client.get("/plan/jiangsu/section/1.2", headers={"Accept": "text/html"}).data.decode()
    assert "发展&#34;智慧社区&#34;{试点}" in page or "发展&quot;智慧社区&quot;{试点}" in page


def test_turtle_is_the_default_for_any_type(client):
    assert client.get("/plan/jiangsu", headers={"Accept": "*/*"}).mimetype == "text/turtle"


# ---------------------------------------------------------------- the human summary above the table

def html(client, path):
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    return response.data.decode()


def test_indicator_page_summarises_baseline_target_counterparts_and_comparisons(site_client):
    page = html(site_client, "/plan/jiangsu/indicator/7")
    assert page.index('class="summary"') < page.index("完整描述")               # summary above the full description
    assert '<a href="/plan/jiangsu">江苏省“十四五”城乡社区服务体系建设规划</a>' in page
    assert '——</span> <small>(2020)</small>' in page and '100</span> <small>(2025)</small>' in page
    assert '<a href="/plan/national/indicator/1">城市社区综合服务设施覆盖率</a>' in page
    assert "城市社区综合服务设施覆盖率 100%" in page                             # the evidence
    assert "不可比" in page and "国家规划数据是 2020 年的现状，不是目标" in page      # one language: the page's
    assert '<a href="/plan/jiangsu/source">jiangsu.txt</a>，原文第 2040–2071 个字符' in page   # the source


def test_national_indicator_page_shows_its_peer_and_the_comparison(site_client):
    page = html(site_client, "/plan/national/indicator/1")
    assert '<a href="/plan/jiangsu/indicator/7">城乡社区综合服务设施覆盖率</a>' in page
    assert ">相同</span>" in page and "界限相同：100% (2025) = 100% (2025)" in page


def test_section_page_shows_number_text_parent_children_and_counterparts(client):
    page = html(client, "/plan/national/section/1.1")
    assert "（一）" in page and "建立社区工作者职业体系，完善社区工作者薪酬制度。" in page
    assert '<a href="/plan/national/section/1">一、总体要求</a>' in page                 # parent
    assert '<a href="/plan/national/section/1.1.1">1.完善薪酬</a>' in page             # child
    assert '<a href="/plan/jiangsu/section/1.1">（一）建强社区工作者队伍</a>' in page    # linked from Jiangsu
    provincial = html(client, "/plan/jiangsu/section/1.1")
    assert '<a href="/plan/national/section/1.1">加强社区工作者队伍建设</a>' in provincial
    assert '<span class="relation relation-exact">完全对应</span>' in provincial  # in the page's language only


def test_plan_page_shows_document_facts_and_outline(client):
    page = html(client, "/plan/jiangsu")
    for fact in ("苏民基〔2022〕5号", "2022-06-30", '<a href="/org/jiangsu-civil-affairs">江苏省民政厅</a>',
                 '<a href="/plan/jiangsu/section/1">一、主要任务</a>', '<a href="/plan/jiangsu/indicator/8">社区志愿者注册率</a>'):
        assert fact in page, fact


def test_measure_page_lists_labels_and_targets(client):
    page = html(client, "/measure/community-service-facility-coverage")
    assert "社区综合服务设施覆盖率" in page
    assert '<a href="/plan/jiangsu/indicator/7">7. 城乡社区综合服务设施覆盖率</a>' in page
    assert '<a href="/plan/national/indicator/1">1. 城市社区综合服务设施覆盖率</a>' in page


def test_pages_of_other_kinds_keep_the_plain_table(client):
    page = html(client, "/org/ministry-of-civil-affairs")
    assert 'class="summary"' not in page and "民政部" in page


def test_page_facts_read_each_query_once_for_a_store_without_build_id(app):
    from planlink.api import services
    from planlink.api.store import get_store
    from tests.api.test_build_memo import NoBuildId

    with app.app_context():
        store = NoBuildId(get_store())
        facts = services.page_facts(store, BASE + "plan/national/section/1.1", {BASE + "def/Section"})
        assert [e["id"] for e in facts["linked_from"]] == ["jiangsu-s1.1", "jiangsu-i7"]
        assert len(store.queries) == len(set(store.queries))  # no query asked twice with the same bindings
        assert facts == services.page_facts(get_store(), BASE + "plan/national/section/1.1", {BASE + "def/Section"})


def test_the_ontology_iri_gives_the_whole_ontology(real_store):
    """https://planlink.example/def/ (the namespace of the terms) dereferences to the ontology
    as ontology/planlink.ttl writes it, every statement; its page lists the terms."""
    from planlink.api.store import close_store
    from tests.api.conftest import ROOT, make_app

    app = make_app(real_store)
    try:
        client = app.test_client()
        served = Graph().parse(data=client.get("/def/", headers={"Accept": "text/turtle"}).data, format="turtle")
        assert isomorphic(served, Graph().parse(ROOT / "ontology" / "planlink.ttl"))
        page = client.get("/def/", headers={"Accept": "text/html"})
        assert page.status_code == 200
        text = page.data.decode()
        assert "planlink 城乡社区服务规划本体" in text and 'href="/def/IndicatorTarget"' in text
    finally:
        close_store(app)


def test_the_home_is_a_page_for_browsers_and_a_dcat_catalog_for_harvesters(real_store):
    from rdflib import RDF, Namespace

    from planlink.api.store import close_store
    from tests.api.conftest import make_app

    dcat, dcterms = Namespace("http://www.w3.org/ns/dcat#"), Namespace("http://purl.org/dc/terms/")
    app = make_app(real_store)
    try:
        client = app.test_client()
        for accept in ("*/*", "text/html,application/xhtml+xml,*/*;q=0.8"):
            assert client.get("/", headers={"Accept": accept}).mimetype == "text/html"
        response = client.get("/", headers={"Accept": "text/turtle"})
        assert response.mimetype == "text/turtle" and "Accept" in response.headers["Vary"]
        catalog = Graph().parse(data=response.data, format="turtle")
        assert list(catalog.subjects(RDF.type, dcat.Catalog)) == [URIRef(BASE)]
        datasets = {str(catalog.value(d, dcterms.identifier)): d for d in catalog.objects(URIRef(BASE), dcat.dataset)}
        assert sorted(datasets) == ["jiangsu-indicators", "shanghai-indicators"]
        rows = {"jiangsu-indicators": 12, "shanghai-indicators": 11}
        for identifier, dataset in datasets.items():  # each table's JSON distribution answers with its rows
            urls = [catalog.value(d, dcat.accessURL) for d in catalog.objects(dataset, dcat.distribution)
                    if str(catalog.value(d, dcat.mediaType)).endswith("application/json")]
            assert len(urls) == 1 and urls[0].startswith("http://localhost/api/v1/indicators")
            assert client.get(urls[0].removeprefix("http://localhost")).json["total"] == rows[identifier]
        endpoints = {str(catalog.value(s, dcat.endpointURL)) for s in catalog.subjects(RDF.type, dcat.DataService)}
        assert endpoints == {"http://localhost/sparql", "http://localhost/api/v1"}
    finally:
        close_store(app)


def test_every_advertised_alternate_answers_in_its_media_type(client):
    """The Link header's alternates are URLs a client can follow: application/ld+json's `+` is
    percent-encoded (unencoded, it reads as a space and the link answered 406)."""
    import re

    for path in ("/plan/jiangsu/indicator/7", "/"):
        link = client.get(path, headers={"Accept": "text/turtle"}).headers["Link"]
        alternates = re.findall(r'<([^>]+)>; rel="alternate"; type="([^"]+)"', link)
        assert len(alternates) >= 4, path
        for url, media_type in alternates:
            answer = client.get(url.replace("http://localhost", ""))
            assert answer.status_code == 200, url
            assert answer.mimetype == media_type, url
