"""The response cache in front of the app (api/middleware.py), with a counting WSGI app behind it."""

from planlink.api.middleware import ResponseCache, mark_cacheable


class FakeStore:
    build_id = "build-1"


class CountingApp:
    def __init__(self):
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        if environ["PATH_INFO"] != "/private":
            mark_cacheable(environ)
        body = f"answer {self.calls} to {environ['QUERY_STRING']}".encode()
        start_response("200 OK", [("Content-Type", "text/plain"), ("ETag", f'"{self.calls}"'),
                                  ("Content-Length", str(len(body)))])
        return [body]


def cache_over(app, monkeypatch, budget=1 << 20):
    monkeypatch.setattr("planlink.api.middleware.get_store", lambda flask_app: FakeStore())
    return ResponseCache(app, None, budget)


def get(cache, path="/sparql", query="q=1", **headers):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "HTTP_HOST": "h",
               "HTTP_ACCEPT": "text/plain", **headers}
    seen = {}
    body = b"".join(cache(environ, lambda status, headers, exc_info=None: seen.update(status=status)))
    return seen["status"], body


def test_an_answer_is_kept_from_its_second_asking_and_then_served_without_the_app(monkeypatch):
    app = CountingApp()
    cache = cache_over(app, monkeypatch)
    assert get(cache) == ("200 OK", b"answer 1 to q=1")  # a one-off so far: not kept
    assert get(cache) == ("200 OK", b"answer 2 to q=1")  # asked again: kept
    assert get(cache) == ("200 OK", b"answer 2 to q=1") and app.calls == 2
    assert get(cache, HTTP_IF_NONE_MATCH='"2"') == ("304 NOT MODIFIED", b"")
    assert get(cache, query="q=2") == ("200 OK", b"answer 3 to q=2") and app.calls == 3


def test_distinct_questions_leave_the_cache_empty(monkeypatch):
    cache = cache_over(CountingApp(), monkeypatch)
    for n in range(50):
        get(cache, query=f"q={n}")
    assert cache._size == 0


def test_what_the_app_does_not_mark_cacheable_is_never_kept(monkeypatch):
    app = CountingApp()
    cache = cache_over(app, monkeypatch)
    for _ in range(3):
        get(cache, path="/private")
    assert app.calls == 3


def test_a_new_build_is_never_answered_from_the_old_one(monkeypatch):
    app = CountingApp()
    cache = cache_over(app, monkeypatch)
    get(cache), get(cache)
    FakeStore.build_id = "build-2"
    try:
        assert get(cache) == ("200 OK", b"answer 3 to q=1")
    finally:
        FakeStore.build_id = "build-1"
