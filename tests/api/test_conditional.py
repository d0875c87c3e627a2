"""Conditional GETs (api/conditional.py): validators on every answer, and 304 from the app and from the
response cache in front of it alike."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from werkzeug.http import http_date

from planlink.api import conditional
from planlink.api.middleware import ResponseCache, mark_cacheable

MODIFIED = "Tue, 01 Jul 2025 08:00:00 GMT"


class FakeStore:
    build_id = "build-1"


def kept_answers(monkeypatch):
    """A response cache over an app whose one answer has an ETag and a Last-Modified."""
    def app(environ, start_response):
        mark_cacheable(environ)
        start_response("200 OK", [("Content-Type", "application/json"), ("ETag", '"v1"'),
                                  ("Last-Modified", MODIFIED), ("Content-Length", "2")])
        return [b"{}"]
    monkeypatch.setattr("planlink.api.middleware.get_store", lambda flask_app: FakeStore())
    cache = ResponseCache(app, None, 1 << 20)
    for _ in range(2):  # kept from its second asking
        ask(cache)
    return cache


def ask(cache, **headers) -> str:
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/api/v1/plans", "QUERY_STRING": "", "HTTP_HOST": "h", **headers}
    seen = {}
    b"".join(cache(environ, lambda status, headers, exc_info=None: seen.update(status=status)))
    return seen["status"]


def test_a_kept_answer_honours_if_modified_since(monkeypatch):
    cache = kept_answers(monkeypatch)
    assert ask(cache, HTTP_IF_MODIFIED_SINCE=MODIFIED) == "304 NOT MODIFIED"
    assert ask(cache, HTTP_IF_MODIFIED_SINCE="Mon, 30 Jun 2025 08:00:00 GMT") == "200 OK"


def test_a_kept_answer_honours_if_none_match_star_and_lists(monkeypatch):
    cache = kept_answers(monkeypatch)
    assert ask(cache, HTTP_IF_NONE_MATCH="*") == "304 NOT MODIFIED"
    assert ask(cache, HTTP_IF_NONE_MATCH='"v0", W/"v1"') == "304 NOT MODIFIED"
    assert ask(cache, HTTP_IF_NONE_MATCH='"v0"') == "200 OK"


def test_if_none_match_takes_precedence_over_if_modified_since(monkeypatch):
    cache = kept_answers(monkeypatch)  # RFC 9110 13.2.2: a stale tag is not rescued by a recent date
    assert ask(cache, HTTP_IF_NONE_MATCH='"v0"', HTTP_IF_MODIFIED_SINCE=MODIFIED) == "200 OK"


def test_an_answer_without_releases_is_dated_by_its_build_on_disk(client, mini_store):
    from planlink.api import publication
    from planlink.api.store import LocalStore

    response = client.get("/api/v1/plans")
    store = LocalStore(mini_store)
    try:
        built = datetime.fromisoformat(publication.modified(store))
    finally:
        store.close()
    assert response.headers["Last-Modified"] == http_date(max(built, conditional.code_time()))


def test_no_answer_is_dated_before_the_code_that_made_it(client, monkeypatch):
    upgraded = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=1)
    monkeypatch.setattr(conditional, "_code_time", [upgraded])
    monkeypatch.setattr(conditional, "_recent", {})  # what it worked out in the last second
    response = client.get("/api/v1/regions")
    assert response.headers["Last-Modified"] == http_date(upgraded)


@pytest.mark.parametrize("path", ["/api/v1/plans", "/api/v1/plans?format=csv", "/api/v1/indicators/jiangsu-i7"])
def test_the_app_answers_304_to_either_validator(client, path):
    first = client.get(path)
    assert first.status_code == 200
    for header, value in (("If-None-Match", first.headers["ETag"]),
                          ("If-Modified-Since", first.headers["Last-Modified"])):
        again = client.get(path, headers={header: value})
        assert again.status_code == 304 and again.data == b"", (path, header)


def test_a_cross_origin_client_may_send_if_modified_since(client):
    response = client.options("/api/v1/plans")
    assert "If-Modified-Since" in response.headers["Access-Control-Allow-Headers"]
