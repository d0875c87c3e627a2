"""api/store.py for the CLI: open_store, format_results, export; and its reading of query texts."""

import csv
import io
import json

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from api.store import ServiceRefused, UpdateRefused, open_store, query_form
from scripts.cli import main
from scripts.errors import PlanlinkError
from tests.api.conftest import mini_graph

PLANS = ("PREFIX pl: <https://planlink.example/def/> PREFIX dcterms: <http://purl.org/dc/terms/> "
         "SELECT ?plan ?id WHERE { ?plan a pl:Plan ; dcterms:identifier ?id } ORDER BY ?id")


def test_missing_store_is_a_planlink_error(tmp_path):
    with pytest.raises(PlanlinkError, match="no planlink store"):
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
    from api.store import LocalStore

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
    from api.store import LocalStore, QuerySyntaxError

    store = LocalStore(mini_store)
    try:
        with pytest.raises(QuerySyntaxError, match="^error at 1:"):
            store.sparql("SELECT * WHERE { ?s ?p }", "application/sparql-results+json")
        assert b'"boolean":true' in store.sparql("ASK {}", "application/sparql-results+json")  # and goes on
    finally:
        store.close()


def test_store_prefixes_agree_with_the_loaders_vocabulary():
    from api import store
    from scripts import vocab

    assert store.BASE == vocab.BASE
    for prefix, namespace in vocab.PREFIXES.items():
        if prefix in store.PREFIXES:
            assert store.PREFIXES[prefix] == str(namespace), prefix
