"""SDMX media types and the choice among them (SDMX 2.1 REST, section on content negotiation).

A pure function, like `api.negotiate.choose`, but with SDMX's rule for the `version` parameter:
a type asked for without `version` gets the version this service offers first (the SDMX 2.1 one:
SDMX-ML 2.1, SDMX-CSV 1.0.0); with `version`, only that one ("2.1" and "2.1.0" are the same
version). Plain XML/JSON/CSV types are accepted too.
"""

from __future__ import annotations

from functools import lru_cache

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header, parse_options_header

SDMX = "application/vnd.sdmx."
# (media type answered, the format's name in this package); the first is the default.
STRUCTURE = [
    (SDMX + "structure+xml;version=2.1", "structure-xml"),
    (SDMX + "structure+json;version=2.0.0", "structure-json"),
    ("application/xml", "structure-xml"),
    ("text/xml", "structure-xml"),
    ("application/json", "structure-json"),
]
DATA = [
    (SDMX + "structurespecificdata+xml;version=2.1", "structurespecific-xml"),
    (SDMX + "genericdata+xml;version=2.1", "generic-xml"),
    (SDMX + "data+json;version=1.0.0", "data-json"),
    (SDMX + "data+csv;version=1.0.0", "csv-1"),
    (SDMX + "data+csv;version=2.0.0", "csv-2"),
    ("application/xml", "structurespecific-xml"),
    ("text/xml", "structurespecific-xml"),
    ("application/json", "data-json"),
    ("text/csv", "csv-1"),
]
# `?format=` as many SDMX services take it (a browser cannot set Accept)
FORMAT_PARAMETER = {"structure": "structure-xml", "sdmx-json": "structure-json",
                    "structurespecificdata": "structurespecific-xml", "genericdata": "generic-xml",
                    "jsondata": "data-json", "csv": "csv-1", "csvfile": "csv-1"}


def _version(text: str | None) -> tuple:
    parts = (text or "").split(".")
    while len(parts) > 1 and parts[-1] == "0":
        parts.pop()
    return tuple(parts)


def _split(media_type: str) -> tuple[str, str | None]:
    value, options = parse_options_header(media_type)
    return value.lower(), options.get("version")


def choose(accept: str | None, offered: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The (media type, format) of `offered` that best fits `accept`, or None (answer 406)."""
    return _choose(accept, tuple(offered))


@lru_cache(maxsize=256)
def _choose(accept: str | None, offered: tuple[tuple[str, str], ...]) -> tuple[str, str] | None:
    if not accept or not accept.strip():
        return offered[0]
    for asked, quality in parse_accept_header(accept, MIMEAccept):
        if quality <= 0:
            continue
        asked_type, asked_version = _split(asked)
        for media_type, name in offered:
            offered_type, offered_version = _split(media_type)
            if asked_type in ("*/*", offered_type) or (asked_type.endswith("/*")
                                                       and offered_type.startswith(asked_type[:-1])):
                if asked_version is None or _version(asked_version) == _version(offered_version):
                    return media_type, name
    return None


def by_name(name: str, offered: list[tuple[str, str]]) -> tuple[str, str]:
    return next(pair for pair in offered if pair[1] == name)
