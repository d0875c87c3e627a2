"""Dereferenceable IRIs: every entity IRI answers at its own path, as RDF or as an HTML page."""

from __future__ import annotations

from flask import render_template, request
from flask.views import MethodView
from flask_smorest import Blueprint

from planlink.api import negotiate, profiles, publication, services
from planlink.api.store import PREFIXES, BNode, IRI, get_store

blp = Blueprint("linked_data", __name__, description="Linked data: entity IRIs resolve at their own paths")

OFFERED = ["text/turtle", "text/html", "application/ld+json", "application/n-triples", "application/rdf+xml"]
RDF_TYPE = PREFIXES["rdf"] + "type"
LABELS = (PREFIXES["dcterms"] + "title", PREFIXES["skos"] + "prefLabel", PREFIXES["rdfs"] + "label",
          PREFIXES["skos"] + "notation")
OA = PREFIXES["oa"]
PL = PREFIXES["pl"]
SKOS = PREFIXES["skos"]
# The classes whose pages say what kind of thing they show, in this order of precedence.
KINDS = [PL + name for name in ("IndicatorTarget", "Chapter", "Section", "Task", "Plan", "Measure", "Project",
                                "ProjectItem", "Commitment", "CounterpartLink", "Comparison", "NationalFigure",
                                "Department", "Region", "GlossaryTerm")]
LEVEL_CLASSES = {1: PL + "Chapter", 2: PL + "Section", 3: PL + "Task"}  # a section's level → its class


# What the routes here answer, for the OpenAPI document.
MEDIATYPE_PARAMETER = {"in": "query", "name": "_mediatype", "required": False,
                       "schema": {"type": "string", "enum": ["", *OFFERED]},
                       "description": "a media type, in place of the Accept header (empty: Accept decides)"}
ANSWERS = {"200": {"description": "the resource as RDF or an HTML page, by Accept or `_mediatype`",
                   "content": {media_type: {"schema": {}} for media_type in OFFERED}},
           "406": {"description": "none of the offered media types is acceptable",
                   "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}


@blp.route("/<any(plan, measure, org, region, def):kind>/<path:rest>")
class Entity(MethodView):
    @blp.doc(summary="Describe an entity (e.g. /plan/jiangsu/indicator/7, /measure/…, /org/…, /region/…, "
                     "/def/Plan)",
             description="Turtle, JSON-LD, N-Triples, RDF/XML or an HTML page, by Accept or `?_mediatype=`; "
                         "406 when nothing fits, 404 for unknown IRIs.",
             parameters=[MEDIATYPE_PARAMETER],
             responses={**ANSWERS, "404": {"description": "no such entity", "content": {
                 "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}})
    def get(self, kind, rest):
        if kind == "def":  # the vocabulary keeps its one namespace whatever the build's base
            try:
                versioned = get_store().select(services.QUERIES["version_of"], {"iri": IRI(PL + rest)})
            except ValueError:  # not a valid IRI (a control character in the path): describe says 404
                versioned = []
            if versioned:  # a version IRI answers with the ontology
                return _answer(str(versioned[0]["ontology"]), services.ontology)
            return _answer(PL + rest, services.describe)
        return _answer(f"{publication.base_of(get_store())}{kind}/{rest}", services.describe)


@blp.route("/")
class Home(MethodView):
    @blp.doc(summary="The home page, or the service as a DCAT catalog",
             description="HTML for browsers (the default); Turtle, JSON-LD, N-Triples or RDF/XML by Accept or "
                         "`?_mediatype=`: a dcat:Catalog of the indicator tables, with their JSON and RDF "
                         "distributions, and the SPARQL endpoint and JSON API as dcat:DataService.",
             parameters=[MEDIATYPE_PARAMETER], responses=ANSWERS)
    def get(self):
        store = get_store()

        def page(_):
            plans = [dict(plan, href=href(plan["iri"])) for plan in services.plans(store)]
            return render_template("index.html", plans=plans)

        def catalog(media_type):
            from planlink.api.views.downloads import RDF_FORMATS, available_dumps

            from flask import current_app

            from planlink.api.services import releases

            published = releases.published(store, releases.directory_of(current_app.config))
            graph = publication.catalog(store, request.host_url, available_dumps(), published)
            return graph.serialize(format=RDF_FORMATS[media_type], encoding="utf-8")

        offered = ["text/html", *(t for t in OFFERED if t != "text/html")]  # a browser's */* gets the page
        return profiles.negotiated_response(offered, {t: page if t == "text/html" else catalog for t in offered},
                                             profile=profiles.DCAT)


@blp.route("/def/")
class Ontology(MethodView):
    @blp.doc(summary="The ontology (its IRI is the namespace of its terms)",
             description="RDF: the whole ontology (classes, properties, code lists); HTML: its description "
                         "and the terms it defines.",
             parameters=[MEDIATYPE_PARAMETER], responses=ANSWERS)
    def get(self):
        return _answer(PL, services.ontology)


def _answer(iri: str, rdf_graph):
    """The resource `iri` in the negotiated media type: rdf_graph(store, iri) as RDF, or its page."""
    store = get_store()
    page = lambda _: _page(store, iri, services.describe(store, iri))  # noqa: E731
    rdf = lambda media_type: rdf_graph(store, iri).serialize(media_type)  # noqa: E731
    return profiles.negotiated_response(OFFERED, {t: page if t == "text/html" else rdf for t in OFFERED},
                                         canonical=iri)


# ---------------------------------------------------------------- the HTML page

def _both(label: dict | None, fallback) -> str:
    """The ontology's label as "中文 English" (the value itself where the ontology has none)."""
    words = [label[k] for k in ("zh", "en") if label and label.get(k)]
    return " ".join(words) if words else str(fallback)


def _term_label(store, iri: str) -> str:
    return _both(services.ontology_labels(store)["terms"].get(iri), iri)


@blp.app_context_processor
def ontology_label_functions():
    """code_label(list, value) and term_label(IRI) for every template, from the ontology in the store."""
    def code_label(code_list: str, value):
        return _both(services.ontology_labels(get_store())["codes"].get(code_list, {}).get(value), value)

    return {"code_label": code_label, "term_label": lambda iri: _term_label(get_store(), iri),
            "LEVEL_CLASSES": LEVEL_CLASSES}


def compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


@blp.app_template_filter("href")
def href(iri: str) -> str:
    """Entity IRIs (under the build's base) and vocabulary terms link to this server's own path;
    others stay absolute."""
    if iri.startswith(PL):
        return "/def/" + iri[len(PL):]
    base = publication.base_of(get_store())
    return "/" + iri[len(base):] if iri.startswith(base) else iri


def _page(store, iri: str, graph) -> str:
    statements = graph.statements()
    labels: dict[str, str] = {}
    for s, p, o in statements:
        if p in LABELS and s not in labels and (getattr(o, "language", None) in (None, "", "zh")):
            labels[s] = str(o)

    def value(o):
        if isinstance(o, IRI):
            return {"href": href(o), "text": labels.get(o) or compact(o), "iri": str(o)}
        if isinstance(o, BNode):
            return {"text": f"_:{o}"}
        return {"text": str(o), "language": o.language,
                "datatype": compact(o.datatype) if o.datatype and not o.datatype.endswith("#string") else None}

    subjects: dict[str, dict[str, list]] = {}
    for s, p, o in statements:
        if s == iri or s.startswith(iri + "#"):
            subjects.setdefault(s, {}).setdefault(p, []).append(value(o))
    main = subjects.pop(iri, {})
    by_predicate = lambda props: [  # noqa: E731
        {"predicate": compact(p), "href": href(p), "values": values}
        for p, values in sorted(props.items(), key=lambda kv: (kv[0] != RDF_TYPE, kv[0] not in LABELS, kv[0]))]
    fragments = [{"iri": s, "name": s.rsplit("#", 1)[-1], "rows": by_predicate(props)}
                 for s, props in sorted(subjects.items())]
    quote = next((o for s, p, o in statements if p == OA + "exact" and s.startswith(iri + "#")), None)
    start = next((o for s, p, o in statements if p == OA + "start" and s.startswith(iri + "#")), None)
    end = next((o for s, p, o in statements if p == OA + "end" and s.startswith(iri + "#")), None)
    source = next((o for s, p, o in statements if p == OA + "hasSource" and s.startswith(iri + "#")), None)
    inbound = [{"href": href(row["s"]), "text": row["label"] or compact(row["s"]), "predicate": compact(row["p"])}
               for row in services.inbound(store, iri) if isinstance(row["s"], IRI)]
    types = {o for s, p, o in statements if s == iri and p == RDF_TYPE}
    summary = services.page_facts(store, iri, types)
    plan_names = {p["id"]: p["region"] or p["title"] or p["id"] for p in services.plans(store)} if summary else {}
    return render_template(
        "entity.html", iri=iri, title=labels.get(iri) or compact(iri), rows=by_predicate(main),
        summary=summary, plan_names=plan_names,
        measure=_measure(statements, iri, value) if summary and summary["kind"] == "measure" else None,
        kind_label=next((_term_label(store, kind) for kind in KINDS if kind in types), None),
        fragments=fragments, quote=quote, start=start, end=end,
        source=value(source) if source else None, inbound=inbound,
        alternates=[(media_type, negotiate.override_url(request.base_url, media_type))
                    for media_type in OFFERED if media_type != "text/html"])


def _measure(statements, iri: str, value) -> dict:
    """A measure's labels, other wordings, definitions and near measures, from its description."""
    own = [(p, o) for s, p, o in statements if s == iri]
    texts = lambda predicate: sorted(  # noqa: E731 — zh first, then en, then the rest
        ({"text": str(o), "language": getattr(o, "language", None)} for p, o in own if p == predicate),
        key=lambda t: ({"zh": 0, "en": 1}.get((t["language"] or "").split("-")[0], 2), t["text"]))
    return {"labels": texts(SKOS + "prefLabel"), "alt_labels": [t["text"] for t in texts(SKOS + "altLabel")],
            "definitions": texts(SKOS + "definition"),
            "close": [value(o) for p, o in own if p == SKOS + "closeMatch"],
            "related": [value(o) for p, o in own if p == SKOS + "relatedMatch"]}
