"""The differential suite (issue 19): every rendering of a plan met in the wild (tests/parser/wild/: a
portal page, a PDF's text, a Word export, half-width punctuation; written by someone who had not read
the parser) gives the graph its reference rendering (graph_data/sources/) gives: the same facts
(tests/parser/differential.py), the same number of nodes of each class, and the same counterpart
links, offsets and the metadata a rendering does not print aside (tests/parser/wild/README.md)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF

from planlink.scripts.extract import extract_file
from tests.parser.differential import UNPRINTED, WILD, differences, facts, flat, wild_renderings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "renderings.md"
PLANS = ("national", "shanghai", "jiangsu")


@pytest.fixture(scope="module")
def wild() -> dict:
    """{rendering: its extraction}, each file read once."""
    return {name: extract_file(WILD / f"{name}.txt") for name in wild_renderings()}


def plan_of(name: str) -> str:
    return name.split("_")[0]


@pytest.mark.parametrize("name", wild_renderings())
def test_a_wild_rendering_gives_its_references_facts(name, wild, extractions):
    unprinted = UNPRINTED.get(name, set())
    assert differences(facts(extractions[plan_of(name)], unprinted), facts(wild[name], unprinted)) == {}


@pytest.mark.parametrize("name", wild_renderings())
def test_a_wild_rendering_gives_as_many_nodes_of_each_class(name, wild, extractions, sources_dir):
    from planlink.scripts.graph import plan_graph

    def classes(extraction, path: Path) -> Counter:
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        graph = plan_graph(extraction, text)
        return Counter(str(cls) for cls in graph.objects(None, RDF.type))

    unprinted = UNPRINTED.get(name, set())
    aside = {"https://planlink.example/def/Figure"} if "figures" in unprinted else set()
    if "notice" in unprinted:  # the documents the notice cites
        aside.add("https://planlink.example/def/CitedDocument")
    if unprinted & {"issuers", "issuer_inferred"}:  # an inferred issuer: a PROV attribution
        aside.add("http://www.w3.org/ns/prov#Attribution")
    reference = classes(extractions[plan_of(name)], sources_dir / f"{plan_of(name)}.txt")
    rendering = classes(wild[name], WILD / f"{name}.txt")
    if "figures" in unprinted:  # and the locators of the pictures it does not print
        figures = len(extractions[plan_of(name)]["figures"])
        reference -= Counter({f"http://www.w3.org/ns/oa#{c}": figures
                              for c in ("SpecificResource", "TextPositionSelector", "TextQuoteSelector")})
    assert {k: v for k, v in rendering.items() if k not in aside} == {k: v for k, v in reference.items() if k not in aside}


@pytest.mark.parametrize("plan", PLANS)
def test_the_wild_renderings_of_a_plan_link_as_their_reference_does(plan, wild, extractions):
    """The national counterparts of every provincial item, with each rendering of a plan in its place."""
    from planlink.scripts.link.linkage import linkage

    def links(plans: dict) -> dict:
        result = linkage(plans)
        return {subject: [(link["object"], link["relation"], link["rank"], link["score"], flat(link["evidence"]))
                          for link in found] for subject, found in result.links.items()}

    reference = links(extractions)
    for name in (n for n in wild_renderings() if plan_of(n) == plan):
        assert links({**extractions, plan: wild[name]}) == reference, name


def test_every_plan_has_four_wild_renderings_as_docs_renderings_md_says():
    counts = Counter(plan_of(name) for name in wild_renderings())
    assert counts == {plan: 4 for plan in PLANS}
    stated = re.search(r"(\d+) renderings of each plan are tested", DOCS.read_text(encoding="utf-8"))
    generated = re.search(r"and (\d+) generated", DOCS.read_text(encoding="utf-8"))
    from tests.parser.renderings import RENDERINGS

    assert stated and int(stated.group(1)) == 4 + len(RENDERINGS)
    assert generated and int(generated.group(1)) == len(RENDERINGS)
