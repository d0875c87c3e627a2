"""Small helpers shared by the graph tests."""

from rdflib import Namespace, URIRef

from planlink.scripts.vocab import BASE, PREFIXES

PL = Namespace(BASE + "def/")
WD = Namespace("http://www.wikidata.org/entity/")


def iri(path: str) -> URIRef:
    """An entity IRI from its path: iri('plan/mini/indicator/2')."""
    return URIRef(BASE + path)


def select(graph, query: str) -> list[dict]:
    """A SPARQL SELECT over an rdflib graph with the model's prefixes, rows as {name: python value}."""
    result = graph.query(query, initNs=PREFIXES)
    return [{str(k): (v.toPython() if v is not None else None) for k, v in row.asdict().items()}
            for row in result]
