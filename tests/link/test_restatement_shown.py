"""A restatement shows the provincial sentence that says the national clause: in the graph, the JSON,
the SSSOM mapping set and the review page (the page: tests/link/test_curate.py)."""

import csv
import io

import pytest

from planlink.api.store import open_store
from planlink.scripts.publish import MAPPING_SET, dumps_dir

PLAN = "https://planlink.example/plan/"
CLAUSE = "坚持共建共治共享"  # a principle only national 1.4 states; Shanghai 2.1 lists it among its own


@pytest.fixture(scope="module")
def client(built_store):
    from planlink.api import create_app
    from planlink.api.store import close_store

    app = create_app({"TESTING": True, "PLANLINK_STORE": str(built_store)})
    yield app.test_client()
    close_store(app)


def section(client, section_id):
    plan = section_id.split("-")[0]
    return next(s for s in client.get(f"/api/v1/sections?plan={plan}&limit=500").get_json()["items"]
                if s["id"] == section_id)


def test_the_graph_names_the_sentence_beside_the_clause(built_store):
    store = open_store(built_store)
    try:
        rows = store.select(f"""PREFIX pl: <https://planlink.example/def/>
            SELECT ?clause ?sentence WHERE {{
              ?link pl:subject <{PLAN}shanghai/section/2.1> ; pl:object <{PLAN}national/section/1.4> ;
                    pl:restatedClause ?clause ; pl:restatingSentence ?sentence }}""")
    finally:
        store.close()
    (row,) = rows
    assert row["clause"] == CLAUSE and "坚持分类指导，坚持共建共治共享" in row["sentence"]


def test_every_restated_clause_in_the_graph_has_its_sentence(built_store):
    store = open_store(built_store)
    try:
        counts = store.select("""PREFIX pl: <https://planlink.example/def/>
            SELECT (COUNT(?link) AS ?clauses) (COUNT(?sentence) AS ?sentences) WHERE {
              ?link pl:restatedClause ?clause OPTIONAL { ?link pl:restatingSentence ?sentence } }""")[0]
    finally:
        store.close()
    assert counts["clauses"] == counts["sentences"] > 16  # the 16 restatements and best links that restate


def test_the_json_counterpart_carries_the_clause_and_the_provincial_sentence(client):
    found = section(client, "shanghai-s2.1")
    (link,) = [c for c in found["national_counterparts"] if c["id"] == "national-s1.4"]
    assert link["implements_because"] == "restates" and link["restated_clause"] == CLAUSE
    assert link["restating_sentence"] in found["text"] and CLAUSE in link["restating_sentence"]
    assert CLAUSE in link["evidence"]  # the national sentence, as before


def test_a_link_that_restates_nothing_has_no_such_fields(client):
    # Jiangsu 8.30 implements 7.20 as the match of its siblings, restating none of its clauses
    (link,) = [c for c in section(client, "jiangsu-s8.30")["national_counterparts"] if c["id"] == "national-s7.20"]
    assert link["implements_because"] == "siblings"
    assert "restated_clause" not in link and "restating_sentence" not in link


def test_the_mapping_set_comment_quotes_the_clause_and_the_sentence(built_store):
    text = (dumps_dir(built_store) / MAPPING_SET).read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("".join(line + "\n" for line in text.splitlines() if not line.startswith("#"))),
                          delimiter="\t")
    (row,) = [r for r in rows if r["subject_id"] == "planlink:plan/shanghai/section/2.1"
              and r["object_id"] == "planlink:plan/national/section/1.4"]
    assert row["curation_rule"] == "pl:restatement"
    assert f"restates the clause 「{CLAUSE}」 in the item's sentence 「以习近平新时代" in row["comment"]
