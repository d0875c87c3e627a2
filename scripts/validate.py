"""SHACL validation of the planlink graph against ontology/shapes.ttl, with a readable report."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyshacl
from rdflib import Graph, Namespace, URIRef

from planlink.scripts.vocab import BASE, PREFIXES

SHAPES = Path(__file__).resolve().parents[1] / "ontology" / "shapes.ttl"
SH = Namespace("http://www.w3.org/ns/shacl#")
MAX_LINES = 25


@cache
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


def validate_graph(data: Graph) -> tuple[bool, str]:
    """(conforms, report) for a data graph. Core SHACL only: no inference, no advanced
    features, and the data graph validated in place (pyshacl would otherwise copy it)."""
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none",
                                            advanced=False, inplace=True)
    if conforms:
        return True, f"conforms: {len(data)} triples, no SHACL violations"
    return False, summarise(results)


def summarise(results: Graph) -> str:
    """One line per violation: focus node, property, message; sorted, and capped."""
    names = Graph()
    for prefix, ns in PREFIXES.items():
        names.bind(prefix, ns)

    def short(term) -> str:
        if term is None:
            return "-"
        if isinstance(term, URIRef):
            if term.startswith(BASE) and not term.startswith(BASE + "def/"):
                return term[len(BASE) - 1:]
            return names.namespace_manager.normalizeUri(term)
        return repr(str(term))

    lines = sorted({
        f"- {short(results.value(r, SH.focusNode))} {short(results.value(r, SH.resultPath))}: "
        f"{results.value(r, SH.resultMessage) or 'violates ' + short(results.value(r, SH.sourceShape))}"
        for r in results.subjects(SH.resultSeverity, SH.Violation)
    })
    head = f"{len(lines)} SHACL violation{'s' if len(lines) != 1 else ''}:"
    more = [f"… and {len(lines) - MAX_LINES} more"] if len(lines) > MAX_LINES else []
    return "\n".join([head, *lines[:MAX_LINES], *more])
