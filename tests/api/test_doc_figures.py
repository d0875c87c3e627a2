"""The figures docs/publishing.md and docs/sdmx.md give about the data are those of a fresh build of
the shipped plans: docs/figures.py measures them on the session's build, and each page must show
exactly what it writes (a change that moves a count reruns `.venv/bin/python docs/figures.py`)."""

from __future__ import annotations

import pytest

from docs import figures as doc_figures


@pytest.fixture(scope="module")
def measured(real_store) -> dict:
    return doc_figures.measure(real_store)


@pytest.mark.parametrize("page", sorted(doc_figures.PAGES))
def test_the_pages_figures_are_a_fresh_builds(measured, page):
    assert doc_figures.current(page) == doc_figures.blocks(measured)[page], \
        f"docs/{page}.md shows other figures than a fresh build: run .venv/bin/python docs/figures.py"


def test_the_figures_are_measured_not_empty(measured):
    assert measured["void"]["triples"] > 10_000 and measured["partitions"][0] > 30
    # every indicator row gives SDMX a baseline or a target (or both), besides the status figures
    assert measured["rows"]["indicators"] <= sum(count for _, count in measured["sdmx"]["observations"].values())
