"""Issue 10 item 6: a figure printed without a comparator (90%, 3万人, 全覆盖) is in the graph as
printed, with no pl:comparator, and never as pl:eq unless '=' or 等于 is printed."""

from rdflib import Literal

from planlink.scripts.validate import validate_graph
from tests.graph.helpers import PL, iri, select

BARE_TARGET = """SELECT ?text WHERE {{
    <https://planlink.example/plan/{path}> pl:target ?t .
    ?t pl:valueText ?text ; sdmx-measure:obsValue ?value FILTER NOT EXISTS {{ ?t pl:comparator ?any }} }}"""


def test_jiangsu_indicator_9_target_printed_90_percent_has_no_comparator(store_graph):
    assert select(store_graph, BARE_TARGET.format(path="jiangsu/indicator/9")) == [{"text": "90%"}]


def test_jiangsu_indicator_6_target_printed_3_wan_people_has_no_comparator(store_graph):
    assert select(store_graph, BARE_TARGET.format(path="jiangsu/indicator/6")) == [{"text": "3万人"}]


def test_no_figure_in_the_built_graph_is_pl_eq_as_no_plan_prints_an_equals_sign(store_graph):
    assert not list(store_graph.subjects(PL.comparator, PL.eq))


def test_shanghai_commitment_of_85_percent_baobao_wu_coverage_has_no_comparator(store_graph):
    rows = select(store_graph, """SELECT ?c ?cmp WHERE {
        ?c a pl:Commitment ; pl:subjectText ?subject ; sdmx-measure:obsValue ?value .
        FILTER(STR(?subject) = "全市街镇“宝宝屋”覆盖率" && ?value = 85)
        OPTIONAL { ?c pl:comparator ?cmp } }""")
    assert len(rows) == 1 and rows[0].get("cmp") is None


def test_printed_at_least_keeps_its_comparator_beside_the_bare_ones(store_graph):
    assert store_graph.value(iri("plan/jiangsu/indicator/7#target"), PL.comparator) == PL.ge


def test_shacl_rejects_pl_eq_on_a_value_printed_bare(mini_graph):
    baseline = iri("plan/mini/indicator/2#baseline")  # printed 16.8人
    mini_graph.add((baseline, PL.comparator, PL.eq))
    conforms, report = validate_graph(mini_graph)
    assert not conforms and "pl:eq only where the text prints '=' or 等于" in report


def test_shacl_accepts_pl_eq_where_an_equals_sign_is_printed(mini_graph):
    baseline = iri("plan/mini/indicator/2#baseline")
    mini_graph.set((baseline, PL.valueText, Literal("=16.8人")))
    mini_graph.add((baseline, PL.comparator, PL.eq))
    assert "pl:eq only where" not in validate_graph(mini_graph)[1]
