"""The pages' words: one catalogue for both languages, the graph's English where it has it, the
comparisons explained in Chinese on Chinese pages, downloads in the page's language, and links
built from a page's own address that never leave the site."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from planlink.api.views import explanations
from planlink.api.views.i18n import LANGUAGES, SCRIPT_KEYS, UI

API = Path(__file__).resolve().parents[2] / "api"
HTML = {"Accept": "text/html"}
MEASURE = "/compare/community-workers-per-10000-urban-residents"


class Links(HTMLParser):
    """Every <a>: its href, the attributes of the elements it is in, and its text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.links, self._open, self._stack = [], None, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._stack.append((tag, attrs))
        if tag == "a" and "href" in attrs:
            self._open = {"href": attrs["href"], "text": "", "in": [dict(a) for _, a in self._stack]}

    def handle_endtag(self, tag):
        while self._stack and self._stack.pop()[0] != tag:
            pass
        if tag == "a" and self._open is not None:
            self.links.append(self._open)
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data


def page(client, path: str, lang: str) -> str:
    response = client.get(path, query_string={"lang": lang}, headers=HTML)
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


# ---------------------------------------------------------------- the catalogue

def test_every_word_of_the_catalogue_is_there_in_both_languages():
    assert all(set(texts) == set(LANGUAGES) and all(isinstance(t, str) for t in texts.values())
               for texts in UI.values())


def test_every_word_a_template_asks_for_is_in_the_catalogue():
    asked = {key for path in (API / "templates").glob("*.html")
             for key in re.findall(r"""\bt\(\s*["']([\w ]+)["']\s*[,)]""", path.read_text(encoding="utf-8"))}
    assert asked and asked - set(UI) == set()


def test_every_word_a_script_asks_for_is_sent_to_it():
    scripts = {"chart": API / "static/js/compare.js", "workbench": API / "static/js/workbench"}
    for which, where in scripts.items():
        files = [where] if where.is_file() else list(where.glob("*.js"))
        asked = {key for path in files for key in re.findall(r"""\bsay\(\s*["']([\w ]+)["']\s*[,)]""", path.read_text())}
        assert asked and asked - set(SCRIPT_KEYS[which]) == set(), which


# ---------------------------------------------------------------- comparisons explained in Chinese

def quantities():
    for value in (18, 30, 100):
        for comparator in (">=", ">", "=", "<="):
            for printed in (True, False):
                for unit in ("人", "%", "万人"):
                    for year in (2025, 2020, None):
                        yield {"value": value, "unit": unit, "comparator": comparator, "year": year,
                               "printed": printed if comparator == "=" else True}


def test_every_explanation_the_comparison_code_writes_reads_in_chinese():
    from planlink.scripts.link.comparisons import compare

    said = {compare(mine, other)[1] for mine in quantities() for other in quantities()}
    said.add(compare({"value": None, "unit": "人"}, {"value": 3, "unit": "人"})[1])
    assert len(said) > 50
    for explanation in said:
        chinese = explanations.in_chinese(explanation)
        assert chinese is not None and not re.search(r"[A-Za-z]{2,}", chinese), explanation


def test_every_explanation_in_the_built_graph_reads_in_chinese(real_client):
    from planlink.api.store import get_store

    with real_client.application.app_context():
        rows = get_store().select("SELECT ?e WHERE { ?c <https://planlink.example/def/explanation> ?e }")
    assert rows
    for row in rows:
        chinese = explanations.in_chinese(row["e"])
        assert chinese is not None and not re.search(r"[A-Za-z]{3,}", chinese), row["e"]


def test_the_chinese_comparison_page_explains_in_chinese(real_client):
    text = page(real_client, MEASURE, "zh")
    assert "界限相同：≥18人 (2025) = ≥18人 (2025)" in text and "same bound" not in text


def test_the_english_comparison_page_explains_in_english_with_the_printed_figures_marked_chinese(real_client):
    text = page(real_client, MEASURE, "en")
    assert 'same bound ≥18<span lang="zh">人</span> (2025) = ≥18<span lang="zh">人</span> (2025)' in text


# ---------------------------------------------------------------- English from the graph

def test_an_english_page_names_a_national_provision_by_its_english_label(real_client):
    links = Links(page(real_client, "/compare/", "en")).links
    provision = [a["text"] for a in links if a["href"] == "/plan/national/section/4.11"]
    assert provision and set(provision) == {"Optimising the layout of service facilities"}


def test_an_english_page_gives_units_and_plan_names_in_english(real_client):
    text = page(real_client, MEASURE, "en")
    assert "<td>persons</td>" in text and "<td>Shanghai</td>" in text and "上海市" not in text


def test_a_plan_s_own_words_on_an_english_page_are_marked_chinese(real_client):
    text = page(real_client, "/plan/jiangsu", "en")
    assert '<dd><span lang="zh">苏政办发〔2022〕60号</span></dd>' in text


def test_the_english_csv_has_english_labels_and_units(real_client):
    response = real_client.get(MEASURE, query_string={"format": "csv", "lang": "en"})
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert {row["measure_label"] for row in rows} == {"community workers per 10 000 urban residents"}
    assert {row["unit"] for row in rows} == {"persons"} and rows[0]["target_text"] == "≥18人"  # printed, as is


def test_the_chinese_csv_explains_in_chinese_with_the_same_columns(real_client):
    def read(lang):
        response = real_client.get(MEASURE, query_string={"format": "csv", "lang": lang})
        return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    chinese, english = read("zh"), read("en")
    assert list(chinese[0]) == list(english[0])
    assert chinese[0]["explanation"].startswith("界限相同：") and chinese[0]["unit"] == "人"


# ---------------------------------------------------------------- error pages

def test_a_chinese_404_page_says_so_in_chinese_and_marks_the_server_s_english(real_client):
    text = page(real_client, "/plan/jiangsu/indicator/77", "zh")
    assert "这个地址没有内容" in text
    assert '<span lang="en">nothing is known about &lt;https://planlink.example/plan/jiangsu/indicator/77&gt;</span>' in text


# ---------------------------------------------------------------- links built from the address

@pytest.mark.parametrize("path", ["/%5Cevil.example/x", "//evil.example/x", "/%2F%2Fevil.example/x",
                                  "/plan/jiangsu/indicator/77"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_language_switch_keeps_the_page_s_own_address(real_client, path, lang):
    switch = [a for a in Links(page(real_client, path, lang)).links if any(
        "langs" in (attrs.get("class") or "") for attrs in a["in"])]
    assert len(switch) == 1
    parts = urlsplit(switch[0]["href"])
    assert (parts.scheme, parts.netloc, parts.path) == ("", "", "")  # a query only: this page, other language
