"""With generated provinces beside the real plans: an indicator in a list carries its first peers,
how many it has and where the full list is (a page's size stays bounded as provinces are added);
the full list is the one the indicator's own resource gives; and every list page answered from the
build's documents is the page made anew."""

from __future__ import annotations

import pytest

from tests.api.conftest import make_app
from tests.api.test_documents import assert_same_answers


@pytest.fixture(scope="module")
def client(generated_build):
    from planlink.api.store import close_store

    app = make_app(generated_build[0], PLANLINK_CACHE_BYTES=0)
    yield app.test_client()
    close_store(app)


def listed(client) -> list[dict]:
    total = client.get("/api/v1/indicators?limit=1").json["total"]
    return [item for offset in range(0, total, 500)
            for item in client.get(f"/api/v1/indicators?limit=500&offset={offset}").json["items"]]


def test_an_indicator_in_a_list_carries_at_most_five_peers_and_how_many_it_has(client):
    from planlink.api.schemas import PEERS_IN_LIST

    items = listed(client)
    assert PEERS_IN_LIST == 5 and max(item["peers_total"] for item in items) > PEERS_IN_LIST  # the bound is at work
    for item in items:
        full = client.get(f"/api/v1/indicators/{item['id']}").json
        assert "peers_total" not in full and "peers_url" not in full  # the item's own resource: the whole list
        assert item["peers"] == full["peers"][:PEERS_IN_LIST], item["id"]
        assert item["peers_total"] == len(full["peers"]), item["id"]
        assert {k: v for k, v in item.items() if k not in ("peers", "peers_total", "peers_url")} == \
               {k: v for k, v in full.items() if k != "peers"}


def test_peers_url_pages_through_the_indicators_whole_list_of_peers(client):
    item = max(listed(client), key=lambda i: i["peers_total"])
    assert item["peers_url"] == f"/api/v1/indicators/{item['id']}/peers"
    whole = client.get(f"/api/v1/indicators/{item['id']}").json["peers"]
    answer = client.get(item["peers_url"]).json
    assert answer == {"items": whole, "total": item["peers_total"]}
    pages = [client.get(f"{item['peers_url']}?limit=3&offset={at}") for at in range(0, len(whole), 3)]
    assert [peer for page in pages for peer in page.json["items"]] == whole
    assert 'rel="next"' in pages[0].headers["Link"] and pages[0].headers["X-Total-Count"] == str(len(whole))
    csv = client.get(f"{item['peers_url']}?format=csv")
    assert csv.status_code == 200 and csv.data.decode("utf-8-sig").count("\n") == len(whole) + 1


def test_peers_of_an_unknown_indicator_or_with_a_bad_page_are_clear_errors(client):
    assert client.get("/api/v1/indicators/nothing/peers").json["code"] == 404
    item = listed(client)[0]
    for bad in ("limit=0", "limit=x", "offset=-1", "other=1"):
        answer = client.get(f"/api/v1/indicators/{item['id']}/peers?{bad}")
        assert answer.status_code == 400 and answer.json["code"] == 400, bad


def test_every_list_page_from_the_documents_is_the_page_made_anew_with_generated_plans(generated_build, tmp_path):
    assert assert_same_answers(generated_build[0], tmp_path, pages_per_listing=12) > 300


@pytest.mark.parametrize("mutation", ["as built", "required values dropped", "bare figures say eq"])
def test_turbo_and_pyshacl_find_the_same_violations_on_every_part_with_generated_plans(generated_build, mutation):
    from benchmarks.shacl_engines import MUTATIONS, compare, store_lines

    [row] = compare(store_lines(generated_build[0]), {mutation: MUTATIONS[mutation]})
    assert row["disagree"] == [] and row["parts"] > 100


def every_link_to(store, iri: str) -> list[tuple]:
    """(id, plan, score) of the entities linked to `iri`, best first: linked_from.rq over the whole
    graph, in the order the national page has always given (score, then plan, then id)."""
    from planlink.api.services.common import QUERIES
    from planlink.api.store import IRI

    seen = {}
    for row in store.select(QUERIES["linked_from"], {"target": IRI(iri)}):
        seen.setdefault(row["subject"], (row["id"], row["planId"], row["score"]))
    return sorted(seen.values(), key=lambda e: (-(e[2] or 0), e[1] or "", e[0]))


def test_a_national_sections_page_lists_its_first_fifty_linked_entities_and_links_to_them_all(client, generated_build):
    from planlink.api.store import LocalStore

    store = LocalStore(generated_build[0])
    try:
        counts = {row["target"]: row["n"] for row in store.select(
            "PREFIX pl: <https://planlink.example/def/> SELECT ?target (COUNT(DISTINCT ?s) AS ?n) "
            "WHERE { ?l pl:object ?target ; pl:subject ?s } GROUP BY ?target")}
        iri = max(counts, key=counts.get)
        expected = every_link_to(store, iri)
    finally:
        store.close()
    assert len(expected) > 50
    section_id = "national-s" + iri.rsplit("/", 1)[-1]
    whole = [item for offset in range(0, len(expected), 20)
             for item in client.get(f"/api/v1/sections/{section_id}/linked_from?limit=20&offset={offset}").json["items"]]
    assert [(e["id"], e["plan"], e["score"]) for e in whole] == expected
    page = client.get(iri.replace("https://planlink.example", "") + "?lang=en", headers={"Accept": "text/html"}).data.decode()
    table = page.split('<section class="counterparts">', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == 1 + 50 and f"The first 50 of {len(expected)}" in page
    assert [e["iri"] for e in whole[:50]] == [e["iri"] for e in whole[:50] if e["iri"].replace(
        "https://planlink.example", "") in table]
