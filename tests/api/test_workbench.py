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


def test_the_csv_download_is_the_sparql_csv_of_the_query(page, server):  # noqa: F811
    page.goto(server.url + "/sparql?query=" + quote(PLANS))
    rows(page)
    href = page.get_attribute("#download-csv", "href")
    csv = requests.get(server.url + href, timeout=10)
    assert csv.headers["Content-Type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "plan,title"


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


# ---------------------------------------------------------------- a workbench people keep open

ALL_TRIPLES = "SELECT * WHERE { ?s ?p ?o }"


def test_a_result_iri_that_is_not_http_is_text_not_a_link(page, server):  # noqa: F811
    # the reliability issue's attack: one click on this link would have run script in the site's origin
    attack = 'SELECT ?x WHERE { BIND(IRI("javascript://planlink.example/plan/jiangsu/%0Aalert(document.domain)") AS ?x) }'
    page.goto(server.url + "/sparql?query=" + quote(attack))
    assert rows(page) == [["javascript://planlink.example/plan/jiangsu/%0Aalert(document.domain)"]]
    hrefs = page.eval_on_selector_all("#panel-table a", "links => links.map(a => a.href)")
    assert not [h for h in hrefs if not h.startswith(("http:", "https:"))]


def test_an_iri_of_another_http_site_is_still_a_link(page, server):  # noqa: F811
    page.goto(server.url + "/sparql?query=" + quote("SELECT ?x WHERE { BIND(<http://www.wikidata.org/entity/Q148> AS ?x) }"))
    rows(page)
    assert page.get_attribute("#panel-table td a", "href") == "http://www.wikidata.org/entity/Q148"


def test_ten_thousand_rows_show_one_page_of_a_hundred_with_the_total(page, server):  # noqa: F811
    page.goto(server.url + "/sparql?lang=en&query=" + quote(ALL_TRIPLES))
    assert len(rows(page)) == 100
    total = requests.get(server.url + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                         headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
    n = int(total["results"]["bindings"][0]["n"]["value"])
    assert n > 10_000
    assert page.inner_text("#status").startswith(f"{n:,} rows")
    assert page.inner_text(".pager-summary") == f"Rows 1–100 of {n:,}"
    page.click(".pager button.next")
    assert page.inner_text(".pager-summary") == f"Rows 101–200 of {n:,}" and len(rows(page)) == 100


def test_the_next_query_s_table_turns_its_pages_too(page, server):  # noqa: F811
    # (with Grid.js drawn into the first table's element, the second took over its state: no page turned)
    page.goto(server.url + "/sparql?lang=en&query=" + quote(ALL_TRIPLES))
    rows(page)
    type_query(page, "SELECT ?s ?o WHERE { ?s ?p ?o }")
    page.click("#run")
    page.wait_for_selector("table.results th:has-text('?o') >> nth=0")
    page.wait_for_function("() => document.querySelectorAll('table.results thead th').length === 2")
    page.click(".pager button.next")
    page.wait_for_function("() => document.querySelector('.pager-summary').innerText.startsWith('Rows 101–200')",
                           timeout=5000)


def test_a_column_sorts_by_number_then_back(page, server):  # noqa: F811
    numbers = "SELECT ?n WHERE { VALUES ?n { 10 9 100 2 } }"
    page.goto(server.url + "/sparql?query=" + quote(numbers))
    rows(page)
    page.click("table.results th:has-text('?n')")
    page.wait_for_selector("table.results th[aria-sort='ascending']")  # the header says so
    assert [r[0] for r in rows(page)] == ["2", "9", "10", "100"]
    page.click("table.results th:has-text('?n')")
    page.wait_for_selector("table.results th[aria-sort='descending']")
    assert [r[0] for r in rows(page)] == ["100", "10", "9", "2"]


def test_a_query_being_written_is_still_there_after_a_reload(page, server):  # noqa: F811
    page.goto(server.url + "/sparql")
    type_query(page, "SELECT ?kept WHERE { ?kept a pl:Measure }")
    page.wait_for_timeout(600)  # kept after a pause in typing
    page.reload()
    assert "SELECT ?kept WHERE { ?kept a pl:Measure }" in page.eval_on_selector(
        ".CodeMirror", "cm => cm.CodeMirror.getValue()")


def test_the_history_lists_the_queries_run_newest_first_and_brings_one_back(page, server):  # noqa: F811
    page.goto(server.url + "/sparql")
    for query in ("SELECT ?first WHERE { ?first a pl:Plan }", "SELECT ?second WHERE { ?second a pl:Plan }"):
        type_query(page, query)
        page.click("#run")
        rows(page)
    page.click("#history summary")
    entries = page.locator("#history-list li button").all_inner_texts()
    assert entries[:2] == ["SELECT ?second WHERE { ?second a pl:Plan }", "SELECT ?first WHERE { ?first a pl:Plan }"]
    page.click("#history-list li:nth-child(2) button")
    assert page.eval_on_selector(".CodeMirror", "cm => cm.CodeMirror.getValue()") == "SELECT ?first WHERE { ?first a pl:Plan }"


def long_query(characters: int) -> str:
    """A query whose URL-encoded form is `characters` * 9 bytes long: a FILTER on Chinese text."""
    return f'SELECT ?plan WHERE {{ ?plan a pl:Plan ; dcterms:title ?t FILTER(?t != "{"社" * characters}") }}'


def test_a_ten_kilobyte_query_runs_by_post(page, server):  # noqa: F811
    query = long_query(1200)
    assert len(quote(query)) > 10_000
    assert requests.get(server.url + "/sparql", params={"query": query}, timeout=10).status_code == 414  # by GET
    posts = []
    page.on("request", lambda r: posts.append(r.method) if r.url.endswith("/sparql") and r.method == "POST" else None)
    page.goto(server.url + "/sparql")
    page.eval_on_selector(".CodeMirror", "(cm, q) => cm.CodeMirror.setValue(q)", query)
    page.click("#run")
    assert len(rows(page)) == 3 and posts == ["POST"]
    assert page.locator("#error").is_hidden()


def test_a_short_query_still_goes_by_get_as_a_share_link(page, server):  # noqa: F811
    methods = []
    page.on("request", lambda r: methods.append(r.method) if "/sparql" in r.url and r.resource_type == "fetch" else None)
    page.goto(server.url + "/sparql?query=" + quote(PLANS))
    rows(page)
    assert methods == ["GET"]


def snippet(page, name: str) -> str:
    if not page.locator("#snippets").evaluate("d => d.open"):
        page.click("#snippets summary")
    return page.inner_text("#snippet-" + name)


def test_the_curl_snippet_runs_the_query_and_gets_its_results(page, server):  # noqa: F811
    import json
    import subprocess

    page.goto(server.url + "/sparql?query=" + quote(PLANS))
    rows(page)
    answer = subprocess.run(["bash", "-c", snippet(page, "curl")], capture_output=True, text=True, timeout=30)
    bindings = json.loads(answer.stdout)["results"]["bindings"]
    assert sorted(b["plan"]["value"].rsplit("/", 1)[1] for b in bindings) == ["jiangsu", "national", "shanghai"]


def test_the_python_and_r_snippets_hold_the_endpoint_and_the_query(page, server):  # noqa: F811
    page.goto(server.url + "/sparql?query=" + quote(PLANS))
    rows(page)
    python, r = snippet(page, "python"), snippet(page, "r")
    assert f'SPARQLWrapper("{server.url}/sparql")' in python and PLANS in python and "setMethod(POST)" not in python
    assert f'GET("{server.url}/sparql"' in r and PLANS in r


def test_a_long_query_s_snippets_send_it_by_post(page, server):  # noqa: F811
    page.goto(server.url + "/sparql")
    page.eval_on_selector(".CodeMirror", "(cm, q) => cm.CodeMirror.setValue(q)", long_query(300))
    assert "endpoint.setMethod(POST)" in snippet(page, "python")
    assert " -G " not in snippet(page, "curl") and 'POST("' in snippet(page, "r")


def test_an_entity_completes_by_its_name(page, server):  # noqa: F811
    page.goto(server.url + "/sparql")
    type_query(page, "SELECT * WHERE { 每万城镇常住人口拥有社区工作者")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".CodeMirror-hints")
    assert "每万城镇常住人口拥有社区工作者 · Measure" in page.inner_text(".CodeMirror-hints")
    page.keyboard.press("Enter")
    assert page.eval_on_selector(".CodeMirror", "cm => cm.CodeMirror.getValue()") == \
        "SELECT * WHERE { <https://planlink.example/measure/community-workers-per-10000-urban-residents>"


def test_the_chart_s_axis_titles_do_not_touch_their_labels_and_the_chart_fits_its_panel(page, server):  # noqa: F811
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: where the old chart spilled to 1,435 px
    page.goto(server.url + "/sparql")
    page.click("[data-example='13-entities-per-plan']")
    rows(page)
    page.click("#tab-chart")
    page.wait_for_selector("#panel-chart svg.marks")
    overlaps = page.evaluate("""() => {
      const box = (e) => e.getBoundingClientRect(), hit = (a, b) =>
        a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const found = [];
      for (const axis of document.querySelectorAll('#panel-chart g.role-axis')) {
        const titles = axis.querySelectorAll('g.role-axis-title text'), labels = axis.querySelectorAll('g.role-axis-label text');
        for (const t of titles) for (const l of labels) if (hit(box(t), box(l))) found.push([t.textContent, l.textContent]);
      }
      return found;
    }""")
    assert overlaps == []
    svg, panel = page.locator("#panel-chart svg.marks").bounding_box(), page.locator("#panel-chart").bounding_box()
    assert svg["x"] + svg["width"] <= panel["x"] + panel["width"] + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
