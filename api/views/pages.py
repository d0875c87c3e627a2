"""HTML pages for researchers: the SPARQL workbench, comparisons, the implementation matrix, the
source texts and search; the language of every page (a switch, and Accept-Language); error pages.

Every table here is also a download: `?format=csv` or `?format=json` on the same URL."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, render_template, request

from planlink.api import services
from planlink.api.services import bilingual_search
from planlink.api.errors import ApiError
from planlink.api.store import BASE, PREFIXES, get_store
from planlink.api.views import page_language, page_tables
from planlink.api.views.i18n import KINDS, LANGUAGES

bp = Blueprint("pages", __name__)

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "queries" / "examples"
DOWNLOADS = ("csv", "json")


def load_examples() -> list[dict]:
    """The worked example queries: api/queries/examples/*.rq, each opening with `# zh:` and `# en:` lines."""
    examples = []
    for path in sorted(EXAMPLES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        titles = {}
        for line in text.splitlines():
            if not line.startswith("# "):
                break
            key, _, title = line[2:].partition(":")
            titles[key.strip()] = title.strip()
        examples.append({"id": path.stem, "zh": titles.get("zh", path.stem), "en": titles.get("en", path.stem),
                         "query": text})
    return examples


EXAMPLES = load_examples()


# ---------------------------------------------------------------- language

bp.app_context_processor(page_language.page_context)


@bp.after_app_request
def remember_language(response):
    if response.mimetype == "text/html":
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
        if request.args.get("lang") in LANGUAGES:
            response.set_cookie("lang", request.args["lang"], max_age=365 * 86400, samesite="Lax")
    return response


# ---------------------------------------------------------------- the SPARQL workbench

def workbench_html(query: str | None, endpoint: str) -> str:
    """The workbench page; with a query (a share link), it runs it on opening."""
    return render_template("sparql.html", endpoint=endpoint, query=query, examples=EXAMPLES, prefixes=PREFIXES,
                           vocabulary=services.vocabulary(get_store()), base=BASE)


# ---------------------------------------------------------------- comparisons

def _format() -> str | None:
    fmt = request.args.get("format")
    if fmt is not None and fmt not in DOWNLOADS:
        raise ApiError(400, f"format must be one of {', '.join(DOWNLOADS)}")
    return fmt


def _measures(store) -> dict[str, dict]:
    measures: dict[str, dict] = {}
    for item in services.indicators(store):
        if item["measure"]:
            measures.setdefault(item["measure"]["id"], item["measure"])
    return measures


@bp.get("/compare/")
def compare_all():
    store = get_store()
    plan = request.args.get("plan")
    services.check_plan(store, plan)
    rows = [r for r in page_tables.comparison_rows(store) if plan is None or r["plan"] == plan]
    return _comparison_page(rows, None, f"comparisons-{plan}" if plan else "comparisons")


@bp.get("/compare/<measure_id>")
def compare_measure(measure_id):
    store = get_store()
    measure = _measures(store).get(measure_id)
    if measure is None:
        raise services.NotFound(f"no measure with id {measure_id!r} has indicator targets")
    rows = page_tables.comparison_rows(store, measure["iri"])
    return _comparison_page(rows, measure, f"comparison-{measure_id}")


def _comparison_page(rows, measure, name):
    fmt = _format()
    if fmt:
        return page_tables.download(page_language.localised(page_tables.flat(rows)), fmt, name)
    store = get_store()
    by_measure: dict[str, list] = {}
    for row in rows:
        by_measure.setdefault(row["measure"], []).append(row)
    shared = [m for m, found in by_measure.items() if len({r["plan"] for r in found}) > 1 or
              any(r["national"] and r["national"][0]["kind"] == "figure" for r in found)]
    return render_template("compare.html", measure=measure, groups=by_measure, shared=shared,
                           points=page_language.localised(page_tables.chart_points(rows)),
                           plan_names={p["id"]: page_language.plan_name(p["id"]) for p in services.plans(store)},
                           measures=_measures(store),
                           series={m["id"]: m["series"] for m in services.measures(store)})


# ---------------------------------------------------------------- the matrix

@bp.get("/matrix")
def matrix():
    store = get_store()
    data = page_tables.matrix(store)
    fmt = _format()
    if fmt:
        return page_tables.download(page_tables.matrix_records(data), fmt, "matrix")
    return render_template("matrix.html", data=data)


# ---------------------------------------------------------------- source texts

@bp.get("/source/<plan_id>")
def source_text(plan_id):
    store = get_store()
    document = services.source_document(store, plan_id)
    spans = services.source_spans(store, document["iri"])
    fmt = _format()
    if fmt:
        return page_tables.download(spans, fmt, f"source-{plan_id}")
    highlight = None
    try:
        start, end = request.args.get("start"), request.args.get("end")
        if start is not None and end is not None:
            highlight = (int(start), int(end))
            if not 0 <= highlight[0] < highlight[1]:
                raise ValueError
    except ValueError:
        raise ApiError(400, "start and end are character offsets: whole numbers with start < end") from None
    # the texts the build kept inside the store (a build from any --sources folder), else the shipped ones;
    # read_source takes a file only if its SHA-256 is the one the graph records
    store = current_app.config.get("PLANLINK_STORE")
    directories = [current_app.config.get("PLANLINK_SOURCES"), store and Path(store) / "sources", page_tables.SOURCES]
    text = next((t for d in directories if d and (t := page_tables.read_source(Path(d), document)) is not None), None)
    from planlink.api.views.linked_data import href

    body = page_tables.marked_text(text, spans, highlight, href) if text is not None else None
    counts: dict[str, int] = {}
    for span in spans:
        counts[span["kind"]] = counts.get(span["kind"], 0) + 1
    return render_template("source.html", document=document, body=body, spans=spans, counts=counts, kinds=KINDS,
                           highlight=highlight, quoted_text=text[highlight[0]:highlight[1]] if text and highlight else None)


# ---------------------------------------------------------------- search

@bp.get("/search")
def search():
    q = (request.args.get("q") or "").strip()
    if len(q) > 200:
        raise ApiError(400, "q is at most 200 characters")
    store = get_store()
    found = bilingual_search.search(store, q) if q else {"hits": [], "translations": [], "words": None}
    fmt = _format()
    if fmt:
        return page_tables.download(found["hits"], fmt, "search")
    return render_template("search.html", q=q, groups=page_tables.search_groups(found["hits"]),
                           total=len(found["hits"]), found=found, kinds=KINDS)
