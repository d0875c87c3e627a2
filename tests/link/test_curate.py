"""The curators' review (`planlink curate`): its safety, its queue, and the one writer of decisions."""

import csv
import shutil
from pathlib import Path

import pytest

from planlink.scripts.errors import InputError, PlanlinkError
from planlink.scripts.link import load_curated, review

LINKS = Path(__file__).resolve().parents[2] / "graph_data" / "links"
PORT = 5099
HOST = {"Host": f"127.0.0.1:{PORT}"}


@pytest.fixture
def files(tmp_path):
    for name in ("curated.csv", "translations.csv"):
        shutil.copy(LINKS / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def site(built_store, files, sources_dir):
    from planlink.api.curate import ReviewConfig, create_review_app
    from planlink.scripts.publish import MAPPING_SET, dumps_dir

    config = ReviewConfig(store=built_store, mapping_set=dumps_dir(built_store) / MAPPING_SET,
                          curated=files / "curated.csv", translations=files / "translations.csv",
                          curator="Li Wei", port=PORT, sources=sources_dir, refusals=(PlanlinkError,),
                          record_link=lambda *a, **k: review.record_link_decision(*a, **k, path=files / "curated.csv"),
                          record_label=lambda *a, **k: review.record_translation_verdict(
                              *a, **k, path=files / "translations.csv"))
    app = create_review_app(config)
    yield app, config
    app.extensions["review"].store.close()


def signed_in(app, config):
    client = app.test_client()
    assert client.get(f"/?token={config.token}", headers=HOST).status_code == 302
    return client


def rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


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
    assert "<mark>" in page  # in its source text
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
