"""The JSON resources under /api/v1: smorest MethodViews over `api.services`."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import jsonify, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from api import schemas, services
from api.store import get_store

blp = Blueprint("resources", __name__, url_prefix="/api/v1",
                description="Plans, sections, indicators, measures, projects, commitments, organisations, regions")

# the item schemas, made once (a marshmallow Schema costs more to build than to use)
ITEMS = {name: getattr(schemas, name)() for name in
         ("Plan", "Section", "Indicator", "Measure", "Project", "Commitment", "Department", "Region", "SearchHit")}
ARGS = {"location": "query", "error_status_code": 400, "unknown": RAISE}  # a mistyped filter is an error


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
    link_header = ", ".join(
        f'<{request.base_url}?{urlencode(others + [("limit", limit), ("offset", at)])}>; rel="{rel}"'
        for rel, at in links.items())
    return {"Link": link_header, "X-Total-Count": str(total)}


def listing(schema, items: list[dict], args: dict, everything=None):
    """One page of `items` (the whole filtered list) as the JSON response, each item through `schema`."""
    offset, limit = args["offset"], args["limit"]
    return paged(schema, services.Page(items[offset:offset + limit], len(items)), args)


def paged(schema, found: "services.Page", args: dict):
    """A page the services cut already (`services.*_page`) as the JSON response: `{"items", "total"}`,
    each item through `schema` (the one definition of the JSON and of the OpenAPI document)."""
    response = jsonify({"items": schema.dump(found.items, many=True), "total": found.total})
    response.headers.update(page_headers(found.total, args))
    return response


def filters(args: dict, *names: str) -> dict:
    return {name: args.get(name) for name in names}


def window(args: dict) -> dict:
    return {"limit": args["limit"], "offset": args["offset"]}


@blp.route("/plans")
class Plans(MethodView):
    @blp.arguments(schemas.PageArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Plan))
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
    @blp.arguments(schemas.PlanFilterArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Section))
    def get(self, args):
        """Chapters, sections and numbered tasks, each with its national counterparts"""
        store = get_store()
        return paged(ITEMS["Section"], services.sections_page(store, **filters(args, "plan"), **window(args)), args)


@blp.route("/indicators")
class Indicators(MethodView):
    @blp.arguments(schemas.IndicatorArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Indicator))
    def get(self, args):
        """Indicator targets, each with its national counterparts and its peers in other provincial plans"""
        store = get_store()
        return paged(ITEMS["Indicator"], services.indicators_page(
            store, **filters(args, "plan", "attribute", "q"), **window(args)), args)


@blp.route("/indicators/<indicator_id>")
class IndicatorDetail(MethodView):
    @blp.response(200, schemas.Indicator)
    def get(self, indicator_id):
        """One indicator target"""
        return services.indicator(get_store(), indicator_id)


@blp.route("/measures")
class Measures(MethodView):
    @blp.arguments(schemas.MeasureArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Measure))
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
    @blp.arguments(schemas.PlanFilterArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Project))
    def get(self, args):
        """专栏 projects and their items"""
        store = get_store()
        return paged(ITEMS["Project"], services.projects_page(store, **filters(args, "plan"), **window(args)), args)


@blp.route("/commitments")
class Commitments(MethodView):
    @blp.arguments(schemas.PlanFilterArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Commitment))
    def get(self, args):
        """Quantified commitments found in the prose"""
        store = get_store()
        return paged(ITEMS["Commitment"], services.commitments_page(store, **filters(args, "plan"), **window(args)),
                     args)


@blp.route("/departments")
class Departments(MethodView):
    @blp.arguments(schemas.PageArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Department))
    def get(self, args):
        """Organisations named in the plans"""
        store = get_store()
        return paged(ITEMS["Department"], services.departments_page(store, **window(args)), args)


@blp.route("/regions")
class Regions(MethodView):
    @blp.arguments(schemas.PageArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Region))
    def get(self, args):
        """Regions (GB/T 2260 codes)"""
        store = get_store()
        return listing(ITEMS["Region"], services.regions(store), args, lambda: services.regions(store))


@blp.route("/search")
class Search(MethodView):
    @blp.arguments(schemas.SearchArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.SearchHit))
    def get(self, args):
        """Search over titles, texts, labels and definitions (substring, any case; works for Chinese)"""
        return listing(ITEMS["SearchHit"], services.search(get_store(), args["q"]), args)
