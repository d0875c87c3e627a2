"""Search in either language over the real build (the /search page and its JSON): English words find
the entities whose English labels hold them and, through the plans' Chinese for them, what the
Chinese words find; results grouped by kind; a word found nowhere says so."""

from __future__ import annotations

import pytest

from planlink.api.services import bilingual_search

KINDS = {"IndicatorTarget", "Measure", "Section", "Chapter", "Task", "Commitment"}


def found(client, q: str) -> dict[str, str]:
    """{entity IRI: its kind} for /search?q= (its JSON download: the page's own hits)."""
    response = client.get("/search", query_string={"q": q, "format": "json"})
    assert response.status_code == 200
    return {hit["iri"]: hit["type"] for hit in response.json["items"]}


def test_community_workers_finds_at_least_what_the_chinese_finds(real_client):
    chinese = {iri for iri, kind in found(real_client, "社区工作者").items() if kind in KINDS}
    english = found(real_client, "community workers")
    assert len(chinese) >= 20 and chinese <= set(english)


def test_english_words_find_english_labels_themselves(real_client):
    assert found(real_client, "staffing").keys() >= {"https://planlink.example/plan/national/section/6.15",
                                                     "https://planlink.example/plan/jiangsu/section/6.19"}


def test_the_chinese_for_community_workers_is_learnt_from_the_graph(real_client):
    from planlink.api.store import get_store

    with real_client.application.app_context():
        assert bilingual_search.chinese_for(get_store(), "community workers") == "社区工作者"
        assert bilingual_search.chinese_for(get_store(), "Community Worker") == "社区工作者"  # any case, singular
        assert bilingual_search.chinese_for(get_store(), "社区") is None  # not English


def test_a_word_the_english_labels_hold_too_rarely_gets_no_translation(real_client):
    from planlink.api.store import get_store

    with real_client.application.app_context():
        assert bilingual_search.chinese_for(get_store(), "staffing") is None  # in two labels, no shared Chinese


def test_the_english_page_says_which_chinese_it_also_searched(real_client):
    html = real_client.get("/search?q=community+workers&lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'Also searched the plans&#39; Chinese for “<span lang="zh">社区工作者</span>” (“community workers”)' in html


def test_results_are_grouped_by_kind(real_client):
    html = real_client.get("/search?q=community+workers&lang=en", headers={"Accept": "text/html"}).get_data(as_text=True)
    headings = [h.split("<small>")[0].strip() for h in html.split('<section class="search-group">\n  <h2>')[1:]]
    assert headings == ["Sections", "Numbered tasks", "Indicator targets", "Measures", "Project-box items", "Commitments",
                        "Status figures"]  # 433.8万 community workers and the like, from the review of the past period


@pytest.mark.parametrize("lang, says", [("en", "Nothing found."), ("zh", "没有找到。")])
def test_a_word_found_nowhere_says_so(real_client, lang, says):
    html = real_client.get("/search", query_string={"q": "xylophonics", "lang": lang},
                           headers={"Accept": "text/html"}).get_data(as_text=True)
    assert says in html


def test_a_phrase_no_text_holds_whole_is_searched_by_its_words_in_english_too(real_client):
    hits = found(real_client, "training community workers")
    assert hits and all(kind in KINDS | {"ProjectItem", "Project"} for kind in hits.values())
