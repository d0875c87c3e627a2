"""The real graph, built once per session from graph_data/sources (the `built_store` fixture)."""

import hashlib
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDFS

from planlink.scripts.errors import PlanlinkError
from tests.graph.helpers import PL, iri, select

EXTRACTED_CLASSES = {"sections": None, "indicators": "IndicatorTarget", "projects": "Project",
                     "figures": "Figure", "commitments": "Commitment", "glossary": "GlossaryTerm"}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """A second build of the same sources: (store path, summary)."""
    from planlink.scripts.build import build

    out = tmp_path_factory.mktemp("rebuild") / "store"
    summary = build(sources=Path(__file__).resolve().parents[2] / "graph_data" / "sources",
                    out=out, progress=False)
    return out, summary


def test_jiangsu_indicator_7_target_is_18_people_in_2025(store_graph):
    [row] = select(store_graph, """SELECT ?name ?unit ?year ?value ?cmp WHERE {
        <https://planlink.example/plan/jiangsu/indicator/7> dcterms:title ?name ; pl:unit ?unit ; pl:target ?t .
        ?t sdmx-dimension:refPeriod ?year ; sdmx-measure:obsValue ?value ; pl:comparator ?cmp }""")
    assert row["name"] == "每万城镇常住人口拥有社区工作者"
    assert (row["unit"], str(row["year"]), row["value"], row["cmp"]) == ("人", "2025", 18, str(PL.ge))


def test_shanghai_indicator_1_is_binding_and_targets_more_than_30_square_metres(store_graph):
    [row] = select(store_graph, """SELECT ?attr ?unit ?value ?cmp WHERE {
        <https://planlink.example/plan/shanghai/indicator/1> pl:attribute ?attr ; pl:unit ?unit ; pl:target ?t .
        ?t sdmx-measure:obsValue ?value ; pl:comparator ?cmp }""")
    assert row == {"attr": str(PL.binding), "unit": "平方米", "value": 30, "cmp": str(PL.gt)}


def test_jiangsu_indicator_11_baseline_is_a_dash_without_value(store_graph):
    baseline = store_graph.value(iri("plan/jiangsu/indicator/11"), PL.baseline)
    assert str(store_graph.value(baseline, PL.valueText)) == "——"
    assert not select(store_graph, """SELECT ?v WHERE {
        <https://planlink.example/plan/jiangsu/indicator/11> pl:baseline/sdmx-measure:obsValue ?v }""")


def test_indicator_iris_follow_the_printed_row_numbers(store_graph, extractions):
    for plan, x in extractions.items():
        stored = {s for s in store_graph.subjects(PL.inPlan, iri(f"plan/{plan}"))
                  if "/indicator/" in s}
        assert stored == {iri(f"plan/{plan}/indicator/{row['number']}") for row in x["indicators"]}


def test_store_holds_every_extracted_entity(store_graph, extractions):
    for plan, x in extractions.items():
        for key, cls in EXTRACTED_CLASSES.items():
            classes = ("Chapter", "Section", "Task") if cls is None else (cls,)
            rows = select(store_graph, f"""SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{
                VALUES ?cls {{ {' '.join('pl:' + c for c in classes)} }}
                ?e a ?cls ; pl:inPlan <https://planlink.example/plan/{plan}> }}""")
            assert rows[0]["n"] == len(x[key]), (plan, key)


def test_every_extracted_entity_has_a_source_quote(store_graph, sources_dir):
    rows = select(store_graph, """SELECT ?e ?file ?start ?end ?exact WHERE {
        ?e pl:inPlan ?plan ; prov:wasDerivedFrom ?src . ?src oa:hasSource ?doc ; oa:hasSelector ?pos, ?q .
        ?doc dcterms:source ?file . ?pos oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }""")
    texts = {f: (sources_dir / f).read_bytes().decode("utf-8") for f in {r["file"] for r in rows}}
    for r in rows:
        assert r["exact"] == texts[r["file"]][r["start"]:r["end"]], r["e"]
    without = select(store_graph, """SELECT ?e WHERE {
        VALUES ?cls { pl:Chapter pl:Section pl:Task pl:Project pl:ProjectItem pl:IndicatorTarget
                      pl:Commitment pl:GlossaryTerm pl:Figure }
        ?e a ?cls . FILTER NOT EXISTS { ?e prov:wasDerivedFrom/oa:hasSelector/oa:exact ?x } }""")
    assert len({r["e"] for r in rows}) > 200 and not without


def test_built_graph_passes_shacl(built_store, capsys):
    from planlink.scripts.cli import main

    assert main(["validate", "--store", str(built_store)]) == 0, capsys.readouterr().out
    assert capsys.readouterr().out.startswith("conforms:")


def test_store_serves_the_ontology_terms(store_graph):
    assert Literal("指标目标", lang="zh") in set(store_graph.objects(PL.IndicatorTarget, RDFS.label))
    assert (PL.ge, URIRef("http://www.w3.org/2004/02/skos/core#notation"), Literal(">=")) in store_graph


def test_store_has_no_blank_nodes(store_graph):
    assert not [t for t in store_graph if any(isinstance(term, BNode) for term in t)]


def test_national_plan_has_two_figures_that_are_not_extracted(store_graph):
    rows = select(store_graph, """SELECT ?f ?url WHERE { ?f a pl:Figure ; pl:extracted false ; pl:imageUrl ?url ;
        pl:inPlan <https://planlink.example/plan/national> }""")
    assert len(rows) == 2 and all(r["url"].startswith("http://www.gov.cn/") for r in rows)


def test_provincial_plans_are_based_on_the_national_plan(store_graph):
    rows = select(store_graph, """SELECT ?id WHERE { ?p a pl:Plan ; pl:planLevel pl:provincial ;
        eli:based_on <https://planlink.example/plan/national> ; dcterms:identifier ?id }""")
    assert sorted(r["id"] for r in rows) == ["jiangsu", "shanghai"]


def test_shanghai_plan_was_issued_by_three_bureaus_in_shanghai(store_graph):
    rows = select(store_graph, """SELECT ?name ?region WHERE {
        <https://planlink.example/plan/shanghai> eli:passed_by ?org .
        ?org skos:prefLabel ?name ; dcterms:spatial ?region }""")
    assert sorted(r["name"] for r in rows) == ["上海市发展和改革委员会", "上海市民政局", "上海市规划和自然资源局"]
    assert {r["region"] for r in rows} == {str(iri("region/310000"))}


def test_shanghai_glossary_term_1_is_community(store_graph):
    term = iri("plan/shanghai/term/1")
    assert str(store_graph.value(term, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel"))) == "社区"


def test_iris_are_identical_across_rebuilds(store_graph, rebuilt):
    from planlink.api.store import read_graph

    again = read_graph(rebuilt[0])
    iris = lambda g: {t for triple in g for t in triple if isinstance(t, URIRef)}  # noqa: E731
    assert iris(again) == iris(store_graph)
    assert set(again) == set(store_graph)  # no blank nodes, so the graphs are equal as sets


def test_build_summary_counts_plans_triples_and_stage_times(rebuilt, store_graph):
    _, summary = rebuilt
    assert summary["plans"] == ["jiangsu", "national", "shanghai"]
    assert summary["triples"] == len(store_graph)
    assert set(summary["seconds"]) == {"parse", "graph", "link", "validate", "store", "total"}
    assert all(seconds > 0 for seconds in summary["seconds"].values())  # (how long: benchmarks/build_bench.py)


# ---------------------------------------------------------------- failed builds

def snapshot(directory: Path) -> dict:
    """Every file under the parent of a store, with a digest: what a failed build must not change."""
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(directory.rglob("*"))}


@pytest.fixture
def previous_store(tmp_path, mini_graph) -> Path:
    from planlink.api.store import write_store

    return write_store(mini_graph.serialize(format="nt", encoding="utf-8"), tmp_path / "out" / "store")


BAD_FILES = {
    "gbk": lambda text: text.encode("gbk", errors="replace"),
    "empty": lambda text: b"",
    "not_a_plan": lambda text: "会议通知\n\n请准时参加。\n".encode("utf-8"),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_failed_build_leaves_previous_store_untouched(kind, tmp_path, previous_store, sources_dir):
    from planlink.scripts.build import build

    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(sources_dir / "national.txt", sources)
    (sources / "zz_bad.txt").write_bytes(BAD_FILES[kind]((sources_dir / "jiangsu.txt").read_text("utf-8")))
    before = snapshot(previous_store.parent)
    with pytest.raises(PlanlinkError) as e:
        build(sources=sources, out=previous_store, progress=False)
    assert "zz_bad.txt" in str(e.value) and "\n" not in str(e.value)
    assert snapshot(previous_store.parent) == before  # same files, and no staging directory left


def test_build_refused_by_shacl_leaves_previous_store_untouched(monkeypatch, tmp_path, previous_store,
                                                               sources_dir):
    import planlink.scripts.build
    from planlink.scripts.errors import BuildError
    from planlink.scripts.graph import plan_graph
    from planlink.scripts.vocab import SDMX_DIMENSION

    def graph_without_target_years(extraction, text):
        g = plan_graph(extraction, text)
        g.remove((None, SDMX_DIMENSION.refPeriod, None))
        return g

    monkeypatch.setattr(planlink.scripts.build, "plan_graph", graph_without_target_years)
    sources = tmp_path / "sources"  # one plan is enough, and validates fast
    sources.mkdir()
    shutil.copy(sources_dir / "jiangsu.txt", sources)
    before = snapshot(previous_store.parent)
    with pytest.raises(BuildError, match="needs its year"):
        planlink.scripts.build.build(sources=sources, out=previous_store, progress=False)
    assert snapshot(previous_store.parent) == before


def test_a_file_with_a_byte_order_mark_builds_with_exact_quotes(tmp_path, sources_dir):
    from planlink.scripts.build import build
    from planlink.api.store import read_graph

    sources = tmp_path / "sources"
    sources.mkdir()
    text = (sources_dir / "national.txt").read_text("utf-8")
    (sources / "national.txt").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    build(sources=sources, out=tmp_path / "store", progress=False)
    rows = select(read_graph(tmp_path / "store"), """SELECT ?start ?end ?exact WHERE {
        <https://planlink.example/plan/national/section/2.6> prov:wasDerivedFrom/oa:hasSelector ?p, ?q .
        ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }""")
    assert rows and rows[0]["exact"] == text[rows[0]["start"]:rows[0]["end"]]
    assert rows[0]["exact"].startswith("（六）健全党建引领机制")


def test_empty_sources_directory_is_refused(tmp_path):
    from planlink.scripts.build import build

    with pytest.raises(PlanlinkError, match="no plan documents"):
        build(sources=tmp_path, out=tmp_path / "store", progress=False)
    assert not (tmp_path / "store").exists()


# ---------------------------------------------------------------- validate and the CLI

def test_validate_store_reports_a_target_without_year(tmp_path, mini_graph):
    from planlink.api.store import write_store
    from planlink.scripts.vocab import SDMX_DIMENSION
    from planlink.api.store import read_graph
    from planlink.scripts.validate import validate_graph

    mini_graph.remove((mini_graph.value(iri("plan/mini/indicator/2"), PL.target), SDMX_DIMENSION.refPeriod, None))
    store = write_store(mini_graph.serialize(format="nt", encoding="utf-8"), tmp_path / "store")
    conforms, report = validate_graph(read_graph(store))
    assert not conforms
    assert report.splitlines()[1].startswith("- /plan/mini/indicator/2#target sdmx-dimension:refPeriod")


def test_cli_validate_of_a_missing_store_is_a_one_line_error(tmp_path, capsys):
    from planlink.scripts.cli import main

    assert main(["validate", "--store", str(tmp_path / "nothing")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("planlink validate: no planlink store") and err.count("\n") == 1


def test_shanghais_range_of_4_to_11_community_workers_has_both_bounds_and_its_condition(store_graph):
    [row] = select(store_graph, """SELECT ?low ?high ?condition ?subject WHERE {
        ?c a pl:Commitment ; pl:inPlan <https://planlink.example/plan/shanghai> ; pl:upperBound ?high ;
           sdmx-measure:obsValue ?low ; pl:condition ?condition ; pl:subjectText ?subject }""")
    assert (row["low"], row["high"], row["subject"]) == (4, 11, "社区工作者")
    assert row["condition"] == "居委会管辖户数在500至2000户"


def test_full_coverage_in_words_is_stored_as_100_with_its_words(store_graph):
    rows = select(store_graph, """SELECT ?v ?words WHERE {
        ?c a pl:Commitment ; pl:inPlan <https://planlink.example/plan/national> ;
           pl:valueText ?words ; sdmx-measure:obsValue ?v }""")
    assert {(r["v"], r["words"]) for r in rows} >= {(100, "全覆盖"), (100, "覆盖所有村（社区）")}


def test_a_period_is_stored_as_the_plans_last_year_with_the_period_as_printed(store_graph):
    [row] = select(store_graph, """SELECT ?year WHERE {
        ?c a pl:Commitment ; pl:periodText "“十四五”期间" ; pl:unit "万台" ; sdmx-dimension:refPeriod ?year }""")
    assert str(row["year"]) == "2025"


def test_a_commitments_clause_is_located_in_the_source(store_graph):
    [row] = select(store_graph, """SELECT ?quote WHERE {
        ?c a pl:Commitment ; pl:inPlan <https://planlink.example/plan/shanghai> ; pl:qualifier "每年" ;
           sdmx-measure:obsValue ?v ; pl:clause/oa:hasSelector/oa:exact ?quote FILTER(?v = 12) }""")
    assert row["quote"] == "每年为每个有需求的幼儿提供不少于12次的免费照护服务"


def test_shanghais_volunteer_station_coverage_commitment_restates_jiangsus_indicator_8_measure(store_graph):
    [row] = select(store_graph, """SELECT ?m WHERE {
        ?c a pl:Commitment ; pl:inPlan <https://planlink.example/plan/shanghai> ;
           pl:subjectText "社区综合服务设施中志愿服务站点覆盖率" ; pl:restatesMeasure ?m .
        <https://planlink.example/plan/jiangsu/indicator/8> pl:measure ?m }""")
    assert row["m"]


def test_national_section_7_19_cites_the_village_committee_law(store_graph):
    [row] = select(store_graph, """SELECT ?title WHERE {
        <https://planlink.example/plan/national/section/7.19> eli:cites/dcterms:title ?title
        FILTER(CONTAINS(?title, "村民委员会组织法")) }""")
    assert row["title"] == "中华人民共和国村民委员会组织法"


def test_shanghais_plan_has_the_notices_form_of_its_title_as_alternative(store_graph):
    [row] = select(store_graph, """SELECT ?alt WHERE { <https://planlink.example/plan/shanghai> dcterms:alternative ?alt }""")
    assert row["alt"] == "上海市城乡社区服务体系建设“十四五”规划"


def test_all_three_plans_give_civil_affairs_the_lead_in_one_query(store_graph):
    rows = select(store_graph, """SELECT DISTINCT ?plan WHERE {
        ?part pl:leadKind <https://planlink.example/org/kind/civil-affairs> ; pl:inPlan ?plan }""")
    assert {r["plan"].rsplit("/", 1)[1] for r in rows} == {"national", "jiangsu", "shanghai"}


def test_shanghais_civil_affairs_bureau_is_of_the_civil_affairs_kind(store_graph):
    [row] = select(store_graph, """SELECT ?en WHERE {
        <https://planlink.example/org/shanghai-civil-affairs-bureau> org:classification ?kind .
        ?kind skos:prefLabel ?en FILTER(lang(?en) = "en") }""")
    assert row["en"] == "civil affairs"


def test_xianlin_street_lies_in_nanjing_which_lies_in_jiangsu(store_graph):
    [row] = select(store_graph, """SELECT ?city ?province WHERE {
        ?street skos:prefLabel "南京市仙林街道"@zh ; skos:broader ?c . ?c skos:notation ?city ; skos:broader ?p .
        ?p skos:notation ?province }""")
    assert (row["city"], row["province"]) == ("320100", "320000")


def test_shanghai_section_3_4_3_mentions_the_yangtze_river_delta(store_graph):
    rows = select(store_graph, """SELECT ?label WHERE {
        <https://planlink.example/plan/shanghai/section/3.4.3> pl:mentionsRegion/skos:prefLabel ?label }""")
    assert "长江三角洲地区" in {r["label"] for r in rows}


ENGLISH_TYPES = ("Plan", "Chapter", "Section", "Task", "Project", "ProjectItem", "IndicatorTarget", "Measure",
                 "Commitment", "GlossaryTerm", "Department", "DepartmentKind", "Region")


@pytest.mark.parametrize("cls", ENGLISH_TYPES)
def test_at_least_99_percent_of_every_entity_type_have_an_english_label(store_graph, cls):
    [row] = select(store_graph, f"""SELECT (COUNT(DISTINCT ?e) AS ?all) (COUNT(DISTINCT ?en) AS ?english) WHERE {{
        ?e a pl:{cls} .
        OPTIONAL {{ ?e rdfs:label|skos:prefLabel ?label FILTER(lang(?label) = "en") BIND(?e AS ?en) }} }}""")
    assert row["all"] > 0 and row["english"] >= 0.99 * row["all"], (cls, row)


def test_a_measure_label_says_what_is_measured(store_graph):
    [row] = select(store_graph, """SELECT ?en WHERE {
        <https://planlink.example/plan/jiangsu/indicator/10> rdfs:label ?en FILTER(lang(?en) = "en") }""")
    assert row["en"] == "share of older people living at home who receive services delivered at home"


def test_a_rebuild_writes_the_same_dump_bytes(built_store, rebuilt):
    """Same sources, same dumps (so the server's ETags, their SHA-256, survive a rebuild)."""
    first, second = built_store.parent / "dumps", rebuilt[0].parent / "dumps"
    names = sorted(p.name for p in first.iterdir())
    assert names == ["SHA256SUMS", "planlink.jsonld.gz", "planlink.nq.gz", "planlink.sssom.tsv", "planlink.ttl.gz"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
