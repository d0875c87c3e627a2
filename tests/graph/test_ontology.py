"""ontology/planlink.ttl defines every term of MODEL.md, in Chinese and English; shapes cover every class."""

import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from tests.graph.helpers import PL

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
SH = "http://www.w3.org/ns/shacl#"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "planlink.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl")


def model_terms() -> set[str]:
    text = (ONTOLOGY_DIR / "MODEL.md").read_text(encoding="utf-8")
    return set(re.findall(r"\bpl:([A-Za-z][A-Za-z0-9]*)", text))


def defined_terms(ontology) -> set[URIRef]:
    return {s for s in ontology.subjects(RDFS.isDefinedBy, URIRef(str(PL)))}


def test_every_pl_term_in_model_md_is_defined_in_the_ontology(ontology):
    missing = {t for t in model_terms() if PL[t] not in defined_terms(ontology)}
    assert not missing


def test_model_md_names_the_classes_of_the_brief():
    assert {"Plan", "Chapter", "Section", "Task", "Project", "ProjectItem", "IndicatorTarget", "Measure",
            "Commitment", "GlossaryTerm", "Figure", "Department", "Region", "SourceDocument",
            "CitedDocument", "CounterpartLink"} <= model_terms()


def test_every_pl_term_has_labels_and_definitions_in_chinese_and_english(ontology):
    for term in defined_terms(ontology):
        for prop in (RDFS.label, SKOS.definition):
            languages = {o.language for o in ontology.objects(term, prop) if isinstance(o, Literal)}
            assert {"zh", "en"} <= languages, f"{term} {prop}"


def test_every_pl_term_the_graph_uses_is_defined(ontology, mini_graph):
    used = {t for triple in mini_graph for t in triple if isinstance(t, URIRef) and t.startswith(str(PL))}
    assert used <= defined_terms(ontology)


def test_every_class_has_a_shape(ontology, shapes):
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    targeted = set(shapes.objects(None, URIRef(SH + "targetClass")))
    assert len(classes) == 23 and classes <= targeted  # 17 of the plans (DepartmentKind added), 2 of the linker,
    # 4 of the gap report (GapReport, Gap, NationalGap, ProvincialGap)


def test_every_shape_constraint_has_an_english_message(shapes):
    property_shapes = set(shapes.subjects(URIRef(SH + "path"), None))
    silent = {s for s in property_shapes if (s, URIRef(SH + "message"), None) not in shapes}
    assert not silent


def test_comparators_carry_the_contract_symbols_as_notation(ontology):
    notations = {str(ontology.value(c, SKOS.notation))
                 for c in ontology.subjects(SKOS.inScheme, PL.ComparatorScheme)}
    assert notations == {">=", ">", "=", "<=", "<"}


def test_attributes_are_labelled_with_the_printed_chinese_words(ontology):
    labels = {str(o) for c in (PL.binding, PL.expected) for o in ontology.objects(c, SKOS.prefLabel)
              if o.language == "zh"}
    assert labels == {"约束性", "预期性"}


def test_ontology_declares_its_version_and_reuses_standard_classes(ontology):
    assert str(ontology.value(PL[""], OWL.versionInfo)) == "0.1.0"
    assert (PL.Plan, RDFS.subClassOf, URIRef("http://data.europa.eu/eli/ontology#LegalResource")) in ontology
    assert (PL.Department, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in ontology
