"""Issue 10 item 6 in the JSON API (the real build): a bare figure keeps the contract's comparator
'=' and says it was not printed; a printed one says it was."""

import pytest


@pytest.fixture
def client(real_client):
    return real_client


def test_jiangsu_indicator_9_target_90_percent_is_equals_by_contract_and_marked_not_printed(client):
    target = client.get("/api/v1/indicators/jiangsu-i9").json["target"]
    assert target == {"year": 2025, "value": 90, "comparator": "=", "comparator_printed": False, "text": "90%"}


def test_jiangsu_indicator_7_target_is_still_at_least_18_and_printed(client):
    target = client.get("/api/v1/indicators/jiangsu-i7").json["target"]
    assert (target["comparator"], target["value"], target["comparator_printed"]) == (">=", 18, True)


def test_jiangsu_indicator_6_baseline_2_5_wan_is_equals_and_not_printed(client):
    baseline = client.get("/api/v1/indicators/jiangsu-i6").json["baseline"]
    assert (baseline["value"], baseline["comparator"], baseline["comparator_printed"]) == (2.5, "=", False)


def test_shanghai_baobao_wu_85_percent_commitment_is_equals_and_not_printed(client):
    items = client.get("/api/v1/commitments?plan=shanghai&limit=500").json["items"]
    (c,) = [c for c in items if c["subject"] == "全市街镇“宝宝屋”覆盖率"]
    assert (c["value"], c["comparator"], c["comparator_printed"]) == (85, "=", False)


def test_shanghai_target_100_percent_compared_with_jiangsu_says_it_is_read_as_a_floor(client):
    peers = client.get("/api/v1/indicators/shanghai-i10").json["peers"]
    (jiangsu,) = [p for p in peers if p["id"] == "jiangsu-i8"]
    assert jiangsu["comparison"]["outcome"] == "stricter"
    assert "100% is printed without a comparator" in jiangsu["comparison"]["explanation"]
    assert "read as a lower bound (at least 100%)" in jiangsu["comparison"]["explanation"]


def test_the_24_hour_national_figure_is_equals_and_not_printed(client):
    items = client.get("/api/v1/commitments?plan=jiangsu&limit=500").json["items"]
    figures = [f for c in items for f in c["national_figures"] if f["id"] == "national-s4.12-q3"]
    assert figures and all((f["comparator"], f["comparator_printed"]) == ("=", False) for f in figures)
