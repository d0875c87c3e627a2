"""The JSON resources under /api/v1: smorest MethodViews over `api.services`."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlencode

from flask import Response, current_app, jsonify, request, send_file
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from planlink.api import conditional, documents, feed, negotiate, publication, schemas, services, tables
from planlink.api.errors import ApiError
from planlink.api.services import releases
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
    cut = window(args)
    end = None if cut["limit"] is None else cut["offset"] + cut["limit"]
    return paged(schema, services.Page.of(items[cut["offset"]:end], len(items)), args)


def collection_page(collection: str, args: dict, *names: str):
    """A page of a paged collection (api/documents.py: its schema and its pages), filtered by `names`."""
    schema, pages = documents.COLLECTIONS[collection]
    return paged(schema, pages(get_store(), **filters(args, *names), **window(args)), args, collection)


def file_query() -> str:
    """The query of a `.csv` file and of its CSVW metadata, which name each other: the filters,
    without `bom` (a file with the mark is not the one the metadata describes) or `format`."""
    kept = [(k, v) for k, v in request.args.items(multi=True) if k not in ("bom", "format")]
    return "?" + urlencode(kept) if kept else ""


def whole_file() -> bool:
    """Asked as `/api/v1/{collection}.csv` (the routes at the end of this file): every row, one file."""
    return request.url_rule is not None and request.url_rule.rule.endswith(".csv")


def paged(schema, found: "services.Page", args: dict, collection: str | None = None):
    """A page the services cut already (`services.*_page`) as the response: JSON `{"items", "total"}`
    (from the build's documents of `collection` where it has them) or CSV by negotiation, each item
    through `schema` (the one definition of the JSON, the CSV's columns and the OpenAPI document).
    As `{collection}.csv`: every row, the CSV its CSVW metadata describes. CSV is plain UTF-8
    unless `bom=true` asks for the spreadsheet kind (api/tables.py)."""
    name = request.path.rstrip("/").rsplit("/", 1)[-1].removesuffix(".csv")
    if whole_file():  # CSV whatever `format` says: the path names the file
        response = tables.csv_response(tables.to_csv(schema, schema.dump(found.items, many=True)),
                                       args.get("bom", False), name)
        response.headers["Link"] = f'<{request.host_url}api/v1/{name}.csv-metadata.json{file_query()}>; ' \
                                   f'rel="describedby"; type="application/csvm+json"'
        response.headers["X-Total-Count"] = str(found.total)
        return response
    headers = page_headers(found.total, args)
    override = {"csv": "text/csv", "json": "application/json"}.get(args.get("format"))
    chosen = negotiate.choose(request.headers.get("Accept"), LIST_TYPES, override) or "application/json"
    if chosen == "text/csv":
        response = tables.csv_response(tables.to_csv(schema, schema.dump(found.items, many=True)),
                                       args.get("bom", False), name)
        headers["Link"] += f', <{request.host_url}api/v1/{name}.csv>; rel="alternate"; type="text/csv"; ' \
                           f'title="every row, described by CSVW metadata"'
    else:
        response = Response(documents.page_json(get_store(), found, schema, collection), mimetype="application/json")
    response.vary.add("Accept")
    response.headers.update(headers)
    return response


def filters(args: dict, *names: str) -> dict:
    return {name: args.get(name) for name in names}


def window(args: dict) -> dict:
    """The page asked for; as a `.csv` file, every row unless `limit`/`offset` are given."""
    if whole_file():
        return {"limit": args["limit"] if "limit" in request.args else None,
                "offset": args["offset"] if "offset" in request.args else 0}
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


# ---------------------------------------------------------------- releases (api/services/releases.py)
# Each build this server publishes, what it changed, and a feed of them.

ITEMS.update(Release=schemas.Release(), EntityChange=schemas.EntityChange())
CHANGES_PAGE = schemas.ReleaseChanges()
NO_RELEASE_YET = datetime(1970, 1, 1, tzinfo=timezone.utc)  # the date of an empty feed with no date to give
COLLECTIONS["releases"] = "Release"  # so its CSV has CSVW metadata, as every collection's
FEED_LINK = '<{}api/v1/releases.atom>; rel="alternate"; type="application/atom+xml"; title="planlink releases"'


def release_links(record: dict, current: str | None) -> dict:
    """A release record as the JSON gives it: with its IRI and the URLs of its changes."""
    iri = f"{request.host_url}api/v1/releases/{record['id']}"
    kept = bool(record.get("kept")) and record.get("changes") is not None
    return {**record, "iri": iri, "current": record["id"] == current,
            "changes_href": f"{iri}/changes" if kept else None,
            "nquads_added": f"{iri}/added.nq.gz" if kept else None,
            "nquads_removed": f"{iri}/removed.nq.gz" if kept else None}


def published_releases() -> list[dict]:
    found = releases.published(get_store(), releases.directory_of(current_app.config))
    current = found[0]["id"] if found else None
    return [release_links(record, current) for record in found]


@blp.route("/releases")
class Releases(MethodView):
    @blp.arguments(schemas.PageArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Release))
    @blp.doc(responses=CSV_TOO)
    def get(self, args):
        """The releases this server publishes, newest first: each build, its date, stamp and triples, the release
        it follows, and the counts of what changed; also as an Atom feed (/api/v1/releases.atom)"""
        response = listing(ITEMS["Release"], published_releases(), args)
        response.headers["Link"] += ", " + FEED_LINK.format(request.host_url)
        return response


@blp.route("/releases.atom")
class ReleaseFeed(MethodView):
    @blp.doc(summary="The releases as an Atom feed, newest first",
             responses={200: {"description": "Atom (RFC 4287)",
                              "content": {feed.MEDIA_TYPE: {"schema": {"type": "string"}}}}})
    def get(self):
        store = get_store()
        publisher = publication.build_description(store).get("publisherName") or "planlink"
        empty = conditional.last_modified(current_app) or NO_RELEASE_YET
        body = feed.atom(published_releases(), releases.directory_of(current_app.config), request.base_url,
                         f"{request.host_url}api/v1/releases", str(publisher), empty)
        return Response(body, content_type=feed.MEDIA_TYPE + "; charset=utf-8")


@blp.route("/releases/<release_id>")
class ReleaseDetail(MethodView):
    @blp.response(200, schemas.Release)
    def get(self, release_id):
        """One release"""
        match = next((r for r in published_releases() if r["id"] == release_id), None)
        if match is None:
            raise services.NotFound(f"no release {release_id[:40]!r} here; see /api/v1/releases")
        return match


@blp.route("/releases/<release_id>/changes")
class ReleaseChanges(MethodView):
    @blp.arguments(schemas.ChangesArgs, **ARGS)
    @blp.response(200, schemas.ReleaseChanges)
    @blp.doc(responses={**CSV_TOO, 410: {"description": "the release's changes are no longer kept"}})
    def get(self, args, release_id):
        """What a release changed since the one it follows: the entities added, removed or changed, and how
        (per property, the old and new values), with the triples added and removed as gzipped N-Quads"""
        try:
            found = releases.changes(get_store(), releases.directory_of(current_app.config), release_id,
                                     args.get("change"), args.get("plan"))
        except releases.NotKept as e:
            raise ApiError(410, str(e)) from None
        iri = f"{request.host_url}api/v1/releases/{found['release']}"
        page = found["items"][args["offset"]:args["offset"] + args["limit"]]
        headers = page_headers(len(found["items"]), args)
        override = {"csv": "text/csv", "json": "application/json"}.get(args.get("format"))
        if negotiate.choose(request.headers.get("Accept"), LIST_TYPES, override) == "text/csv":
            response = Response(tables.to_csv(ITEMS["EntityChange"], page),
                                content_type="text/csv; charset=utf-8; header=present")
        else:
            response = jsonify(CHANGES_PAGE.dump({
                **found, "items": page, "total": len(found["items"]),
                "nquads_added": f"{iri}/added.nq.gz", "nquads_removed": f"{iri}/removed.nq.gz"}))
        response.vary.add("Accept")
        response.headers.update(headers)
        return response


@blp.route("/releases/<release_id>/<any('added.nq.gz', 'removed.nq.gz'):name>")
class ReleaseTriples(MethodView):
    @blp.doc(summary="The triples a release added or removed, as gzipped N-Quads",
             responses={200: {"description": "N-Quads, gzipped", "content": {"application/gzip": {"schema": {}}}},
                        410: {"description": "no longer kept"}})
    def get(self, release_id, name):
        which = name.split(".", 1)[0]
        try:
            path = releases.nquads(get_store(), releases.directory_of(current_app.config), release_id, which)
        except releases.NotKept as e:
            raise ApiError(410, str(e)) from None
        return send_file(path, mimetype="application/gzip", as_attachment=False, conditional=True,
                         download_name=f"planlink-release-{release_id}-{name}",
                         max_age=current_app.config["PLANLINK_MAX_AGE"])
# ---------------------------------------------------------------- the gap report (the build's, read from the graph)

ITEMS["Gap"] = schemas.Gap()
COLLECTIONS["gaps"] = "Gap"


@blp.route("/gaps")
class Gaps(MethodView):
    @blp.arguments(schemas.PlanFilterArgs, **ARGS)
    @blp.response(200, schemas.page_of(schemas.Gap))
    @blp.doc(responses=CSV_TOO)
    def get(self, args):
        """The gap report: national sections a provincial plan does not implement, and provincial items with no
        national counterpart, each with the reason and what came closest (the same gaps as `planlink gaps` and
        /matrix: worked out once by the build and read from the graph)"""
        return listing(ITEMS["Gap"], services.gaps(get_store(), args.get("plan")), args)


# Every collection as one CSV file, `/api/v1/{collection}.csv`: the same view, filters and checks, every
# row (`paged` sees the .csv); the file its CSVW metadata (`{collection}.csv-metadata.json`) describes.
for _name, _view in {"plans": Plans, "sections": Sections, "indicators": Indicators, "measures": Measures,
                     "projects": Projects, "commitments": Commitments, "departments": Departments,
                     "regions": Regions, "search": Search, "releases": Releases, "gaps": Gaps}.items():
    blp.route(f"/{_name}.csv")(_view)
