"""No outage for lack of a store (issue 9, finding 3): a missing or corrupt store is a 503 with a
clear message, a worker keeps serving the build it has, and gunicorn's master never gives up."""

import os
import time

import pytest
import requests

from tests.api.conftest import make_app, mini_graph, planlink_server

RUNAWAY_COUNT = "SELECT (COUNT(*) AS ?n) {?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l}"


@pytest.fixture
def own_store(tmp_path):
    from planlink.api.store import write_store

    return write_store(mini_graph().serialize(format="nt", encoding="utf-8"), tmp_path / "data" / "store")


def test_without_a_store_the_api_answers_503_in_json(tmp_path):
    from planlink.api.store import close_store

    app = make_app(tmp_path / "nothing-here")
    client = app.test_client()
    for path in ("/api/v1/plans", "/sparql?query=ASK%7B%7D", "/plan/jiangsu"):
        response = client.get(path, headers={"Accept": "text/turtle" if path.startswith("/plan") else "*/*"})
        assert response.status_code == 503, path
        assert response.json["code"] == 503 and "no store" in response.json["message"]
    close_store(app)


def test_a_store_that_appears_later_is_served(tmp_path):
    from planlink.api.store import close_store, write_store

    app = make_app(tmp_path / "store")
    client = app.test_client()
    assert client.get("/api/v1/plans").status_code == 503
    write_store(mini_graph().serialize(format="nt", encoding="utf-8"), tmp_path / "store")
    time.sleep(1.1)  # tried again once a second
    assert client.get("/api/v1/plans").json["total"] == 2
    close_store(app)


def test_a_corrupt_store_is_a_503_not_a_500(tmp_path):
    from planlink.api.store import close_store

    corrupt = tmp_path / "store"
    corrupt.mkdir()
    (corrupt / "CURRENT").write_text("MANIFEST-000099\n")
    app = make_app(corrupt)
    response = app.test_client().get("/api/v1/plans")
    assert response.status_code == 503 and "no store" in response.json["message"]
    close_store(app)


def test_a_store_removed_under_a_running_store_is_still_served(own_store):
    from planlink.api.store import LocalStore

    store = LocalStore(own_store, in_memory_max_bytes=64 << 20)
    os.rename(own_store, own_store.with_name("moved"))
    time.sleep(1.1)
    assert store.ask("ASK { ?s ?p ?o }") is True


def test_a_worker_replaced_while_the_store_is_missing_answers_503_and_the_server_stays_up(own_store, tmp_path):
    """The runaway retires the only worker; its replacement finds no store: it still starts (the
    master used to shut the whole server down), answers 503, and serves again once a store is back."""
    server = planlink_server(tmp_path, "--store", str(own_store), "--workers", "1", "--query-timeout", "1")
    try:
        assert requests.get(server.url + "/api/v1/plans", timeout=5).status_code == 200
        os.rename(own_store, own_store.with_name("moved"))  # what a build killed between two renames left
        time.sleep(1.1)
        assert requests.get(server.url + "/sparql", params={"query": "ASK {?s ?p ?o}"}, timeout=5).status_code == 200
        runaway = requests.get(server.url + "/sparql", params={"query": RUNAWAY_COUNT}, timeout=10)
        assert runaway.status_code == 504
        deadline = time.monotonic() + 15
        while True:
            try:
                response = requests.get(server.url + "/api/v1/plans", timeout=5)
                if response.status_code == 503:
                    break
            except requests.ConnectionError:
                pass  # the replacement is starting
            assert time.monotonic() < deadline, "no 503 from the replacement worker"
            time.sleep(0.2)
        assert response.json()["code"] == 503 and "no store" in response.json()["message"]
        assert server.process.poll() is None  # the master is up
        os.rename(own_store.with_name("moved"), own_store)
        time.sleep(1.1)
        assert requests.get(server.url + "/api/v1/plans", timeout=5).json()["total"] == 2
    finally:
        server.stop()
