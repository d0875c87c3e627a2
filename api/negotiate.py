"""Content negotiation: one small pure function."""

from __future__ import annotations

from functools import lru_cache

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
