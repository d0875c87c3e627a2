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


def override_url(url: str, media_type: str) -> str:
    """`url` asking for `media_type` by the `_mediatype` override, percent-encoded (a bare `+` in a
    query string reads as a space, so `application/ld+json` unencoded would answer 406)."""
    return f"{url}?_mediatype={quote(media_type, safe='')}"


def alternates_link(url: str, offered: list[str], chosen: str) -> str:
    """`Link` header: the same resource in each other media type."""
    return ", ".join(f'<{override_url(url, media_type)}>; rel="alternate"; type="{media_type}"'
                     for media_type in offered if media_type != chosen)


def negotiated_response(offered: list[str], renderers: dict, canonical: str | None = None,
                        name: str = "this resource"):
    """The Flask response for a resource offered in several media types: the type chosen by
    Accept (or `?_mediatype=`) rendered by `renderers[type](type)` (str or bytes), `Vary: Accept`,
    `Link` to the alternates (and to the canonical IRI); a 406 ApiError when nothing fits.
    Several types may share one renderer (every RDF syntax: one graph, serialised)."""
    from flask import Response, request

    from api.errors import ApiError

    chosen = choose(request.headers.get("Accept"), offered, request.args.get("_mediatype"))
    if chosen is None:
        raise ApiError(406, f"{name} is offered as " + ", ".join(offered))
    response = Response(renderers[chosen](chosen), mimetype=chosen)
    response.vary.add("Accept")
    link = alternates_link(request.base_url, offered, chosen)
    if canonical:
        link += f', <{canonical}>; rel="canonical"'
    response.headers["Link"] = link
    return response
