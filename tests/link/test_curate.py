"""The curators' review (`planlink curate`): its safety, its queue, and the one writer of decisions."""

import pytest

from planlink.scripts.errors import InputError
from planlink.scripts.link import load_curated, review
from tests.link.review_site import HOST, LINKS, PORT, files, make_site, rows, signed_in, site  # noqa: F401


def test_the_public_app_has_no_route_that_writes(built_store):
    from planlink.api import create_app

    app = create_app({"TESTING": True, "PLANLINK_STORE": str(built_store)})
    writes = {(rule.rule, method) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"GET", "HEAD", "OPTIONS"}}
    # a SPARQL query may come as a POST (the SPARQL 1.1 Protocol); the endpoint refuses updates
    assert writes <= {("/sparql", "POST")}
    assert not [r.rule for r in app.url_map.iter_rules() if r.rule.startswith(("/link", "/label", "/build"))]


def test_the_review_refuses_a_request_without_its_token(site):
    app, config = site
    client = app.test_client()
    assert client.get("/", headers=HOST).status_code == 403
    assert client.get("/?token=guess", headers=HOST).status_code == 403
    response = client.post("/link/shanghai-s2.1", data={"action": "none", "reason": "x"}, headers=HOST)
    assert response.status_code == 403


def test_a_decision_without_the_form_token_is_refused_even_with_the_cookie(site, files):
    app, config = site
    client = signed_in(app, config)
    before = (files / "curated.csv").read_bytes()
    response = client.post("/link/shanghai-s2.1", data={"action": "none", "reason": "x"}, headers=HOST)
    assert response.status_code == 403 and (files / "curated.csv").read_bytes() == before


def test_every_route_that_writes_refuses_a_post_without_the_form_token(site, files):
    app, config = site
    client = signed_in(app, config)
    before = {name: (files / name).read_bytes() for name in ("curated.csv", "translations.csv")}
    posts = sorted(rule.rule.replace("<subject>", "shanghai-s2.1") for rule in app.url_map.iter_rules()
                   if "POST" in rule.methods)
    assert posts == ["/build", "/label", "/link/shanghai-s2.1", "/link/shanghai-s2.1/outline"]
    for path in posts:
        response = client.post(path, headers=HOST, data={"action": "none", "reason": "x", "object": "national-s2",
                                                         "relation": "related", "verdict": "right"})
        assert response.status_code == 403, path
    assert before == {name: (files / name).read_bytes() for name in ("curated.csv", "translations.csv")}


def test_a_decision_from_another_origin_is_refused(site, files):
    app, config = site
    client = signed_in(app, config)
    before = (files / "curated.csv").read_bytes()
    response = client.post("/link/shanghai-s2.1", headers={**HOST, "Origin": "https://evil.example"},
                           data={"action": "none", "reason": "x", "token": config.token})
    assert response.status_code == 403 and (files / "curated.csv").read_bytes() == before


def test_the_review_answers_only_its_own_loopback_host(site):
    app, config = site
    client = app.test_client()
    response = client.get(f"/?token={config.token}", headers={"Host": f"rebinding.example:{PORT}"})
    assert response.status_code == 403


def test_the_queue_puts_the_most_uncertain_first_and_leaves_decided_items_out(site):
    app, config = site
    entries = app.extensions["review"].review.queue()
    uncertainty = [e.uncertainty for e in entries]
    assert uncertainty == sorted(uncertainty, reverse=True) and uncertainty[0] > 0.5
    decided = {row["subject_id"] for row in rows(config.curated)}
    assert not decided & {e.id for e in entries}
    page = signed_in(app, config).get("/", headers=HOST).get_data(as_text=True)
    assert entries[0].id in page and page.index(entries[0].id) < page.index(entries[1].id)


def test_an_item_page_shows_its_text_in_context_and_every_candidate_with_evidence(site):
    app, config = site
    page = signed_in(app, config).get("/link/jiangsu-s8.30", headers=HOST).get_data(as_text=True)
    assert "强化对规划实施情况动态监测和评估工作" in page  # the item's own text
    assert 'class="card source"' in page  # as its source prints it
    assert 'data-candidate="national-s7.17"' in page and 'data-candidate="national-s7.20"' in page
    assert "implements: match among siblings" in page and "evidence:" in page


def test_a_decision_is_written_with_the_curator_the_date_and_the_reason(site):
    app, config = site
    client = signed_in(app, config)
    response = client.post("/link/shanghai-s2.1", headers={**HOST, "Origin": f"http://127.0.0.1:{PORT}"},
                           data={"action": "reject", "object": "national-s1.3", "reason": "not the guiding thought",
                                 "token": config.token})
    assert response.status_code == 302
    (row,) = [r for r in rows(config.curated) if r["subject_id"] == "shanghai-s2.1"]
    assert (row["object_id"], row["decision"], row["note"], row["reviewer"]) == \
        ("national-s1.3", "reject", "not the guiding thought", "Li Wei")
    assert len(row["date"]) == 10 and load_curated(config.curated)  # the build can read it


def test_a_decision_without_a_reason_is_refused_with_a_message_and_nothing_written(site):
    app, config = site
    before = config.curated.read_bytes()
    response = signed_in(app, config).post("/link/shanghai-s2.1", headers=HOST, follow_redirects=True,
                                           data={"action": "reject", "object": "national-s1.3", "token": config.token})
    assert "say why" in response.get_data(as_text=True) and config.curated.read_bytes() == before


def test_accepting_another_candidate_replaces_an_earlier_no_counterpart(files):
    path = files / "curated.csv"
    review.record_link_decision("shanghai-p3.8", "correct", "0000-0002-1825-0097", reason="rural sewage is 人居环境",
                                object_id="national-s3.8", relation="related", path=path)
    mine = [r for r in rows(path) if r["subject_id"] == "shanghai-p3.8"]
    assert [(r["object_id"], r["decision"]) for r in mine] == [("national-s3.8", "correct")]
    (link,) = [r for r in load_curated(path) if r["subject_id"] == "shanghai-p3.8"]
    assert link["reviewer"] == "0000-0002-1825-0097"


def test_no_counterpart_replaces_every_earlier_row_of_the_item(files):
    path = files / "curated.csv"
    review.record_link_decision("shanghai-s3.2", "none", "Li Wei", reason="a heading only", path=path)
    mine = [r for r in rows(path) if r["subject_id"] == "shanghai-s3.2"]
    assert [(r["object_id"], r["decision"]) for r in mine] == [("", "reject")]


@pytest.mark.parametrize("subject,decision,target,why", [
    ("national-s1.2", "reject", "national-s1.3", "provincial item"),
    ("shanghai-s2.1", "correct", "shanghai-s1.1", "national chapter or section"),
    ("shanghai-s2.1", "correct", "national-s1.4", "relation"),
    ("shanghai-s2.1", "approve", "national-s1.4", "decision"),
])
def test_a_decision_the_crosswalk_cannot_hold_is_refused_and_the_file_kept(files, subject, decision, target, why):
    path = files / "curated.csv"
    before = path.read_bytes()
    with pytest.raises(InputError, match=why):
        review.record_link_decision(subject, decision, "Li Wei", reason="r", object_id=target, path=path)
    assert path.read_bytes() == before


def test_a_label_verdict_is_written_in_place_with_the_reviewer(site):
    app, config = site
    label = next(r for r in rows(config.translations) if not r["verdict"])
    response = signed_in(app, config).post("/label", headers=HOST, data={
        "kind": label["kind"], "zh": label["zh"], "verdict": "better", "better": "A better English",
        "token": config.token})
    assert response.status_code == 302
    after = rows(config.translations)
    (row,) = [r for r in after if r["kind"] == label["kind"] and r["zh"] == label["zh"]]
    assert (row["reviewer"], row["verdict"], row["review_note"]) == ("Li Wei", "better", "A better English")
    assert [r["zh"] for r in after] == [r["zh"] for r in rows(LINKS / "translations.csv")]  # in place, none lost


def test_choosing_counterparts_replaces_earlier_choices_and_keeps_rejections_of_others(files):
    path = files / "curated.csv"
    review.record_link_decision("jiangsu-p2.5", "reject", "Li Wei", reason="not digital", object_id="national-s5.13",
                                path=path)
    review.record_link_decision("jiangsu-p2.5", "correct", "Li Wei", reason="a market service",
                                object_id="national-s3.9", relation="related", path=path)
    review.record_counterparts("jiangsu-p2.5", ["national-s3.8", "national-s3.10"], "broader", "Li Wei",
                               "childcare as a public service", evidence={"national-s3.8": "重点强化社区养老、托育。"},
                               path=path)
    mine = [(r["object_id"], r["decision"], r["evidence"]) for r in rows(path) if r["subject_id"] == "jiangsu-p2.5"]
    assert mine == [("national-s5.13", "reject", ""), ("national-s3.8", "correct", "重点强化社区养老、托育。"),
                    ("national-s3.10", "correct", "")]


def test_choosing_no_section_or_a_provincial_one_is_refused_and_the_file_kept(files):
    path = files / "curated.csv"
    before = path.read_bytes()
    for chosen in ([], ["shanghai-s3.1"]):
        with pytest.raises(InputError):
            review.record_counterparts("shanghai-s3", chosen, "related", "Li Wei", "spans", path=path)
    assert path.read_bytes() == before


def test_another_curators_crosswalk_merges_its_new_rows_once_through_the_writer(files, tmp_path_factory):
    theirs = tmp_path_factory.mktemp("theirs") / "curated.csv"
    theirs.write_bytes((files / "curated.csv").read_bytes())
    review.record_link_decision("shanghai-s3.3.2", "correct", "Outside reviewer", reason="digital infrastructure",
                                object_id="national-s5.14", relation="broader", path=theirs)
    review.record_link_decision("shanghai-s3", "reject", "Outside reviewer", reason="an umbrella chapter",
                                object_id="national-s6", path=theirs)
    ours = files / "curated.csv"
    merged = review.merge_crosswalk(theirs, ours)
    assert [(r["subject_id"], r["decision"]) for r in merged] == [("shanghai-s3.3.2", "correct"),
                                                                  ("shanghai-s3", "reject")]
    assert rows(ours)[-2:] == rows(theirs)[-2:] and len(rows(ours)) == len(rows(theirs))
    assert review.merge_crosswalk(theirs, ours) == []  # nothing new the second time


def test_a_crosswalk_row_the_writer_refuses_is_named_by_its_line_and_nothing_merged(files, tmp_path_factory):
    theirs = tmp_path_factory.mktemp("theirs") / "curated.csv"
    theirs.write_text("subject_id,object_id,relation,decision,note,reviewer\n"
                      "shanghai-s3,national-s6,,approve,looks right,X\n", encoding="utf-8")
    before = (files / "curated.csv").read_bytes()
    with pytest.raises(InputError, match="line 2: decision must be one of"):
        review.merge_crosswalk(theirs, files / "curated.csv")
    assert (files / "curated.csv").read_bytes() == before


def test_a_merge_is_all_or_nothing(files, tmp_path_factory):
    theirs = tmp_path_factory.mktemp("theirs") / "curated.csv"
    theirs.write_text("subject_id,object_id,relation,decision,note,reviewer,date\n"
                      "shanghai-s3.3.2,national-s5.14,broader,correct,digital,X,2026-12-08\n"
                      "shanghai-s3,national-s6,,reject,,X,2026-12-08\n", encoding="utf-8")  # a rejection needs a reason
    before = (files / "curated.csv").read_bytes()
    with pytest.raises(InputError, match="line 3: say why"):
        review.merge_crosswalk(theirs, files / "curated.csv")
    assert (files / "curated.csv").read_bytes() == before


def test_the_merge_command_says_how_many_decisions_it_merged_or_why_not(files, tmp_path_factory, capsys):
    theirs = tmp_path_factory.mktemp("theirs") / "curated.csv"
    theirs.write_bytes((files / "curated.csv").read_bytes())
    review.record_link_decision("shanghai-s3", "reject", "X", reason="an umbrella chapter", object_id="national-s2",
                                path=theirs)
    assert review.main(["--merge", str(theirs), "--into", str(files / "curated.csv")]) == 0
    assert "merged 1 decisions" in capsys.readouterr().out
    assert review.main(["--merge", str(files / "missing.csv"), "--into", str(files / "curated.csv")]) == 1
    assert "merge: " in capsys.readouterr().err
