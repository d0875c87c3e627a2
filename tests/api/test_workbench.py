"""The SPARQL workbench in a real browser (headless chromium driven by Playwright) over the real
build: typing and running a query, share links, errors in words, the chart and the downloads."""

from __future__ import annotations

from urllib.parse import quote

import requests

from tests.api.browser import browser, needs_chromium, new_page, page, server  # noqa: F401 — fixtures

pytestmark = needs_chromium

PLANS = "SELECT ?plan ?title WHERE { ?plan a pl:Plan ; dcterms:title ?title } ORDER BY ?plan"


def type_query(page, text: str):
    """Replace the editor's text by typing, as a person would."""
    page.click(".CodeMirror")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def rows(page) -> list[list[str]]:
    page.wait_for_selector("table.results tbody tr")
    return page.eval_on_selector_all("table.results tbody tr",
                                     "trs => trs.map(tr => [...tr.cells].map(td => td.textContent))")


def test_a_typed_query_runs_and_shows_one_row_per_plan(page, server):  # noqa: F811
    page.goto(server.url + "/sparql")
    type_query(page, PLANS)
    page.click("#run")
    assert sorted(r[0] for r in rows(page)) == ["plan/jiangsu", "plan/national", "plan/shanghai"]


def test_result_iris_link_to_their_pages_on_this_server(page, server):  # noqa: F811
    page.goto(server.url + "/sparql?query=" + quote(PLANS))
    rows(page)
    hrefs = page.eval_on_selector_all("table.results tbody a", "links => links.map(a => a.getAttribute('href'))")
    assert "/plan/jiangsu" in hrefs


def test_a_share_link_opens_the_workbench_with_its_query_and_table(page, server):  # noqa: F811
    page.goto(server.url + "/sparql?query=" + quote(PLANS))
    assert page.locator(".CodeMirror").inner_text().count("pl:Plan") == 1
    assert len(rows(page)) == 3


def test_the_share_link_still_answers_results_to_a_program(server):  # noqa: F811
    response = requests.get(server.url + "/sparql", params={"query": PLANS},
                            headers={"Accept": "application/sparql-results+json"}, timeout=10)
    assert response.headers["Content-Type"].startswith("application/sparql-results+json")
    assert len(response.json()["results"]["bindings"]) == 3


def test_running_puts_the_share_link_in_the_address_bar(page, server):  # noqa: F811
    page.goto(server.url + "/sparql")
    type_query(page, PLANS)
    page.click("#run")
    rows(page)
    assert "query=" + quote(PLANS, safe="") in page.url


def error_shown_for(page, server, query: str) -> str:  # noqa: F811
    """The workbench's error message after running `query` in English."""
    page.goto(server.url + "/sparql?lang=en")
    type_query(page, query)
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    return page.inner_text("#error")


def test_an_undeclared_prefix_is_reported_as_such_with_where(page, server):  # noqa: F811
    message = error_shown_for(page, server, "SELECT ?s WHERE { ?s foo:bar ?o }")
    assert 'The prefix "foo:" is not declared (line 1, column 22)' in message


def test_a_syntax_error_says_where_and_what_was_expected(page, server):  # noqa: F811
    message = error_shown_for(page, server, "SELECT ?s WHERE { ?s ?p ?o ")
    assert "The query cannot go on at line 1" in message and "expected" in message


def test_the_library_offers_at_least_twelve_worked_examples(page, server):  # noqa: F811
    page.goto(server.url + "/sparql")
    assert page.locator("[data-example]").count() >= 12


def test_an_example_runs_when_chosen(page, server):  # noqa: F811
    page.goto(server.url + "/sparql")
    page.click("[data-example='04-who-leads-what']")
    assert len(rows(page)) == 5


def test_the_chart_view_draws_a_chart_of_the_counts(page, server):  # noqa: F811
    page.goto(server.url + "/sparql")
    page.click("[data-example='13-entities-per-plan']")
    rows(page)
    page.click("#tab-chart")
    page.wait_for_selector("#panel-chart svg, #panel-chart canvas")
    assert page.locator("#panel-table").is_hidden()


def test_the_csv_download_is_the_sparql_csv_of_the_query_for_spreadsheets(page, server):  # noqa: F811
    page.goto(server.url + "/sparql?query=" + quote(PLANS))
    rows(page)
    href = page.get_attribute("#download-csv", "href")
    csv = requests.get(server.url + href, timeout=10)
    assert csv.headers["Content-Type"].startswith("text/csv")
    # after the byte-order mark Excel needs to read UTF-8 (api/tables.py)
    assert csv.content.startswith("\ufeff".encode()) and csv.text.splitlines()[0] == "\ufeffplan,title"


def test_completion_offers_the_graphs_classes(page, server):  # noqa: F811
    page.goto(server.url + "/sparql")
    type_query(page, "SELECT * WHERE { ?x a pl:Indic")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints")
    assert "pl:IndicatorTarget" in page.inner_text(".CodeMirror-hints")


def test_a_construct_query_shows_its_triples_as_a_table(page, server):  # noqa: F811
    page.goto(server.url + "/sparql?query=" + quote("CONSTRUCT { ?p dcterms:title ?t } WHERE { ?p a pl:Plan ; dcterms:title ?t }"))
    assert len(rows(page)) == 3
    assert page.eval_on_selector_all("table.results thead th", "ths => ths.map(th => th.textContent)") == [
        "?subject", "?predicate", "?object"]


def test_an_ask_query_shows_its_answer(page, server):  # noqa: F811
    page.goto(server.url + "/sparql?query=" + quote("ASK { ?p a pl:Plan }"))
    assert rows(page) == [["true"]]


def test_completion_offers_the_graphs_prefixes(page, server):  # noqa: F811
    page.goto(server.url + "/sparql")
    type_query(page, "PREFIX sdmx-m")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints")
    assert "sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>" in page.inner_text(".CodeMirror-hints")
