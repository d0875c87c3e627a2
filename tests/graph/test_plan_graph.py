"""One plan's extraction → triples (scripts/graph.py), on the hand-written mini plan."""

import pytest
from rdflib import RDF, BNode, Literal, namespace
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, PROV, QB, SKOS

from planlink.scripts.errors import InputError
from planlink.scripts.graph import plan_graph
from planlink.scripts.vocab import ELI, SDMX_DIMENSION, SDMX_MEASURE, name_slug
from tests.graph.helpers import PL, WD, iri, select

# single terms, not the XSD namespace object: pytest probes module globals and rdflib warns
DECIMAL, GYEAR, DATE, ANYURI = (namespace.XSD[t] for t in ("decimal", "gYear", "date", "anyURI"))


def test_indicator_iri_is_made_of_the_plan_id_and_the_printed_row_number(mini_graph):
    i2 = iri("plan/mini/indicator/2")
    assert (i2, RDF.type, PL.IndicatorTarget) in mini_graph
    assert mini_graph.value(i2, DCTERMS.identifier) == Literal("mini-i2")
    assert str(mini_graph.value(i2, DCTERMS.title)) == "每万城镇常住人口拥有社区工作者"


def test_numbered_task_is_part_of_its_section_which_is_part_of_its_chapter(mini_graph):
    task, section, chapter = (iri(f"plan/mini/section/{n}") for n in ("2.2.1", "2.2", "2"))
    assert (task, RDF.type, PL.Task) in mini_graph
    assert mini_graph.value(task, ELI.is_part_of) == section
    assert mini_graph.value(section, ELI.is_part_of) == chapter
    assert mini_graph.value(chapter, ELI.is_part_of) == iri("plan/mini")
    assert mini_graph.value(task, PL.number) == Literal("1.")
    assert mini_graph.value(task, PL.outlineLevel) == Literal(3)


def test_plan_has_its_chapters_as_parts_in_document_order(mini_graph):
    rows = select(mini_graph, """SELECT ?n WHERE { <https://planlink.example/plan/mini> eli:has_part ?c .
                                  ?c pl:number ?n ; pl:order ?o } ORDER BY ?o""")
    assert [r["n"] for r in rows] == ["一、", "二、"]


def test_project_item_iri_nests_under_its_project(mini_graph):
    item = iri("plan/mini/project/1/item/2")
    assert (item, RDF.type, PL.ProjectItem) in mini_graph
    assert mini_graph.value(item, ELI.is_part_of) == iri("plan/mini/project/1")
    assert str(mini_graph.value(item, DCTERMS.title)) == "社区服务创新行动"


def test_target_of_at_least_18_people_in_2025_is_a_ge_observation(mini_graph):
    [row] = select(mini_graph, """SELECT ?year ?value ?cmp ?text ?unit WHERE {
        <https://planlink.example/plan/mini/indicator/2> pl:target ?t .
        ?t sdmx-dimension:refPeriod ?year ; sdmx-measure:obsValue ?value ; pl:comparator ?cmp ;
           pl:valueText ?text ; sdmx-attribute:unitMeasure ?unit }""")
    assert (str(row["year"]), row["value"], row["text"], row["unit"]) == ("2025", 18, "≥18人", "人")
    assert str(row["cmp"]) == str(PL.ge)


def test_baseline_of_16_8_is_a_decimal_not_a_float(mini_graph):
    baseline = mini_graph.value(iri("plan/mini/indicator/2"), PL.baseline)
    value = mini_graph.value(baseline, SDMX_MEASURE.obsValue)
    assert value.datatype == DECIMAL and str(value.toPython()) == "16.8"


def test_baseline_printed_bare_as_16_8_has_no_comparator_in_the_graph(mini_graph):
    # issue 10 item 6: a bare figure is modelled as printed, never as pl:eq (it was pl:eq before)
    baseline = mini_graph.value(iri("plan/mini/indicator/2"), PL.baseline)
    assert mini_graph.value(baseline, PL.comparator) is None


def test_dash_baseline_has_no_value_but_keeps_the_dash(mini_graph):
    baseline = mini_graph.value(iri("plan/mini/indicator/3"), PL.baseline)
    assert mini_graph.value(baseline, SDMX_MEASURE.obsValue) is None
    assert mini_graph.value(baseline, PL.comparator) is None
    assert str(mini_graph.value(baseline, PL.valueText)) == "——"
    assert mini_graph.value(baseline, SDMX_DIMENSION.refPeriod) == Literal("2020", datatype=GYEAR)


def test_binding_and_expected_indicators_use_the_attribute_concepts(mini_graph):
    assert mini_graph.value(iri("plan/mini/indicator/1"), PL.attribute) == PL.binding
    assert mini_graph.value(iri("plan/mini/indicator/2"), PL.attribute) == PL.expected


def test_observations_belong_to_the_plan_indicator_table(mini_graph):
    dataset = iri("plan/mini/indicators")
    assert (dataset, RDF.type, QB.DataSet) in mini_graph
    assert str(mini_graph.value(dataset, DCTERMS.title)) == "表1 示例主要发展指标"
    observations = set(mini_graph.subjects(QB.dataSet, dataset))
    assert len(observations) == 6  # 3 rows × baseline and target


def test_every_extracted_entity_has_a_source_quote_equal_to_its_text_span(mini_graph, mini_text):
    rows = select(mini_graph, """SELECT ?e ?start ?end ?exact ?doc WHERE {
        ?e prov:wasDerivedFrom ?src . ?src oa:hasSource ?doc ; oa:hasSelector ?pos, ?quote .
        ?pos oa:start ?start ; oa:end ?end . ?quote oa:exact ?exact }""")
    extracted = {s for s in mini_graph.subjects(DCTERMS.identifier, None)
                 if str(s).startswith(str(iri("plan/mini/"))) and not str(s).endswith("/indicators")}
    assert {r["e"] for r in rows} == {str(e) for e in extracted}
    assert len(extracted) == 15  # 6 outline parts, 3 indicators, 1 专栏 + 2 items, figure, commitment, term
    for r in rows:
        assert r["exact"] == mini_text[r["start"]:r["end"]]
        assert r["doc"] == str(iri("plan/mini/source"))


def test_source_document_records_file_name_and_sha256(mini_graph, mini_extraction):
    doc = iri("plan/mini/source")
    assert (iri("plan/mini"), PROV.wasDerivedFrom, doc) in mini_graph
    assert str(mini_graph.value(doc, DCTERMS.source)) == "graph_mini.txt"
    assert str(mini_graph.value(doc, PL.sha256)) == mini_extraction["plan"]["source"]["sha256"]


def test_glossary_term_is_a_chinese_skos_concept_in_the_plan_glossary(mini_graph):
    term = iri("plan/mini/term/1")
    assert (term, RDF.type, SKOS.Concept) in mini_graph
    assert mini_graph.value(term, SKOS.prefLabel) == Literal("社区", lang="zh")
    assert mini_graph.value(term, SKOS.definition).language == "zh"
    assert mini_graph.value(term, SKOS.inScheme) == iri("plan/mini/glossary")


def test_figure_is_marked_not_extracted_and_keeps_its_image_url(mini_graph):
    figure = iri("plan/mini/figure/1")
    assert mini_graph.value(figure, PL.extracted) == Literal(False)
    assert mini_graph.value(figure, PL.imageUrl) == Literal("http://example.org/mini/figure1.jpg",
                                                            datatype=ANYURI)


def test_commitment_keeps_its_sentence_value_and_year(mini_graph):
    c1 = iri("plan/mini/commitment/1")
    assert str(mini_graph.value(c1, PL.text)) == "到2025年，城乡社区协商覆盖率达到95%以上。"
    assert mini_graph.value(c1, SDMX_MEASURE.obsValue).toPython() == 95
    assert mini_graph.value(c1, PL.comparator) == PL.ge
    assert mini_graph.value(c1, ELI.is_part_of) == iri("plan/mini/section/2.2.1")


def test_department_leads_only_where_the_text_says_so(mini_graph):
    task = iri("plan/mini/section/2.2.1")
    assert set(mini_graph.objects(task, PL.leadOrganization)) == {iri("org/js-mzt")}
    assert set(mini_graph.objects(task, PL.mentionsOrganization)) == {iri("org/js-mzt"), iri("org/js-fgw")}
    assert (iri("org/js-fgw"), RDF.type, ORG.Organization) in mini_graph


def test_issuer_is_the_department_of_the_same_name(mini_graph):
    assert set(mini_graph.objects(iri("plan/mini"), ELI.passed_by)) == {iri("org/js-bgt")}


def test_provincial_plan_is_based_on_the_national_plan(mini_graph):
    plan = iri("plan/mini")
    assert mini_graph.value(plan, ELI.based_on) == iri("plan/national")
    assert mini_graph.value(plan, PL.planLevel) == PL.provincial
    assert mini_graph.value(plan, ELI.date_document) == Literal("2099-01-02", datatype=DATE)
    cited = sorted(str(mini_graph.value(c, DCTERMS.title)) for c in mini_graph.objects(plan, ELI.cites))
    assert cited == ["“十四五”城乡社区服务体系建设规划", "江苏省“十四五”公共服务规划"]


def test_jiangsu_region_is_wikidata_q16963_within_china(mini_graph):
    region = mini_graph.value(iri("plan/mini"), DCTERMS.spatial)
    assert region == iri("region/320000")
    assert mini_graph.value(region, SKOS.exactMatch) == WD.Q16963
    assert mini_graph.value(region, SKOS.notation) == Literal("320000")
    assert mini_graph.value(region, SKOS.broader) == iri("region/CN")
    assert mini_graph.value(iri("region/CN"), SKOS.exactMatch) == WD.Q148


def test_graph_has_no_blank_nodes(mini_graph):
    assert not [t for t in mini_graph if any(isinstance(term, BNode) for term in t)]


def test_same_extraction_gives_the_same_graph_every_time(mini_extraction, mini_text, mini_graph):
    assert isomorphic(plan_graph(mini_extraction, mini_text), mini_graph)


def test_measure_iri_does_not_depend_on_full_or_half_width_characters():
    assert name_slug("m", "村（社区）覆盖率 ") == name_slug("m", "村(社区)覆盖率")


def test_extraction_of_another_text_is_refused(mini_extraction, mini_text):
    with pytest.raises(InputError, match="sha256"):
        plan_graph(mini_extraction, mini_text.replace("示例", "样例"))


def test_offsets_outside_the_text_are_refused(mini_extraction, mini_text):
    mini_extraction["glossary"][0]["source"]["end"] = len(mini_text) + 5
    with pytest.raises(InputError, match="outside the text"):
        plan_graph(mini_extraction, mini_text)


def test_unknown_attribute_is_refused_in_one_line(mini_extraction, mini_text):
    mini_extraction["indicators"][0]["attribute"] = "mandatory"
    with pytest.raises(InputError) as e:
        plan_graph(mini_extraction, mini_text)
    assert "mini-i1" in str(e.value) and "\n" not in str(e.value)


def test_missing_field_is_an_input_error_not_a_traceback(mini_extraction, mini_text):
    del mini_extraction["projects"][0]["items"][0]["title"]
    with pytest.raises(InputError, match="missing field 'title'"):
        plan_graph(mini_extraction, mini_text)


def test_id_of_another_plan_is_refused(mini_extraction, mini_text):
    mini_extraction["sections"][1]["parent"] = "jiangsu-s1"
    with pytest.raises(InputError, match="jiangsu-s1"):
        plan_graph(mini_extraction, mini_text)
