"""Plain Python values for RDF terms, and the one place user values become query text (`bind`)."""

from __future__ import annotations

import re

import pyoxigraph

# The same base and prefixes as scripts/vocab.py, as plain strings: the query processes load
# this package alone and must start without importing rdflib (tests/api/test_store.py checks they agree).
BASE = "https://planlink.example/"
PREFIXES = {
    "pl": BASE + "def/",
    "dcterms": "http://purl.org/dc/terms/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "oa": "http://www.w3.org/ns/oa#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "sssom": "https://w3id.org/sssom/",
    "semapv": "https://w3id.org/semapv/vocab/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}


# The PREFIX declarations every stored query (api/queries/*.rq) starts with: the block is here once.
PREFIX_DECLARATIONS = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())

# Media types of SPARQL results (SELECT, ASK) and of RDF graphs (CONSTRUCT, DESCRIBE).
RESULT_TYPES = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
}
EXPORT_FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
}

class IRI(str):
    """An IRI in a result row (a str, so it serialises to JSON as itself)."""


class BNode(str):
    """A blank node label in a result row."""


class Lit(str):
    """A literal in a graph statement, with its language tag and datatype kept."""
    language: str | None = None
    datatype: str | None = None


_XSD = PREFIXES["xsd"]
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def plain(term):
    """A pyoxigraph term as a plain Python value."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return IRI(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        datatype, value = term.datatype.value, term.value
        try:
            if datatype in _INTEGERS or datatype == _XSD + "gYear":
                return int(value)
            if datatype in (_XSD + "decimal", _XSD + "double", _XSD + "float"):
                number = float(value)
                return int(number) if number.is_integer() and "e" not in value.lower() else number
            if datatype == _XSD + "boolean":
                return value in ("true", "1")
        except ValueError:
            pass
        return value
    return str(term)


def literal(term) -> Lit:
    lit = Lit(term.value)
    lit.language = term.language
    lit.datatype = term.datatype.value
    return lit


def term_of(value):
    """A plain Python value as a pyoxigraph term: the one place bindings become terms."""
    if isinstance(value, IRI):
        return pyoxigraph.NamedNode(value)
    if isinstance(value, bool):
        return pyoxigraph.Literal(str(value).lower(), datatype=pyoxigraph.NamedNode(_XSD + "boolean"))
    if isinstance(value, int):
        return pyoxigraph.Literal(str(value), datatype=pyoxigraph.NamedNode(_XSD + "integer"))
    if isinstance(value, str):
        return pyoxigraph.Literal(value)
    raise TypeError(f"cannot bind {value!r}")


def bind(query: str, bindings: dict | None) -> str:
    """The query with `VALUES (?a ?b) { (term term) }` at the start of its WHERE group: the one
    place where user values enter query text, as escaped N-Triples terms (`str(term)` escapes).

    Both stores use it, so they give the same answers (pyoxigraph's substitutions differ:
    BOUND(?x) stays false for a substituted ?x).
    """
    if not bindings:
        return query
    match = re.search(r"\bWHERE\s*\{", query, re.IGNORECASE)
    if match is None:
        raise ValueError("a query with bindings needs an explicit WHERE { … }")
    if len(bindings) == 1 and isinstance(next(iter(bindings.values())), (list, tuple)):
        # one variable, many values (a page of entities): VALUES ?x { a b c }
        (name, values), = bindings.items()
        block = f"VALUES ?{name} {{ {' '.join(str(term_of(value)) for value in values)} }}"
    else:
        names = " ".join("?" + name for name in bindings)
        terms = " ".join(str(term_of(value)) for value in bindings.values())
        block = f"VALUES ({names}) {{ ({terms}) }}"
    return f"{query[:match.end()]}\n  {block}\n{query[match.end():]}"


class Graph:
    """The triples of a CONSTRUCT or DESCRIBE answer."""

    def __init__(self, triples):
        # CONSTRUCT may repeat a triple; engines return triples in their own order, so the one
        # order here is (subject, predicate, object), and pages list values the same on every engine
        self._triples = sorted(dict.fromkeys(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))

    def __len__(self):
        return len(self._triples)

    def serialize(self, media_type: str) -> bytes:
        triples = sorted(self._triples, key=lambda t: (str(t.subject), str(t.predicate)))  # grouped by subject
        return pyoxigraph.serialize(triples, format=GRAPH_TYPES[media_type], prefixes=PREFIXES)

    def statements(self) -> list[tuple]:
        """(subject, predicate, object) with IRIs as `IRI`, blank nodes as `BNode`, literals as `Lit`."""
        return [(plain(t.subject), plain(t.predicate),
                 literal(t.object) if isinstance(t.object, pyoxigraph.Literal) else plain(t.object))
                for t in self._triples]



def graph_from_turtle(text: str) -> Graph:
    """A small Turtle document (the service description) as a Graph."""
    return Graph(quad.triple for quad in pyoxigraph.parse(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE))
