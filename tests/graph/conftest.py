"""Fixtures of the graph tests: the hand-written mini plan, and the real store read back as rdflib."""

import copy
import json
from pathlib import Path

import pytest
from rdflib import Graph

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="session")
def mini_text() -> str:
    return (DATA / "graph_mini.txt").read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def _mini_extraction() -> dict:
    return json.loads((DATA / "mini_extraction.json").read_text(encoding="utf-8"))


@pytest.fixture
def mini_extraction(_mini_extraction) -> dict:
    """A fresh copy per test: tests may break it on purpose."""
    return copy.deepcopy(_mini_extraction)


@pytest.fixture
def mini_graph(mini_extraction, mini_text) -> Graph:
    from planlink.scripts.graph import plan_graph

    return plan_graph(mini_extraction, mini_text)


@pytest.fixture(scope="session")
def store_graph(built_store) -> Graph:
    """Everything in the real built store, as an rdflib Graph (read once per session)."""
    from planlink.api.store import read_graph

    return read_graph(built_store)
