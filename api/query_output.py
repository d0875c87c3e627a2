"""`planlink query`'s output: a read-only query's answer as a text table, SPARQL JSON or CSV.

Reads the store's serialised answers (SPARQL JSON results, N-Triples), so it needs no engine.
"""

from __future__ import annotations

import csv
import io
import json
import re

from rdflib import BNode, URIRef
from rdflib.plugins.parsers.ntriples import W3CNTriplesParser

from planlink.api.store import PREFIXES, is_graph_form, query_form


def format_results(store, sparql: str, fmt: str) -> str:
    """Graphs (CONSTRUCT, DESCRIBE): JSON-LD for json, subject/predicate/object rows for table and csv."""
    graph = is_graph_form(query_form(sparql))
    if fmt == "json":
        media_type = "application/ld+json" if graph else "application/sparql-results+json"
        return store.run_here(sparql, media_type).decode("utf-8") + "\n"
    if graph:
        data = store.run_here(sparql, "application/n-triples")
        rows = [tuple(_display_rdflib(term) for term in triple) for triple in _triples(data)]
        header = ["subject", "predicate", "object"]
    elif fmt == "csv":
        return store.run_here(sparql, "text/csv").decode("utf-8")
    else:
        result = json.loads(store.run_here(sparql, "application/sparql-results+json"))
        if "boolean" in result:
            return ("true" if result["boolean"] else "false") + "\n"
        header = result["head"]["vars"]
        rows = [tuple(_display(row.get(name)) for name in header) for row in result["results"]["bindings"]]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue()
    return _table(header, rows)


def _triples(data: bytes) -> list[tuple]:
    """N-Triples in the order the store wrote them (an rdflib Graph would lose it)."""
    class Sink(list):
        def triple(self, s, p, o):
            self.append((s, p, o))

    sink = Sink()
    W3CNTriplesParser(sink).parse(io.BytesIO(data))
    return sink


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and "/" not in iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return f"<{iri}>"


def _display(term: dict | None) -> str:
    """A term of SPARQL JSON results as the table shows it."""
    if term is None:
        return ""
    if term["type"] == "uri":
        return _short(term["value"])
    if term["type"] == "bnode":
        return f"_:{term['value']}"
    return term["value"]


def _display_rdflib(term) -> str:
    if isinstance(term, URIRef):
        return _short(str(term))
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _table(header: list[str], rows: list[tuple]) -> str:
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    line = lambda cells: " | ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(header), "-+-".join("-" * w for w in widths)] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- syntax errors in one line

def syntax_error_in_words(sparql: str, message: str) -> str:
    """The parser's error as one line, as the workbench says it: "unknown prefix x: (line 1, column
    22) …" when the query uses a prefix neither declared in it nor predeclared — decided on the query
    parsed (rdflib's SPARQL grammar), not on the engine's message —, else the engine's message without
    its listings of character classes."""
    unknown = _undeclared_prefix(sparql)
    if unknown is not None:
        where = _where(sparql, unknown)
        return (f"unknown prefix {unknown}:{where}; declare it with PREFIX {unknown}: <…>, or use a predeclared "
                f"prefix ({', '.join(PREFIXES)})")
    listing = re.compile(r"\[[^\]]*\](\s*\|\s*\[[^\]]*\])*")
    return " ".join(listing.sub("…", message).split())


def _undeclared_prefix(sparql: str) -> str | None:
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    try:
        tree = parseQuery(sparql)
    except Exception:  # noqa: BLE001 — not parseable here either: the engine's message says why
        return None
    declared = set(PREFIXES) | {decl.get("prefix") or "" for decl in tree[0] if decl.name == "PrefixDecl"}
    used: list[str] = []

    def walk(node):
        if isinstance(node, CompValue):
            if node.name == "pname":
                used.append(node.get("prefix") or "")
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)) or hasattr(node, "as_list"):
            for value in node:
                walk(value)

    walk(tree[1])
    return next((prefix for prefix in used if prefix not in declared), None)


def _where(sparql: str, prefix: str) -> str:
    """ (line L, column C) of the prefix's first use as a prefixed name, if it can be found."""
    found = re.search(rf"(?<![\w.:\-<?$/#]){re.escape(prefix)}:", sparql)
    if found is None:
        return ""
    line = sparql.count("\n", 0, found.start()) + 1
    column = found.start() - (sparql.rfind("\n", 0, found.start()) + 1) + 1
    return f" (line {line}, column {column})"
