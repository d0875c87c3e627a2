"""A build under the publisher's own base, served where that base points: every IRI found in a
crawl of the server's answers (JSON, SPARQL results, pages, dumps, VoID, catalog) dereferences."""

from __future__ import annotations

import gzip
import json
import re

import pytest
import requests

from tests.api.conftest import BASE as DEFAULT_BASE, ROOT, VENV_BIN, Server, free_port

VOCABULARY = DEFAULT_BASE + "def/"


@pytest.fixture(scope="module")
def rebased_build(tmp_path_factory):
    """(base, store) of a build under http://127.0.0.1:PORT/, PORT free for its server."""
    from planlink.scripts.build import build

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    out = tmp_path_factory.mktemp("rebased") / "store"
    build(sources=ROOT / "graph_data" / "sources", out=out, base=base)
    return base, out


@pytest.fixture(scope="module")
def rebased_server(rebased_build):
    base, out = rebased_build
    port = int(base.rstrip("/").rsplit(":", 1)[1])
    server = Server([str(VENV_BIN / "planlink"), "serve", "--host", "127.0.0.1", "--port", str(port),
                     "--store", str(out)], base.rstrip("/"), "/openapi.json", out.parent / "server.log")
    yield base
    server.stop()


def strings(value):
    """Every string inside a JSON value."""
    if isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)
    elif isinstance(value, str):
        yield value


def iris_in(text: str, base: str) -> set[str]:
    return set(re.findall(re.escape(base) + r"[^\s\"'<>\\]*", text)) | \
        set(re.findall(re.escape(VOCABULARY) + r"[^\s\"'<>\\]*", text))


@pytest.fixture(scope="module")
def crawl(rebased_server):
    """{IRI: where it was found} from every kind of answer the server gives."""
    base = rebased_server
    session = requests.Session()
    found: dict[str, str] = {}

    def add(texts, where):
        for text in texts:
            for iri in iris_in(text, base):
                found.setdefault(iri, where)

    for path in ("plans", "sections", "indicators", "measures", "projects", "commitments", "departments", "regions"):
        answer = session.get(f"{base}api/v1/{path}", params={"limit": 500}, timeout=30).json()
        assert answer["total"] <= 500, path
        add(strings(answer), f"/api/v1/{path}")
    for plan in ("national", "shanghai", "jiangsu"):
        add(strings(session.get(f"{base}api/v1/plans/{plan}", timeout=30).json()), f"/api/v1/plans/{plan}")
    add(strings(session.get(f"{base}api/v1/search", params={"q": "社区"}, timeout=30).json()), "/api/v1/search")
    results = session.get(f"{base}sparql", params={"query": "SELECT DISTINCT ?s ?o WHERE { ?s ?p ?o }"},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60).json()
    add(strings(results), "/sparql")
    for page in ("", "plan/jiangsu/indicator/7", "plan/national/section/1.1", "def/"):
        add([session.get(base + page, headers={"Accept": "text/html"}, timeout=30).text], f"page /{page}")
    add([session.get(base, headers={"Accept": "text/turtle"}, timeout=30).text], "catalog")
    add([session.get(base + ".well-known/void", timeout=30).text], "VoID")
    add([gzip.decompress(session.get(base + "dumps/planlink.nq.gz", timeout=30).content).decode("utf-8")], "dump")
    session.close()
    return found


def path_of(iri: str, base: str) -> str:
    """Where the server answers for an IRI: the base maps to its root; the vocabulary to /def/."""
    document = iri.split("#")[0]
    if document.startswith(VOCABULARY):
        return base + "def/" + document[len(VOCABULARY):]
    return document


def test_the_rebased_build_mints_no_entity_under_the_default_base(rebased_server, crawl):
    stray = [iri for iri in crawl if iri.startswith(DEFAULT_BASE) and not iri.startswith(VOCABULARY)]
    assert stray == []
    entities = [iri for iri in crawl if iri.startswith(rebased_server)]
    assert len(entities) > 1000


def test_every_iri_in_the_servers_answers_dereferences(rebased_server, crawl):
    session = requests.Session()
    documents = {path_of(iri, rebased_server).replace("&amp;", "&"): where for iri, where in crawl.items()}
    assert len([d for d in documents if re.search(r"/(plan|measure|org|region)/", d)]) > 500
    failures = []
    for document, where in sorted(documents.items()):
        status = session.get(document, headers={"Accept": "text/turtle"}, timeout=30).status_code
        if status != 200:
            failures.append((document, where, status))
    session.close()
    assert failures == [], f"{len(failures)} of {len(documents)} IRIs do not dereference: {failures[:10]}"


def test_a_rebased_store_validates(rebased_build, capsys):
    from planlink.scripts.cli import main

    assert main(["validate", "--store", str(rebased_build[1])]) == 0
    assert "no SHACL violations" in capsys.readouterr().out


def test_json_iris_are_under_the_publishers_base(rebased_server):
    item = requests.get(f"{rebased_server}api/v1/indicators", params={"plan": "jiangsu"}, timeout=30).json()["items"][0]
    assert item["iri"].startswith(rebased_server + "plan/jiangsu/indicator/")
    assert json.dumps(item).count(DEFAULT_BASE) == 0
