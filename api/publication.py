"""What the service says about itself for publication, callable without HTTP: the build
description (the base its IRIs are minted under, licence, publisher, time), the DCAT catalog and
the VoID description, and the downloadable dumps. (store, server, dumps) → rdflib Graphs."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, VOID

from planlink.api.services import QUERIES, per_build, releases as release_records
from planlink.api.store import BASE, IRI, PREFIXES

PL = Namespace(PREFIXES["pl"])
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCAT3 = Namespace(str(DCAT))  # rdflib's DCAT is DCAT 2, which has no versions
IANA = "https://www.iana.org/assignments/media-types/"
# The dump files `planlink build` writes (scripts/publish.py DUMPS): name → media type, title.
DUMPS = {
    "planlink.nq.gz": ("application/n-quads", "N-Quads, gzipped (the whole graph)"),
    "planlink.ttl.gz": ("text/turtle", "Turtle, gzipped (the whole graph)"),
    "planlink.jsonld.gz": ("application/ld+json", "JSON-LD, compacted with a @context, gzipped (the whole graph)"),
    # not RDF, not gzipped: the counterpart links as an SSSOM mapping set (scripts/link/sssom.py)
    "planlink.sssom.tsv": ("text/tab-separated-values",
                           "the national-counterpart links as an SSSOM mapping set (TSV with its YAML header)"),
}
MAPPING_SET = "planlink.sssom.tsv"
SSSOM_SPEC = "https://w3id.org/sssom/spec"


def build_description(store) -> dict:
    """The build's base, licence, publisher and time; the default base and no more when the store
    has no description (a build before descriptions, another engine's data)."""
    def read():
        rows = store.select(QUERIES["build"])
        return dict(rows[0]) if rows else {"base": BASE}
    return per_build(store, "build-description", read)


def modified(store) -> str | None:
    """When the build this store serves was written (its directory's time), as xsd:dateTime; None
    for a remote endpoint, which does not say."""
    path = getattr(store, "path", None)
    if path is None or not Path(path).exists():
        return None
    return datetime.fromtimestamp(Path(path).stat().st_mtime, timezone.utc).replace(microsecond=0).isoformat()


def base_of(store) -> str:
    """The base every entity IRI of this store is minted under (the server maps paths onto it)."""
    return str(build_description(store)["base"])


CHECKSUMS = "SHA256SUMS"


def checksums(directory: str | Path) -> dict[str, str]:
    """{dump file: its SHA-256} from the SHA256SUMS the build wrote beside the dumps."""
    try:
        lines = (Path(directory) / CHECKSUMS).read_text(encoding="ascii").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    return {name: digest for digest, _, name in (line.partition("  ") for line in lines) if name}


def available_dumps(directory: str | Path | None) -> list[str]:
    """The dump files present in `directory`, in DUMPS order."""
    if not directory:
        return []
    return [name for name in DUMPS if (Path(directory) / name).is_file()]


def _graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("void", VOID)
    graph.bind("foaf", FOAF)
    return graph


def _add_dumps(graph: Graph, dataset: URIRef, server: str, dumps: list[str], licence) -> None:
    for name in dumps:
        media_type, title = DUMPS[name]
        distribution = URIRef(f"{server}dumps/{name}#distribution")
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(title, lang="en")))
        graph.add((distribution, DCAT.downloadURL, URIRef(f"{server}dumps/{name}")))
        graph.add((distribution, DCAT.mediaType, URIRef(IANA + media_type)))
        if name.endswith(".gz"):
            graph.add((distribution, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
        if name == MAPPING_SET:
            graph.add((distribution, DCTERMS.conformsTo, URIRef(SSSOM_SPEC)))
        if licence:
            graph.add((distribution, DCTERMS.license, URIRef(licence)))


def _add_linkset(graph: Graph, dataset: URIRef, server: str, licence) -> None:
    """The national-counterpart links as a void:Linkset of the dataset, distributed as the SSSOM mapping set."""
    linkset = URIRef(f"{server}.well-known/void#counterpart-links")
    graph.add((dataset, VOID.subset, linkset))
    graph.add((linkset, RDF.type, VOID.Linkset))
    graph.add((linkset, DCTERMS.title, Literal("national counterparts of provincial plan entities", lang="en")))
    for predicate in ("exactMatch", "closeMatch", "broadMatch", "relatedMatch"):
        graph.add((linkset, VOID.linkPredicate, URIRef(PREFIXES["skos"] + predicate)))
    _add_dumps(graph, linkset, server, [MAPPING_SET], licence)


def catalog(store, server: str, dumps: list[str], releases: list[dict] = ()) -> Graph:
    """The service as a DCAT catalog (queries/catalog.rq), with the dumps as distributions of the
    whole (a dcat:Catalog is a dcat:Dataset) and the releases as its versions (newest first,
    api/services/releases.py); server: this server's root URL."""
    description = build_description(store)
    base = base_of(store)
    graph = _graph()
    bindings = {"catalog": IRI(base), "server": server}
    if modified(store):
        bindings["when"] = modified(store)
    served = store.construct(QUERIES["catalog"], bindings)
    graph.parse(data=served.serialize("application/n-triples"), format="nt")
    _add_dumps(graph, URIRef(base), server, dumps, description.get("licence"))
    add_versions(graph, URIRef(base), server, releases, description)
    return graph


def void(store, server: str, dumps: list[str]) -> Graph:
    """The VoID description of the store: its figures, class and property partitions, the SPARQL
    endpoint, the dumps and the uriSpace. The figures are counted on the store itself."""
    description = build_description(store)
    base = base_of(store)
    dataset = URIRef(base)
    graph = _graph()
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("planlink: linked data of the 14th Five-Year community-service plans",
                                               lang="en")))
    graph.add((dataset, VOID.uriSpace, Literal(base)))
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(server + "sparql")))
    graph.add((dataset, VOID.vocabulary, URIRef(PL)))
    graph.add((dataset, VOID.feature, URIRef("http://www.w3.org/ns/formats/N-Quads")))
    graph.add((dataset, VOID.feature, URIRef("http://www.w3.org/ns/formats/Turtle")))
    graph.add((dataset, VOID.feature, URIRef("http://www.w3.org/ns/formats/JSON-LD")))
    for name in dumps:
        if name == MAPPING_SET:  # not RDF: the links' own linkset names it
            _add_linkset(graph, dataset, server, description.get("licence"))
        else:
            graph.add((dataset, VOID.dataDump, URIRef(f"{server}dumps/{name}")))
    if description.get("licence"):
        graph.add((dataset, DCTERMS.license, URIRef(description["licence"])))
    if modified(store):
        graph.add((dataset, DCTERMS.modified, Literal(modified(store), datatype=XSD.dateTime)))
    if description.get("publisherName"):
        graph.add((dataset, DCTERMS.publisher, URIRef(description["publisher"])))
        graph.add((URIRef(description["publisher"]), FOAF.name, Literal(description["publisherName"])))

    totals = store.select(QUERIES["void_totals"], {"base": base})[0]
    for figure, predicate in (("triples", VOID.triples), ("entities", VOID.entities),
                              ("subjects", VOID.distinctSubjects), ("objects", VOID.distinctObjects),
                              ("properties", VOID.properties), ("classes", VOID.classes)):
        graph.add((dataset, predicate, Literal(int(totals[figure]), datatype=XSD.integer)))
    for number, row in enumerate(store.select(QUERIES["void_classes"]), 1):
        partition = URIRef(f"{server}.well-known/void#class-{number}")
        graph.add((dataset, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], URIRef(row["class"])))
        graph.add((partition, VOID.entities, Literal(int(row["entities"]), datatype=XSD.integer)))
    for number, row in enumerate(store.select(QUERIES["void_properties"]), 1):
        partition = URIRef(f"{server}.well-known/void#property-{number}")
        graph.add((dataset, VOID.propertyPartition, partition))
        graph.add((partition, VOID.property, URIRef(row["property"])))
        graph.add((partition, VOID.triples, Literal(int(row["triples"]), datatype=XSD.integer)))
    return graph


def add_versions(graph: Graph, catalog: URIRef, server: str, releases: list[dict], description: dict) -> None:
    """The releases (newest first) as versions of the catalog, as DCAT 3 says: the catalog has each
    (dcat:hasVersion), the current one (dcat:hasCurrentVersion) and its version number
    (dcat:version); each version is a dcat:Dataset with its number, date, notes (adms:versionNotes),
    the version before it (dcat:previousVersion) and, while they are kept, its changes as
    distributions (the triples added and removed)."""
    if not releases:
        return
    graph.bind("adms", ADMS)
    graph.add((catalog, DCAT3.version, Literal(releases[0]["id"])))
    graph.add((catalog, DCAT3.hasCurrentVersion, _version(server, releases[0])))
    for record in releases:
        version = _version(server, record)
        graph.add((catalog, DCAT3.hasVersion, version))
        graph.add((version, RDF.type, DCAT3.Dataset))
        graph.add((version, DCAT3.isVersionOf, catalog))
        graph.add((version, DCAT3.version, Literal(record["id"])))
        graph.add((version, DCTERMS.title, Literal(f"planlink release {record['id']}", lang="en")))
        graph.add((version, DCTERMS.title, Literal(f"planlink 第{record['id']}版", lang="zh")))
        notes = Literal(release_records.notes(record), lang="en")
        graph.add((version, DCTERMS.description, notes))
        graph.add((version, ADMS.versionNotes, notes))
        graph.add((version, DCTERMS.issued, Literal(record["date"].replace("Z", "+00:00"), datatype=XSD.dateTime)))
        graph.add((version, DCTERMS.identifier, Literal(record["stamp"])))
        if record.get("follows"):
            graph.add((version, DCAT3.previousVersion, _version(server, {"id": record["follows"]})))
        if description.get("licence"):
            graph.add((version, DCTERMS.license, URIRef(description["licence"])))
        if description.get("publisher"):
            graph.add((version, DCTERMS.publisher, URIRef(description["publisher"])))
        if record.get("kept") and record.get("changes") is not None:
            for which in ("added", "removed"):
                url = URIRef(f"{version}/{which}.nq.gz")
                distribution = URIRef(f"{url}#distribution")
                graph.add((version, DCAT3.distribution, distribution))
                graph.add((distribution, RDF.type, DCAT3.Distribution))
                graph.add((distribution, DCTERMS.title, Literal(f"the triples {which} since release "
                                                                 f"{record.get('follows') or '(none)'}, N-Quads, "
                                                                 f"gzipped", lang="en")))
                graph.add((distribution, DCAT3.accessURL, url))
                graph.add((distribution, DCAT3.downloadURL, url))
                graph.add((distribution, DCAT3.mediaType, URIRef(IANA + "application/n-quads")))
                graph.add((distribution, DCAT3.compressFormat, URIRef(IANA + "application/gzip")))


def _version(server: str, record: dict) -> URIRef:
    """A release's IRI: its JSON in the API (it resolves there)."""
    return URIRef(f"{server}api/v1/releases/{record['id']}")
