"""The JSON resources under /api/v1: smorest MethodViews over `api.services`."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from api import schemas, services
from api.store import get_store

blp = Blueprint("resources", __name__, url_prefix="/api/v1",
                description="Plans, sections, indicators, projects, commitments, organisations, regions")

ARGS = {"location": "query", "error_status_code": 400, "unknown": RAISE}  # a mistyped filter is an error


def page(items: list[dict], args: dict):
    """`{"items", "total"}` for one page, with Link headers to the neighbouring pages."""
    limit, offset, total = args["limit"], args["offset"], len(items)
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
    return {"items": items[offset:offset + limit], "total": total}, {"Link": link_header,
                                                                     "X-Total-Count": str(total)}


def filters(args: dict, *names: str) -> dict:
    return {name: args.get(name) for name in names}


@blp.route("/plans")
class Plans(MethodView):
    @blp.arguments(schemas.PageArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Plan))
    def get(self, args):
        """The plans"""
        return page(services.plans(get_store()), args)


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
        return page(services.sections(get_store(), **filters(args, "plan")), args)


@blp.route("/indicators")
class Indicators(MethodView):
    @blp.arguments(schemas.IndicatorArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Indicator))
    def get(self, args):
        """Indicator targets, each with its national counterparts and its peers in other provincial plans"""
        return page(services.indicators(get_store(), **filters(args, "plan", "attribute", "q")), args)


@blp.route("/indicators/<indicator_id>")
class IndicatorDetail(MethodView):
    @blp.response(200, schemas.Indicator)
    def get(self, indicator_id):
        """One indicator target"""
        return services.indicator(get_store(), indicator_id)


@blp.route("/projects")
class Projects(MethodView):
    @blp.arguments(schemas.PlanFilterArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Project))
    def get(self, args):
        """专栏 projects and their items"""
        return page(services.projects(get_store(), **filters(args, "plan")), args)


@blp.route("/commitments")
class Commitments(MethodView):
    @blp.arguments(schemas.PlanFilterArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Commitment))
    def get(self, args):
        """Quantified commitments found in the prose"""
        return page(services.commitments(get_store(), **filters(args, "plan")), args)


@blp.route("/departments")
class Departments(MethodView):
    @blp.arguments(schemas.PageArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Department))
    def get(self, args):
        """Organisations named in the plans"""
        return page(services.departments(get_store()), args)


@blp.route("/regions")
class Regions(MethodView):
    @blp.arguments(schemas.PageArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Region))
    def get(self, args):
        """Regions (GB/T 2260 codes)"""
        return page(services.regions(get_store()), args)


@blp.route("/search")
class Search(MethodView):
    @blp.arguments(schemas.SearchArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.SearchHit))
    def get(self, args):
        """Search over titles, texts, labels and definitions (substring, any case; works for Chinese)"""
        return page(services.search(get_store(), args["q"]), args)
