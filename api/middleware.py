"""What wraps the app: the standard headers of every answer, the response cache in front of
Flask, and /sparql's fast path past Flask. `init_app(app)` installs all three.

The response cache: the store is read-only between builds, so a GET answer is fully determined by
(build id, host, path, query string, Accept, Accept-Profile). Responses marked cacheable (GET, 200, not
streamed; `mark_cacheable`) are kept from the second time they are asked for (a one-off query, as
most distinct SPARQL texts are, is not worth the copy and would push out answers that are asked
again), least recently used first out, up to a byte budget; a hit is answered here without
entering Flask. A new build has a new build id, so old entries are simply never asked for again.
A remote store has no build id, so nothing is cached for it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from flask import request
from werkzeug.utils import get_content_type
from werkzeug.wrappers import Request

from planlink.api import conditional
from planlink.api.errors import ApiError
from planlink.api.store import get_store
from planlink.api.views.error_pages import handle
from planlink.api.views.sparql import NO_QUERY, read_query, run_query, wants_workbench

# On every answer, the app's and the fast path's alike.
CORS_HEADERS = [("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Expose-Headers", "Link, ETag, X-Total-Count, Content-Profile")]
_CACHEABLE = "planlink.cacheable"
SEEN_MAX = 100_000  # keys remembered as asked once, before that memory starts afresh


def mark_cacheable(environ) -> None:
    """This request's answer may be kept by the response cache."""
    environ[_CACHEABLE] = True


def cache_control(max_age: int) -> str:
    """The Cache-Control of a successful GET: anyone may keep it for `max_age` seconds."""
    return f"public, max-age={max_age}"


def init_app(app) -> None:
    @app.after_request
    def http_headers(response):
        for name, value in CORS_HEADERS:
            response.headers[name] = value
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = ("Accept, Accept-Profile, Content-Type, If-None-Match, "
                                                                "If-Modified-Since")
            response.headers["Access-Control-Max-Age"] = "86400"
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.is_streamed \
                and not response.direct_passthrough:
            response.headers.setdefault("Cache-Control", cache_control(app.config["PLANLINK_MAX_AGE"]))
            conditional.finish(response, request, app)  # ETag, Last-Modified; 304 when the client has it
            if response.status_code == 200:
                mark_cacheable(request.environ)
        return response

    app.wsgi_app = ResponseCache(FastPath(app.wsgi_app, app), app, app.config["PLANLINK_CACHE_BYTES"])


SEEN_MAX = 100_000  # keys remembered as asked once, before that memory starts afresh


class ResponseCache:
    def __init__(self, wsgi_app, flask_app, max_bytes: int):
        self.wsgi_app, self.flask_app, self.max_bytes = wsgi_app, flask_app, max_bytes
        self._entries: OrderedDict = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._seen: set[int] = set()  # hashes of the keys asked once so far

    def _key(self, environ):
        if environ["REQUEST_METHOD"] != "GET" or self.max_bytes <= 0:
            return None
        try:
            build_id = get_store(self.flask_app).build_id
        except Exception:  # noqa: BLE001 — no store: let the app answer with its error
            return None
        if build_id is None:
            return None
        return (build_id, environ.get("HTTP_HOST"), environ.get("PATH_INFO"),
                environ.get("QUERY_STRING"), environ.get("HTTP_ACCEPT"), environ.get("HTTP_ACCEPT_PROFILE"),
                # pages are in the reader's language (Accept-Language, or the `lang` cookie of the switch)
                environ.get("HTTP_ACCEPT_LANGUAGE"), environ.get("HTTP_COOKIE"))

    def __call__(self, environ, start_response):
        key = self._key(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
        if hit is not None:
            status, headers, body, _ = hit
            if conditional.not_modified(environ, headers):
                start_response("304 NOT MODIFIED", [(k, v) for k, v in headers if k != "Content-Length"
                                                    and k != "Content-Type"])
                return []
            start_response(status, headers)
            return [body]

        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        result = self.wsgi_app(environ, capture)
        if not environ.get(_CACHEABLE) or not self._asked_before(key):
            return result
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        self._keep(key, captured["status"], captured["headers"], body)
        return [body]

    def _asked_before(self, key) -> bool:
        seen = hash(key)
        with self._lock:
            if seen in self._seen:
                return True
            if len(self._seen) >= SEEN_MAX:
                self._seen.clear()
            self._seen.add(seen)
        return False

    def _keep(self, key, status, headers, body):
        if len(body) > self.max_bytes // 8:
            return
        etag = next((v for k, v in headers if k.lower() == "etag"), None)
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = (status, list(headers), body, etag)
            self._size += len(body)
            while self._size > self.max_bytes and self._entries:
                _, (_, _, old, _) = self._entries.popitem(last=False)
                self._size -= len(old)


class FastPath:
    """GET and POST /sparql with a query, answered in plain WSGI in front of Flask.

    The same `read_query` and `run_query` as the view, and the same headers as the app's
    `http_headers` hook (Vary: Accept, CORS, Cache-Control and ETag on a GET 200), but
    without Flask's contexts, routing, hooks and Response objects, which cost more than a
    light query. Errors still go through `api.views.error_pages.handle`. Everything else goes on to
    Flask: other paths and methods, the service description, conditional GETs.
    """

    _CONDITIONAL = frozenset(("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_RANGE"))

    def __init__(self, wsgi_app, flask_app):
        self.wsgi_app, self.flask_app = wsgi_app, flask_app

    def __call__(self, environ, start_response):
        method = environ["REQUEST_METHOD"]
        if environ.get("PATH_INFO") != "/sparql" or method not in ("GET", "POST") \
                or (method == "GET" and not self._CONDITIONAL.isdisjoint(environ)):
            return self.wsgi_app(environ, start_response)
        request = Request(environ)
        request.max_content_length = self.flask_app.config["MAX_CONTENT_LENGTH"]  # as Flask's request
        try:
            text = read_query(request)
            if text is None or (method == "GET" and wants_workbench(request)):
                if method == "GET":  # the service description; a share link opened in a browser
                    return self.wsgi_app(environ, start_response)
                raise ApiError(400, NO_QUERY)
            # under gunicorn, the client's socket: a query past its limit is answered on it
            body, media_type = run_query(request, text, get_store(self.flask_app))
        except Exception as error:  # noqa: BLE001 — every error becomes the one JSON shape
            with self.flask_app.app_context():
                response = handle(error)
            response.headers.extend(CORS_HEADERS)
            return response(environ, start_response)
        headers = [("Content-Type", get_content_type(media_type, "utf-8")), ("Content-Length", str(len(body))),
                   ("Vary", "Accept"), *CORS_HEADERS]
        if method == "GET":
            headers.append(("Cache-Control", cache_control(self.flask_app.config["PLANLINK_MAX_AGE"])))
            headers.append(("ETag", f'"{hashlib.sha1(body).hexdigest()}"'))  # werkzeug's add_etag: the same
            headers.extend(conditional.last_modified_header(self.flask_app))
            mark_cacheable(environ)
        start_response("200 OK", headers)
        return [body]
