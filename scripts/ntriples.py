"""The graph as N-Triples lines (bytes): how the build holds, splits, hashes and moves it without
one rdflib graph of everything (about 2.6 kB a triple; a line is about 200 bytes).

A line's subject decides its part (`part_of`): a plan's own entities of one kind
(`plan/jiangsu/section`), their links and comparisons apart, or, for what no one plan owns, the
first segment of the IRI (`region`, `org`, `measure`, `def`, …). Every triple
about a subject is in its subject's part, which is what lets SHACL (scripts/validate.py) and the
JSON-LD dump (scripts/publish.py) work part by part and reach the same result as on the whole.

Parsing is pyoxigraph's (Rust; rdflib's N-Triples parser reads ~30,000 triples a second), and
`to_graph` hands the terms to rdflib where rdflib is needed (pyshacl, JSON-LD compaction).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef

from planlink.scripts.vocab import BASE, PREFIXES

RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def lines_of(graph: Graph) -> list[bytes]:
    """A graph's triples as N-Triples lines (rdflib writes each term the same way every time)."""
    return [line for line in graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
            if line.strip()]


def split_lines(data: bytes) -> list[bytes]:
    return [line for line in data.splitlines(keepends=True) if line.strip()]


def part_pattern(base: str = BASE) -> re.Pattern:
    return re.compile(rb"<" + re.escape(base.encode()) + rb"(plan/[^/#>]*(?:/[^/#>]*)?|[^/#>]*)([^>]*)>")


def part_of(line: bytes, pattern: re.Pattern) -> str:
    """The part a line belongs to, by its subject: a plan's entities of one kind ('plan/jiangsu/section'),
    their counterpart links or comparisons apart ('plan/jiangsu/indicator/links': these change when
    other plans do), the first segment of a shared IRI ('region'), or '~' (outside the base)."""
    m = pattern.match(line)
    if not m:
        return "~"
    rest = m.group(2)
    suffix = "/links" if b"/link/" in rest else "/comparisons" if b"/comparison/" in rest else ""
    return m.group(1).decode() + suffix


def parts(lines, base: str = BASE) -> dict[str, set[bytes]]:
    """part → its lines (each once)."""
    pattern, out = part_pattern(base), defaultdict(set)
    for line in lines:
        out[part_of(line, pattern)].add(line)
    return out


def subject(line: bytes) -> bytes:
    return line[:line.index(b" ")]


def iri_object(line: bytes) -> bytes | None:
    """The object of a line when it is an IRI: the line's last '<' after a space (an IRI holds no
    '<'; a typed literal's datatype follows '^^')."""
    if not line.endswith(b"> .\n"):
        return None
    start = line.rfind(b"<")
    return line[start:-3] if line[start - 1:start] == b" " else None


def type_index(lines) -> dict[bytes, list[bytes]]:
    """subject → its rdf:type lines (the predicate follows the subject's one space)."""
    out = defaultdict(list)
    for line in lines:
        end = line.index(b" ")
        if line.startswith(RDF_TYPE, end + 1):
            out[line[:end]].append(line)
    return out


def to_graph(lines, graph: Graph | None = None) -> Graph:
    """The lines as an rdflib Graph (parsed by pyoxigraph; plain literals as rdflib makes them)."""
    graph = Graph() if graph is None else graph
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    iris: dict = {}

    def term(t):
        if isinstance(t, pyoxigraph.NamedNode):
            value = t.value
            node = iris.get(value)
            if node is None:
                node = iris[value] = URIRef(value)
            return node
        if isinstance(t, pyoxigraph.Literal):
            if t.language:
                return Literal(t.value, lang=t.language)
            datatype = t.datatype.value
            return Literal(t.value, datatype=None if datatype == XSD_STRING else term(t.datatype))
        return BNode(t.value)

    triples = pyoxigraph.parse(b"".join(lines), format=pyoxigraph.RdfFormat.N_TRIPLES)
    graph.addN((term(t.subject), term(t.predicate), term(t.object), graph) for t in triples)
    return graph
