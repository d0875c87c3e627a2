"""What a figure means, as the linker reads it: whom a commitment covers decides which measure it
restates, and an amount added over a period is never compared with a level (issue 19)."""

import pytest

from planlink.scripts.link import compare, linkage

ADDED = {"value": 2, "unit": "万个", "comparator": ">=", "kind": "addition", "change": {"from": 2021, "to": 2025}}


@pytest.fixture(scope="module")
def linked(extractions):
    return linkage(extractions)


def test_relocation_communities_facilities_restate_no_measure_of_every_community(linked):
    assert "national-c2" not in linked.commitment_measures


def test_a_commitment_about_every_community_still_restates_its_measure(linked):
    assert linked.commitment_measures["jiangsu-c8"] == "consultation-platform-coverage"   # 村（社区）民主协商机制全覆盖
    assert linked.commitment_measures["shanghai-c1"] == "volunteer-station-coverage"


def test_an_addition_restates_no_measure(linked, extractions):
    additions = {c["id"] for x in extractions.values() for c in x["commitments"] if c["kind"] == "addition"}
    assert len(additions) == 8 and not additions & linked.commitment_measures.keys()


def test_an_addition_is_never_compared_with_a_level():
    outcome, why = compare(ADDED, {"value": 20000, "unit": "个", "comparator": ">=", "kind": "level"})
    assert outcome == "not comparable" and "≥2万个 added over 2021–2025" in why and "level" in why


def test_additions_over_the_same_period_are_compared_on_one_scale():
    assert compare(ADDED, {**ADDED, "value": 15000, "unit": "个"})[0] == "stricter"
    assert compare(ADDED, {**ADDED, "change": {"from": 2016, "to": 2020}})[0] == "not comparable"

