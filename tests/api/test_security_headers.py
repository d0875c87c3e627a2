"""Security headers on every answer (issue 18, finding 15): a Content-Security-Policy that allows
no inline script and no eval, nosniff, a Referrer-Policy, and no framing by other sites; the
workbench, the charts, the source page and the API docs work under it in a real browser."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from planlink.api.serve import raw_response
from tests.api.browser import browser, needs_chromium, new_page, server  # noqa: F401 — fixtures

QUERY = "/sparql?query=" + quote("ASK {}")
EXPECTED = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"}


def policy(value: str) -> dict[str, list[str]]:
    """A Content-Security-Policy header as {directive: [sources]}."""
    directives = {}
    for part in value.split(";"):
        name, *sources = part.split()
        directives[name.lower()] = sources
    return directives


def assert_secured(headers, what: str):
    for name, value in EXPECTED.items():
        assert headers.get(name) == value, (what, name)
    csp = policy(headers["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"], what  # no 'unsafe-inline', no 'unsafe-eval'
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"], what
    assert csp["base-uri"] == ["'none'"] and csp["default-src"] == ["'self'"], what


@pytest.mark.parametrize("path, accept, status", [
    ("/api/v1/plans", "application/json", 200),
    (QUERY, "application/sparql-results+json", 200),  # the fast path past Flask
    ("/sparql?query=" + quote("SELECT ?s WHERE { ?s ?p }"), "application/json", 400),  # its errors
    ("/sparql", "text/html", 200),  # the workbench
    ("/no/such/thing", "application/json", 404),
    ("/no/such/thing", "text/html", 404),  # the error page
    ("/static/js/source.js", "*/*", 200),
    ("/docs", "text/html", 200),
    ("/openapi.json", "application/json", 200),
    ("/plan/jiangsu", "text/turtle", 200),
])
def test_every_kind_of_answer_carries_the_security_headers(client, path, accept, status):
    for attempt in ("first", "again", "from the response cache"):
        response = client.get(path, headers={"Accept": accept})
        assert response.status_code == status, path
        assert_secured(response.headers, f"{path} ({attempt})")


def test_an_answer_over_the_query_budget_carries_the_security_headers(mini_store):
    from tests.api.conftest import make_app

    app = make_app(mini_store, PLANLINK_QUERY_BUDGET=20.0)
    app.extensions["planlink.fair_use"].charge("127.0.0.1", 1000.0)
    response = app.test_client().get(QUERY, environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert response.status_code == 429
    assert_secured(response.headers, "429")


def test_answers_the_server_writes_itself_carry_the_security_headers():
    head = raw_response(408, "the request did not arrive whole").split(b"\r\n\r\n")[0].decode("latin-1")
    headers = dict(line.split(": ", 1) for line in head.split("\r\n")[1:])
    assert_secured(headers, "408 written by the server")


class _Scripts(HTMLParser):
    """The <script> elements of a page that would run inline: no src, not a JSON data block."""

    def __init__(self):
        super().__init__()
        self.inline = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.inline.append(self.getpos())
        self.inline += [(self.getpos(), name) for name, _ in attrs.items() if name.startswith("on")]


@pytest.mark.parametrize("path", ["/", "/sparql", QUERY, "/docs", "/source/jiangsu", "/plan/jiangsu",
                                  "/compare/", "/no/such/thing", "/search?q=x"])
def test_no_page_holds_an_inline_script_or_handler(site_client, path):
    """The policy would block them: each script is a file of api/static/ (source.html's was inline)."""
    response = site_client.get(path, headers={"Accept": "text/html"})
    assert response.mimetype == "text/html", path
    scripts = _Scripts()
    scripts.feed(response.get_data(as_text=True))
    assert scripts.inline == [], path


# ---------------------------------------------------------------- in a real browser, the policy enforced

def csp_page(browser):  # noqa: F811
    """A page that records each Content-Security-Policy violation and console error."""
    page = new_page(browser, locale="en-GB")
    page.add_init_script("window.violations = [];"
                         "document.addEventListener('securitypolicyviolation', e => window.violations.push("
                         "e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));")
    page.errors = []
    page.on("console", lambda message: message.type == "error" and "Security Policy" in message.text
            and page.errors.append(message.text))
    return page


def assert_no_violation(page, what: str):
    assert page.evaluate("window.violations") == [] and page.errors == [], what


@needs_chromium
def test_the_workbench_runs_a_query_and_draws_its_chart_under_the_policy(browser, server):  # noqa: F811
    page = csp_page(browser)
    try:
        page.goto(server.url + "/sparql")
        page.click("[data-example='13-entities-per-plan']")
        page.wait_for_selector("table.results tbody tr")
        page.click("#tab-chart")
        page.wait_for_selector("#panel-chart svg, #panel-chart canvas")
        assert_no_violation(page, "workbench")
    finally:
        page.context.close()


@needs_chromium
@pytest.mark.parametrize("path", ["/compare/community-workers-per-10000-urban-residents", "/compare/"])
def test_the_comparison_charts_render_under_the_policy(browser, server, path):  # noqa: F811
    """Vega compiles chart expressions with eval unless given its interpreter (vega-interpreter,
    `ast: true`): without it, the policy blocks the charts."""
    page = csp_page(browser)
    try:
        page.goto(server.url + path)
        page.wait_for_selector(".chart svg, .chart canvas, [id*=chart] svg, [id*=chart] canvas")
        assert page.locator("svg.marks, canvas.marks").count() >= 1
        assert_no_violation(page, path)
    finally:
        page.context.close()


@needs_chromium
def test_the_source_page_and_the_api_docs_work_under_the_policy(browser, server):  # noqa: F811
    page = csp_page(browser)
    try:
        page.goto(server.url + "/source/jiangsu?start=2633&end=2665")
        page.wait_for_function("window.scrollY > 0")  # js/source.js brought the quoted span into view
        page.goto(server.url + "/docs")
        page.wait_for_selector(".swagger-ui .opblock")  # js/swagger-ui-init.js started Swagger UI
        assert_no_violation(page, "source, docs")
    finally:
        page.context.close()
