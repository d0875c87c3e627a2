"""api/store.py for the CLI: open_store, format_results, export; and its reading of query texts."""

import csv
import io
import json
import time

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from planlink.api.store import ServiceRefused, StoreError, UpdateRefused, open_store, query_form
from planlink.scripts.cli import main
from tests.api.conftest import mini_graph

PLANS = ("PREFIX pl: <https://planlink.example/def/> PREFIX dcterms: <http://purl.org/dc/terms/> "
         "SELECT ?plan ?id WHERE { ?plan a pl:Plan ; dcterms:identifier ?id } ORDER BY ?id")


def test_missing_store_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="no planlink store"):
        open_store(tmp_path / "nowhere")


def test_cli_query_on_missing_store_exits_non_zero_with_one_line(tmp_path, capsys):
    assert main(["query", "ASK {}", "--store", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "planlink build" in err


def test_query_table(mini_store, capsys):
    assert main(["query", PLANS, "--store", str(mini_store)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["plan", "|", "id"]
    assert "<https://planlink.example/plan/jiangsu>" in lines[2] and lines[2].endswith("jiangsu")
    assert lines[-1] == "(2 rows)"


def test_query_json_is_sparql_json(mini_store, capsys):
    assert main(["query", PLANS, "--store", str(mini_store), "--format", "json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert [b["id"]["value"] for b in body["results"]["bindings"]] == ["jiangsu", "national"]


def test_query_csv_is_sparql_csv(mini_store, capsys):
    assert main(["query", PLANS, "--store", str(mini_store), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows == [["plan", "id"], ["https://planlink.example/plan/jiangsu", "jiangsu"],
                    ["https://planlink.example/plan/national", "national"]]


def test_query_construct_as_table_lists_triples(mini_store, capsys):
    query = "CONSTRUCT WHERE { <https://planlink.example/plan/jiangsu> a ?type }"
    assert main(["query", query, "--store", str(mini_store)]) == 0
    assert "pl:Plan" in capsys.readouterr().out


def test_cli_refuses_updates(mini_store, capsys):
    assert main(["query", "CLEAR DEFAULT", "--store", str(mini_store)]) == 1
    assert "read-only" in capsys.readouterr().err
    assert len(open_store(mini_store)) == len(mini_graph())


@pytest.mark.parametrize("fmt, rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_gives_the_whole_graph(mini_store, fmt, rdflib_format):
    data = open_store(mini_store).export(fmt)
    assert isomorphic(Graph().parse(data=data, format=rdflib_format), mini_graph())


@pytest.mark.parametrize("fmt, rdflib_format", [("nq", "nquads"), ("trig", "trig")])
def test_export_datasets(mini_store, fmt, rdflib_format):
    dataset = Dataset().parse(data=open_store(mini_store).export(fmt), format=rdflib_format)
    assert len(dataset) == len(mini_graph())


def test_cli_export_writes_bytes(mini_store, capsysbinary):
    assert main(["export", "--store", str(mini_store), "--format", "nt"]) == 0
    assert len(capsysbinary.readouterr().out.splitlines()) == len(mini_graph())


# ---------------------------------------------------------------- reading query texts

@pytest.mark.parametrize("text, form", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("prefix ex: <http://ex/> construct { ?s ?p ?o } where { ?s ?p ?o }", "CONSTRUCT"),
    ("BASE <http://x/> DESCRIBE <a>", "DESCRIBE"),
    ("# INSERT in a comment\nASK {}", "ASK"),
    ("PREFIX insert: <http://x/> SELECT * { ?s insert:p ?o }", "SELECT"),
    ("SELECT ?service WHERE { ?service ?p 'SERVICE' }", "SELECT"),
    ("not sparql", None),
])
def test_query_form(text, form):
    assert query_form(text) == form


@pytest.mark.parametrize("text", ["INSERT DATA {}", "  delete where { ?s ?p ?o }", "WITH <g> DELETE {} WHERE {}",
                                  "PREFIX a: <x:> CLEAR ALL", "load <http://x>", "CREATE GRAPH <x:g>"])
def test_updates_are_recognised(text):
    with pytest.raises(UpdateRefused):
        query_form(text)


def test_service_anywhere_is_recognised():
    with pytest.raises(ServiceRefused):
        query_form("SELECT * { ?s ?p ?o OPTIONAL { SERVICE<http://x>{?s ?p ?o} } }")


# ---------------------------------------------------------------- the query processes

def test_query_process_gives_the_same_bytes_as_this_process_for_a_large_result(mini_store):
    from planlink.api.store import LocalStore

    store = LocalStore(mini_store, query_timeout=10)
    try:
        query = "SELECT * { ?a ?b ?c . ?d ?e ?f } LIMIT 3000"  # far more than one socket read
        for media_type in ("application/sparql-results+json", "text/csv"):
            answer = store.sparql(query, media_type)
            assert len(answer) > 200_000
            assert answer == store.run_here(query, media_type)
    finally:
        store.close()


def test_query_process_reports_the_parsers_message(mini_store):
    from planlink.api.store import LocalStore, QuerySyntaxError

    store = LocalStore(mini_store)
    try:
        with pytest.raises(QuerySyntaxError, match="^error at 1:"):
            store.sparql("SELECT * WHERE { ?s ?p }", "application/sparql-results+json")
        assert b'"boolean":true' in store.sparql("ASK {}", "application/sparql-results+json")  # and goes on
    finally:
        store.close()


def test_store_prefixes_agree_with_the_loaders_vocabulary():
    from planlink.api import store
    from planlink.scripts import vocab

    assert store.BASE == vocab.BASE
    for prefix, namespace in vocab.PREFIXES.items():
        if prefix in store.PREFIXES:
            assert store.PREFIXES[prefix] == str(namespace), prefix


def test_a_small_store_is_answered_from_memory_with_the_same_answers(mini_store):
    from planlink.api.store import LocalStore

    on_disk, in_memory = LocalStore(mini_store), LocalStore(mini_store, in_memory_max_bytes=64 << 20)
    assert not on_disk.in_memory and in_memory.in_memory
    assert not LocalStore(mini_store, in_memory_max_bytes=1).in_memory  # larger than the limit: on disk
    assert len(in_memory) == len(on_disk) > 0
    for query in ("SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
                  "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"):
        assert in_memory.select(query) == on_disk.select(query)
    describe = "DESCRIBE <https://planlink.example/plan/jiangsu>"
    statements = sorted(in_memory.construct(describe).statements())
    assert len(statements) > 5 and statements == sorted(on_disk.construct(describe).statements())


def test_a_new_build_is_served_once_swapped_in(tmp_path):
    """The copy in memory follows the build on disk: a swapped-in build is read again."""
    from planlink.api.store import LocalStore, write_store

    triple = "<https://planlink.example/x{n}> <http://purl.org/dc/terms/title> \"x{n}\" .\n"
    path = write_store("".join(triple.format(n=n) for n in range(3)).encode(), tmp_path / "store")
    store = LocalStore(path, in_memory_max_bytes=64 << 20)
    first = store.build_id
    assert store.in_memory and len(store) == 3
    write_store("".join(triple.format(n=n) for n in range(5)).encode(), path)
    time.sleep(1.1)  # the build id is looked at once a second
    assert store.build_id != first and len(store) == 5 and store.in_memory
