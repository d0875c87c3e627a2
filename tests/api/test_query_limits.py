"""No query of any shape crashes the engine: deep and wide queries of every construct, each at the
largest size the check lets through, run in pyoxigraph in a child process (in a thread, as in a
server worker), so that a crash is observed, not suffered. A query may be slow (the server stops
it at its time limit); it may not kill the process."""

from __future__ import annotations

import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from planlink.api.store import MAX_DEPTH, MAX_QUERY_CHARS, QueryError, check_query

TIME_LIMIT = 10.0  # s: the server's default query time limit

P = "<http://p>"
CONSTRUCTS = {
    "braces": lambda n: "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n,
    "optional": lambda n: "SELECT * WHERE { " + "OPTIONAL { " * n + "?s ?p ?o" + " }" * n + " }",
    "not exists": lambda n: "SELECT * WHERE { " + "FILTER NOT EXISTS { " * n + "?s ?p ?o" + " }" * n + " }",
    "sub-select": lambda n: "SELECT * WHERE { " + "{ SELECT * WHERE " * n + "{ ?s ?p ?o }" + " }" * n + " }",
    "graph": lambda n: "SELECT * WHERE { " + "GRAPH ?g { " * n + "?s ?p ?o" + " }" * n + " }",
    "union chain": lambda n: "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * n) + " }",
    "minus chain": lambda n: "SELECT * WHERE { ?s ?p ?o " + "MINUS { ?s ?p ?o } " * n + "}",
    "group chain": lambda n: "SELECT * WHERE { " + "{} " * n + "}",
    "parentheses": lambda n: "SELECT * WHERE { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "function calls": lambda n: "SELECT * WHERE { BIND(" + "STR(" * n + "1" + ")" * n + " AS ?x) }",
    "negations": lambda n: "SELECT * WHERE { BIND(" + "!" * n + "true AS ?x) }",
    "unary minus": lambda n: "SELECT * WHERE { BIND(" + "-(" * n + "1" + ")" * n + " AS ?x) }",
    "sum": lambda n: "SELECT * WHERE { BIND(" + "+".join(["1"] * n) + " AS ?x) }",
    "product": lambda n: "SELECT * WHERE { BIND(" + "*".join(["1"] * n) + " AS ?x) }",
    "or chain": lambda n: "SELECT * WHERE { BIND(" + "||".join(["true"] * n) + " AS ?x) }",
    "filter chain": lambda n: "SELECT * WHERE { ?s ?p ?o " + "FILTER(true) " * n + "}",
    "bind chain": lambda n: "SELECT * WHERE { " + " ".join(f"BIND({i} AS ?x{i})" for i in range(n)) + " }",
    "in list": lambda n: "SELECT * WHERE { FILTER(1 IN (" + ",".join(["1"] * n) + ")) }",
    "path sequence": lambda n: "SELECT * WHERE { ?s " + "/".join([P] * n) + " ?o }",
    "path alternative": lambda n: "SELECT * WHERE { ?s " + "|".join([P] * n) + " ?o }",
    "path parentheses": lambda n: "SELECT * WHERE { ?s " + "(" * n + P + ")" * n + " ?o }",
    "path inverse": lambda n: "SELECT * WHERE { ?s " + "^(" * n + P + ")" * n + " ?o }",
    "collection": lambda n: "SELECT * WHERE { ?s ?p (" + " 1" * n + ") }",
    "nested collections": lambda n: "SELECT * WHERE { ?s ?p " + "(" * n + "1" + ")" * n + " }",
    "blank node lists": lambda n: "SELECT * WHERE { ?s ?p " + f"[ {P} " * n + "1" + " ]" * n + " }",
    "triple patterns": lambda n: "SELECT * WHERE { " + " . ".join(f"?s{i} {P} ?o" for i in range(n)) + " }",
    "object lists": lambda n: f"SELECT * WHERE {{ ?s {P} " + " , ".join(f"?o{i}" for i in range(n)) + " }",
    "triple terms": lambda n: "SELECT * WHERE { BIND(" + f"<<( <http://a> {P} " * n + "1" + " )>>" * n + " AS ?x) }",
    "huge values": lambda n: "SELECT * WHERE { VALUES ?x { " + " ".join(map(str, range(n))) + " } }",
    "huge values rows": lambda n: "SELECT * WHERE { VALUES (?x ?y) { " + "(1 2) " * n + "} }",
}

_CHILD = """import sys, threading, pyoxigraph
text = sys.stdin.read()
def run():
    try:
        result = pyoxigraph.Store().query(text)
        if not isinstance(result, pyoxigraph.QueryBoolean):
            list(result)
    except (SyntaxError, RuntimeError, OSError) as error:
        print(type(error).__name__, error)
thread = threading.Thread(target=run)
thread.start()
thread.join()
"""


def _accepted(text: str) -> bool:
    try:
        check_query(text)
    except QueryError:
        return False
    return True


def largest_accepted(make) -> int:
    """The largest n for which make(n) passes the check (make(n) grows with n)."""
    low, high = 1, 2
    while _accepted(make(high)):
        low, high = high, high * 2
        assert len(make(low)) <= MAX_QUERY_CHARS  # the check must refuse it before this
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if _accepted(make(middle)) else (low, middle)
    return low


def run_engine(text: str) -> str:
    """'ok', 'error', 'time limit' or 'crash <signal>': pyoxigraph on `text` in a child process."""
    try:
        done = subprocess.run([sys.executable, "-c", _CHILD], input=text, capture_output=True, text=True,
                              timeout=TIME_LIMIT)
    except subprocess.TimeoutExpired:
        return "time limit"
    if done.returncode < 0:
        return f"crash {signal.Signals(-done.returncode).name}"
    assert done.returncode == 0, done.stderr[-500:]
    return "error" if done.stdout else "ok"


@pytest.fixture(scope="module")
def outcomes():
    sizes = {name: largest_accepted(make) for name, make in CONSTRUCTS.items()}
    with ThreadPoolExecutor(2) as pool:
        results = dict(zip(CONSTRUCTS, pool.map(lambda name: run_engine(check_query(CONSTRUCTS[name](sizes[name])).text),
                                                CONSTRUCTS)))
    print("\nlargest accepted size and outcome: " + "; ".join(f"{name} {sizes[name]} {results[name]}"
                                                            for name in CONSTRUCTS))
    return sizes, results


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_largest_accepted_query_does_not_crash_the_engine(outcomes, name):
    sizes, results = outcomes
    assert not results[name].startswith("crash"), (name, sizes[name], results[name])


def test_nesting_is_refused_past_the_limit():
    assert largest_accepted(CONSTRUCTS["braces"]) == MAX_DEPTH  # (WHERE's own brace is one of them)


def test_the_child_process_does_see_a_crash():
    """The oracle works: past the limits, the engine does overflow its stack."""
    assert run_engine(CONSTRUCTS["not exists"](1000)) == "crash SIGSEGV"
