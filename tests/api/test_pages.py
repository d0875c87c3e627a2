"""The HTML pages in a real browser: `planlink serve` on loopback over the real build, Debian's
headless chromium (driven by Playwright) renders each page for a reader whose browser prefers
Chinese, and the facts a reader looks for are checked in the DOM."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
import requests

from tests.api.browser import browser, needs_chromium, new_page, server  # noqa: F401 — fixtures

pytestmark = needs_chromium

EVIDENCE = "综合考虑服务居民数量等因素，合理确定社区工作者配备标准。"


class Page(HTMLParser):
    """The rendered DOM as a reader sees it: its text, its links, the language of <html>."""

    def __init__(self, dom: str):
        super().__init__(convert_charrefs=True)
        self.text_parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.lang = None
        self._link: list | None = None
        self._skip = 0
        self.feed(dom)
        self.text = " ".join(" ".join(self.text_parts).split())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a" and "href" in attrs:
            self._link = [attrs["href"], ""]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], " ".join(self._link[1].split())))
            self._link = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text_parts.append(data)
        if self._link is not None:
            self._link[1] += data

    def link_to(self, path: str) -> str:
        """The text of the first link to `path` (AssertionError if there is none)."""
        found = [text for href, text in self.links if href == path]
        assert found, f"no link to {path}"
        return found[0]


@pytest.fixture(scope="module")
def render(server, browser):  # noqa: F811
    """path → Page, each page rendered once by headless chromium."""
    page = new_page(browser)
    pages: dict[str, Page] = {}

    def render(path: str) -> Page:
        if path not in pages:
            page.goto(server.url + path)
            pages[path] = Page(page.content())
        return pages[path]

    yield render
    page.context.close()


INDICATOR = "/plan/jiangsu/indicator/7"


def test_indicator_page_is_chinese_and_titled_with_the_indicator_name(render):
    page = render(INDICATOR)
    assert page.lang == "zh"
    assert "每万城镇常住人口拥有社区工作者" in page.text


def test_indicator_page_shows_baseline_and_target_with_years(render):
    text = render(INDICATOR).text
    assert "16.8人 (2021) → ≥18人 (2025)" in text


def test_indicator_page_names_its_plan_section_unit_and_attribute(render):
    page = render(INDICATOR)
    assert page.link_to("/plan/jiangsu") == "江苏省“十四五”城乡社区服务体系建设规划"
    assert "发展目标" in page.link_to("/plan/jiangsu/section/1.4")
    assert "单位 人" in page.text and "属性 预期性" in page.text


def test_indicator_page_shows_the_national_counterpart_with_its_evidence(render):
    page = render(INDICATOR)
    assert page.link_to("/plan/national/section/6.15") == "选优配强社区工作者队伍"
    assert EVIDENCE in page.text
    assert "上位 · 得分 1.00 · 人工核对" in page.text  # the ontology's Chinese label of pl:curated


def test_indicator_page_compares_with_its_shanghai_peer(render):
    page = render(INDICATOR)
    assert page.link_to("/plan/shanghai/indicator/8") == "每万城镇常住人口拥有社区工作者"
    assert "相同 界限相同：≥18人 (2025) = ≥18人 (2025)" in page.text  # the outcome, and why in Chinese


def test_indicator_page_quotes_its_source_with_file_and_offsets(render):
    page = render(INDICATOR)
    assert "7 每万城镇常住人口拥有社区工作者 16.8人 ≥18人 预期性" in page.text
    assert page.link_to("/plan/jiangsu/source") == "jiangsu.txt"
    assert "原文第 2633–2665 个字符" in page.text


def test_indicator_page_keeps_the_full_description(render):
    page = render(INDICATOR)
    assert "完整描述" in page.text and "dcterms:identifier" in page.text and "jiangsu-i7" in page.text


def test_plan_page_lists_its_chapters_as_local_links(render, server):
    page = render("/plan/jiangsu")
    outline = requests.get(server.url + "/api/v1/plans/jiangsu", timeout=10).json()["outline"]
    assert len(outline) >= 5
    for chapter in outline:
        assert page.link_to("/" + chapter["iri"].split("/", 3)[3]) == chapter["number"] + chapter["title"]
    assert "苏政办发〔2022〕60号" in page.text and "2022-07-23" in page.text


def test_plan_page_names_its_issuer_and_lists_its_indicators(render):
    page = render("/plan/jiangsu")
    assert "江苏省人民政府办公厅" in page.text
    assert page.link_to("/plan/jiangsu/indicator/7") == "每万城镇常住人口拥有社区工作者"


def test_national_section_page_shows_its_text_and_the_provincial_entities_linked_to_it(render):
    page = render("/plan/national/section/6.15")
    assert "（十五）" in page.text and EVIDENCE in page.text
    assert "每万城镇常住人口拥有社区工作者" in page.link_to("/plan/jiangsu/indicator/7")
    assert page.link_to("/plan/national/section/6") == "六、加强城乡社区服务人才队伍建设"  # its chapter


def test_measure_page_lists_the_targets_that_measure_it(render):
    page = render("/measure/community-workers-per-10000-urban-residents")
    assert "community workers per 10 000 urban residents" in page.text
    assert "7. 每万城镇常住人口拥有社区工作者" == page.link_to("/plan/jiangsu/indicator/7")
    assert "8. 每万城镇常住人口拥有社区工作者" == page.link_to("/plan/shanghai/indicator/8")


@pytest.mark.parametrize("path", [INDICATOR, "/plan/jiangsu", "/plan/national/section/6.15"])
def test_links_stay_on_this_server(render, path):
    for href, _ in render(path).links:
        assert not href.startswith("https://planlink.example/"), href
