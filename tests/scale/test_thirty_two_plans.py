"""Thirty-two plans (issue 19): the three real ones and 29 generated for the other provinces, some of
which name places of other regions, build, validate and link; a place named by several plans is one
place with one parent. (The build takes about a minute on two cores: benchmarks/build_bench.py
--sources times it on its own.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scale.test_generated import counts_per_plan

GENERATED = 29
PL = "https://planlink.example/def/"


@pytest.fixture(scope="module")
def thirty_two(tmp_path_factory) -> tuple[list, Path, dict]:
    from benchmarks.generate import generate, write
    from planlink.scripts.build import build

    plans = generate(GENERATED, seed=7)
    root = tmp_path_factory.mktemp("thirty-two")
    write(plans, root / "sources", with_real=True)
    return plans, root / "store", build(sources=root / "sources", out=root / "store", progress=False)


def select(store: Path, query: str) -> list[dict]:
    from planlink.api.store import LocalStore

    local = LocalStore(store)
    try:
        return list(local.select(f"PREFIX pl: <{PL}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                                 f"PREFIX dcterms: <http://purl.org/dc/terms/> {query}"))
    finally:
        local.close()


def test_the_thirty_two_plans_build_and_validate(thirty_two):
    plans, _, summary = thirty_two
    assert len(summary["plans"]) == 32 == len(plans) + 3
    assert summary["notes"] == []


def test_every_generated_plan_is_linked_to_the_national_plan(thirty_two):
    plans, store, _ = thirty_two
    counts = counts_per_plan(store)
    assert all(counts.get(p.region.id, {}).get("counterparts", 0) >= 20 for p in plans)


def test_some_generated_plans_name_places_of_other_regions(thirty_two):
    plans, store, _ = thirty_two
    rows = select(store, """SELECT DISTINCT ?plan WHERE {
        ?part pl:mentionsRegion ?place ; pl:inPlan ?p . ?p dcterms:identifier ?plan ; dcterms:spatial ?home .
        ?home skos:notation ?code .
        { ?place skos:broader+ ?there } UNION { ?place dcterms:hasPart ?there }
        ?there skos:notation ?elsewhere .
        FILTER(STRLEN(?elsewhere) = 6 && SUBSTR(?elsewhere, 1, 2) != SUBSTR(?code, 1, 2)) }""")
    generated = {p.region.id for p in plans}
    assert len({row["plan"] for row in rows} & generated) >= 5


def test_a_place_several_plans_name_is_one_place_with_at_most_one_parent(thirty_two):
    _, store, _ = thirty_two
    rows = select(store, """SELECT ?place (COUNT(DISTINCT ?up) AS ?parents) (COUNT(DISTINCT ?plan) AS ?plans) WHERE {
        ?place a pl:Region . OPTIONAL { ?place skos:broader ?up }
        OPTIONAL { ?part pl:mentionsRegion ?place ; pl:inPlan ?plan } } GROUP BY ?place""")
    assert all(row["parents"] <= 1 for row in rows)
    [jiading] = select(store, """SELECT ?up (COUNT(DISTINCT ?plan) AS ?plans) WHERE {
        ?town skos:prefLabel "嘉定新城"@zh ; skos:broader/skos:notation ?up .
        ?part pl:mentionsRegion ?town ; pl:inPlan ?plan } GROUP BY ?up""")
    assert jiading["up"] == "310114" and jiading["plans"] >= 2


def test_a_new_town_no_table_lists_is_only_named_in_the_plans_region(thirty_two):
    _, store, _ = thirty_two
    rows = select(store, """SELECT ?town ?where ?up WHERE {
        ?town pl:placeKind "new-town" ; pl:namedIn/skos:notation ?where . OPTIONAL { ?town skos:broader ?up } }""")
    assert rows and all(row["up"] is None and row["where"].endswith("0000") for row in rows)


def test_the_only_warning_is_the_national_plans_missing_number(thirty_two):
    assert thirty_two[2]["warnings"] == [
        "- /plan/national eli:id_local: The document does not state its document number (发文字号)."]
