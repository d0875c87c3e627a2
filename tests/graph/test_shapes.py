"""The SHACL gate (ontology/shapes.ttl): the mini plan passes, and each kind of mistake is caught."""

from decimal import Decimal

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from planlink.scripts.vocab import SDMX_DIMENSION, SDMX_MEASURE
from planlink.scripts.validate import validate_graph
from tests.graph.helpers import PL, iri

SSSOM = "https://w3id.org/sssom/"
SEMAPV = "https://w3id.org/semapv/vocab/"


def test_mini_plan_passes_shacl(mini_graph):
    conforms, report = validate_graph(mini_graph)
    assert conforms, report


def test_shapes_catch_a_target_without_year(mini_graph):
    target = mini_graph.value(iri("plan/mini/indicator/2"), PL.target)
    mini_graph.remove((target, SDMX_DIMENSION.refPeriod, None))
    conforms, report = validate_graph(mini_graph)
    assert not conforms
    assert "/plan/mini/indicator/2#target sdmx-dimension:refPeriod" in report
    assert "needs its year" in report


def test_shapes_catch_an_attribute_outside_the_code_list(mini_graph):
    mini_graph.set((iri("plan/mini/indicator/1"), PL.attribute, PL.mandatory))
    conforms, report = validate_graph(mini_graph)
    assert not conforms and "/plan/mini/indicator/1 pl:attribute" in report


def test_shapes_catch_a_value_that_is_not_a_decimal(mini_graph):
    target = mini_graph.value(iri("plan/mini/indicator/1"), PL.target)
    mini_graph.set((target, SDMX_MEASURE.obsValue, Literal("100%")))
    conforms, report = validate_graph(mini_graph)
    assert not conforms and "sdmx-measure:obsValue" in report


def test_shapes_catch_an_entity_without_provenance(mini_graph):
    mini_graph.remove((iri("plan/mini/project/1"), PROV.wasDerivedFrom, None))
    conforms, report = validate_graph(mini_graph)
    assert not conforms and "/plan/mini/project/1 prov:wasDerivedFrom" in report


def test_shapes_catch_a_section_whose_chapter_is_missing(mini_graph):
    chapter = iri("plan/mini/section/2")
    for triple in list(mini_graph.triples((chapter, None, None))):
        mini_graph.remove(triple)
    conforms, report = validate_graph(mini_graph)
    assert not conforms and "/plan/mini/section/2.2 eli:is_part_of" in report


def test_shapes_catch_a_glossary_term_without_chinese_label(mini_graph):
    term = iri("plan/mini/term/1")
    mini_graph.set((term, SKOS.prefLabel, Literal("community", lang="en")))
    conforms, report = validate_graph(mini_graph)
    assert not conforms and "/plan/mini/term/1 skos:prefLabel" in report


def test_shapes_catch_a_title_that_is_not_a_string(mini_graph):
    mini_graph.set((iri("plan/mini"), DCTERMS.title, Literal(2099)))
    conforms, report = validate_graph(mini_graph)
    assert not conforms and "/plan/mini dcterms:title" in report


def counterpart_link(graph, score) -> URIRef:
    """A link as the linker writes it (MODEL.md, Links)."""
    link = URIRef(f"{iri('plan/mini/indicator/2')}/link/1")
    for p, o in [(RDF.type, PL.CounterpartLink), (PL.subject, iri("plan/mini/indicator/2")),
                 (PL.object, iri("plan/national/section/2.6")), (PL.relation, SKOS.closeMatch),
                 (PL.score, Literal(Decimal(score))), (PL.method, PL.auto),
                 (PL.evidence, Literal("加强社区工作者队伍建设。")), (PL.rank, Literal(1)),
                 (URIRef(SSSOM + "mapping_justification"), URIRef(SEMAPV + "LexicalMatching"))]:
        graph.add((link, p, o))
    return link


def test_a_counterpart_link_as_the_model_describes_passes(mini_graph):
    counterpart_link(mini_graph, "0.82")
    conforms, report = validate_graph(mini_graph)
    assert conforms, report


def test_shapes_catch_a_counterpart_score_above_1(mini_graph):
    counterpart_link(mini_graph, "1.5")
    conforms, report = validate_graph(mini_graph)
    assert not conforms and "/link/1 pl:score" in report


def test_report_has_one_line_per_violation_under_a_count(mini_graph):
    for n in (1, 2, 3):
        mini_graph.remove((iri(f"plan/mini/indicator/{n}"), DCTERMS.title, None))
    conforms, report = validate_graph(mini_graph)
    lines = report.splitlines()
    assert lines[0] == "3 SHACL violations:"
    assert lines[1:] == [f"- /plan/mini/indicator/{n} dcterms:title: Needs exactly one non-empty "
                         "dcterms:title (a plain string)." for n in (1, 2, 3)]
