"""Publication: the graph under the publisher's own IRIs, described, and written out as dumps.

The loaders (graph.py, link.py, vocab.py) mint every IRI under `vocab.BASE`. A publisher who
serves the data at another address gives `planlink build --base URL`; `rebase` then maps the
finished graph, term by term on the parsed rdflib terms (never by text substitution), from the
default base to theirs. The vocabulary (`pl:`, BASE + "def/") keeps its one namespace: it names
the ontology every publisher shares, and the API's queries are written against it.

`describe_build` records the build in the graph itself (the base, licence, publisher, time), so
the server takes its base and licence from the store it serves rather than from a constant.

`write_dumps` writes the whole graph as downloadable files: N-Quads and Turtle (gzipped) and
JSON-LD compacted against a real @context (the prefixes), gzipped too.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, SH, VOID

from planlink.scripts.errors import InputError
from planlink.scripts.vocab import BASE, PL, PREFIXES

DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DEFAULT_PUBLISHER = "planlink"
CHECKSUMS = "SHA256SUMS"  # `sha256sum -c SHA256SUMS` checks the downloads
# file name → (media type, rdflib format); the server offers exactly these.
DUMPS = {
    # the graph is all in the default graph, so its N-Triples lines are its N-Quads
    "planlink.nq.gz": ("application/n-quads", "nt"),
    "planlink.ttl.gz": ("text/turtle", "turtle"),
    "planlink.jsonld.gz": ("application/ld+json", "json-ld"),
}


def check_base(base: str) -> str:
    """The base as given, if it is an absolute http(s) URL ending in '/'; InputError otherwise."""
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc or not base.endswith("/") \
            or parts.query or parts.fragment:
        raise InputError(f"--base must be an http(s) URL ending in '/' (e.g. https://data.example.gov.cn/planlink/), "
                         f"not {base!r}")
    return base


def rebase(graph: Graph, base: str, from_base: str = BASE) -> Graph:
    """The graph with every IRI under `from_base` (but the vocabulary's) moved under `base`."""
    if base == from_base:
        return graph
    vocabulary = str(PL)

    def moved(term):
        if isinstance(term, URIRef) and term.startswith(from_base) and not term.startswith(vocabulary):
            return URIRef(base + term[len(from_base):])
        return term

    result = Graph()
    for prefix, namespace in graph.namespaces():
        result.bind(prefix, namespace, override=True)
    for s, p, o in graph:
        result.add((moved(s), p, moved(o)))
    return result


def describe_build(graph: Graph, base: str, licence: str = DEFAULT_LICENCE,
                   publisher: str = DEFAULT_PUBLISHER) -> URIRef:
    """Add the build description to `graph`: `<base>` is the dataset (void:uriSpace, licence,
    publisher); returns its IRI. No build time: the same sources give the same graph (the server
    dates the data by the store it serves)."""
    dataset = URIRef(base)
    agent = URIRef(base + "#publisher")
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, VOID.uriSpace, Literal(base)))
    graph.add((dataset, DCTERMS.license, URIRef(licence)))
    graph.add((dataset, DCTERMS.publisher, agent))
    graph.add((agent, RDF.type, FOAF.Agent))
    graph.add((agent, FOAF.name, Literal(publisher)))
    return dataset


def recorded_base(graph: Graph) -> str:
    """The base a built graph records in its build description (the default when it has none)."""
    for dataset in graph.subjects(RDF.type, VOID.Dataset):
        space = graph.value(dataset, VOID.uriSpace)
        if space is not None and str(dataset) == str(space):
            return str(space)
    return BASE


def jsonld_context() -> dict:
    """The @context of the JSON-LD dump: every prefix planlink uses."""
    context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    context.update(rdf=str(RDF), rdfs=str(RDFS), owl=str(OWL), sh=str(SH), xsd=str(XSD), void=str(VOID),
                   foaf=str(FOAF))
    return context


def write_dumps(graph: Graph, out: Path) -> dict[str, int]:
    """Write the dumps of `graph` into the directory `out`, with their SHA256SUMS (to check a
    download, and the server's ETags), swapped in whole; {file: bytes}."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=out.name + ".new-", dir=out.parent))
    sizes, sums = {}, []
    try:
        for name, (_, rdf_format) in DUMPS.items():
            data = _serialise(graph, rdf_format)
            # mtime=0: the same graph gives the same bytes, so the same ETag
            with open(staging / name, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                                                   mtime=0) as gz:
                gz.write(data)
            sizes[name] = (staging / name).stat().st_size
            sums.append(f"{hashlib.sha256((staging / name).read_bytes()).hexdigest()}  {name}\n")
        (staging / CHECKSUMS).write_text("".join(sums), encoding="ascii")
        old = None
        if out.exists():
            old = out.with_name(out.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            os.rename(out, old)
        os.rename(staging, out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sizes


def _serialise(graph: Graph, rdf_format: str) -> bytes:
    """The graph in one syntax, the same bytes for the same graph (so the same ETag after a
    rebuild): rdflib writes N-Triples and JSON-LD in its set order, which changes between runs."""
    if rdf_format == "nt":
        lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        return b"".join(sorted(line for line in lines if line.strip()))
    if rdf_format == "json-ld":
        document = json.loads(graph.serialize(format="json-ld", context=jsonld_context(), auto_compact=True))

        def ordered(value):
            if isinstance(value, list):
                return sorted((ordered(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
            if isinstance(value, dict):
                return {key: ordered(v) if key != "@context" else v for key, v in sorted(value.items())}
            return value

        return json.dumps(ordered(document), ensure_ascii=False, indent=2).encode("utf-8")
    return graph.serialize(format=rdf_format, encoding="utf-8")


def dumps_dir(store: str | os.PathLike) -> Path:
    """Where the dumps of the store at `store` are: `dumps/` beside it."""
    return Path(store).resolve().parent / "dumps"
