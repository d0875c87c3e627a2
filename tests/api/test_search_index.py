"""Search through the build's search index (api/store/search_index.py) answers as the engine's own
substring test does, comes and goes with its build, and is not needed: without it the engine is asked."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.api.conftest import mini_graph

# one, two and more characters; common and rare; Latin in another case; characters SPARQL's
# LCASE and REGEX would treat specially; nothing at all
QUERIES = ["社", "养", "养老", "社区", "社区工作者", "智慧社区", "十四五", "JIANGSU", "Community", "a", "%", "_",
           '"}\\', "（", "2025", "no-such-text-anywhere"]


def engine_search(store, q: str) -> list[dict]:
    """The answer of search.rq with ?q bound, the engine doing the substring test (no index)."""
    from planlink.api import services
    from planlink.api.services.common import _OneCall

    return services.search(_OneCall(store), q)  # a memo without a build directory: no index


@pytest.fixture(scope="module")
def real(real_store):
    from planlink.api.store import LocalStore

    store = LocalStore(real_store)
    yield store
    store.close()


def test_the_build_writes_its_index_inside_its_own_directory(real_store):
    from planlink.api.store.search_index import INDEX_PATH

    assert (Path(os.path.realpath(real_store)) / INDEX_PATH).is_file()


@pytest.mark.parametrize("q", QUERIES)
def test_the_index_finds_what_the_engine_finds_in_the_same_order_with_the_same_snippets(real, q):
    from planlink.api import services
    from planlink.api.services.lookup import _search_index

    assert _search_index(real) is not None  # the index is what answers below
    assert services.search(real, q) == engine_search(real, q)


def test_searching_yanglao_finds_every_entity_whose_text_contains_it(real):
    from planlink.api import services
    from planlink.api.store import PREFIX_DECLARATIONS

    texts = real.select(PREFIX_DECLARATIONS + """SELECT ?e ?text WHERE {
        VALUES ?p { dcterms:title skos:prefLabel pl:text skos:definition } ?e ?p ?text ; dcterms:identifier ?id }""")
    containing = {row["e"] for row in texts if "养老" in row["text"]}
    found = [hit["iri"] for hit in services.search(real, "养老")]
    assert len(found) == len(set(found)) and set(found) == containing and len(found) > 20
    assert all("养老" in hit["snippet"] for hit in services.search(real, "养老"))


def write(tmp_path: Path, title: str) -> Path:
    """The mini graph with one more section titled `title`, written as a build."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCTERMS, RDF

    from planlink.api.store import write_store

    graph = mini_graph()
    section = URIRef("https://planlink.example/plan/jiangsu/section/9.9")
    graph.add((section, RDF.type, URIRef("https://planlink.example/def/Section")))
    graph.add((section, DCTERMS.identifier, Literal("jiangsu-s9.9")))
    graph.add((section, DCTERMS.title, Literal(title)))
    return write_store(graph.serialize(format="nt", encoding="utf-8"), tmp_path / "store")


def test_a_new_build_is_searched_through_its_own_index(tmp_path, monkeypatch):
    from planlink.api import services
    from planlink.api.store import LocalStore, local

    monkeypatch.setattr(local, "RECHECK", 0.0)  # look for a new build at every request
    store = LocalStore(write(tmp_path, "甲乙丙丁实验区"))
    first = os.path.realpath(tmp_path / "store")
    assert [hit["id"] for hit in services.search(store, "乙丙")] == ["jiangsu-s9.9"]
    write(tmp_path, "戊己庚辛实验区")
    assert os.path.realpath(tmp_path / "store") != first
    assert services.search(store, "乙丙") == []
    assert [hit["id"] for hit in services.search(store, "己庚")] == ["jiangsu-s9.9"]
    write(tmp_path, "壬癸实验区")  # the next build removes the first, index and all
    assert not os.path.exists(first)
    store.close()


def test_a_build_without_an_index_is_searched_by_the_engine_with_the_same_answers(real_store, tmp_path):
    from planlink.api import services
    from planlink.api.store import LocalStore
    from planlink.api.store.search_index import INDEX_PATH

    copy = tmp_path / "store"
    shutil.copytree(os.path.realpath(real_store), copy)
    shutil.rmtree(copy / INDEX_PATH.parent)  # as a build written before the index existed
    with_index, without = LocalStore(real_store), LocalStore(copy)
    for q in ("养老", "社区工作者", "JIANGSU"):
        assert services.search(without, q) == services.search(with_index, q) != []
    with_index.close()
    without.close()
