"""One QueryRunner per process, given to the store at start-up (api/store/runner.py): the Flask
test client can run the same path as a `planlink serve` worker."""

import threading
import time

from planlink.api.store import SandboxRunner, WatchdogRunner, close_store, get_store, use_runner
from planlink.api.store.watchdog import Watchdog
from tests.api.conftest import make_app

def watched_app(mini_store, answered, retired):
    app = make_app(mini_store, PLANLINK_QUERY_TIMEOUT=0.5)
    dog = Watchdog(retired.set, slots=2)
    use_runner(app, lambda memory: WatchdogRunner(dog, lambda: answered.append, SandboxRunner(memory)))
    return app


def test_the_store_runs_queries_with_the_runner_chosen_at_start_up(mini_store):
    answered, retired = [], threading.Event()
    app = watched_app(mini_store, answered, retired)
    try:
        response = app.test_client().get("/sparql?query=ASK%7B%7D")
        assert response.status_code == 200 and response.json["boolean"] is True
        assert isinstance(get_store(app).runner, WatchdogRunner)
    finally:
        close_store(app)


def test_a_slow_query_under_the_watchdog_runner_is_answered_504_and_the_process_told_to_retire(mini_store,
                                                                                              monkeypatch):
    """(A query that ends after its limit: in a test process nothing would stop a real runaway.)"""
    import planlink.api.store.runner

    real = planlink.api.store.runner.run_query
    monkeypatch.setattr(planlink.api.store.runner, "run_query", lambda *args: (time.sleep(1.0), real(*args))[1])
    answered, retired = [], threading.Event()
    app = watched_app(mini_store, answered, retired)
    try:
        response = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
        assert response.status_code == 504 and "limit of 0.5 s" in response.json["message"]
        assert [type(error).__name__ for error in answered] == ["QueryTimeout"]  # the client, from the watchdog
        assert retired.wait(2)
    finally:
        close_store(app)


def test_without_a_server_queries_run_in_query_processes(app):
    assert isinstance(get_store(app).runner, SandboxRunner)


def test_a_query_process_starting_up_does_not_spend_the_querys_time_limit(mini_store):
    """A query that finds no idle query process waits for one to start (Python, pyoxigraph, the store:
    a few hundred ms, seconds on a busy machine); its limit runs from when it can run. A light query
    sent to a new process under a 1 s limit was answered 504 in the load test."""
    from planlink.api.store.sandbox import SandboxPool

    pool = SandboxPool(mini_store)  # nothing prewarmed: the first query starts its process
    try:
        answer = pool.run("ASK {}", "application/sparql-results+json", 1 << 20, 0.05)
        assert b'"boolean":true' in answer
    finally:
        pool.close()
