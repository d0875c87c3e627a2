"""What a measure's series and a commitment's kind look like in the JSON API (issue 19)."""

import pytest


@pytest.fixture(scope="module")
def client(real_client):
    return real_client


def test_jiangsus_certified_social_workers_run_from_the_2020_status_to_the_2025_target(client):
    series = client.get("/api/v1/measures/certified-community-workers").json["series"]
    jiangsu = [(p["kind"], p["year"], p["value"], p["text"]) for p in series if p["plan"] == "jiangsu"]
    assert jiangsu == [("status", 2020, 2.2, "2.2万人"), ("baseline", 2021, 2.5, "2.5万人"), ("target", 2025, 3, "3万人")]
    (status,) = [p for p in series if p["kind"] == "status"]
    assert (status["id"], status["period"], status["section"]) == ("jiangsu-o14", "“十三五”时期", "jiangsu-s1.1")
    assert status["subject_en"] == "certified social workers in urban and rural communities"


def test_shanghais_community_organisations_grew_from_2015_before_the_tables_baseline(client):
    series = client.get("/api/v1/measures/community-social-organisations").json["series"]
    assert [(p["kind"], p["year"], p["value"]) for p in series] == [
        ("status", 2015, 2.7), ("status", 2020, 3.4), ("baseline", 2020, 3.4), ("target", 2025, 6.6)]


def test_a_measure_no_plan_reports_a_status_on_has_only_its_tables(client):
    series = client.get("/api/v1/measures/community-workers-per-10000-urban-residents").json["series"]
    assert {p["kind"] for p in series} == {"baseline", "target"}


def test_an_addition_says_so_and_over_which_years(client):
    items = client.get("/api/v1/commitments?plan=shanghai&limit=500").json["items"]
    (places,) = [c for c in items if c["unit"] == "万个"]
    assert (places["kind"], places["change"]) == ("addition", {"from": 2021, "to": 2025})
    assert {c["kind"] for c in items if c["unit"] == "%"} == {"level"}
    assert all(c["change"] is None for c in items if c["kind"] == "level")


def page(client, path, lang):
    return client.get(f"{path}?lang={lang}", headers={"Accept": "text/html"}).get_data(as_text=True)


def test_the_measure_page_shows_jiangsus_2020_status_before_its_baseline_in_both_languages(client):
    zh = page(client, "/measure/certified-community-workers", "zh")
    series = zh[zh.index("时间序列：现状 → 基期 → 目标"):]
    assert series.index("2.2万人") < series.index("2.5万人") < series.index("3万人")
    en = page(client, "/measure/certified-community-workers", "en")
    assert "Series: status → baseline → target" in en and "certified social workers in urban and rural communities" in en


def test_the_comparison_page_shows_the_series_where_a_plan_reports_a_status(client):
    html = page(client, "/compare/community-social-organisations", "zh")
    series = html[html.index("时间序列：现状 → 基期 → 目标"):]
    assert series.index("2.7万家") < series.index("3.4万家") < series.index("6.6")
    assert "现状值" not in page(client, "/compare/community-workers-per-10000-urban-residents", "zh")
