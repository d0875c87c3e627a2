"""Differential fuzzing of the SERVICE check: for every generated query, either the check refuses it,
or pyoxigraph running the checked text calls nobody (a loopback listener counts the calls). The
same texts run unchecked show that the generator does produce queries that call out.

The generator crosses how SERVICE is spelled (case, SILENT, \\u escapes), how its endpoint is
named (IRI, prefixed name, relative IRI under BASE, escapes), what separates the tokens (every
SPARQL whitespace, comments ended by \\r, \\n, \\r\\n, and characters that end no comment or are
no whitespace in SPARQL: form feed, vertical tab, NEL, U+2028, no-break space), what comes
before it to hide it (comments, strings, words glued to it, IRIs the engine reads as less-than),
and where it sits (group, OPTIONAL, EXISTS, MINUS, UNION, nested group, sub-select)."""

from __future__ import annotations

import itertools
import random

import pyoxigraph
import pytest

from planlink.api.store import QueryError, check_query
from tests.api.sparql_listener import Listener

SPELLINGS = ["SERVICE", "service", "Service", "sErViCe", "SERV\\u0049CE", "\\u0053ERVICE", "SERVICE SILENT",
             "service silent", "SERVICE\\u0020SILENT"]
SEPARATORS = [" ", "", "\t", "\n", "\r", "\r\n", "\f", "\v", "\x85", "\u2028", "\u00a0", "#c\n", "#c\r", "#c\r\n",
              "#c\f", "#c\v", "#c\u2028", "#c\x85", " #c\r ", "\\u0020", "\\u000D"]
ENDPOINTS = ["<{url}>", "e:sparql", "<sparql>", "<{escaped}>", "e:\\u0073parql"]
# (before, after) the SERVICE pattern: ways to hide it from a check that reads text
HIDERS = [("", ""), ("#x\r", ""), ("#x\n", ""), ("#x\r\n", ""), ("#x\f", ""), ("#x\v", ""), ("#x\u2028", ""),
          ("#x\x85", ""), ("#x\\u000A", ""), ("BIND('a' AS ?h) ", ""), ("BIND(\"a\\\"\" AS ?h) ", ""),
          ("BIND('''a\r''' AS ?h) ", ""), ("BIND(\"\\u0022\" AS ?h) ", ""), ("?s ?p true", ""), ("?s ?p 1.", ""),
          ("?s ?p e:a.b.", ""), ("?s ?p e:a\\.b.", ""), ("?s ?p <http://e/a.b>", ""),
          ("FILTER(1<'x>'||EXISTS{", "}) #'\n"), ("BIND(1 AS ?a) FILTER(?a<#>\"\"\"\n1||EXISTS{", "})#\"\"\"\n"),
          ("FILTER(?s<(1)>(0)||EXISTS{", "})"), ("<<( ?s ?p ?o )>> ?q ?r .", "")]
CONTEXTS = ["{{ {p} }}", "{{ OPTIONAL {{ {p} }} }}", "{{ {{ {p} }} }}", "{{ ?s ?p ?o FILTER EXISTS {{ {p} }} }}",
            "{{ ?s ?p ?o MINUS {{ {p} }} }}", "{{ {{ {p} }} UNION {{ }} }}", "{{ {{ SELECT * WHERE {{ {p} }} }} }}"]
RANDOM_CASES = 2500


def _store() -> pyoxigraph.Store:
    store = pyoxigraph.Store()  # the objects the hiders end their triple patterns with, so that what follows runs
    for obj in (pyoxigraph.Literal(True), pyoxigraph.Literal(1), pyoxigraph.NamedNode("http://e/a.b")):
        store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("http://s"), pyoxigraph.NamedNode("http://p"), obj))
    return store


def _query(url: str, spelling: str, sep: str, endpoint: str, hider: tuple[str, str], context: str) -> str:
    base = url.rsplit("/", 1)[0] + "/"
    endpoint = endpoint.format(url=url, escaped=url.replace("/sparql", "/\\u0073parql"))
    pattern = f"{hider[0]}{sep}{spelling}{sep}{endpoint}{sep}{{ ?x ?y ?z }}{hider[1]}"
    return f"BASE <{base}> PREFIX e: <{base}> SELECT * WHERE " + context.format(p=pattern)


def _cases(url: str):
    axes = [SPELLINGS, SEPARATORS, ENDPOINTS, HIDERS, CONTEXTS]
    seen = set()
    for axis, values in enumerate(axes):  # each value of each axis, the others at their first
        for value in values:
            choice = [a[0] for a in axes]
            choice[axis] = value
            seen.add(tuple(map(str, choice)))
            yield _query(url, *choice)
    rng = random.Random(9)
    for _ in range(RANDOM_CASES):
        choice = [rng.choice(a) for a in axes]
        if tuple(map(str, choice)) not in seen:
            seen.add(tuple(map(str, choice)))
            yield _query(url, *choice)


def _calls(store, listener, text) -> int:
    before = len(listener)
    try:
        result = store.query(text)
        if not isinstance(result, pyoxigraph.QueryBoolean):
            list(result)
    except (SyntaxError, RuntimeError, OSError):
        pass
    return len(listener) - before


@pytest.fixture(scope="module")
def fuzz_results():
    listener = Listener()
    store = _store()
    results = {"cases": 0, "refused": 0, "accepted": 0, "unchecked_call_out": 0, "checked_call_out": []}
    try:
        for query in _cases(listener.url):
            results["cases"] += 1
            if _calls(store, listener, query):
                results["unchecked_call_out"] += 1
            try:
                checked = check_query(query)
            except QueryError:
                results["refused"] += 1
                continue
            results["accepted"] += 1
            if _calls(store, listener, checked.text):
                results["checked_call_out"].append(query)
    finally:
        listener.close()
    print(f"\nSERVICE fuzz: {results['cases']} cases, {results['unchecked_call_out']} call out unchecked, "
          f"{results['refused']} refused, {results['accepted']} accepted, "
          f"{len(results['checked_call_out'])} accepted that call out")
    return results


def test_no_checked_query_calls_out(fuzz_results):
    assert fuzz_results["checked_call_out"] == []


def test_the_fuzz_cases_do_call_out_when_unchecked(fuzz_results):
    """The generator is worth its name: a fifth of its queries reach the listener without the check
    (most others are not SPARQL to Oxigraph: a form feed between tokens, an escaped keyword)."""
    assert fuzz_results["cases"] >= 2000
    assert fuzz_results["unchecked_call_out"] >= fuzz_results["cases"] // 6


def test_fuzz_cases_without_service_that_reaches_the_engine_are_accepted(fuzz_results):
    """Not everything is refused: texts where SERVICE is only inside a comment or string pass."""
    assert fuzz_results["accepted"] > 0


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x> { }",
    'SELECT * WHERE { BIND("SERVICE <http://x> { }" AS ?x) }',
    "SELECT ?service WHERE { ?service <http://x/SERVICE> ?o }",
    "PREFIX dcat: <http://www.w3.org/ns/dcat#> SELECT * WHERE { ?s dcat:service ?o ; a dcat:DataService }",
    "SELECT * WHERE { ?s ?p '''\rSERVICE <http://x> {}''' }",
])
def test_service_only_in_comments_strings_iris_and_names_is_accepted(query):
    assert check_query(query).form == "SELECT"


def test_every_whitespace_of_sparql_and_no_other_separates_tokens():
    for ws in (" ", "\t", "\r", "\n"):
        assert check_query(f"SELECT{ws}*{ws}WHERE{ws}{{{ws}}}").form == "SELECT"
    for not_ws in ("\f", "\v", "\x85", "\u2028", "\u00a0", "\u3000"):
        with pytest.raises(QueryError, match="unexpected character"):
            check_query(f"SELECT{not_ws}*{not_ws}WHERE{not_ws}{{}}")


def test_generator_covers_every_axis_value():
    assert len(list(itertools.islice(_cases("http://127.0.0.1:9/sparql"), 100))) == 100
