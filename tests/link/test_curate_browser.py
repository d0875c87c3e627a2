"""A curator in a browser: rejects a link, accepts the second candidate, applies; then the graph,
the JSON, the gap report and the SSSOM mapping set all show the decision, with who and why."""

import csv
import io
import re
import shutil

import pytest

from tests.api.browser import CHROMIUM, CHROMIUM_ARGS, needs_chromium
from tests.api.conftest import VENV_BIN, Server, free_port
from tests.link.test_curate import LINKS

CURATOR = "Li Wei (test curator)"
ITEM, FIRST, SECOND = "shanghai-s2.1", "national-s1.3", "national-s1.4"
REJECTED_BECAUSE = "总体要求 here lists the principles rather than restating the guiding thought"
ACCEPTED_BECAUSE = "it restates 坚持分类指导 and 坚持共建共治共享 of the principles"
PLAN = "https://planlink.example/plan/"


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory, sources_dir):
    """A build of its own (the review rebuilds it) with its own crosswalk; the review run over it in
    chromium as the module docstring says; the store, the crosswalk and the page after the build."""
    from playwright.sync_api import sync_playwright

    from planlink.scripts.build import build

    root = tmp_path_factory.mktemp("curate")
    for name in ("curated.csv", "translations.csv"):
        shutil.copy(LINKS / name, root / name)
    build(sources=sources_dir, out=root / "store", curated=root / "curated.csv")
    port = free_port()
    log = root / "curate.log"
    server = Server([str(VENV_BIN / "planlink"), "curate", "--store", str(root / "store"), "--port", str(port),
                     "--curator", CURATOR, "--curated", str(root / "curated.csv"),
                     "--translations", str(root / "translations.csv"), "--sources", str(sources_dir)],
                    f"http://127.0.0.1:{port}", "/", log)
    try:
        token = re.search(r"token=(\S+)", log.read_text()).group(1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.set_default_timeout(180_000)  # the build runs on a loaded machine
            page.goto(f"{server.url}/?token={token}")
            page.goto(f"{server.url}/link/{ITEM}")
            first = page.locator(f'[data-candidate="{FIRST}"]')
            first.locator("textarea[name=reason]").fill(REJECTED_BECAUSE)
            first.locator("button[value=reject]").click()
            page.wait_for_load_state()
            page.goto(f"{server.url}/link/{ITEM}")
            second = page.locator(f'[data-candidate="{SECOND}"]')
            second.locator("textarea[name=reason]").fill(ACCEPTED_BECAUSE)
            second.locator("button[value=accept]").click()
            page.wait_for_load_state()
            page.locator("header button").click()  # apply: build the graph
            page.wait_for_url("**/changes")
            changes = {"item": page.locator(f'tr.changed[data-item="{ITEM}"]').inner_text(),
                       "opened": page.locator(".opened").all_inner_texts()}
            browser.close()
    finally:
        server.stop()
    return root, changes


@needs_chromium
def test_the_review_page_shows_what_the_build_changed(reviewed):
    _, changes = reviewed
    assert SECOND in changes["item"] and CURATOR in changes["item"] and "rejected" in changes["item"]
    assert f"shanghai {FIRST}" in changes["opened"]  # nothing else in Shanghai implements 指导思想


@needs_chromium
def test_the_graph_holds_the_curated_link_with_who_when_and_why(reviewed):
    from planlink.api.store import open_store

    root, _ = reviewed
    store = open_store(root / "store")
    try:
        rows = store.select(f"""PREFIX pl: <https://planlink.example/def/>
            PREFIX sssom: <https://w3id.org/sssom/>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?object ?rank ?method ?who ?why ?date WHERE {{
              ?link pl:subject <{PLAN}shanghai/section/2.1> ; pl:object ?object ; pl:rank ?rank ; pl:method ?method .
              OPTIONAL {{ ?link sssom:author_label ?who }} OPTIONAL {{ ?link rdfs:comment ?why }}
              OPTIONAL {{ ?link sssom:mapping_date ?date }} }} ORDER BY ?rank""")
    finally:
        store.close()
    top = rows[0]
    assert top["object"] == PLAN + "national/section/1.4" and top["method"].endswith("curated")
    assert (top["who"], top["why"]) == (CURATOR, ACCEPTED_BECAUSE) and top["date"]
    assert PLAN + "national/section/1.3" not in {r["object"] for r in rows}


@needs_chromium
def test_the_json_and_the_gap_report_show_the_decision(reviewed):
    from planlink.api import create_app
    from planlink.api.store import close_store

    root, _ = reviewed
    app = create_app({"TESTING": True, "PLANLINK_STORE": str(root / "store")})
    client = app.test_client()
    try:
        section = next(s for s in client.get("/api/v1/sections?plan=shanghai&limit=500").get_json()["items"]
                       if s["id"] == ITEM)
        gaps = client.get("/api/v1/gaps?plan=shanghai").get_json()["items"]
    finally:
        close_store(app)
    top = section["national_counterparts"][0]
    assert (top["id"], top["method"], top["reviewer"], top["note"]) == (SECOND, "curated", CURATOR, ACCEPTED_BECAUSE)
    (gap,) = [g for g in gaps if g["id"] == FIRST]
    assert f"{ITEM}'s link to it was rejected by {CURATOR} on " in gap["no_counterpart_reason"]
    assert REJECTED_BECAUSE in gap["no_counterpart_reason"]


@needs_chromium
def test_the_mapping_set_shows_the_rejection_and_the_acceptance(reviewed):
    root, _ = reviewed
    text = (root / "dumps" / "planlink.sssom.tsv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO("".join(line + "\n" for line in text.splitlines()
                                                   if not line.startswith("#"))), delimiter="\t"))
    mine = {r["object_id"]: r for r in rows if r["subject_id"] == "planlink:plan/shanghai/section/2.1"}
    accepted, rejected = mine["planlink:plan/national/section/1.4"], mine["planlink:plan/national/section/1.3"]
    assert accepted["mapping_justification"] == rejected["mapping_justification"] == "semapv:ManualMappingCuration"
    assert accepted["planlink_status"] == "asserted" and accepted["author_label"] == CURATOR
    assert ACCEPTED_BECAUSE in accepted["comment"] and accepted["mapping_date"]
    assert rejected["predicate_modifier"] == "Not" and rejected["planlink_status"] == "rejected"
    assert rejected["author_label"] == CURATOR and REJECTED_BECAUSE in rejected["comment"]
