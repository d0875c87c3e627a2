"""Errors answer a browser with a page and a program with the JSON error (the one handler)."""

from __future__ import annotations

import pytest

from planlink.api.store import close_store
from tests.api.conftest import make_app

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def failing_app(mini_store):
    app = make_app(mini_store, PROPAGATE_EXCEPTIONS=False, TESTING=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    yield app
    close_store(app)


def test_a_bug_answers_a_browser_with_a_500_page(failing_app):
    response = failing_app.test_client().get("/boom", headers=BROWSER)
    assert response.status_code == 500 and response.mimetype == "text/html"
    assert "internal error" in response.get_data(as_text=True)


def test_a_bug_answers_a_program_with_the_json_error(failing_app):
    response = failing_app.test_client().get("/boom", headers={"Accept": "application/json"})
    assert response.status_code == 500 and response.get_json()["code"] == 500


def test_a_program_accepting_anything_gets_json(failing_app):
    response = failing_app.test_client().get("/boom", headers={"Accept": "*/*"})
    assert response.mimetype == "application/json"


def test_bad_input_answers_a_browser_with_a_400_page(client):
    response = client.get("/api/v1/indicators?limit=0", headers=BROWSER)
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "limit" in response.get_data(as_text=True)


def test_an_error_page_is_not_cached(client):
    response = client.get("/plan/nowhere/indicator/1", headers=BROWSER)
    assert response.status_code == 404 and response.headers["Cache-Control"] == "no-store"
