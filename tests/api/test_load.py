"""A short run of benchmarks/load_test.py (docs/security.md has the 64-connection, 60 s figures):
light clients with runaways (at /sparql and at other spellings of it), memory-heavy queries, crash
attempts, slow clients, clients that never read, 2,100 idle sockets and build swaps mixed in;
every well-formed light request is answered 200 and the server stays up."""

import sys

from tests.api.conftest import ROOT, mini_graph, planlink_server


def test_every_well_formed_request_is_served_among_attackers_and_swaps(tmp_path):
    from planlink.api.store import write_store

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import load_test
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    ntriples = mini_graph().serialize(format="nt", encoding="utf-8")
    store = write_store(ntriples, tmp_path / "data" / "store")
    server = planlink_server(tmp_path, "--store", str(store), "--workers", "2", "--query-timeout", "1",
                             "--request-timeout", "2", "--query-memory", "256")
    try:
        tally = load_test.run(server.url, store, ntriples, seconds=8, connections=24, swap_every=2.5)
        assert server.process.poll() is None
    finally:
        server.stop()
    report = load_test.report(tally, 8)
    assert load_test.well_formed_all_served(tally), report
    assert sum(tally.counts["sparql"].values()) > 50 and tally.counts["build swap"]["done"] >= 2, report
    assert set(tally.counts["crash attempt"]) <= {400, 403, 413, 431}, report
    # a stalled half request is answered 408, unless the worker holding it ends first (retired after a
    # runaway or past 1.5 x --query-memory: every memory-heavy or runaway stop ends one) and closes it
    # unanswered, with nothing lost (it never sent a whole request): each stop may take a few with it
    slow = tally.counts["slow client"]
    assert set(slow) <= {408, "no answer"} and slow.get(408, 0) >= slow.get("no answer", 0), report
    # once /sparql has answered 429, `//sparql`, `/%2Fsparql`… are refused too (they ran, charged nothing, before);
    # one sent as the budget refills may run, and is stopped (504) and charged like any other
    assert set(tally.counts["runaway (spelt)"]) <= {429, 503, 504}, report
    # stopped by the memory cap (422), or by the 1 s time limit first on a busy machine (504); told to wait (429)
    assert set(tally.counts["memory-heavy"]) <= {422, 429, 503, 504}, report
    assert tally.counts["never reads"]["held 3 s"] >= 2 and tally.counts["idle sockets"]["opened"] == 2100, report
    # A runaway sent on a keep-alive connection just as its retiring worker closes it may see the
    # connection end unanswered (the keep-alive race; seen once in a fresh-clone CI run): at most one.
    runaways = tally.counts["runaway"]
    unanswered = runaways.get("RemoteDisconnected", 0) + runaways.get("no answer", 0)
    assert set(runaways) - {"RemoteDisconnected", "no answer"} <= {429, 503, 504} and runaways[504] >= 1, report
    assert unanswered <= 1, report
