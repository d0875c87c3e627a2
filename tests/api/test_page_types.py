"""Every page type, in both languages, on a phone (390 px) in headless chromium over the real build:
no page is wider than the screen; an English page has no Chinese outside elements marked lang="zh"
(the plan's own words, quoted, are so marked); a Chinese page has no English sentence outside
elements marked lang="en" (code and IRIs aside); axe-core finds no serious or critical violation."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.api.browser import browser, needs_chromium, serious_violations, server  # noqa: F401 — fixtures

pytestmark = needs_chromium

PHONE = {"width": 390, "height": 844}
QUERY = "SELECT ?plan ?title WHERE { ?plan a pl:Plan ; dcterms:title ?title }"
PAGE_TYPES = {
    "home": "/", "plan": "/plan/jiangsu", "chapter": "/plan/national/section/6",
    "section": "/plan/national/section/6.15", "task": "/plan/shanghai/section/3.5.6",
    "indicator": "/plan/jiangsu/indicator/7", "measure": "/measure/community-workers-per-10000-urban-residents",
    "project": "/plan/jiangsu/project/3", "project item": "/plan/jiangsu/project/4/item/3",
    "commitment": "/plan/shanghai/commitment/20", "glossary term": "/plan/shanghai/term/5",
    "department": "/org/jiangsu-provincial-government-general-office", "region": "/region/320000",
    "ontology": "/def/", "ontology term": "/def/IndicatorTarget",
    "comparison": "/compare/community-workers-per-10000-urban-residents", "all comparisons": "/compare/",
    "matrix": "/matrix", "source": "/source/jiangsu?start=2633&end=2665",
    "search": "/search?q=" + quote("社区工作者"), "search in English": "/search?q=community+workers",
    "sparql": "/sparql?query=" + quote(QUERY), "404": "/plan/jiangsu/indicator/77",
    "alternates": "/plan/jiangsu?_profile=alt",
}
READY = {"sparql": "table.results tbody tr", "comparison": "#comparison-chart svg",
         "all comparisons": "#comparison-chart svg"}

# Text nodes in the wrong language, outside elements marked with their language (and outside code,
# the query editor and what is hidden): Chinese characters on an English page; on a Chinese page, an
# English sentence — two words in a row, one of them a lowercase word of three letters or more.
FOREIGN_TEXT = """(lang) => {
  const chinese = /[\\u3400-\\u9fff]/, english = /[A-Za-z]{2,}[,'’]?\\s+[a-z]{3,}|[a-z]{3,}\\s+[A-Za-z]{2,}/;
  const found = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement, text = node.textContent.trim();
    if (!text || element.closest("script, style, code, pre, textarea, .CodeMirror, [hidden]")) continue;
    const marked = (element.closest("[lang]") || document.documentElement).getAttribute("lang");
    if (lang === "en" && chinese.test(text) && !marked.startsWith("zh")) found.push(text.slice(0, 60));
    if (lang === "zh" && english.test(text) && !marked.startsWith("en")) found.push(text.slice(0, 60));
  }
  return found;
}"""


@pytest.fixture(scope="module")
def seen(server, browser):  # noqa: F811
    """(page type, language) → what a phone shows: its width, the text in the other language, and
    axe-core's serious violations; each page opened once."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    cache: dict[tuple, dict] = {}

    def look(name: str, lang: str) -> dict:
        if (name, lang) not in cache:
            path = PAGE_TYPES[name]
            page.goto(f"{server.url}{path}{'&' if '?' in path else '?'}lang={lang}", wait_until="networkidle")
            if name in READY:
                page.wait_for_selector(READY[name])
            cache[name, lang] = {"width": page.evaluate("document.documentElement.scrollWidth"),
                                 "foreign": page.evaluate(FOREIGN_TEXT, lang),
                                 "violations": serious_violations(page)}
        return cache[name, lang]

    yield look
    context.close()


CASES = [(name, lang) for name in PAGE_TYPES for lang in ("zh", "en")]
IDS = [f"{name}-{lang}" for name, lang in CASES]


@pytest.mark.parametrize("name, lang", CASES, ids=IDS)
def test_the_page_is_no_wider_than_a_phone(seen, name, lang):
    assert seen(name, lang)["width"] <= PHONE["width"]


@pytest.mark.parametrize("name, lang", CASES, ids=IDS)
def test_the_page_speaks_its_own_language_and_marks_the_other(seen, name, lang):
    assert seen(name, lang)["foreign"] == []


@pytest.mark.parametrize("name, lang", CASES, ids=IDS)
def test_no_serious_accessibility_violations(seen, name, lang):
    assert seen(name, lang)["violations"] == []
