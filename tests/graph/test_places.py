"""Places as places are (issue 19, "places"): one identity wherever named, a parent from GB/T 2260 or
the curated table (graph_data/links/places.csv), else only "named in"; no two plans naming one place
can fail the build."""

import shutil
from pathlib import Path

import pytest
from rdflib.namespace import DCTERMS, SKOS

from tests.graph.helpers import PL, iri, select

PORTAL = Path(__file__).resolve().parents[1] / "parser" / "data" / "portal_mini.txt"
ZONE = "长三角生态绿色一体化发展示范区"


def labelled(graph, name: str) -> list:
    """The places whose Chinese label is `name`."""
    return [s for s, o in graph.subject_objects(SKOS.prefLabel) if o.language == "zh" and str(o) == name]


def test_xianlin_street_keeps_its_iri_and_lies_in_qixia_district_of_nanjing(store_graph):
    street = iri("region/place-a4ec102e9d")  # published since the first build
    assert labelled(store_graph, "南京市仙林街道") == [street]
    district = store_graph.value(street, SKOS.broader)
    city = store_graph.value(district, SKOS.broader)
    assert (district, city, store_graph.value(city, SKOS.broader)) == (
        iri("region/320113"), iri("region/320100"), iri("region/320000"))


def test_nanhui_new_town_keeps_its_iri_and_lies_in_pudong(store_graph):
    assert store_graph.value(iri("region/place-666eac52db"), SKOS.broader) == iri("region/310115")


def test_every_place_the_real_plans_name_lies_in_one_region_or_is_a_cluster(store_graph):
    rows = select(store_graph, """SELECT ?place (COUNT(?up) AS ?n) WHERE {
        ?place a pl:Region . OPTIONAL { ?place skos:broader ?up } } GROUP BY ?place""")
    assert all(row["n"] <= 1 for row in rows)
    assert not set(store_graph.subjects(PL.namedIn, None))  # every place of the real plans has a source


@pytest.fixture(scope="module")
def two_provinces(tmp_path_factory):
    """The Shanghai example and a Zhejiang plan that both name 嘉定新城, an unlisted 金山新城 and the
    demonstration zone (on the earlier code: two skos:broader for 嘉定新城, and nothing built)."""
    from planlink.api.store import read_graph
    from planlink.scripts.build import build

    root = tmp_path_factory.mktemp("places")
    sources = root / "sources"
    sources.mkdir()
    text = PORTAL.read_text(encoding="utf-8")
    shutil.copy(PORTAL, sources / "shanghai.txt")
    (sources / "zhejiang.txt").write_text(text.replace("上海市", "浙江省").replace("沪民", "浙民"), encoding="utf-8")
    summary = build(sources=sources, out=root / "store", progress=False)
    return summary, read_graph(root / "store")


def test_two_plans_naming_the_same_places_build(two_provinces):
    assert two_provinces[0]["plans"] == ["shanghai", "zhejiang"]


def test_a_curated_new_town_named_in_two_plans_is_one_place_in_its_district(two_provinces):
    graph = two_provinces[1]
    [town] = labelled(graph, "嘉定新城")
    assert list(graph.objects(town, SKOS.broader)) == [iri("region/310114")]
    mentioned = {s for s in graph.subjects(PL.mentionsRegion, town)}
    assert mentioned == {iri("plan/shanghai/section/1.2"), iri("plan/zhejiang/section/1.2")}


def test_the_demonstration_zone_spans_qingpu_wujiang_and_jiashan_and_lies_in_none(two_provinces):
    graph = two_provinces[1]
    [zone] = labelled(graph, ZONE)
    assert set(graph.objects(zone, DCTERMS.hasPart)) == {iri("region/310118"), iri("region/320509"),
                                                         iri("region/330421")}
    assert graph.value(zone, SKOS.broader) is None
    assert graph.value(iri("region/320509"), SKOS.broader) == iri("region/320500")  # 吴江区 in 苏州市


def test_an_unlisted_new_town_is_named_in_each_plans_region_not_placed_in_it(two_provinces):
    graph = two_provinces[1]
    towns = labelled(graph, "金山新城")
    assert len(towns) == 2
    assert {graph.value(t, PL.namedIn) for t in towns} == {iri("region/310000"), iri("region/330000")}
    assert all(graph.value(t, SKOS.broader) is None for t in towns)
