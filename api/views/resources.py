"""The JSON resources under /api/v1: smorest MethodViews over `api.services`."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from planlink.api import documents, negotiate, schemas, services, tables
from planlink.api.store import get_store

blp = Blueprint("resources", __name__, url_prefix="/api/v1",
                description="Plans, sections, indicators, measures, projects, commitments, organisations, regions")

# the item schemas, made once (a marshmallow Schema costs more to build than to use)
ITEMS = {name: getattr(schemas, name)() for name in
         ("Plan", "Section", "Indicator", "Measure", "Project", "Commitment", "Department", "Region", "SearchHit",
          "Peer", "LinkedEntity")}
ARGS = {"location": "query", "error_status_code": 400, "unknown": RAISE}  # a mistyped filter is an error
# collection path → item schema name (the CSV's columns and its CSVW metadata come from the schema)
COLLECTIONS = {"plans": "Plan", "sections": "Section", "indicators": "Indicator", "measures": "Measure",
               "projects": "Project", "commitments": "Commitment", "departments": "Department", "regions": "Region",
               "search": "SearchHit"}
LIST_TYPES = ["application/json", "text/csv"]
# For the OpenAPI document: a collection's 200 is also CSV (merged into what @blp.response says).
CSV_TOO = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}


def page_headers(total: int, args: dict) -> dict:
    """Link headers to the neighbouring pages, and the total."""
    limit, offset = args["limit"], args["offset"]
    links = {"first": 0}
    if offset + limit < total:
        links["next"] = offset + limit
    if offset > 0:
        links["prev"] = max(0, offset - limit)
    links["last"] = max(0, (total - 1) // limit * limit)
    others = [(k, v) for k, v in request.args.items(multi=True) if k not in ("limit", "offset")]
    base_url = request.base_url  # werkzeug works it out anew at every use
    link_header = ", ".join(
        f'<{base_url}?{urlencode(others + [("limit", limit), ("offset", at)])}>; rel="{rel}"'
        for rel, at in links.items())
    return {"Link": link_header, "X-Total-Count": str(total)}


def listing(schema, items: list[dict], args: dict, everything=None):
    """One page of `items` (the whole filtered list) as the JSON response, each item through `schema`."""
    offset, limit = args["offset"], args["limit"]
    return paged(schema, services.Page.of(items[offset:offset + limit], len(items)), args)


def collection_page(collection: str, args: dict, *names: str):
    """A page of a paged collection (api/documents.py: its schema and its pages), filtered by `names`."""
    schema, pages = documents.COLLECTIONS[collection]
    return paged(schema, pages(get_store(), **filters(args, *names), **window(args)), args, collection)


def paged(schema, found: "services.Page", args: dict, collection: str | None = None):
    """A page the services cut already (`services.*_page`) as the response: JSON `{"items", "total"}`
    (from the build's documents of `collection` where it has them) or CSV by negotiation, each item
    through `schema` (the one definition of the JSON, the CSV's columns and the OpenAPI document)."""
    headers = page_headers(found.total, args)
    override = {"csv": "text/csv", "json": "application/json"}.get(args.get("format"))
    chosen = negotiate.choose(request.headers.get("Accept"), LIST_TYPES, override) or "application/json"
    if chosen == "text/csv":
        items = schema.dump(found.items, many=True)
        response = Response(tables.to_csv(schema, items), content_type="text/csv; charset=utf-8; header=present")
        collection = request.path.rstrip("/").rsplit("/", 1)[-1]
        if collection in COLLECTIONS:  # described by CSVW metadata (api/views/downloads.py)
            headers["Link"] += f', <{request.host_url}api/v1/{collection}.csv-metadata.json>; rel="describedby"; ' \
                               f'type="application/csvm+json"'
    else:
        response = Response(documents.page_json(get_store(), found, schema, collection), mimetype="application/json")
    response.vary.add("Accept")
    response.headers.update(headers)
    return response


def filters(args: dict, *names: str) -> dict:
    return {name: args.get(name) for name in names}


def window(args: dict) -> dict:
    return {"limit": args["limit"], "offset": args["offset"]}


@blp.route("/plans")
class Plans(MethodView):
    @blp.arguments(schemas.PageArgs(), **ARGS)
    @blp.response(200, schemas.page_of(schemas.Plan))
    @blp.doc(responses=CSV_TOO)
    def get(self, args):
        """The plans"""
        store = get_store()
        return listing(ITEMS["Plan"], services.plans(store), args, lambda: services.plans(store))


@blp.route("/plans/<plan_id>")
class PlanDetail(MethodView):
    @blp.response(200, schemas.PlanWithOutline)
    def get(self, plan_id):
        """One plan, with its outline (chapters → sections → numbered tasks)"""
        return services.plan(get_store(), plan_id)


@blp.route("/sections")
class Sections(MethodView):
    @blp.arguments(schemas.PlanFilterArgs(), **ARGS)
    @blp.response(200, schemas.page_of(schemas.Section))
    @blp.doc(responses=CSV_TOO)
    def get(self, args):
        """Chapters, sections and numbered tasks, each with its national counterparts"""
        return collection_page("sections", args, "plan")


@blp.route("/sections/<section_id>/linked_from")
class SectionLinkedFrom(MethodView):
    @blp.arguments(schemas.PageArgs(), **ARGS)
    @blp.response(200, schemas.page_of(schemas.LinkedEntity))
    @blp.doc(responses=CSV_TOO)
    def get(self, args, section_id):
        """The provincial entities linked to a national chapter, section or task, best score first (its page
        lists the first 50)"""
        return paged(ITEMS["LinkedEntity"], services.section_linked_from(get_store(), section_id, **window(args)),
                     args)


@blp.route("/indicators")
class Indicators(MethodView):
    @blp.arguments(schemas.IndicatorArgs(), **ARGS)
    @blp.response(200, schemas.page_of(schemas.Indicator))
    @blp.doc(responses=CSV_TOO)
    def get(self, args):
        """Indicator targets, each with its national counterparts and its peers in other provincial plans"""
        return collection_page("indicators", args, "plan", "attribute", "q")


@blp.route("/indicators/<indicator_id>")
class IndicatorDetail(MethodView):
    @blp.response(200, schemas.Indicator)
    def get(self, indicator_id):
        """One indicator target"""
        return services.indicator(get_store(), indicator_id)


@blp.route("/indicators/<indicator_id>/peers")
class IndicatorPeers(MethodView):
    @blp.arguments(schemas.PageArgs(), **ARGS)
    @blp.response(200, schemas.page_of(schemas.Peer))
    @blp.doc(responses=CSV_TOO)
    def get(self, args, indicator_id):
        """One indicator target's peers: the same measure in the other provincial plans, each with its
        comparison (the full list an indicator of a list links to as `peers_url`)"""
        return paged(ITEMS["Peer"], services.indicator_peers(get_store(), indicator_id, **window(args)), args)


@blp.route("/measures")
class Measures(MethodView):
    @blp.arguments(schemas.MeasureArgs(), **ARGS)
    @blp.response(200, schemas.page_of(schemas.Measure))
    @blp.doc(responses=CSV_TOO)
    def get(self, args):
        """Measures (indicator definitions), each with every plan's target on it and the national provisions
        it serves"""
        store = get_store()
        return listing(ITEMS["Measure"], services.measures(store, **filters(args, "plan", "q")), args,
                       lambda: services.measures(store))


@blp.route("/measures/<measure_id>")
class MeasureDetail(MethodView):
    @blp.response(200, schemas.Measure)
    def get(self, measure_id):
        """One measure (indicator definition)"""
        return services.measure(get_store(), measure_id)


@blp.route("/projects")
class Projects(MethodView):
    @blp.arguments(schemas.PlanFilterArgs(), **ARGS)
    @blp.response(200, schemas.page_of(schemas.Project))
    @blp.doc(responses=CSV_TOO)
    def get(self, args):
        """专栏 projects and their items"""
        return collection_page("projects", args, "plan")


@blp.route("/commitments")
class Commitments(MethodView):
    @blp.arguments(schemas.PlanFilterArgs(), **ARGS)
    @blp.response(200, schemas.page_of(schemas.Commitment))
    @blp.doc(responses=CSV_TOO)
    def get(self, args):
        """Quantified commitments found in the prose"""
        return collection_page("commitments", args, "plan")


@blp.route("/departments")
class Departments(MethodView):
    @blp.arguments(schemas.PageArgs(), **ARGS)
    @blp.response(200, schemas.page_of(schemas.Department))
    @blp.doc(responses=CSV_TOO)
    def get(self, args):
        """Organisations named in the plans"""
        return collection_page("departments", args)


@blp.route("/regions")
class Regions(MethodView):
    @blp.arguments(schemas.PageArgs(), **ARGS)
    @blp.response(200, schemas.page_of(schemas.Region))
    @blp.doc(responses=CSV_TOO)
    def get(self, args):
        """Regions (GB/T 2260 codes)"""
        store = get_store()
        return listing(ITEMS["Region"], services.regions(store), args, lambda: services.regions(store))


@blp.route("/search")
class Search(MethodView):
    @blp.arguments(schemas.SearchArgs(), **ARGS)
    @blp.response(200, schemas.page_of(schemas.SearchHit))
    @blp.doc(responses=CSV_TOO)
    def get(self, args):
        """Search over titles, texts, labels and definitions (substring, any case; works for Chinese)"""
        return listing(ITEMS["SearchHit"], services.search(get_store(), args["q"]), args)
