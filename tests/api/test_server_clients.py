"""`planlink serve` and its clients: slow and stalled ones, chunked bodies, fair use (issue 9)."""

import http.client
import json
import socket
import time

import pytest
import requests

from tests.api.conftest import planlink_server

RUNAWAY_COUNT = "SELECT (COUNT(*) AS ?n) {?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l}"
QUERY = ("PREFIX pl: <https://planlink.example/def/> PREFIX dcterms: <http://purl.org/dc/terms/> "
         "SELECT ?t WHERE { ?p a pl:Plan ; dcterms:identifier ?t } ORDER BY ?t")


@pytest.fixture(scope="module")
def server(mini_store, tmp_path_factory):
    server = planlink_server(tmp_path_factory.mktemp("clients"), "--store", str(mini_store), "--workers", "2",
                             "--request-timeout", "2")
    yield server
    server.stop()


def connect(server, source: str = "127.0.0.1") -> socket.socket:
    host, port = server.url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10, source_address=(source, 0))
    return sock


def read_all(sock: socket.socket) -> bytes:
    answer = b""
    try:
        while chunk := sock.recv(65536):
            answer += chunk
    except (ConnectionResetError, TimeoutError):
        pass
    return answer


def status_and_json(answer: bytes) -> tuple[int, dict]:
    head, _, body = answer.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


def test_a_request_sent_half_is_answered_408_in_json_after_the_request_timeout(server):
    with connect(server) as sock:
        started = time.monotonic()
        sock.sendall(b"GET /api/v1/plans HTTP/1.1\r\nHost: x\r\n")
        answer = read_all(sock)
        elapsed = time.monotonic() - started
    status, body = status_and_json(answer)
    assert status == 408 and body["code"] == 408 and "2 s" in body["message"]
    assert 2 <= elapsed < 4


def test_a_stalled_chunked_body_is_answered_408(server):
    with connect(server) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n6\r\nASK {}\r\n")
        assert status_and_json(read_all(sock))[0] == 408


def test_stalled_clients_on_more_connections_than_threads_leave_everyone_else_served(server):
    """Sixteen connections that send half a request (2 workers × 4 threads) and four stalled
    chunked bodies: the requests sent meanwhile are answered at once."""
    stalled = []
    try:
        for n in range(16):
            stalled.append(connect(server))
            stalled[-1].sendall(b"GET /api/v1/plans HTTP/1.1\r\nHost: x\r\nX-Stalled: %d\r\n" % n)
        for _ in range(4):
            stalled.append(connect(server))
            stalled[-1].sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                                b"Transfer-Encoding: chunked\r\n\r\n3\r\nASK\r\n")
        time.sleep(0.2)
        for _ in range(10):
            started = time.monotonic()
            response = requests.get(server.url + "/api/v1/plans", timeout=5)
            assert response.status_code == 200 and response.json()["total"] == 2
            assert time.monotonic() - started < 1
    finally:
        for sock in stalled:
            sock.close()


def chunked_post(server, chunks, headers=None):
    return requests.post(server.url + "/sparql", data=iter(chunks), timeout=10,
                         headers={"Content-Type": "application/sparql-query", "Accept": "text/csv", **(headers or {})})


def test_a_chunked_query_is_answered_whole_up_to_its_last_chunk(server):
    """A query past 1 MiB used to lose its tail (its LIMIT) silently; under the limit it is whole."""
    padding = b"# " + b"x" * 1000 + b"\n"
    response = chunked_post(server, [QUERY.encode() + b"\n"] + [padding] * 900 + [b"LIMIT 1\n"])
    assert response.status_code == 200 and response.text.split() == ["t", "jiangsu"]


def test_a_chunked_body_past_the_limit_is_refused_413_in_json(server):
    padding = b"# " + b"x" * 1000 + b"\n"
    response = chunked_post(server, [QUERY.encode() + b"\n"] + [padding] * 1100 + [b"LIMIT 1\n"])
    assert response.status_code == 413 and response.json()["code"] == 413


def test_a_body_of_declared_length_past_the_limit_is_refused_413_in_json(server):
    response = requests.post(server.url + "/sparql", data=b"#" * (1024 * 1024 + 1), timeout=10,
                             headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413 and response.json()["code"] == 413


def test_a_malformed_chunk_size_is_answered_400_in_json(server):
    with connect(server) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\nzz\r\nASK {}\r\n0\r\n\r\n")
        status, body = status_and_json(read_all(sock))
    assert status == 400 and "chunk" in body["message"]


def test_expect_100_continue_is_answered_before_the_body(server):
    body = b"ASK {}"
    with connect(server) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Expect: 100-continue\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body))
        assert sock.recv(1024).startswith(b"HTTP/1.1 100 Continue\r\n\r\n")
        sock.sendall(body)
        answer = read_all(sock)
    assert answer.startswith(b"HTTP/1.1 200") and answer.endswith(b'"boolean":true}')


def test_pipelined_requests_are_each_answered(server):
    request = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n"
    with connect(server) as sock:
        sock.sendall(request * 2 + request.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n"))
        answer = read_all(sock)
    assert answer.count(b"HTTP/1.1 200 OK") == 3


def get_from(server, source: str, query: str) -> http.client.HTTPResponse:
    host, port = server.url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=15, source_address=(source, 0))
    conn.request("GET", "/sparql?" + requests.compat.urlencode({"query": query}),
                 headers={"Accept": "application/sparql-results+json"})
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


def test_a_client_past_its_query_time_gets_429_while_others_are_served(mini_store, tmp_path_factory):
    """Fair use: 2 s of query time a minute; runaways (stopped at 1 s) from 127.0.0.2 spend it,
    then it is told to wait; 127.0.0.1 is served meanwhile."""
    server = planlink_server(tmp_path_factory.mktemp("fair"), "--store", str(mini_store), "--workers", "2",
                             "--query-timeout", "1", "--query-budget", "2")
    try:
        statuses = []
        for n in range(6):
            response = get_from(server, "127.0.0.2", f"{RUNAWAY_COUNT} # {n}")
            statuses.append(response.status)
            if response.status == 429:
                break
        assert statuses[0] == 504 and statuses[-1] == 429, statuses
        assert int(response.getheader("Retry-After")) >= 1
        assert json.loads(response.body)["code"] == 429
        other = get_from(server, "127.0.0.1", "ASK {}")
        assert other.status == 200 and json.loads(other.body)["boolean"] is True
        assert get_from(server, "127.0.0.2", "ASK {}").status == 429  # still over, whichever worker answers
    finally:
        server.stop()


def _over_budget_and_served(proxies: int, spent: str) -> tuple[int, int]:
    """The statuses of two /sparql requests arriving from one proxy (10.0.0.1) for two clients
    (X-Forwarded-For 203.0.113.7 and .8), after `spent` has used all its query time."""
    from planlink.api import create_app

    app = create_app({"PLANLINK_STORE": None, "PLANLINK_SPARQL_ENDPOINT": "http://127.0.0.1:9/sparql",
                      "PLANLINK_QUERY_BUDGET": 20.0, "PLANLINK_PROXIES": proxies})
    app.extensions["planlink.fair_use"].charge(spent, 1000.0)
    client = app.test_client()
    return tuple(client.get("/sparql", query_string={"query": "ASK {}"}, environ_base={"REMOTE_ADDR": "10.0.0.1"},
                            headers={"X-Forwarded-For": address}).status_code
                 for address in ("203.0.113.7", "203.0.113.8"))


def test_behind_a_proxy_each_client_has_its_own_query_budget():
    """--proxies 1 (nginx in front): the client over its budget is told to wait, the other is not
    (its query goes on to the engine, here a closed port: 502/503, not 429)."""
    over, other = _over_budget_and_served(1, "203.0.113.7")
    assert over == 429 and other != 429


def test_without_proxies_a_forwarded_for_header_does_not_escape_the_budget():
    """With no proxy declared, X-Forwarded-For is anyone's to write: the budget is the address's."""
    assert _over_budget_and_served(0, "10.0.0.1") == (429, 429)


# ---------------------------------------------------------------- the budget follows the endpoint (issue 18)

@pytest.mark.parametrize("path", ["/sparql", "//sparql", "///sparql", "/%2Fsparql"])
def test_every_spelling_of_the_query_path_is_charged_to_the_budget(mini_store, path):
    """`//sparql` and `/%2Fsparql` route to the query endpoint as `/sparql` does; the budget used to
    compare the path's text with /sparql, and runaways sent so were never charged."""
    from planlink.api.fair_use import Budget
    from tests.api.conftest import make_app

    app = make_app(mini_store, PLANLINK_QUERY_BUDGET=20.0)
    budget: Budget = app.extensions["planlink.fair_use"]
    client = app.test_client()
    answer = client.get("/sparql", query_string={"query": "ASK {}"}, environ_base={"REMOTE_ADDR": "10.0.0.9"},
                        environ_overrides={"PATH_INFO": path.replace("%2F", "/")})
    assert answer.status_code == 200 and answer.get_json()["boolean"] is True
    budget.charge("10.0.0.9", 1000.0)
    over = client.get("/sparql", query_string={"query": "ASK {}"}, environ_base={"REMOTE_ADDR": "10.0.0.9"},
                      environ_overrides={"PATH_INFO": path.replace("%2F", "/")})
    assert over.status_code == 429 and over.headers["Retry-After"]


def test_other_endpoints_are_not_charged(mini_store):
    from tests.api.conftest import make_app

    app = make_app(mini_store, PLANLINK_QUERY_BUDGET=20.0)
    app.extensions["planlink.fair_use"].charge("10.0.0.9", 1000.0)
    client = app.test_client()
    for path in ("/api/v1/plans", "//api/v1/plans", "/sparql-not", "/openapi.json"):
        assert client.get(path, environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code != 429, path
    assert client.options("/sparql", environ_base={"REMOTE_ADDR": "10.0.0.9"}).status_code != 429


def raw_get(server, target: bytes, source: str = "127.0.0.1") -> int:
    with connect(server, source) as sock:
        sock.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                     b"Accept: application/sparql-results+json\r\n\r\n")
        answer = read_all(sock)
    return int(answer.split()[1])


def test_a_client_over_its_budget_is_refused_on_every_spelling_of_the_path(mini_store, tmp_path_factory):
    """On a real server (gunicorn decodes %2F): after /sparql answers 429, `//sparql` and `/%2Fsparql`
    answer 429 too, rather than running the query."""
    server = planlink_server(tmp_path_factory.mktemp("spelling"), "--store", str(mini_store), "--workers", "1",
                             "--query-timeout", "1", "--query-budget", "1")
    try:
        statuses = []
        for n in range(4):
            statuses.append(get_from(server, "127.0.0.2", f"{RUNAWAY_COUNT} # {n}").status)
            if statuses[-1] == 429:
                break
        assert statuses[-1] == 429, statuses
        query = b"?query=" + requests.utils.quote(RUNAWAY_COUNT + " # again", safe="").encode()
        for path in (b"//sparql", b"/%2Fsparql", b"///sparql", b"/sparql"):
            assert raw_get(server, path + query, "127.0.0.2") == 429, path
        assert raw_get(server, b"/sparql?query=ASK%7B%7D", "127.0.0.1") == 200
    finally:
        server.stop()


@pytest.mark.parametrize("name, request_bytes", [
    ("space before the colon", b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                               b"Transfer-Encoding : chunked\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n"),
    ("chunk extension with a request line", b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query"
                                            b"\r\nTransfer-Encoding: chunked\r\n\r\n6;GET / HTTP/1.1\r\nASK {}\r\n0\r\n\r\n"),
    ("HTTP/1.1 without Host", b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\n\r\n"),
])
def test_lenient_framing_is_answered_400_in_json(server, name, request_bytes):
    with connect(server) as sock:
        sock.sendall(request_bytes)
        status, body = status_and_json(read_all(sock))
    assert status == 400 and body["code"] == 400, name
