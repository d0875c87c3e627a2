"""Conditional GETs: a successful GET says what it is (ETag: a hash of its body, so a build that
changes nothing in it keeps it) and when its data last changed (Last-Modified: the date of the
release served, api/services/releases.py), and a client that has it already (If-None-Match,
If-Modified-Since) gets 304 with no body: from the app (`finish`) and from the response cache
(`not_modified`), which answers without entering Flask.

Last-Modified is never older than the code serving it (its newest source file): an upgrade can
change an answer with the same data, and a client asking If-Modified-Since must then get it again.
Without releases (a store built before them, a remote engine without `--releases`), the date is the
build's on disk, or none.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from werkzeug.http import http_date, is_resource_modified

from planlink.api import publication
from planlink.api.services import releases
from planlink.api.store import get_store

SOURCES = (".py", ".rq", ".html", ".css", ".js", ".ttl")
RECHECK = 1.0  # s: how long a Last-Modified is reused (api/store/local.py looks for a new build as often)
_code_time: list[datetime] = []
_recent: dict[int, tuple] = {}  # id(app) → (until when, (Last-Modified, its header text))
_code_time_lock = threading.Lock()


def code_time() -> datetime:
    """When the code serving the data last changed: its newest source file (looked at once)."""
    with _code_time_lock:
        if not _code_time:
            package = Path(__file__).resolve().parent
            newest = max((f.stat().st_mtime for f in package.rglob("*") if f.suffix in SOURCES), default=0.0)
            _code_time.append(datetime.fromtimestamp(int(newest), timezone.utc))
        return _code_time[0]


def last_modified(app) -> datetime | None:
    """When what the app answers last changed: the release served (or the build on disk), or the
    code serving it if that is newer; None when neither is known."""
    return _recently(app)[0]


def _recently(app) -> tuple[datetime | None, str | None]:
    """(Last-Modified, as the header writes it), worked out once a second at most (as the store looks
    for a new build), so an answer costs a clock read."""
    now = time.monotonic()
    held = _recent.get(id(app))
    if held is not None and now < held[0]:
        return held[1]
    when = _last_modified(app)
    found = (when, http_date(when) if when is not None else None)
    _recent[id(app)] = (now + RECHECK, found)
    return found


def _last_modified(app) -> datetime | None:
    try:
        store = get_store(app)
        when = releases.last_modified(store, releases.directory_of(app.config))
    except Exception:  # noqa: BLE001 — no store, or an engine that fails: the answer says so itself
        return None
    if when is None:
        built = publication.modified(store)
        when = datetime.fromisoformat(built) if built else None
    return max(when, code_time()) if when is not None else None


def finish(response, request, app) -> None:
    """Validators on a successful GET (ETag, Last-Modified, unless the view set its own), and 304
    when the client's If-None-Match or If-Modified-Since says it has this answer already."""
    response.add_etag()
    if "Last-Modified" not in response.headers:
        text = _recently(app)[1]
        if text is not None:
            response.headers["Last-Modified"] = text
    environ = request.environ  # once: `request` is a proxy, each look through it costs
    if "HTTP_IF_NONE_MATCH" in environ or "HTTP_IF_MODIFIED_SINCE" in environ or "HTTP_RANGE" in environ:
        response.make_conditional(request)


def not_modified(environ, headers) -> bool:
    """Whether the client already has the kept answer with these headers (If-None-Match takes
    precedence over If-Modified-Since, as RFC 9110 says)."""
    if "HTTP_IF_NONE_MATCH" not in environ and "HTTP_IF_MODIFIED_SINCE" not in environ:
        return False
    found = {name.lower(): value for name, value in headers if name.lower() in ("etag", "last-modified")}
    return not is_resource_modified(environ, etag=found.get("etag"), last_modified=found.get("last-modified"))


def last_modified_header(app) -> list[tuple[str, str]]:
    """[("Last-Modified", date)] for an answer written outside Flask (/sparql's fast path), or []."""
    text = _recently(app)[1]
    return [("Last-Modified", text)] if text is not None else []
