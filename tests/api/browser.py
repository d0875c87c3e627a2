"""Headless Debian chromium driven by Playwright, for the page tests: fixtures and helpers.

Playwright never downloads a browser here: it launches /usr/bin/chromium (apt-get install
chromium; .ci/run does). axe-core (tests/api/vendor, from npm) is injected into pages to check
accessibility."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.api.conftest import planlink_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="Debian's headless chromium (/usr/bin/chromium) is not installed: `sudo make system-deps` installs it")


@pytest.fixture(scope="module")
def server(real_store, tmp_path_factory):
    """`planlink serve` on loopback over the real build."""
    server = planlink_server(tmp_path_factory.mktemp("pages"), "--store", str(real_store))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def new_page(browser, locale: str = "zh-CN"):
    """A fresh page (own cookies) in a browser whose reader prefers `locale`. Requests to anywhere
    but loopback are refused and listed in `page.outside` (the site must work offline, no CDN)."""
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.outside = []

    def only_loopback(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    return page


@pytest.fixture()
def page(browser):  # noqa: F811 — a fresh page (its own context) for each test
    page = new_page(browser)
    yield page
    page.context.close()



def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it stands, one line each."""
    # evaluated, not added as a <script>: the Content-Security-Policy refuses inline scripts (not the DevTools')
    page.evaluate(AXE.read_text() + "\n;0")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]
