"""One gap report: `planlink gaps`, GET /api/v1/gaps and /matrix give the same gaps, all read from
the graph the build wrote (the build works them out once)."""

import json

import pytest

from planlink.scripts.cli import main


@pytest.fixture(scope="module")
def client(built_store):
    from planlink.api import create_app
    from planlink.api.store import close_store

    app = create_app({"TESTING": True, "PLANLINK_STORE": str(built_store)})
    yield app.test_client()
    close_store(app)


def cli_gaps(capsys, store, *args) -> list[dict]:
    assert main(["gaps", "--format", "json", "--store", str(store), *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_command_and_the_api_give_the_same_gaps(capsys, built_store, client):
    from_cli = cli_gaps(capsys, built_store)
    from_api = client.get("/api/v1/gaps?limit=500").get_json()
    assert from_api["total"] == len(from_cli) and from_api["items"] == from_cli
    assert {(g["plan"], g["id"]) for g in from_cli} >= {("shanghai", "shanghai-s3.4.3"), ("jiangsu", "national-s1.2")}


def test_the_matrix_shows_exactly_the_national_gaps_of_the_api(client):
    national = {(g["plan"], g["iri"]) for g in client.get("/api/v1/gaps?limit=500").get_json()["items"]
                if g["side"] == "national"}
    rows = client.get("/matrix?format=json").get_json()["items"]
    plans = {key[:-len(" gap")] for key in rows[0] if key.endswith(" gap")}
    in_matrix = {(plan, row["section"]) for row in rows for plan in plans if row[f"{plan} gap"]}
    assert national and in_matrix == national
    assert all(row[plan] > 0 for row in rows for plan in plans if not row[f"{plan} gap"] and row["level"] == 2)


def test_the_matrix_page_marks_a_gap_cell_for_each_national_gap(client):
    national = [g for g in client.get("/api/v1/gaps?limit=500").get_json()["items"] if g["side"] == "national"]
    page = client.get("/matrix", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert page.count('<td class="gap">') == len(national)


def test_one_plans_gaps_filter_the_same_report(capsys, built_store, client):
    assert cli_gaps(capsys, built_store, "--plan", "jiangsu") == \
        client.get("/api/v1/gaps?plan=jiangsu").get_json()["items"]


def test_the_gap_report_is_a_csv_too(client):
    response = client.get("/api/v1/gaps?format=csv")
    header = response.get_data(as_text=True).lstrip("\ufeff").splitlines()[0]
    assert response.mimetype == "text/csv" and header.startswith("id,iri,plan,side,kind,title,no_counterpart_reason")


def test_an_unknown_plan_is_a_400_not_an_empty_report(client):
    response = client.get("/api/v1/gaps?plan=nowhere")
    assert response.status_code == 400 and "nowhere" in response.get_json()["message"]


def test_a_store_with_no_gap_report_says_to_build_again(capsys, tmp_path):
    from planlink.api.store import write_store

    write_store(b'<https://planlink.example/plan/x> <http://purl.org/dc/terms/identifier> "x" .\n', tmp_path / "store")
    assert main(["gaps", "--store", str(tmp_path / "store")]) == 1
    assert "holds no gap report" in capsys.readouterr().err


def test_a_build_without_the_national_plan_says_why_there_are_no_gaps(capsys, tmp_path, sources_dir):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "shanghai.txt").write_bytes((sources_dir / "shanghai.txt").read_bytes())
    assert main(["build", "--sources", str(tmp_path / "src"), "--out", str(tmp_path / "store"), "--no-cache"]) == 0
    capsys.readouterr()
    assert cli_gaps(capsys, tmp_path / "store") == []
    assert main(["gaps", "--store", str(tmp_path / "store")]) == 0
    captured = capsys.readouterr()
    assert "the build has no national plan" in captured.err and "no gaps:" not in captured.out
