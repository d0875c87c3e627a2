"""Content negotiation: one small pure function (by profile too: api/profiles.py, above this)."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


def choose(accept: str | None, offered: list[str], override: str | None = None) -> str | None:
    """The offered media type that best fits an Accept header, or None (answer 406).

    `override` (the `_mediatype` query parameter) wins when it is offered. A missing or
    empty Accept header, or `*/*`, gets the first offered type.
    """
    return _choose(accept, tuple(offered), override)


@lru_cache(maxsize=1024)  # pure, and clients repeat the same few Accept headers
def _choose(accept: str | None, offered: tuple[str, ...], override: str | None) -> str | None:
    if override:
        return override if override in offered else None
    if not accept or not accept.strip():
        return offered[0]
    return parse_accept_header(accept, MIMEAccept).best_match(offered)


# `?format=` as SPARQL servers and clients spell it (Fuseki, SPARQLWrapper): the media type it names.
FORMATS = {"csv": "text/csv", "tsv": "text/tab-separated-values", "json": "application/json",
           "xml": "application/xml", "turtle": "text/turtle", "ttl": "text/turtle", "json-ld": "application/ld+json",
           "jsonld": "application/ld+json", "rdf+xml": "application/rdf+xml", "nt": "application/n-triples"}
CSV_TYPES = ("text/csv", "application/vnd.sdmx.data+csv")


def format_override(value: str | None, offered: list[str]) -> str | None:
    """The media type `?format=` names when it is offered; `text/csv` for `csv` whether offered or
    not (CSV asked for is CSV or a 406, never another form); None for any other value (Accept
    decides, as before: SPARQLWrapper sends values such as `n3` that name no type offered)."""
    wanted = FORMATS.get((value or "").lower())
    return wanted if wanted == "text/csv" or wanted in offered else None


def init_app(app) -> None:
    """The one promise about `?format=csv` for every path: CSV or 406. Views that take `format`
    answer it themselves; this catches every other answer (an entity page, the API index, a dump)."""
    from flask import request

    @app.after_request
    def csv_or_406(response):
        if request.args.get("format") != "csv" or response.status_code >= 300 \
                or response.mimetype in CSV_TYPES:
            return response
        from planlink.api.errors import ApiError
        from planlink.api.views.error_pages import handle

        return handle(ApiError(406, f"{request.path} is not offered as CSV (format=csv); it answers "
                                    f"{response.mimetype}. Its forms: {request.path}?_profile=alt, or see "
                                    "/api/v1 for the collections as CSV"))


def override_url(url: str, media_type: str) -> str:
    """`url` asking for `media_type` by the `_mediatype` override, percent-encoded (a bare `+` in a
    query string reads as a space, so `application/ld+json` unencoded would answer 406)."""
    return f"{url}?_mediatype={quote(media_type, safe='')}"
