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


def override_url(url: str, media_type: str) -> str:
    """`url` asking for `media_type` by the `_mediatype` override, percent-encoded (a bare `+` in a
    query string reads as a space, so `application/ld+json` unencoded would answer 406)."""
    return f"{url}?_mediatype={quote(media_type, safe='')}"
