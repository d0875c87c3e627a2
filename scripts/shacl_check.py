"""The SHACL engine the build checks its graph with, and the processes it checks the parts in.

The engine is pyshacl-turbo: pySHACL's API and report graph over a Rust engine (Oxigraph's SPARQL
for sh:sparql), which passes pySHACL's own test suite; on this graph it gives the same violations as
pySHACL on every part, conforming or broken (tests/graph/test_shacl_engine.py;
benchmarks/shacl_engines.py compares the two on any build) at a fifth to a tenth of the CPU. It
reads the N-Triples lines as they are: no rdflib graph of the data is made. pySHACL stays the
reference, `ENGINES["pyshacl"]`.

Batches of parts are checked in worker processes, one per core (`check_batches`,
scripts/parallel.py); each compiles the shapes once. A report comes back as N-Triples (empty when the batch conforms) and is read into
an rdflib graph here, so what reads reports (scripts/validate.py) is the same for both engines.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, Namespace

from planlink.scripts import ntriples
from planlink.scripts.parallel import in_processes, workers  # noqa: F401 (workers: batch sizes)

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = Path(__file__).resolve().parents[1] / "ontology" / "shapes.ttl"


@cache
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@cache
def _compiled_shapes():
    from pyshacl_turbo import CompiledShapes

    return CompiledShapes(shapes_graph())


def turbo(lines: list[bytes]) -> tuple[bool, Graph]:
    """(conforms, SHACL report graph) of the graph whose N-Triples lines are `lines`."""
    from pyshacl_turbo.rdf import Input

    conforms, results, _ = _compiled_shapes().validate(Input(b"".join(lines).decode(), "nt", None, {}, {}))
    return conforms, results


def pyshacl(lines: list[bytes]) -> tuple[bool, Graph]:
    """The same with pySHACL, the reference (core SHACL, no inference, the data validated in place)."""
    import pyshacl as engine

    conforms, results, _ = engine.validate(ntriples.to_graph(lines), shacl_graph=shapes_graph(), inference="none",
                                           advanced=False, inplace=True)
    return conforms, results


ENGINES = {"turbo": turbo, "pyshacl": pyshacl}
ENGINE = "turbo"


def check(lines: list[bytes]) -> tuple[bool, Graph]:
    return ENGINES[ENGINE](lines)


def _check_in_worker(lines: list[bytes]) -> tuple[bool, bytes]:
    conforms, results = check(lines)
    # the report whenever it holds a result: warnings (sh:Warning) too, which leave a graph conforming
    has_results = next(results.triples((None, SH.resultSeverity, None)), None) is not None
    return conforms, results.serialize(format="nt", encoding="utf-8") if has_results else b""


def check_batches(batches: list[list[bytes]]):
    """(conforms, report graph) of each batch of lines, in order, as each is ready: in a worker
    process per core (scripts/parallel.py) when there are two batches or more."""
    for conforms, report in in_processes(_check_in_worker, batches, enough=2):
        yield conforms, Graph().parse(data=report, format="nt") if report else Graph()
