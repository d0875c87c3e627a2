"""The researchers' pages in a real browser (headless chromium driven by Playwright) over the real
build: comparisons, the source beside every fact, the matrix, search, both languages, error pages
and accessibility (axe-core)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
import requests

from tests.api.browser import browser, needs_chromium, new_page, page, serious_violations, server  # noqa: F401

pytestmark = needs_chromium

MEASURE = "/compare/community-workers-per-10000-urban-residents"
QUOTE = "7\t每万城镇常住人口拥有社区工作者\t16.8人\t≥18人\t预期性"


def test_a_comparison_leads_to_the_source_quote_highlighted_in_its_text(page, server):  # noqa: F811
    page.goto(server.url + MEASURE)
    page.click("table.comparison a[href='/plan/jiangsu/indicator/7']")
    page.click("a.in-context")
    assert page.url.endswith("/source/jiangsu?start=2633&end=2665#quoted")
    assert page.inner_text("mark#quoted").replace("\n", "") in QUOTE
    assert page.eval_on_selector_all("mark", "marks => marks.map(m => m.textContent).join('')") == QUOTE


def test_the_source_text_marks_the_indicators_the_graph_took(page, server):  # noqa: F811
    page.goto(server.url + "/source/jiangsu")
    taken = page.eval_on_selector_all("a.taken-IndicatorTarget", "links => links.map(a => a.getAttribute('href'))")
    assert {f"/plan/jiangsu/indicator/{n}" for n in range(1, 13)} <= set(taken)


def test_a_measure_comparison_shows_both_provinces_targets_and_the_outcome(page, server):  # noqa: F811
    page.goto(server.url + MEASURE)
    table = page.inner_text("table.comparison")
    assert "江苏省" in table and "上海市" in table and "≥18人" in table and "相同" in table


def test_the_comparison_chart_is_drawn(page, server):  # noqa: F811
    page.goto(server.url + MEASURE)
    page.wait_for_selector("#comparison-chart svg, #comparison-chart canvas")


def test_the_comparison_data_downloads_as_csv(server):  # noqa: F811
    response = requests.get(server.url + MEASURE + "?format=csv", timeout=10)
    assert response.headers["Content-Type"].startswith("text/csv")
    assert len(response.text.strip().splitlines()) == 3  # header, Jiangsu, Shanghai


def test_the_comparison_csv_gives_a_comparator_only_where_the_plan_printed_one(server):  # noqa: F811
    import csv
    import io

    response = requests.get(server.url + "/compare/?format=csv", timeout=10)
    rows = {row["indicator"].rsplit("/plan/", 1)[1]: row for row in csv.DictReader(io.StringIO(response.text))}
    assert (rows["jiangsu/indicator/7"]["target_comparator"], rows["jiangsu/indicator/7"]["target_text"]) == (">=", "≥18人")
    # Jiangsu's table prints a bare 100%: no comparator, not "="
    assert (rows["jiangsu/indicator/4"]["target_comparator"], rows["jiangsu/indicator/4"]["target_text"]) == ("", "100%")


def test_the_plan_indicator_table_has_national_and_other_province_columns(page, server):  # noqa: F811
    page.goto(server.url + "/plan/jiangsu")
    row = page.locator("table.indicator-table tr", has=page.locator("a[href='/plan/jiangsu/indicator/7']"))
    cells = row.locator("td").all_inner_texts()
    assert "选优配强社区工作者队伍" in cells[5] and "上海市: ≥18" in cells[6]


def test_every_matrix_cell_is_a_link(page, server):  # noqa: F811
    page.goto(server.url + "/matrix")
    cells = page.locator("table.matrix tbody td")
    assert cells.count() == 2 * page.locator("table.matrix tbody tr").count()
    assert page.locator("table.matrix tbody td a").count() == cells.count()


def test_search_from_the_header_groups_results_by_kind(page, server):  # noqa: F811
    page.goto(server.url + "/plan/jiangsu")
    page.fill("#site-search", "社区工作者")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/search?q=*")
    kinds = page.locator(".search-group h2").all_inner_texts()
    assert any(k.startswith("指标") for k in kinds) and any(k.startswith("节") for k in kinds)


def test_search_finds_a_phrase_no_text_contains_whole_by_its_words(page, server):  # noqa: F811
    page.goto(server.url + "/search?q=" + quote("社区工作者培训"))
    assert "社区工作者 · 培训" in page.inner_text(".quoted-note")
    assert page.locator(".search-group li").count() > 0


def test_the_language_switch_shows_english_labels(page, server):  # noqa: F811
    page.goto(server.url + "/measure/community-workers-per-10000-urban-residents")
    page.click("header .langs a[hreflang='en']")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("h1") == "community workers per 10 000 urban residents"


def test_the_language_choice_is_kept_on_the_next_page(page, server):  # noqa: F811
    page.goto(server.url + "/?lang=en")
    page.click("header nav a[href='/matrix']")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("h1") == "National sections × provinces"


def test_an_english_browser_gets_english(browser, server):  # noqa: F811
    page = new_page(browser, locale="en-GB")
    page.goto(server.url + "/")
    assert page.get_attribute("html", "lang") == "en"
    page.context.close()


def test_a_mistyped_iri_gives_a_page_in_the_browser(page, server):  # noqa: F811
    response = page.goto(server.url + "/plan/jiangsu/indicator/77")
    assert response.status == 404
    assert page.inner_text("h1").startswith("404")
    assert "nothing is known about <https://planlink.example/plan/jiangsu/indicator/77>" in page.inner_text("main")
    assert page.locator("main form[role='search']").count() == 1


def test_a_program_still_gets_the_json_error(server):  # noqa: F811
    response = requests.get(server.url + "/api/v1/indicators/jiangsu-i77", timeout=10)
    assert response.status_code == 404 and response.json()["code"] == 404


def test_the_def_page_lists_each_term_once_with_both_labels(page, server):  # noqa: F811
    page.goto(server.url + "/def/")
    row = page.locator("#terms + .table-scroll tr", has=page.locator("a[href='/def/IndicatorTarget']"))
    assert row.count() == 1
    assert row.locator("td").all_inner_texts()[1:3] == ["指标目标", "indicator target"]


def test_the_api_docs_link_back_to_the_site(page, server):  # noqa: F811
    page.goto(server.url + "/")
    page.click("header nav a[href='/docs']")
    page.wait_for_selector(".info a[href='/']")


PAGES = {"home": "/", "plan": "/plan/jiangsu", "indicator": "/plan/jiangsu/indicator/7",
         "measure": "/measure/community-workers-per-10000-urban-residents", "comparison": MEASURE,
         "source": "/source/jiangsu?start=2633&end=2665", "matrix": "/matrix", "all comparisons": "/compare/",
         "search": "/search?q=" + quote("社区工作者"), "404": "/plan/jiangsu/indicator/77",
         "home in English": "/?lang=en", "sparql": "/sparql?query=" + quote(
             "SELECT ?plan ?title WHERE { ?plan a pl:Plan ; dcterms:title ?title }")}


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violations(page, server, name):  # noqa: F811
    page.goto(server.url + PAGES[name], wait_until="networkidle")
    if name == "sparql":
        page.wait_for_selector("table.results tbody tr")
    assert serious_violations(page) == []


def test_the_pages_ask_nothing_of_any_other_server(page, server):  # noqa: F811
    for path in ["/", MEASURE, "/compare/", "/plan/jiangsu", "/source/jiangsu", "/sparql?query=" + quote(
            "SELECT ?kind (COUNT(*) AS ?n) WHERE { ?x a ?kind } GROUP BY ?kind")]:
        page.goto(server.url + path, wait_until="networkidle")
    page.wait_for_selector("table.results tbody tr")
    page.click("#tab-chart")
    page.wait_for_selector("#panel-chart svg, #panel-chart canvas")
    assert page.outside == []
