"""What a document may leave unsaid (issue 19, "a real document never fails the build"): its issuer,
date and number are stated, inferred with the inference recorded, or recorded as not stated; a
document's silence is a warning in the build summary, a graph that says nothing about it a violation."""

import shutil
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import DCTERMS, PROV

from planlink.scripts.validate import validate_graph
from planlink.scripts.vocab import ELI
from tests.graph.helpers import PL, iri, select

PORTAL = Path(__file__).resolve().parents[1] / "parser" / "data" / "portal_mini.txt"


@pytest.fixture(scope="module")
def portal_build(tmp_path_factory) -> tuple[Path, dict]:
    """A build of one plan as a portal shows it: no national plan, no issuer printed, no date."""
    from planlink.scripts.build import build

    root = tmp_path_factory.mktemp("portal")
    (root / "sources").mkdir()
    shutil.copy(PORTAL, root / "sources" / "shanghai.txt")
    return root / "store", build(sources=root / "sources", out=root / "store", progress=False)


@pytest.fixture(scope="module")
def portal_graph(portal_build):
    from planlink.api.store import read_graph

    return read_graph(portal_build[0])


def test_a_portal_page_that_prints_no_issuer_and_no_date_builds(portal_build):
    assert portal_build[1]["plans"] == ["shanghai"]


def test_the_documents_silence_is_a_warning_in_the_build_summary(portal_build):
    assert portal_build[1]["warnings"] == ["- /plan/shanghai eli:date_document: The document does not state its date of issue."]


def test_the_graph_records_the_date_of_issue_as_not_stated(portal_graph):
    assert set(portal_graph.objects(iri("plan/shanghai"), PL.notStated)) == {ELI.date_document}


def test_the_issuer_inferred_from_the_document_number_is_recorded_with_its_rule_and_number(portal_graph):
    [row] = select(portal_graph, """SELECT ?agent ?rule ?number ?code WHERE {
        <https://planlink.example/plan/shanghai> eli:passed_by ?agent ; prov:qualifiedAttribution ?a .
        ?a a prov:Attribution ; prov:agent ?agent ; pl:inferenceRule ?rule ; pl:inferredFrom ?number ;
           pl:issuerCode ?code }""")
    assert row == {"agent": "https://planlink.example/org/shanghai-civil-affairs-bureau",
                   "rule": str(PL.DocNumberIssuerCode), "number": "沪民社建发〔2022〕3号", "code": "沪民"}


def test_the_portals_date_is_the_date_of_publication(portal_graph):
    assert portal_graph.value(iri("plan/shanghai"), ELI.date_publication).toPython().isoformat() == "2022-10-11"


def test_the_real_plans_leave_only_the_national_number_unsaid(built_store):
    """The three shipped texts print everything but the national plan's 发文字号."""
    from planlink.api.store import read_graph

    graph = read_graph(built_store)
    assert set(graph.subject_objects(PL.notStated)) == {(iri("plan/national"), ELI.id_local)}


def test_a_graph_that_neither_states_an_issuer_nor_says_it_is_not_stated_is_a_violation(mini_graph):
    mini_graph.remove((iri("plan/mini"), ELI.passed_by, None))
    conforms, report = validate_graph(mini_graph)
    assert not conforms and "/plan/mini" in report and "pl:notStated" in report


def test_an_issuer_stated_and_said_to_be_unstated_is_a_violation(mini_graph):
    mini_graph.add((iri("plan/mini"), PL.notStated, ELI.passed_by))
    conforms, report = validate_graph(mini_graph)
    assert not conforms and "never both" in report


def test_an_issuer_recorded_as_not_stated_is_only_a_warning(mini_graph):
    mini_graph.remove((iri("plan/mini"), ELI.passed_by, None))
    mini_graph.add((iri("plan/mini"), PL.notStated, ELI.passed_by))
    conforms, report = validate_graph(mini_graph)
    assert conforms and "1 warning" in report and "does not state who issued it" in report


def test_an_inferred_issuer_without_the_number_it_was_read_from_is_a_violation(portal_graph):
    attribution = next(portal_graph.objects(iri("plan/shanghai"), PROV.qualifiedAttribution))
    portal_graph.remove((attribution, PL.inferredFrom, None))
    conforms, report = validate_graph(portal_graph)
    portal_graph.add((attribution, PL.inferredFrom, Literal("沪民社建发〔2022〕3号")))
    assert not conforms and "pl:inferredFrom" in report


@pytest.fixture(scope="module")
def jiangsu_text(sources_dir) -> str:
    return (sources_dir / "jiangsu.txt").read_text(encoding="utf-8")


def graph_of(text: str):
    from planlink.scripts.extract import extract_text
    from planlink.scripts.graph import plan_graph

    return plan_graph(extract_text(text, "jiangsu.txt"), text)


def test_a_box_printed_without_a_title_is_a_warning_not_a_failed_build(jiangsu_text):
    graph = graph_of(jiangsu_text.replace("专栏2 新时代新社区新生活服务质量提升行动", "专栏2"))
    assert (iri("plan/jiangsu/project/2"), PL.notStated, DCTERMS.title) in graph
    conforms, report = validate_graph(graph)
    assert conforms and "/plan/jiangsu/project/2 dcterms:title: The document prints this heading without a title." in report


def test_an_indicator_row_without_its_attribute_is_a_warning_not_a_failed_build(jiangsu_text):
    graph = graph_of(jiangsu_text.replace("100%\t预期性", "100%\t", 1))
    assert (iri("plan/jiangsu/indicator/4"), PL.notStated, PL.attribute) in graph
    conforms, report = validate_graph(graph)
    assert conforms and "/plan/jiangsu/indicator/4 pl:attribute: The document prints this indicator without its attribute" in report


def test_a_heading_with_neither_title_nor_not_stated_is_a_violation(mini_graph):
    mini_graph.remove((iri("plan/mini/section/1"), DCTERMS.title, None))
    conforms, report = validate_graph(mini_graph)
    assert not conforms and "/plan/mini/section/1" in report and "pl:notStated dcterms:title" in report
