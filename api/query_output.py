"""`planlink query`'s output: a read-only query's answer as a text table, SPARQL JSON or CSV.

Reads the store's serialised answers (SPARQL JSON results, N-Triples), so it needs no engine.
"""

from __future__ import annotations

import csv
import io
import json

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
