"""Publication: the graph under the publisher's own IRIs, described, and written out as dumps.

The loaders (graph.py, link.py, vocab.py) mint every IRI under `vocab.BASE`. A publisher who
serves the data at another address gives `planlink build --base URL`; `rebase` then maps the
finished graph, term by term on the parsed rdflib terms (never by text substitution), from the
default base to theirs. The vocabulary (`pl:`, BASE + "def/") keeps its one namespace: it names
the ontology every publisher shares, and the API's queries are written against it.

`describe_build` records the build in the graph itself (the base, licence, publisher, time), so
the server takes its base and licence from the store it serves rather than from a constant.

`write_dumps` writes the whole graph as downloadable files: N-Quads and Turtle (gzipped) and
JSON-LD compacted against a real @context (the prefixes), gzipped too. The build holds the graph as
sorted N-Triples lines (scripts/ntriples.py), so the dumps are written from them: N-Quads as they
are, Turtle by pyoxigraph as it parses them, JSON-LD part by part (each part's nodes compacted by
rdflib and kept in the build cache), with no rdflib graph of the whole; `rebase_lines` is `rebase`
for those lines.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, SH, VOID

from planlink.scripts import ntriples
from planlink.scripts.cache import BuildCache, code_fingerprint, content_key
from planlink.scripts.errors import InputError
from planlink.scripts.ntriples import split_lines
from planlink.scripts.vocab import BASE, PL, PREFIXES

DEFAULT_LICENCE = "https://creativecommons.org/licenses/by/4.0/"
DEFAULT_PUBLISHER = "planlink"
CHECKSUMS = "SHA256SUMS"  # `sha256sum -c SHA256SUMS` checks the downloads
MAPPING_SET = "planlink.sssom.tsv"  # the national-counterpart links as SSSOM/TSV (scripts/link/sssom.py)
GZIP_LEVEL = 6  # zlib's default: level 9 takes about twice as long for 1-2% smaller dumps of this graph
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


def write_dumps(lines: list[bytes], out: Path, base: str = BASE, cache: BuildCache | None = None,
                mapping_set: bytes | None = None) -> dict[str, int]:
    """Write the dumps of the graph whose N-Triples lines are `lines` (sorted, each once) into the
    directory `out`, with the SSSOM mapping set when given, and their SHA256SUMS (to check a
    download, and the server's ETags), swapped in whole; {file: bytes}. The same triples give the
    same bytes, so the same ETags."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=out.name + ".new-", dir=out.parent))
    writers = {"nt": _write_ntriples, "turtle": _write_turtle,
               "json-ld": lambda lines, gz: _write_jsonld(lines, gz, base, cache or BuildCache(None))}
    sizes, sums = {}, []
    try:
        for name, (_, rdf_format) in DUMPS.items():
            # mtime=0: the same graph gives the same bytes, so the same ETag
            with open(staging / name, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                                                   compresslevel=GZIP_LEVEL) as gz:
                writers[rdf_format](lines, gz)
            sizes[name] = (staging / name).stat().st_size
            sums.append(f"{_sha256_of(staging / name)}  {name}\n")
        if mapping_set is not None:
            sizes[MAPPING_SET] = _write_mapping_set(staging, mapping_set)
            sums.append(f"{_sha256_of(staging / MAPPING_SET)}  {MAPPING_SET}\n")
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


def _write_mapping_set(directory: Path, mapping_set: bytes) -> int:
    """The SSSOM/TSV file beside the dumps, as it is (a small table, not gzipped: sssom-py and
    spreadsheets read it from its URL); its size."""
    (directory / MAPPING_SET).write_bytes(mapping_set)
    return len(mapping_set)


def _write_ntriples(lines: list[bytes], gz) -> None:
    # the graph is all in the default graph, so its N-Triples lines are its N-Quads
    for start in range(0, len(lines), 10_000):
        gz.write(b"".join(lines[start:start + 10_000]))


def _write_turtle(lines: list[bytes], gz) -> None:
    """Turtle written by pyoxigraph as it parses the lines: sorted, a subject's triples are together."""
    triples = pyoxigraph.parse(b"".join(lines), format=pyoxigraph.RdfFormat.N_TRIPLES)
    pyoxigraph.serialize(triples, gz, format=pyoxigraph.RdfFormat.TURTLE, prefixes=jsonld_context())


def _write_jsonld(lines: list[bytes], gz, base: str, cache: BuildCache) -> None:
    """One JSON-LD document compacted against jsonld_context(), written part by part (ntriples.parts:
    every triple of a node is in its part, so a node is compacted the same alone as in the whole);
    each part's nodes are kept in the cache under the hash of its triples."""
    context = jsonld_context()
    head = json.dumps({"@context": context}, ensure_ascii=False, indent=2)
    gz.write(head[:-2].encode() + b',\n  "@graph": [')  # the document's own "}" and newline dropped
    first = True
    for name, part in sorted(ntriples.parts(lines, base).items()):
        data = sorted(part)
        key = content_key(code_fingerprint(), b"json-ld", json.dumps(context), b"".join(data))
        nodes = cache.get("json-ld", key)
        if nodes is None:
            nodes = _jsonld_nodes(data, context)
            cache.put("json-ld", key, nodes)
        if nodes:
            gz.write((b"\n" if first else b",\n") + nodes)
            first = False
    gz.write(b"\n  ]\n}")


def _jsonld_nodes(lines: list[bytes], context: dict) -> bytes:
    """The node objects of some lines' subjects, compacted by rdflib, sorted, and indented as items
    of the document's "@graph"."""
    document = json.loads(ntriples.to_graph(lines).serialize(format="json-ld", context=context, auto_compact=True))
    if "@graph" in document:
        nodes = document["@graph"]
    else:  # a single node is written as the document itself
        nodes = [{key: value for key, value in document.items() if key != "@context"}] if len(document) > 1 else []
    texts = sorted(json.dumps(_ordered(node), ensure_ascii=False, sort_keys=True) for node in nodes)
    return ",\n".join(textwrap.indent(json.dumps(json.loads(text), ensure_ascii=False, indent=2), "    ")
                       for text in texts).encode("utf-8")


def _ordered(value):
    """Lists sorted and keys in order, so the same node gives the same text (rdflib writes its set order)."""
    if isinstance(value, list):
        return sorted((_ordered(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(value, dict):
        return {key: _ordered(v) for key, v in sorted(value.items())}
    return value


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def rebase_lines(lines: list[bytes], base: str, from_base: str = BASE) -> list[bytes]:
    """rebase() for N-Triples lines: every IRI under `from_base` but the vocabulary's moved under
    `base`, term by term on the terms pyoxigraph parses (never by text substitution)."""
    if base == from_base:
        return lines
    vocabulary = str(PL)

    def moved(term):
        if isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(from_base) \
                and not term.value.startswith(vocabulary):
            return pyoxigraph.NamedNode(base + term.value[len(from_base):])
        return term

    triples = (pyoxigraph.Triple(moved(t.subject), t.predicate, moved(t.object))
               for t in pyoxigraph.parse(b"".join(lines), format=pyoxigraph.RdfFormat.N_TRIPLES))
    return split_lines(pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES))


def dumps_dir(store: str | os.PathLike) -> Path:
    """Where the dumps of the store at `store` are: `dumps/` beside it."""
    return Path(store).resolve().parent / "dumps"
