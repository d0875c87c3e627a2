"""The review's pages as a curator uses them: a batch that ends, an item with its parts and the
national outline, rank and score explained, why an item is queued, the source as printed, the
restating sentence, the English labels on their own page, corrections recorded as such."""

import re

from planlink.scripts.link import linkage, load_curated
from tests.link.review_site import HOST, ORIGIN, files, make_site, rows, signed_in, site  # noqa: F401


def page(app, config, path):
    return signed_in(app, config).get(path, headers=HOST).get_data(as_text=True)


def card(html, national_id):
    """The HTML of one candidate's card on an item page."""
    start = html.index(f'data-candidate="{national_id}"')
    end = html.find("data-candidate=", start + 20)
    return html[start:end if end > 0 else html.index('id="outline"')]


def decide(client, config, subject, **form):
    return client.post(f"/link/{subject}", headers=ORIGIN, data={"token": config.token, **form})


def test_a_batch_of_two_ends_after_two_decisions_and_points_to_what_changed(make_site):
    app, config = make_site(limit=2)
    review = app.extensions["review"]
    first, second, third = [e.id for e in review.review.queue()[:3]]
    client = signed_in(app, config)
    for subject, following in ((first, f"/link/{second}"), (second, "/done")):
        entry = review.review.entries[subject]
        response = decide(client, config, subject, action="accept", object=entry.first.id,
                          relation=entry.first.relation)
        assert response.status_code == 302 and response.headers["Location"] == following
    done = client.get("/done", headers=HOST).get_data(as_text=True)
    assert "The batch is done" in done and 'href="/changes"' in done
    queue = client.get("/", headers=HOST).get_data(as_text=True)
    assert "2 decided, 0 left" in queue and "The batch is done" in queue and third not in queue


def test_a_chapter_level_item_shows_its_parts_and_a_national_chapter_its_sections(site):
    html = page(*site, "/link/shanghai-s3")
    assert "Its parts (7)" in html and all(f"shanghai-s3.{k} " in html for k in range(1, 8))
    chapter = card(html, "national-s6")
    assert "its sections (2)" in chapter and "national-s6.15" in chapter and "national-s6.16" in chapter


def test_the_whole_national_outline_is_offered_beside_the_candidates(site):
    html = page(*site, "/link/shanghai-s3")
    offered = re.findall(r'name="object" value="(national-s[\d.]+)"', html[html.index('id="outline"'):])
    assert len(offered) == 27 and offered[:3] == ["national-s1", "national-s1.1", "national-s1.2"]


def test_an_item_spanning_several_national_chapters_gets_them_all_in_outline_order(site, extractions):
    app, config = site
    client = signed_in(app, config)
    response = client.post("/link/shanghai-s3/outline", headers=ORIGIN, data={
        "token": config.token, "object": ["national-s6", "national-s2", "national-s3"], "relation": "related",
        "reason": "重点任务 holds national chapters 二 to 六"})
    assert response.status_code == 302
    mine = [r for r in rows(config.curated) if r["subject_id"] == "shanghai-s3" and r["decision"] != "reject"]
    assert [(r["object_id"], r["decision"]) for r in mine] == [
        ("national-s2", "correct"), ("national-s3", "correct"), ("national-s6", "correct")]
    first = app.extensions["review"].review.entries["shanghai-s3"].first
    assert "spans 3 national sections" in mine[0]["note"] and mine[0]["previous"] == f"{first.id} {first.relation}"
    applied = linkage(extractions, load_curated(config.curated)).links["shanghai-s3"]
    assert [(x["object"], x["method"]) for x in applied[:3]] == [
        ("national-s2", "curated"), ("national-s3", "curated"), ("national-s6", "curated")]


def test_a_choice_outside_the_national_outline_is_refused_and_nothing_written(site):
    app, config = site
    before = config.curated.read_bytes()
    for chosen in ("national-s9.99", "shanghai-s3.1"):
        response = signed_in(app, config).post("/link/shanghai-s3/outline", headers=ORIGIN, data={
            "token": config.token, "object": chosen, "relation": "related", "reason": "r"})
        assert response.status_code == 400 and config.curated.read_bytes() == before


def test_every_card_explains_its_rank_and_its_score(site):
    html = page(*site, "/link/jiangsu-s8.30")
    cards = re.findall(r'data-candidate="([^"]+)"', html)
    explained = re.findall(r'<p class="explain rank">(.*?)</p>', html, re.S)
    assert len(cards) == len(explained) >= 4
    assert all(("rank" in e) and ("score" in e) for e in explained)
    assert "rank 1: the item's counterpart" in explained[0]


def test_every_queued_item_says_why(site):
    app, config = site
    html = page(app, config, "/")
    whys = re.findall(r'<td class="why">(.*?)</td>', html, re.S)
    assert len(whys) == len(app.extensions["review"].batch) > 30
    assert all("score: best" in w and "margin:" in w for w in whys)
    jiangsu_gap = next(g for g in app.extensions["review"].review.gaps["jiangsu"]["gaps"]
                       if g["id"] == "national-s1.2")
    nearest = app.extensions["review"].review.entries[jiangsu_gap["closest"]["id"]]
    assert any(r.startswith("would close the gap national-s1.2") for r in nearest.reasons)


def test_the_source_starts_at_the_item_with_its_headings_as_headings(site):
    html = page(*site, "/link/shanghai-s3")
    source = html[html.index('class="card source"'):html.index("Its parts")]
    assert "<h4>三、“十四五”时期上海市城乡社区服务体系建设的重点任务</h4>" in source
    assert "<h4>（一）完善党建引领城乡社区服务格局</h4>" in source and "#" not in source
    assert "群众对社区服务总体满意率" not in source  # the indicator table printed just before it
    assert "<summary>more (" in source  # 10 809 characters: the rest behind "more"


def test_a_short_item_is_shown_whole(site):
    source = page(*site, "/link/shanghai-s3.3.2")
    source = source[source.index('class="card source"'):]
    assert "加快实现第五代移动通信（5G）网络、千兆光网、新型城域物联专网等在社区的深度覆盖。" in source
    assert "more (" not in source[:source.index("</div>")]


def test_the_item_page_shows_the_restating_sentence_beside_the_national_clause(site):
    restated = card(page(*site, "/link/shanghai-s2.1"), "national-s1.4")
    assert "restates the national clause" in restated and "坚持共建共治共享" in restated
    assert "<mark>坚持共建共治共享</mark>" in restated and "坚持分类指导" in restated  # the item's sentence


def test_the_english_labels_have_their_own_page(site):
    app, config = site
    waiting = app.extensions["review"].review.labels()
    assert "/label?kind=" not in page(app, config, "/")
    labels = page(app, config, "/labels")
    assert f"English labels awaiting a verdict ({len(waiting)})" in labels and labels.count("/label?kind=") == len(waiting)


def test_accepting_the_first_link_with_another_relation_is_a_correction_with_its_evidence(site):
    app, config = site
    entry = app.extensions["review"].review.queue()[0]  # the most uncertain item no one has decided
    first = entry.first
    relation = "broader" if first.relation != "broader" else "related"
    sentence = app.extensions["review"].review.links(entry.id)[first.id]["evidence"]
    client = signed_in(app, config)
    response = decide(client, config, entry.id, action="accept", object=first.id, relation=relation,
                      reason="the item is narrower than the section", evidence=sentence)
    assert response.status_code == 302
    (row,) = [r for r in rows(config.curated) if r["subject_id"] == entry.id]
    assert (row["decision"], row["object_id"], row["relation"]) == ("correct", first.id, relation)
    assert row["previous"] == f"{first.id} {first.relation}" and row["evidence"] == sentence
    changed = client.get("/changes", headers=HOST).get_data(as_text=True)
    assert f"correct: {first.id} stays first, relation {first.relation} → {relation}" in changed


def test_evidence_that_is_not_a_sentence_of_the_section_is_refused(site):
    app, config = site
    before = config.curated.read_bytes()
    entry = app.extensions["review"].review.queue()[0]
    response = decide(signed_in(app, config), config, entry.id, action="accept", object=entry.first.id,
                      relation=entry.first.relation, evidence="一句国家规划没有的话。")
    assert response.status_code == 302 and config.curated.read_bytes() == before
