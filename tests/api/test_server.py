"""A real server: `planlink serve` (gunicorn, several workers) on a free loopback port."""

import signal
import threading
import time
from pathlib import Path

import pytest
import requests
from SPARQLWrapper import CSV, JSON, TURTLE, SPARQLWrapper
from rdflib import Graph

from tests.api.conftest import planlink_server

PREFIX = "PREFIX pl: <https://planlink.example/def/> PREFIX dcterms: <http://purl.org/dc/terms/> "
RUNAWAY = "SELECT * {?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l}"
RUNAWAY_COUNT = "SELECT (COUNT(*) AS ?n) {?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l}"


@pytest.fixture(scope="module")
def server(mini_store, tmp_path_factory):
    # no fair-use budget: these tests fill every thread with one client's runaways (the budget would
    # stop the sixth at the door; tests/api/test_server_clients.py tests it)
    server = planlink_server(tmp_path_factory.mktemp("server"), "--store", str(mini_store),
                             "--query-timeout", "2", "--workers", "2", "--query-budget", "0")
    yield server
    server.stop()


def test_sparqlwrapper_select_get_and_post(server):
    for method in ("GET", "POST"):
        client = SPARQLWrapper(server.url + "/sparql")
        client.setMethod(method)
        client.setQuery(PREFIX + "SELECT ?id WHERE { ?p a pl:Plan ; dcterms:identifier ?id } ORDER BY ?id")
        client.setReturnFormat(JSON)
        result = client.query().convert()
        assert [b["id"]["value"] for b in result["results"]["bindings"]] == ["jiangsu", "national"]


def test_sparqlwrapper_csv_and_construct(server):
    client = SPARQLWrapper(server.url + "/sparql")
    client.setQuery(PREFIX + "SELECT ?id WHERE { ?p a pl:Plan ; dcterms:identifier ?id } ORDER BY ?id")
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().split() == ["id", "jiangsu", "national"]
    client.setQuery(PREFIX + "CONSTRUCT WHERE { ?p a pl:Plan ; dcterms:title ?t }")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == 4


def test_runaway_query_is_stopped_while_json_is_served(server):
    answers = {}

    def run(name, query):
        started = time.monotonic()
        response = requests.get(server.url + "/sparql", params={"query": query}, timeout=15)
        answers[name] = (response, time.monotonic() - started)

    runaways = [threading.Thread(target=run, args=(name, query))
                for name, query in (("runaway", RUNAWAY), ("count", RUNAWAY_COUNT))]
    for thread in runaways:
        thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    meanwhile = requests.get(server.url + "/api/v1/indicators", params={"plan": "jiangsu", "limit": 1}, timeout=5)
    assert meanwhile.status_code == 200 and meanwhile.json()["total"] == 2
    assert time.monotonic() - started < 1.5
    for thread in runaways:
        thread.join(timeout=10)
    response, elapsed = answers["count"]
    assert response.status_code == 504 and elapsed < 4
    assert "limit of 2 s" in response.json()["message"]
    response, elapsed = answers["runaway"]
    # stopped by the time limit (504), or earlier by the result-size cap (422), never left running
    assert response.status_code in (504, 422) and elapsed < 4
    assert response.json()["message"]
    # really stopped, not left running behind the answers: the server goes idle
    deadline = time.monotonic() + 8
    while True:
        cpu = server.cpu_seconds()
        time.sleep(0.5)
        if server.cpu_seconds() - cpu < 0.15:
            break
        assert time.monotonic() < deadline, "the server is still busy: a runaway query was not stopped"
    # and the server goes on answering queries
    again = requests.get(server.url + "/sparql", params={"query": "ASK {}"}, timeout=5)
    assert again.status_code == 200 and again.json()["boolean"] is True


def test_runaways_on_every_thread_lose_no_other_request(server):
    """Eight runaways fill both workers' four threads; the JSON requests sent meanwhile wait at
    most for the time limit, and none is dropped when the workers retire."""
    answers = []

    def get(kind, n):
        try:
            if kind == "runaway":
                response = requests.get(server.url + "/sparql", params={"query": f"{RUNAWAY_COUNT} # {n}"},
                                        timeout=20)
            else:
                response = requests.get(server.url + "/api/v1/indicators", params={"limit": 1}, timeout=20)
            busy_without_retry = response.status_code == 503 and "Retry-After" not in response.headers
            answers.append((kind, "503 without Retry-After" if busy_without_retry else response.status_code))
        except requests.RequestException as error:
            answers.append((kind, type(error).__name__))

    threads = [threading.Thread(target=get, args=("runaway", n)) for n in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    for n in range(12):
        threads.append(threading.Thread(target=get, args=("json", n)))
        threads[-1].start()
        time.sleep(0.2)
    for thread in threads:
        thread.join(30)
    assert [a for a in answers if a[0] == "json"] == [("json", 200)] * 12, answers
    # stopped at the limit (504), or, sent to a worker already retiring with its query slots held by
    # runaways, told to come back (503 with Retry-After) instead of holding its last thread
    runaways = [status for kind, status in answers if kind == "runaway"]
    assert len(runaways) == 8 and set(runaways) <= {503, 504} and 504 in runaways


def test_a_query_that_fills_memory_is_stopped_before_its_time_limit(mini_store, tmp_path_factory):
    server = planlink_server(tmp_path_factory.mktemp("memory"), "--store", str(mini_store),
                             "--query-timeout", "60", "--query-memory", "300", "--workers", "1")
    try:
        sort_everything = "SELECT * {?a ?b ?c . ?d ?e ?f . ?g ?h ?i} ORDER BY ?c ?f ?i LIMIT 1"
        started = time.monotonic()
        response = requests.get(server.url + "/sparql", params={"query": sort_everything}, timeout=60)
        assert response.status_code == 422 and "memory" in response.json()["message"]
        assert time.monotonic() - started < 30  # stopped by memory, not by the 60 s limit
        # another client (this one is charged the whole time limit for the query stopped: 429 for now)
        assert _ask_from(server, "127.0.0.2") == {"head": {}, "boolean": True}
    finally:
        server.stop()


def test_the_server_stops_cleanly(mini_store, tmp_path_factory):
    """Workers end without a crash when the server is stopped (SIGTERM to gunicorn's master, as a
    service manager does): the store (RocksDB) is opened only after the fork."""
    logs = tmp_path_factory.mktemp("stop")
    server = planlink_server(logs, "--store", str(mini_store), "--workers", "2")
    try:
        master = server.process.pid
        deadline = time.monotonic() + 10
        while len(Path(f"/proc/{master}/task/{master}/children").read_text().split()) < 2:
            assert time.monotonic() < deadline, "the second worker did not start"
            time.sleep(0.1)
        for _ in range(6):
            assert requests.get(server.url + "/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=15) == 0
    finally:
        server.stop()
    log = "".join(path.read_text(errors="replace") for path in logs.glob("*.log"))
    assert log.count("Worker exiting") == 2 and "SIGSEGV" not in log


def test_update_is_refused_by_the_server(server):
    for response in (
        requests.post(server.url + "/sparql", data={"update": "CLEAR ALL"}, timeout=5),
        requests.post(server.url + "/sparql", data="DROP ALL", headers={"Content-Type": "application/sparql-update"},
                      timeout=5),
        requests.get(server.url + "/sparql", params={"query": "INSERT DATA { <x:a> <x:b> <x:c> }"}, timeout=5),
    ):
        assert response.status_code == 403 and "read-only" in response.json()["message"]
    count = requests.get(server.url + "/api/v1/plans", timeout=5).json()["total"]
    assert count == 2


def test_service_is_refused_by_the_server(server):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = requests.get(server.url + "/sparql", params={"query": query}, timeout=5)
    assert response.status_code == 403 and "SERVICE" in response.json()["message"]


def test_query_errors_from_the_worker_threads(server):
    """The queries run in the workers' threads give the same errors as anywhere: the parser's
    message (400), and the result-size cap (422) before the time limit."""
    response = requests.get(server.url + "/sparql", params={"query": "SELECT ?s WHERE { ?s ?p }"}, timeout=5)
    assert response.status_code == 400 and response.json()["message"]
    started = time.monotonic()
    response = requests.get(server.url + "/sparql", params={"query": RUNAWAY + " # cap"}, timeout=10,
                            headers={"Accept": "text/csv"})
    assert response.status_code == 422 and "LIMIT" in response.json()["message"]
    assert time.monotonic() - started < 2  # the cap (32 MB), well before the 2 s limit


def test_server_errors_are_json(server):
    response = requests.get(server.url + "/api/v1/indicators", params={"limit": "0"}, timeout=5)
    assert response.status_code == 400 and response.headers["Content-Type"] == "application/json"
    response = requests.get(server.url + "/no/such/page", timeout=5)
    assert response.status_code == 404 and response.json()["code"] == 404


def test_linked_data_over_http(server):
    response = requests.get(server.url + "/plan/jiangsu/indicator/7", headers={"Accept": "application/ld+json"},
                            timeout=5)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/ld+json")
    assert "Accept" in response.headers["Vary"]


def test_a_request_gunicorn_refuses_is_answered_in_json(server):
    """curl sends raw UTF-8 in the URL (?q=社区): not valid HTTP, refused before the app, still JSON."""
    import json
    import socket
    from urllib.parse import urlparse

    url = urlparse(server.url)
    with socket.create_connection((url.hostname, url.port), timeout=5) as sock:
        sock.sendall("GET /api/v1/search?q=社区 HTTP/1.1\r\nHost: x\r\n\r\n".encode("utf-8"))
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400") and b"Content-Type: application/json" in head
    assert json.loads(body)["code"] == 400


def test_the_api_benchmark_measures_a_real_server(server, monkeypatch):
    """benchmarks/api_bench.py's load generator and CPU accounting, briefly, on this server
    (benchmarks are not run by CI; this keeps their harness from breaking unnoticed)."""
    import sys

    from tests.api.conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import api_bench
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    for wrk in ("as installed", "absent"):  # wrk when there is one, else the Python load generator
        if wrk == "absent":
            monkeypatch.setattr(api_bench.shutil, "which", lambda name: None)
        result = api_bench.load(server, "/sparql?query=ASK%20%7B%7D%20%23__N__", 0.5, 2)
        assert result.requests > 10 and result.errors == 0 and result.rps > 0, wrk
        assert result.cpu is not None and result.cpu > 0 and "req/s" in str(result), wrk


def _ask_from(server, source: str) -> dict:
    import http.client
    import json

    host, port = server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10, source_address=(source, 0))
    connection.request("GET", "/sparql?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    assert response.status == 200
    return json.loads(response.read())


def _worker_of(server) -> int:
    master = server.process.pid
    deadline = time.monotonic() + 10
    while not (children := Path(f"/proc/{master}/task/{master}/children").read_text().split()):
        assert time.monotonic() < deadline, "no worker started"
        time.sleep(0.05)
    return int(children[0])


def _peak_until_exit(pid: int, seconds: float) -> int:
    """The process's peak resident memory (VmHWM, bytes), read every few milliseconds until it exits."""
    peak, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return peak
        if "VmHWM:" not in status:  # exiting: its memory is gone
            return peak
        peak = max(peak, int(status.split("VmHWM:")[1].split()[0]) << 10)
        time.sleep(0.003)
    return peak


def test_the_memory_limit_is_a_cap_with_clients_kept_alive(mini_store, tmp_path_factory):
    """--query-memory 256 with eight keep-alive clients connected: a query doubling a string 25 times
    is answered 422, and the worker ends before it passes 400 MB. It used to wait up to 5 s for those
    idle connections while the query, which nothing can interrupt, went on to 2.5 GB."""
    import http.client

    logs = tmp_path_factory.mktemp("memory-cap")
    server = planlink_server(logs, "--store", str(mini_store), "--query-timeout", "30", "--query-memory", "256",
                             "--workers", "1")
    try:
        host, port = server.url.removeprefix("http://").split(":")
        kept_alive = []
        for _ in range(8):
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
            connection.request("GET", "/api/v1/plans")
            assert connection.getresponse().read()
            kept_alive.append(connection)
        time.sleep(1)  # held, idle (a connection that was just used may still be sent a request)
        worker = _worker_of(server)
        binds = ['BIND("' + "x" * 64 + '" AS ?v0)'] + [f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(25)]
        doubling = "SELECT (STRLEN(?v25) AS ?n) WHERE { " + " ".join(binds) + " }"
        answers = []
        asking = threading.Thread(target=lambda: answers.append(
            requests.get(server.url + "/sparql", params={"query": doubling}, timeout=60)))
        asking.start()
        peak = _peak_until_exit(worker, 30)
        asking.join(30)
        assert answers[0].status_code == 422 and "memory" in answers[0].json()["message"]
        assert peak < 400 << 20, f"the worker's peak was {peak >> 20} MB"
        # the stopped query cost a worker: its client is charged the whole 30 s limit (budget 20 s a minute)
        assert requests.get(server.url + "/sparql", params={"query": "ASK {}"}, timeout=10).status_code == 429
        # another client (this one is charged the whole time limit for the query stopped: 429 for now)
        assert _ask_from(server, "127.0.0.2") == {"head": {}, "boolean": True}
    finally:
        server.stop()
    log = "".join(path.read_text(errors="replace") for path in logs.glob("*.log"))
    assert "its peak resident memory was" in log
