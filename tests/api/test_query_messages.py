"""`planlink query` says what is wrong with a query in one line, as the workbench does."""

from __future__ import annotations

from planlink.scripts.cli import main


def error_of(mini_store, capsys, query: str) -> str:
    assert main(["query", query, "--store", str(mini_store)]) == 1
    return capsys.readouterr().err


def test_an_undeclared_prefix_is_named_in_one_line(mini_store, capsys):
    err = error_of(mini_store, capsys, "SELECT ?s WHERE { ?s foo:bar ?o }")
    assert err.startswith("planlink query: unknown prefix foo: (line 1, column 22)")
    assert err.count("\n") == 1 and "\\u{" not in err


def test_a_prefix_declared_in_the_query_is_not_unknown_but_the_next_one_is(mini_store, capsys):
    err = error_of(mini_store, capsys, "PREFIX x: <http://example.org/>\nSELECT ?s WHERE { ?s a x:Thing ; y:p ?o }")
    assert "unknown prefix y: (line 2, column 34)" in err and "unknown prefix x:" not in err


def test_a_prefix_inside_an_iri_is_not_taken_for_its_use(mini_store, capsys):
    err = error_of(mini_store, capsys, "SELECT ?s WHERE { ?s <http://h:80/p> ?o . ?s h:q ?o }")
    assert "unknown prefix h: (line 1, column 46)" in err


def test_another_syntax_error_is_the_parsers_message_in_one_line_without_character_classes(mini_store, capsys):
    err = error_of(mini_store, capsys, "SELECT ?s WHERE { ?s ?p ?o ")
    assert err.startswith("planlink query: error at 1:28: expected one of")
    assert err.count("\n") == 1 and "\\u{" not in err and "'A' ..= 'Z'" not in err


def test_the_predeclared_prefixes_need_no_declaration(mini_store, capsys):
    assert main(["query", "SELECT ?p WHERE { ?p a pl:Plan ; dcterms:identifier ?id }", "--store", str(mini_store)]) == 0
