"""The JSON over the graph with ten generated provinces: what an indicator page says of its peers is
what the graph says, and search finds what a substring scan of the texts finds (the index at work)."""

from __future__ import annotations

import pytest

from tests.api.conftest import make_app


@pytest.fixture(scope="module")
def store(generated_build):
    from planlink.api.store import LocalStore

    store = LocalStore(generated_build[0])
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(generated_build):
    from planlink.api.store import close_store

    app = make_app(generated_build[0], PLANLINK_CACHE_BYTES=0)
    yield app.test_client()
    close_store(app)


def graph_peers(store) -> dict[str, dict[str, tuple]]:
    """{indicator id: {peer id: (peer plan, target value, comparison outcome or None)}}: the targets
    of the same measure in the other provincial plans, asked of the graph directly."""
    from planlink.api.store import PREFIX_DECLARATIONS

    rows = store.select(PREFIX_DECLARATIONS + """
        SELECT ?id ?peerId ?peerPlanId ?value ?outcome WHERE {
          ?i a pl:IndicatorTarget ; dcterms:identifier ?id ; pl:measure ?m ; pl:inPlan ?plan .
          ?peer a pl:IndicatorTarget ; pl:measure ?m ; dcterms:identifier ?peerId ; pl:inPlan ?peerPlan .
          ?peerPlan pl:planLevel pl:provincial ; dcterms:identifier ?peerPlanId .
          FILTER(?peerPlan != ?plan)
          OPTIONAL { ?peer pl:target/sdmx-measure:obsValue ?value }
          OPTIONAL { ?c a pl:Comparison ; pl:subject ?i ; pl:comparedWith ?peer ; pl:outcome ?outcome }
        }""")
    peers: dict[str, dict[str, tuple]] = {}
    for row in rows:
        outcome = row["outcome"].rsplit("/", 1)[-1] if row["outcome"] else None
        peers.setdefault(row["id"], {})[row["peerId"]] = (row["peerPlanId"], row["value"], outcome)
    return peers


def test_every_indicator_page_lists_as_peers_the_same_measures_targets_in_other_provincial_plans(client, store):
    expected = graph_peers(store)
    total = client.get("/api/v1/indicators?limit=1").json["total"]
    seen = 0
    for offset in range(0, total, 50):
        for item in client.get(f"/api/v1/indicators?limit=50&offset={offset}").json["items"]:
            outcomes = {"notComparable": "not_comparable"}
            # a list carries the first few peers (tests/scale/test_bounded_answers.py); the item, all of them
            peers = client.get(f"/api/v1/indicators/{item['id']}").json["peers"]
            assert item["peers_total"] == len(peers)
            found = {p["id"]: (p["plan"], p["target"]["value"] if p["target"] else None,
                               p["comparison"]["outcome"] if p["comparison"] else None) for p in peers}
            assert found == {peer: (plan, value, outcomes.get(outcome, outcome))
                             for peer, (plan, value, outcome) in expected.get(item["id"], {}).items()}, item["id"]
            assert [(p["plan"], p["id"]) for p in peers] == sorted((p["plan"], p["id"]) for p in peers)
            seen += len(found)
    assert seen > 500  # ten generated provinces: most indicators have a peer in each


@pytest.mark.parametrize("q", ["养老", "社", "社区工作者", "智慧社区", "JIANGSU"])
def test_search_finds_what_a_substring_scan_of_every_text_finds(client, store, q):
    from planlink.api.services.common import QUERIES

    # search.rq without ?q gives every searchable value in order: scanned here in Python
    expected = {}
    for row in store.select(QUERIES["search"]):
        if q.lower() in row["match"].lower():
            expected.setdefault(row["entity"], row["id"])
    total = client.get("/api/v1/search", query_string={"q": q, "limit": 1}).json["total"]
    ids = [hit["id"] for offset in range(0, total, 500)
           for hit in client.get("/api/v1/search", query_string={"q": q, "limit": 500, "offset": offset}).json["items"]]
    assert ids == list(expected.values()) and ids
