"""Status figures, quantity kinds, and whose commitment it is in the built graph (MODEL.md, "Status figures",
"Commitment"; issue 19)."""

import pytest
from rdflib import Literal, URIRef, namespace
from rdflib.namespace import QB, RDF, RDFS

from planlink.scripts.vocab import PL, SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE

PLAN = "https://planlink.example/plan/"
MEASURE = "https://planlink.example/measure/"


def status_with_value(graph, plan, value):
    (node,) = [s for s in graph.subjects(SDMX_MEASURE.obsValue, Literal(value, datatype=namespace.XSD.decimal))
               if (s, RDF.type, PL.StatusFigure) in graph and str(s).startswith(PLAN + plan + "/status/")]
    return node


def test_jiangsus_38406_community_organisations_are_an_observation_of_2020(store_graph):
    node = status_with_value(store_graph, "jiangsu", "38406")
    assert (node, RDF.type, QB.Observation) in store_graph
    assert store_graph.value(node, SDMX_DIMENSION.refPeriod) == Literal("2020", datatype=namespace.XSD.gYear)
    assert str(store_graph.value(node, SDMX_ATTRIBUTE.unitMeasure)) == "个"
    assert store_graph.value(node, QB.dataSet) == URIRef(PLAN + "jiangsu/status")
    assert str(store_graph.value(node, PL.periodText)) == "截至2020年末"
    assert store_graph.value(node, RDFS.label) is not None  # English, from translations.csv


def test_every_status_figure_of_the_three_plans_is_in_the_graph_with_year_and_unit(store_graph):
    figures = set(store_graph.subjects(RDF.type, PL.StatusFigure))
    assert len(figures) == 29
    assert all(store_graph.value(f, SDMX_DIMENSION.refPeriod) and store_graph.value(f, SDMX_ATTRIBUTE.unitMeasure)
               for f in figures)


def test_facility_coverage_has_jiangsus_2020_status_beside_shanghais_baseline_and_target(store_graph):
    measure = URIRef(MEASURE + "facility-coverage")
    (status,) = store_graph.objects(measure, PL.status)
    assert str(status).startswith(PLAN + "jiangsu/status/")
    assert store_graph.value(status, SDMX_MEASURE.obsValue) == Literal("100", datatype=namespace.XSD.decimal)
    assert (URIRef(PLAN + "shanghai/indicator/2#baseline"), PL.measure, measure) in store_graph


def test_a_status_that_measures_nothing_in_the_tables_has_no_measure(store_graph):
    assert store_graph.value(status_with_value(store_graph, "national", "433.8"), PL.measure) is None


def test_shanghais_new_childcare_places_are_an_addition_over_2021_to_2025(store_graph):
    c = URIRef(PLAN + "shanghai/commitment/9")
    assert store_graph.value(c, PL.quantityKind) == PL.addition
    assert (store_graph.value(c, PL.changeFrom), store_graph.value(c, PL.changeTo)) == (
        Literal("2021", datatype=namespace.XSD.gYear), Literal("2025", datatype=namespace.XSD.gYear))


def test_relocation_communities_facility_coverage_is_a_level_that_restates_no_measure(store_graph):
    c = URIRef(PLAN + "national/commitment/2")
    assert store_graph.value(c, PL.quantityKind) == PL.level
    assert str(store_graph.value(c, PL.subjectText)) == "易地扶贫搬迁集中安置社区综合服务设施"
    assert store_graph.value(c, PL.restatesMeasure) is None


def test_an_extraction_without_kinds_reads_every_commitment_as_a_level(mini_graph):
    assert mini_graph.value(URIRef(PLAN + "mini/commitment/1"), PL.quantityKind) == PL.level


def test_an_unknown_kind_is_refused_in_one_line(mini_extraction, mini_text):
    from planlink.scripts.errors import InputError
    from planlink.scripts.graph import plan_graph

    mini_extraction["commitments"][0]["kind"] = "sideways"
    with pytest.raises(InputError) as e:
        plan_graph(mini_extraction, mini_text)
    assert "mini-c1" in str(e.value) and "sideways" in str(e.value) and "\n" not in str(e.value)


def test_a_status_figure_without_its_value_is_an_input_error_not_a_traceback(mini_extraction, mini_text):
    from planlink.scripts.errors import InputError
    from planlink.scripts.graph import plan_graph

    mini_extraction["status"] = [{"id": "mini-o1", "text": "截至2020年底，社区工作者3万人。", "unit": "万人", "year": 2020,
                                  "subject": "社区工作者", "section": "mini-s1", "source": {"start": 0, "end": 5}}]
    with pytest.raises(InputError, match="missing field 'value'"):
        plan_graph(mini_extraction, mini_text)
    mini_extraction["status"][0]["value"] = 3
    graph = plan_graph(mini_extraction, mini_text)
    status = URIRef(PLAN + "mini/status/1")
    assert (status, RDF.type, QB.Observation) in graph and graph.value(status, PL.subjectText) == Literal("社区工作者")


def commitment_with(graph, plan, subject):
    (node,) = [s for s in graph.subjects(PL.subjectText, Literal(subject))
               if (s, RDF.type, PL.Commitment) in graph and str(s).startswith(PLAN + plan + "/")]
    return node


def test_shanghais_72_hours_a_year_are_childcare_practitioners_training_in_the_graph(store_graph):
    node = commitment_with(store_graph, "shanghai", "托育从业人员综合技能培训")
    assert store_graph.value(node, SDMX_MEASURE.obsValue) == Literal("72", datatype=namespace.XSD.decimal)
    assert str(store_graph.value(node, PL.qualifier)) == "每年"
    assert "childcare practitioners" in str(store_graph.value(node, RDFS.label))


def test_the_national_8_hours_hold_as_a_rule_and_shanghais_without_exception(store_graph):
    hours = [s for s in store_graph.subjects(PL.subjectText, Literal("社区服务设施开放和服务时间"))]
    hedges = {str(s).split("/plan/")[1].split("/")[0]: store_graph.value(s, PL.hedge) for s in hours}
    assert hedges == {"national": Literal("一般"), "jiangsu": Literal("一般"), "shanghai": None}
