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
DCATAP = Namespace("http://data.europa.eu/r5r/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCAT3 = Namespace(str(DCAT))  # rdflib's DCAT is DCAT 2, which has no versions
IANA = "https://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
STABLE = URIRef("http://publications.europa.eu/resource/authority/planned-availability/STABLE")
TEMPORARY = URIRef("http://publications.europa.eu/resource/authority/planned-availability/TEMPORARY")
# The types of the other vocabularies' terms the catalog names (media types, formats, themes …)
CATALOG_TERMS = Path(__file__).resolve().parent / "catalog_terms.ttl"
# The dump files `planlink build` writes (scripts/publish.py DUMPS): name → media type, EU file type,
# title (zh, en).
DUMPS = {
    "planlink.nq.gz": ("application/n-quads", "RDF_N_QUADS", ("N-Quads（gzip 压缩，整个图谱）",
                                                              "N-Quads, gzipped (the whole graph)")),
    "planlink.ttl.gz": ("text/turtle", "RDF_TURTLE", ("Turtle（gzip 压缩，整个图谱）", "Turtle, gzipped (the whole graph)")),
    "planlink.jsonld.gz": ("application/ld+json", "JSON_LD", ("JSON-LD（按 @context 压缩，gzip 压缩，整个图谱）",
                                                             "JSON-LD, compacted with a @context, gzipped (the whole graph)")),
    # not RDF, not gzipped: the counterpart links as an SSSOM mapping set (scripts/link/sssom.py)
    "planlink.sssom.tsv": ("text/tab-separated-values", "TSV", (
        "国家规划对应关系（SSSOM 映射集：TSV 及其 YAML 头）",
        "the national-counterpart links as an SSSOM mapping set (TSV with its YAML header)")),
}
MAPPING_SET = "planlink.sssom.tsv"
SSSOM_SPEC = "https://w3id.org/sssom/spec"
GRAPH_DESCRIPTION = {
    "zh": "整个图谱（每次构建写出一次），与 SPARQL 端点查询的三元组相同；SHA256SUMS 用于校验下载。",
    "en": "The whole graph as the build wrote it, the same triples the SPARQL endpoint answers from; SHA256SUMS "
          "beside it checks a download."}
LINKS_DESCRIPTION = {
    "zh": "省级规划条目与国家规划条款的对应关系，一行一条：关系、分数、方法与依据（SSSOM）。",
    "en": "Each provincial plan entity's national counterparts, one mapping a row: relation, score, method and "
          "evidence (SSSOM)."}


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
    graph.bind("dcatap", DCATAP)
    graph.bind("spdx", SPDX)
    return graph


def _add_dumps(graph: Graph, dataset: URIRef, server: str, dumps: list[str], licence, directory=None) -> None:
    """The dumps as distributions of `dataset`: URLs, media type and format, and (the files being in
    `directory`) size and SHA-256."""
    sums = checksums(directory) if directory else {}
    for name in dumps:
        media_type, file_type, (title_zh, title_en) = DUMPS[name]
        url = URIRef(f"{server}dumps/{name}")
        distribution = URIRef(f"{url}#distribution")
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(title_zh, lang="zh")))
        graph.add((distribution, DCTERMS.title, Literal(title_en, lang="en")))
        for language, text in (LINKS_DESCRIPTION if name == MAPPING_SET else GRAPH_DESCRIPTION).items():
            graph.add((distribution, DCTERMS.description, Literal(text, lang=language)))
        graph.add((distribution, DCAT.accessURL, url))  # DCAT-AP: every distribution has one; here the file
        graph.add((distribution, DCAT.downloadURL, url))
        graph.add((distribution, DCAT.mediaType, URIRef(IANA + media_type)))
        graph.add((distribution, DCTERMS.format, URIRef(FILE_TYPE + file_type)))
        if name.endswith(".gz"):
            graph.add((distribution, DCAT.compressFormat, URIRef(IANA + "application/gzip")))
        if name == MAPPING_SET:
            graph.add((distribution, DCTERMS.conformsTo, URIRef(SSSOM_SPEC)))
        graph.add((distribution, DCATAP.availability, STABLE))
        size = (Path(directory) / name).stat().st_size if directory and (Path(directory) / name).is_file() else None
        if size is not None:
            graph.add((distribution, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
        if sums.get(name):
            checksum = URIRef(f"{url}#sha256")
            graph.add((distribution, SPDX.checksum, checksum))
            graph.add((checksum, RDF.type, SPDX.Checksum))
            graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
            graph.add((checksum, SPDX.checksumValue, Literal(sums[name], datatype=XSD.hexBinary)))
        if licence:
            graph.add((distribution, DCTERMS.license, URIRef(licence)))


def _describe_tables(graph: Graph, store) -> None:
    """Each indicator table's English title and its descriptions in both languages, from its plan's
    titles. Written here rather than by CONCAT in catalog.rq: Virtuoso garbles a string of the data
    joined to non-ASCII text of the query (it reads the data's UTF-8 bytes as Latin-1)."""
    from planlink.api import services

    plans = {plan["iri"]: plan for plan in services.plans(store)}
    titles_en = {row["plan"]: row["titleEn"] for row in store.select(QUERIES["sdmx_plans"]) if row["titleEn"]}
    for table, plan_iri in graph.subject_objects(DCTERMS.isPartOf):
        plan = plans.get(str(plan_iri))
        if plan is None or (table, RDF.type, DCAT.Dataset) not in graph:
            continue
        title_en = titles_en.get(str(plan_iri)) or plan["title"]
        graph.add((table, DCTERMS.title, Literal(f"Indicator table of the {title_en}", lang="en")))
        graph.add((table, DCTERMS.description, Literal(
            f"《{plan['title']}》的主要指标表：每个指标的名称、属性（约束性或预期性）、单位、基期值与目标值，"
            "及其落实的国家规划条款。", lang="zh")))
        graph.add((table, DCTERMS.description, Literal(
            f"The main indicator table of the {title_en}: each indicator's name, nature (binding or expected), "
            "unit, baseline and target, and the national provisions it implements.", lang="en")))


def _add_linkset(graph: Graph, dataset: URIRef, server: str, licence, directory=None) -> None:
    """The national-counterpart links as a void:Linkset of the dataset, distributed as the SSSOM mapping set."""
    linkset = URIRef(f"{server}.well-known/void#counterpart-links")
    graph.add((dataset, VOID.subset, linkset))
    graph.add((linkset, RDF.type, VOID.Linkset))
    graph.add((linkset, DCTERMS.title, Literal("national counterparts of provincial plan entities", lang="en")))
    for predicate in ("exactMatch", "closeMatch", "broadMatch", "relatedMatch"):
        graph.add((linkset, VOID.linkPredicate, URIRef(PREFIXES["skos"] + predicate)))
    _add_dumps(graph, linkset, server, [MAPPING_SET], licence, directory)


def catalog(store, server: str, dumps: list[str], releases: list[dict] = (), dumps_directory=None) -> Graph:
    """The service as a DCAT catalog (queries/catalog.rq), DCAT-AP 3, with the dumps (files in
    `dumps_directory`) as distributions of the whole (a dcat:Catalog is a dcat:Dataset), the releases
    as its versions (newest first, api/services/releases.py) and the types of the other
    vocabularies' terms it names (catalog_terms.ttl); server: this server's root URL."""
    description = build_description(store)
    base = base_of(store)
    graph = _graph()
    bindings = {"catalog": IRI(base), "server": server}
    if modified(store):
        bindings["when"] = modified(store)
    served = store.construct(QUERIES["catalog"], bindings)
    graph.parse(data=served.serialize("application/n-triples"), format="nt")
    graph.parse(CATALOG_TERMS, format="turtle")
    _describe_tables(graph, store)
    _add_dumps(graph, URIRef(base), server, dumps, description.get("licence"), dumps_directory)
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
                # DCAT-AP: what it is, its format, how long it stays (while the release keeps its changes)
                graph.add((distribution, DCTERMS.description, Literal(
                    f"本版相对上一版{'增加' if which == 'added' else '删除'}的三元组（N-Quads，gzip 压缩）；"
                    "只保留最近几版的。", lang="zh")))
                graph.add((distribution, DCTERMS.description, Literal(
                    f"The triples this release {which} since the one before, as gzipped N-Quads; kept for the "
                    "latest releases only.", lang="en")))
                graph.add((distribution, DCTERMS.format, URIRef(FILE_TYPE + "RDF_N_QUADS")))
                graph.add((distribution, DCATAP.availability, TEMPORARY))
                if description.get("licence"):
                    graph.add((distribution, DCTERMS.license, URIRef(description["licence"])))
    graph.add((catalog, DCTERMS.issued, Literal(releases[-1]["date"].replace("Z", "+00:00"), datatype=XSD.dateTime)))
    _cover_versions(graph, catalog)


def _cover_versions(graph: Graph, catalog: URIRef) -> None:
    """What each version of the catalog covers, as DCAT-AP recommends for a dataset: the catalog's
    regions, and its tables' years, themes and keywords (a release is the whole graph)."""
    tables = list(graph.objects(catalog, DCAT3.dataset))
    periods = [graph.value(table, DCTERMS.temporal) for table in tables]
    starts = [graph.value(p, DCAT3.startDate) for p in periods if p is not None and graph.value(p, DCAT3.startDate)]
    ends = [graph.value(p, DCAT3.endDate) for p in periods if p is not None and graph.value(p, DCAT3.endDate)]
    for version in graph.objects(catalog, DCAT3.hasVersion):
        for region in graph.objects(catalog, DCTERMS.spatial):
            graph.add((version, DCTERMS.spatial, region))
        for table in tables:
            for prop in (DCAT3.theme, DCAT3.keyword):
                for value in graph.objects(table, prop):
                    graph.add((version, prop, value))
        if starts and ends:
            period = URIRef(f"{version}#period")
            graph.add((version, DCTERMS.temporal, period))
            graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
            graph.add((period, DCAT3.startDate, min(starts, key=str)))
            graph.add((period, DCAT3.endDate, max(ends, key=str)))


def _version(server: str, record: dict) -> URIRef:
    """A release's IRI: its JSON in the API (it resolves there)."""
    return URIRef(f"{server}api/v1/releases/{record['id']}")
