"""How fast the HTML pages render: the server's answer (response cache bypassed) and the whole
page in headless Debian chromium (Playwright), for every main page.

    .venv/bin/python benchmarks/pages_bench.py [--store DIR] [--repeat 10]

Prints, per page: the first answer after the server starts (the per-build index is read then),
the median server answer after that, and the median time until the page is ready in the browser
(load event; for the workbench, until the results table is drawn; for the comparison, the chart).
Then the workbench with every triple of the graph (over 10,000 rows): from pressing Run to the first
page of the table shown, sorting it by a column, and turning to the next page.
The aim: every page ready, and 10,000 rows shown, in under a second on this machine."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import api_bench  # noqa: E402

PLANS_QUERY = "SELECT ?plan ?title WHERE { ?plan a pl:Plan ; dcterms:title ?title }"
PAGES = {
    "home": ("/", None),
    "plan": ("/plan/jiangsu", None),
    "indicator": ("/plan/jiangsu/indicator/7", None),
    "section": ("/plan/national/section/6.15", None),
    "measure": ("/measure/community-workers-per-10000-urban-residents", None),
    "comparison (one measure)": ("/compare/community-workers-per-10000-urban-residents", "#comparison-chart svg"),
    "comparisons (all)": ("/compare/", "#comparison-chart svg"),
    "matrix": ("/matrix", None),
    "source text": ("/source/jiangsu?start=2633&end=2665", None),
    "search": ("/search?q=" + quote("社区工作者"), None),
    "ontology /def/": ("/def/", None),
    "sparql (share link)": ("/sparql?query=" + quote(PLANS_QUERY), "table.results tbody tr"),
    "404 page": ("/plan/jiangsu/indicator/77", None),
}
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def busted(path: str, n: int) -> str:
    """The same page under a URL the response cache has not seen."""
    return f"{path}{'&' if '?' in path else '?'}bench={n}"


def server_ms(url: str, path: str, repeat: int) -> tuple[float, float]:
    import requests

    started = time.perf_counter()
    requests.get(url + busted(path, 0), headers={"Accept": BROWSER}, timeout=30)
    first = (time.perf_counter() - started) * 1e3
    samples = []
    for n in range(1, repeat + 1):
        started = time.perf_counter()
        requests.get(url + busted(path, n), headers={"Accept": BROWSER}, timeout=30)
        samples.append((time.perf_counter() - started) * 1e3)
    return first, statistics.median(samples)


def browser_ms(page, url: str, path: str, ready: str | None, repeat: int) -> float:
    samples = []
    for n in range(repeat):
        started = time.perf_counter()
        page.goto(url + busted(path, 1000 + n), wait_until="load")
        if ready:
            page.wait_for_selector(ready)
        samples.append((time.perf_counter() - started) * 1e3)
    return statistics.median(samples)


ALL_TRIPLES = "SELECT * WHERE { ?s ?p ?o }"


def workbench_ms(page, url: str, repeat: int) -> dict[str, float]:
    """Median milliseconds, in the page's own clock: Run → the first page of every triple's row shown
    (the query's answer included), a click on ?o → the table sorted by it, Next → the second page."""
    page.goto(url + "/sparql?lang=en", wait_until="load")
    samples: dict[str, list] = {"rows": [], "run → table": [], "of which the answer": [], "sort": [], "next page": []}
    for _ in range(repeat):
        page.eval_on_selector(".CodeMirror", "(cm, q) => cm.CodeMirror.setValue(q)", ALL_TRIPLES)
        page.evaluate("document.getElementById('panel-table').replaceChildren()")
        started = page.evaluate("performance.now()")
        page.click("#run")
        page.wait_for_selector("table.results tbody tr")
        samples["run → table"].append(page.evaluate("performance.now()") - started)
        status = page.inner_text("#status")  # "11,532 rows (0.61 s)": the query asked and its JSON read
        samples["rows"].append(int(status.split()[0].replace(",", "")))
        samples["of which the answer"].append(float(status.split("(")[1].split()[0].rstrip("秒")) * 1000)
        drawn = page.get_attribute("#panel-table", "data-drawn")  # counts up each time the table is drawn
        started = page.evaluate("performance.now()")
        page.click("table.results th:has-text('?o')")
        page.wait_for_function("n => document.getElementById('panel-table').dataset.drawn !== n", arg=drawn)
        samples["sort"].append(page.evaluate("performance.now()") - started)
        drawn = page.get_attribute("#panel-table", "data-drawn")
        started = page.evaluate("performance.now()")
        page.click(".pager button.next")
        page.wait_for_function("n => document.getElementById('panel-table').dataset.drawn !== n", arg=drawn)
        samples["next page"].append(page.evaluate("performance.now()") - started)
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    store = api_bench.built_store(args.store)
    server = api_bench.Server("planlink", [str(ROOT / ".venv/bin/planlink"), "serve", "--store", str(store),
                                           "--host", "127.0.0.1", "--port", "{port}"], "/openapi.json")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_context(locale="zh-CN").new_page()
            print(f"{'page':28} {'first answer':>13} {'server p50':>11} {'in browser p50':>15}")
            worst = 0.0
            for name, (path, ready) in PAGES.items():
                first, median = server_ms(server.url, path, args.repeat)
                in_browser = browser_ms(page, server.url, path, ready, max(3, args.repeat // 2))
                worst = max(worst, in_browser)
                print(f"{name:28} {first:10.0f} ms {median:8.0f} ms {in_browser:12.0f} ms")
            bench = workbench_ms(page, server.url, max(3, args.repeat // 2))
            browser.close()
        print(f"slowest page ready in the browser: {worst:.0f} ms ({'under' if worst < 1000 else 'OVER'} 1 s)")
        print(f"workbench, {bench.pop('rows'):,.0f} rows ({ALL_TRIPLES}), medians in the page's clock:")
        for name, ms in bench.items():
            print(f"  {name:14} {ms:6.0f} ms")
        shown = bench["run → table"]
        print(f"{shown:.0f} ms from Run to the rows shown ({'under' if shown < 1000 else 'OVER'} 1 s)")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
