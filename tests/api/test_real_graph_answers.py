"""The JSON of the real build: facts a reader of the three plans checks (comparisons of targets,
national figures, commitments, who leads)."""

import pytest


@pytest.fixture(scope="module")
def real_client(real_store):
    from planlink.api.store import close_store
    from tests.api.conftest import make_app

    app = make_app(real_store)
    yield app.test_client()
    close_store(app)


def peer_of(client, indicator_id, peer_id):
    indicator = client.get(f"/api/v1/indicators/{indicator_id}").json
    return next(p for p in indicator["peers"] if p["id"] == peer_id)


def test_shanghai_8_and_jiangsu_7_both_ask_at_least_18_so_they_compare_equal(real_client):
    peer = peer_of(real_client, "shanghai-i8", "jiangsu-i7")
    assert peer["target"]["comparator"] == ">=" and peer["target"]["value"] == 18
    assert peer["comparison"]["outcome"] == "equal"
    assert peer_of(real_client, "jiangsu-i7", "shanghai-i8")["comparison"]["outcome"] == "equal"


def test_shanghai_1_more_than_30_is_stricter_than_jiangsu_2_at_least_30(real_client):
    shanghai = real_client.get("/api/v1/indicators/shanghai-i1").json
    assert (shanghai["target"]["comparator"], shanghai["target"]["value"], shanghai["unit"]) == (">", 30, "平方米")
    peer = peer_of(real_client, "shanghai-i1", "jiangsu-i2")
    assert peer["target"]["comparator"] == ">=" and peer["target"]["value"] == 30
    assert peer["comparison"]["outcome"] == "stricter" and peer["comparison"]["explanation"]
    assert peer_of(real_client, "jiangsu-i2", "shanghai-i1")["comparison"]["outcome"] == "looser"


def test_peers_are_in_other_provincial_plans_only(real_client):
    levels = {p["id"]: p["level"] for p in real_client.get("/api/v1/plans").json["items"]}
    indicators = real_client.get("/api/v1/indicators?limit=500").json["items"]
    assert any(i["peers"] for i in indicators)
    for indicator in indicators:
        for peer in indicator["peers"]:
            assert levels[peer["plan"]] == "provincial" and peer["plan"] != indicator["plan"]
            assert peer["comparison"]["outcome"] in ("stricter", "equal", "looser", "not_comparable")


def test_shanghai_2_national_figures_measure_something_else(real_client):
    figures = real_client.get("/api/v1/indicators/shanghai-i2").json["national_figures"]
    assert {f["text"] for f in figures} == {"城市社区综合服务设施实现全覆盖", "农村社区综合服务设施覆盖率达到65.7%"}
    assert {f["comparison"]["outcome"] for f in figures} == {"not_comparable"}
    assert all(f["section"] == "national-s1.1" and f["year"] == 2020 for f in figures)


def test_shanghai_eight_hours_a_day_commitment_equals_the_national_figure(real_client):
    items = real_client.get("/api/v1/commitments?plan=shanghai&limit=500").json["items"]
    hours = next(c for c in items if c["unit"] == "小时" and c["value"] == 8)
    assert hours["comparator"] == ">="
    (figure,) = hours["national_figures"]
    assert (figure["value"], figure["unit"], figure["comparator"]) == (8, "小时", ">=")
    assert figure["section"] == "national-s4.12" and figure["comparison"]["outcome"] == "equal"


def test_shanghais_range_commitment_has_its_bounds_subject_and_clause_in_json(real_client):
    items = real_client.get("/api/v1/commitments?plan=shanghai&limit=500").json["items"]
    (workers,) = [c for c in items if c["upper"] is not None]
    assert (workers["value"], workers["upper"], workers["unit"], workers["subject"]) == (4, 11, "名", "社区工作者")
    assert workers["condition"] == "居委会管辖户数在500至2000户" and workers["clause"]["text"].endswith("社区工作者")


def test_national_section_7_20_json_says_civil_affairs_leads(real_client):
    items = real_client.get("/api/v1/sections?plan=national&limit=500").json["items"]
    (section,) = [s for s in items if s["id"] == "national-s7.20"]
    assert {"kind": "civil-affairs", "kind_label": "民政部门", "kind_label_en": "civil affairs",
            "organization": "ministry-of-civil-affairs"} in section["leads"]


def test_the_civil_affairs_department_kind_resolves_at_its_iri(real_client):
    answer = real_client.get("/org/kind/civil-affairs", headers={"Accept": "text/turtle"})
    assert answer.status_code == 200 and '"civil affairs"@en' in answer.data.decode()
