"""Content negotiation: one small pure function."""

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
        from planlink.api.errors import ApiError, handle

        return handle(ApiError(406, f"{request.path} is not offered as CSV (format=csv); it answers "
                                    f"{response.mimetype}. Its forms: {request.path}?_profile=alt, or see "
                                    "/api/v1 for the collections as CSV"))


def override_url(url: str, media_type: str) -> str:
    """`url` asking for `media_type` by the `_mediatype` override, percent-encoded (a bare `+` in a
    query string reads as a space, so `application/ld+json` unencoded would answer 406)."""
    return f"{url}?_mediatype={quote(media_type, safe='')}"


def negotiated_response(offered: list[str], renderers: dict, canonical: str | None = None,
                        name: str = "this resource", profile=None):
    """The Flask response for a resource offered in several media types: the type chosen by
    Accept (or `?_mediatype=`) rendered by `renderers[type](type)` (str or bytes), `Vary: Accept`,
    `Link` to the alternates (and to the canonical IRI); a 406 ApiError when nothing fits.
    Several types may share one renderer (every RDF syntax: one graph, serialised).

    By profile too (api/profiles.py): the resource in its own `profile` (planlink's model by
    default) or, by `?_profile=alt` or Accept-Profile, the list of its profiles and media types;
    `Content-Profile` says which, `Vary: Accept-Profile`."""
    from flask import Response, request

    from planlink.api import profiles
    from planlink.api.errors import ApiError

    own = profile or profiles.PLANLINK
    try:
        chosen_profile = profiles.choose_profile(own, request.args.get("_profile"),
                                                 request.headers.get("Accept-Profile"))
    except profiles.UnknownProfile as e:
        raise ApiError(406, f"{name} has no profile {str(e)!r}; its profiles are "
                            f"{own.token} <{own.uri}> and alt <{profiles.ALT.uri}>") from None
    media_types, render = offered, renderers
    if chosen_profile == profiles.ALT:
        media_types = profiles.ALT_MEDIA_TYPES
        render = profiles.alternates_renderers(request.base_url, own, offered)
    chosen = choose(request.headers.get("Accept"), media_types, request.args.get("_mediatype"))
    if chosen is None:
        raise ApiError(406, f"{name} is offered as " + ", ".join(media_types))
    response = Response(render[chosen](chosen), mimetype=chosen)
    response.vary.add("Accept")
    response.vary.add("Accept-Profile")
    response.headers["Content-Profile"] = f"<{chosen_profile.uri}>"
    link = profiles.link_header(request.base_url, own, offered, chosen_profile, chosen)
    if canonical:
        link += f', <{canonical}>; rel="canonical"'
    response.headers["Link"] = link
    return response
