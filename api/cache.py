"""An in-process HTTP cache in front of the app.

The store is read-only between builds, so a GET answer is fully determined by
(build id, host, path, query string, Accept, Accept-Language, Cookie). Responses the app marks cacheable
(GET, 200, not streamed; see `api.__init__`) are kept from the second time they are asked
for (a one-off query, as most distinct SPARQL texts are, is not worth the copy and would push
out answers that are asked again), least recently used first out, up to a byte budget; a hit
is answered here without entering Flask. A new build has a
new build id, so old entries are simply never asked for again. A remote store has no
build id, so nothing is cached for it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from api.store import get_store

CACHEABLE = "planlink.cacheable"
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
        # pages are in the reader's language (Accept-Language, or the `lang` cookie of the switch)
        return (build_id, environ.get("HTTP_HOST"), environ.get("PATH_INFO"),
                environ.get("QUERY_STRING"), environ.get("HTTP_ACCEPT"),
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
            status, headers, body, etag = hit
            if etag and etag in environ.get("HTTP_IF_NONE_MATCH", ""):
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
        if not environ.get(CACHEABLE) or not self._asked_before(key):
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
