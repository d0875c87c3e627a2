"""Facts a user checks about national counterparts, measures, peers and comparisons."""

import json

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from planlink.scripts.link import PL, compare, counterparts, gaps, link_graph, linkage

M = "https://planlink.example/measure/"
PLAN = "https://planlink.example/plan/"


@pytest.fixture(scope="module")
def linked(extractions):
    return linkage(extractions)


@pytest.fixture(scope="module")
def auto(extractions):
    return linkage(extractions, curated=None)


@pytest.fixture(scope="module")
def graph(extractions):
    return link_graph(extractions)


def measure_of(graph, indicator):
    return set(graph.objects(URIRef(PLAN + indicator), PL.measure))


def comparison(linked, subject, other):
    return next(c for c in linked.comparisons if c["subject"] == subject and c["other"] == other)


def test_shanghai_8_and_jiangsu_7_are_one_measure_with_equal_targets(graph, linked):
    assert measure_of(graph, "shanghai/indicator/8") == measure_of(graph, "jiangsu/indicator/7") == {
        URIRef(M + "community-workers-per-10000-urban-residents")}
    c = comparison(linked, "shanghai-i8", "jiangsu-i7")
    assert c["outcome"] == "equal"
    assert "≥18" in c["explanation"]


def test_volunteer_station_coverage_is_one_measure_across_plans(graph, linked):
    measure = URIRef(M + "volunteer-station-coverage")
    assert measure_of(graph, "shanghai/indicator/10") == measure_of(graph, "jiangsu/indicator/8") == {measure}
    assert len(set(graph.objects(measure, SKOS.prefLabel))) == 2  # one @zh, one @en
    assert Literal("城乡社区综合服务设施中志愿服务站点覆盖率", lang="zh") in set(graph.objects(measure, SKOS.altLabel))
    # 100% in Shanghai asks more than ≥80% in Jiangsu
    assert comparison(linked, "shanghai-i10", "jiangsu-i8")["outcome"] == "stricter"
    assert comparison(linked, "jiangsu-i8", "shanghai-i10")["outcome"] == "looser"


def test_activity_space_measures_are_close_not_same(graph, linked):
    shanghai, jiangsu = measure_of(graph, "shanghai/indicator/4"), measure_of(graph, "jiangsu/indicator/3")
    assert len(shanghai) == len(jiangsu) == 1 and shanghai != jiangsu
    assert (shanghai.pop(), SKOS.closeMatch, jiangsu.pop()) in graph
    assert not [c for c in linked.comparisons if c["subject"] == "shanghai-i4" and c["kind"] == "peer"]


def test_every_indicator_target_has_exactly_one_measure(graph, extractions):
    for plan in ("shanghai", "jiangsu"):
        for row in extractions[plan]["indicators"]:
            assert len(measure_of(graph, f"{plan}/indicator/{row['number']}")) == 1, row["id"]


def test_shanghai_party_building_task_maps_to_national_section_6(linked, auto):
    for result in (linked, auto):  # with the crosswalk and by the automatic linker alone
        top = result.links["shanghai-s3.1.1"][0]
        assert (top["object"], top["rank"], top["relation"]) == ("national-s2.6", 1, "exact")
        assert "党建引领" in top["evidence"]
    assert auto.links["shanghai-s3.1.1"][0]["method"] == "auto"
    assert linked.links["shanghai-s3.1.1"][0]["method"] == "curated"


def test_every_provincial_indicator_has_a_counterpart_with_evidence_or_a_reason(linked, extractions):
    national_text = "".join(s["text"] for s in extractions["national"]["sections"])
    for plan in ("shanghai", "jiangsu"):
        for row in extractions[plan]["indicators"]:
            links = linked.links.get(row["id"])
            if links:
                assert links[0]["evidence"] in national_text, row["id"]
                assert 0 <= links[0]["score"] <= 1
            else:
                assert linked.reasons[row["id"]], row["id"]


def test_staffing_indicator_evidence_is_the_staffing_sentence(linked):
    top = linked.links["shanghai-i8"][0]
    assert top["object"] == "national-s6.15"
    assert top["evidence"] == "综合考虑服务居民数量等因素，合理确定社区工作者配备标准。"


def test_yangtze_delta_task_has_no_counterpart_with_reason(linked, graph):
    assert "shanghai-s3.4.3" not in linked.links
    assert "长三角" in linked.reasons["shanghai-s3.4.3"] or "Yangtze" in linked.reasons["shanghai-s3.4.3"]
    task = URIRef(PLAN + "shanghai/section/3.4.3")
    assert graph.value(task, PL.noCounterpartReason) is not None
    assert not list(graph.subjects(PL.subject, task))


def test_every_provincial_item_has_links_or_a_reason_never_both(linked):
    for sid in linked.subjects:
        assert (sid in linked.links) != (sid in linked.reasons), sid
        for rank, link in enumerate(linked.links.get(sid, []), 1):
            assert link["rank"] == rank and link["relation"] in ("exact", "close", "broader", "related")


def synthetic_plan(national):
    """A province that reuses national sentences under titles of its own, with no curated rows."""
    text = {s["id"]: s["text"] for s in national["sections"]}
    first = lambda sid, n=2: "".join(text[sid].split("。")[:n]) + "。"
    sections = [
        {"id": "zhejiang-s1", "number": "一、", "title": "主要任务", "level": 1, "parent": None, "text": ""},
        {"id": "zhejiang-s1.1", "number": "（一）", "title": "做好服务响应", "level": 2, "parent": "zhejiang-s1",
         "text": first("national-s4.12")},
        {"id": "zhejiang-s1.2", "number": "（二）", "title": "建强工作队伍", "level": 2, "parent": "zhejiang-s1",
         "text": first("national-s6.15")},
        {"id": "zhejiang-s1.3", "number": "（三）", "title": "守护平安", "level": 2, "parent": "zhejiang-s1",
         "text": first("national-s3.10")},
    ]
    return {"plan": {"id": "zhejiang", "level": "provincial", "title": "浙江省城乡社区服务体系建设规划"},
            "sections": sections, "indicators": [], "projects": []}


def test_synthetic_province_reusing_national_wording_is_linked_by_the_automatic_linker_alone(extractions):
    plans = {"national": extractions["national"], "zhejiang": synthetic_plan(extractions["national"])}
    result = linkage(plans, curated=None)
    tops = {sid: links[0]["object"] for sid, links in result.links.items()}
    assert tops["zhejiang-s1.1"] == "national-s4.12"
    assert tops["zhejiang-s1.2"] == "national-s6.15"
    assert tops["zhejiang-s1.3"] == "national-s3.10"
    assert all(link["method"] == "auto" for links in result.links.values() for link in links)


def curated_row(subject, obj, decision, relation="", note="test"):
    return {"subject_id": subject, "object_id": obj, "relation": relation, "decision": decision,
            "evidence": "", "note": note, "reviewer": "test"}


def test_curated_rejection_removes_an_auto_link(extractions, auto):
    assert auto.links["shanghai-s3.1.1"][0]["object"] == "national-s2.6"
    result = linkage(extractions, curated=[curated_row("shanghai-s3.1.1", "national-s2.6", "reject")])
    assert "national-s2.6" not in [link["object"] for link in result.links.get("shanghai-s3.1.1", [])]


def test_curated_correction_puts_the_reviewers_section_first(extractions, auto):
    assert "jiangsu-i9" not in auto.links or auto.links["jiangsu-i9"][0]["object"] != "national-s4.12"
    result = linkage(extractions, curated=[curated_row("jiangsu-i9", "national-s4.12", "correct", "broader")])
    top = result.links["jiangsu-i9"][0]
    assert (top["object"], top["method"], top["relation"], top["rank"]) == ("national-s4.12", "curated", "broader", 1)
    assert top["evidence"] and "jiangsu-i9" not in result.reasons


def test_curated_row_naming_an_unknown_section_is_refused(extractions):
    with pytest.raises(ValueError, match="national-s99"):
        linkage(extractions, curated=[curated_row("jiangsu-i9", "national-s99", "correct", "broader")])


def test_greater_than_is_stricter_than_at_least(linked):
    assert comparison(linked, "shanghai-i1", "jiangsu-i2")["outcome"] == "stricter"   # >30 vs ≥30
    assert comparison(linked, "jiangsu-i2", "shanghai-i1")["outcome"] == "looser"
    assert compare({"value": 30, "comparator": ">="}, {"value": 30, "comparator": "="})[0] == "equal"


def test_ten_thousand_persons_are_compared_on_one_scale():
    three_wan = {"value": 3, "unit": "万人", "comparator": "=", "year": 2025}
    assert compare(three_wan, {"value": 30000, "unit": "人", "comparator": ">=", "year": 2025})[0] == "equal"
    assert compare(three_wan, {"value": 29000, "unit": "人", "comparator": "=", "year": 2025})[0] == "stricter"
    assert compare(three_wan, {"value": 3, "unit": "%", "comparator": "=", "year": 2025})[0] == "not comparable"


def test_different_years_or_directions_are_not_comparable():
    assert compare({"value": 100, "unit": "%", "year": 2025}, {"value": 65.7, "unit": "%", "year": 2020})[0] \
        == "not comparable"
    assert compare({"value": 5, "comparator": "<="}, {"value": 5, "comparator": ">="})[0] == "not comparable"
    assert compare({"value": 4, "comparator": "<="}, {"value": 5, "comparator": "<="})[0] == "stricter"


def test_facility_coverage_is_linked_to_the_national_rural_coverage_figure_but_not_compared(linked):
    c = next(c for c in linked.comparisons if c["subject"] == "shanghai-i2" and "65.7" in c["other_text"])
    assert c["outcome"] == "not comparable"
    assert c["figure"]["year"] == 2020 and c["figure"]["value"] == 65.7


def test_links_are_rdf_as_model_md_says(graph):
    link = URIRef(PLAN + "shanghai/section/3.1.1/link/1")
    assert graph.value(link, PL.subject) == URIRef(PLAN + "shanghai/section/3.1.1")
    assert graph.value(link, PL.object) == URIRef(PLAN + "national/section/2.6")
    assert graph.value(link, PL.relation) == SKOS.exactMatch
    assert graph.value(link, PL.rank).toPython() == 1
    assert (URIRef(PLAN + "shanghai/section/3.1.1"), SKOS.exactMatch, URIRef(PLAN + "national/section/2.6")) in graph
    items = URIRef(PLAN + "jiangsu/project/2/item/12/link/1")
    assert graph.value(items, PL.object) is not None


def test_counterparts_records_and_gaps_need_no_store(extractions):
    records = counterparts(extractions)
    assert {r["subject_plan"] for r in records} == {"shanghai", "jiangsu"}
    assert all(r["mapping_justification"].startswith("semapv:") for r in records if r["object_id"])
    rows = gaps(extractions, plan="shanghai")
    assert {"shanghai-s3.4.3"} <= {r["id"] for r in rows if r["side"] == "provincial"}
    assert all(r["no_counterpart_reason"] for r in rows)


def test_gaps_command_prints_json_read_from_the_store(capsys, built_store):
    from planlink.scripts.cli import main

    assert main(["gaps", "--plan", "shanghai", "--format", "json", "--store", str(built_store)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert any(r["id"] == "shanghai-s3.4.3" for r in rows)
    assert main(["gaps", "--plan", "nowhere", "--store", str(built_store)]) == 1


def eight_hours(extractions, plan):
    return next(c["id"] for c in extractions[plan]["commitments"] if (c["value"], c["unit"]) == (8, "小时"))


def test_eight_hours_a_day_in_both_provinces_restates_the_national_figure(linked, graph, extractions):
    for plan in ("shanghai", "jiangsu"):
        c = comparison(linked, eight_hours(extractions, plan), "national-s4.12-q2")
        assert c["outcome"] == "equal" and "≥8小时" in c["explanation"]
    n = eight_hours(extractions, "shanghai").rsplit("-c", 1)[1]
    node = URIRef(PLAN + f"shanghai/commitment/{n}/comparison/1")
    assert (URIRef(PLAN + f"shanghai/commitment/{n}"), PL.comparison, node) in graph
    assert (node, PL.outcome, PL.equal) in graph


def test_a_commitment_is_paired_with_the_figure_of_its_own_clause(linked):
    # Jiangsu's sentence states both 8 and 24 hours: each commitment meets its own national figure.
    hours = {c["value"]: c["id"] for c in linked.commitments.values()
             if c["section"] == "jiangsu-s3.10" and c["unit"] == "小时"}
    others = {c["subject"]: c["other"] for c in linked.comparisons if c["subject"] in hours.values()}
    assert others == {hours[8]: "national-s4.12-q2", hours[24]: "national-s4.12-q3"}


def test_a_national_chapter_whose_sections_shanghai_implements_is_no_gap(extractions):
    assert "national-s4" not in {r["id"] for r in gaps(extractions, plan="shanghai") if r["side"] == "national"}


def test_each_national_gap_says_which_item_came_closest(extractions):
    rows = [r for r in gaps(extractions, plan="jiangsu") if r["side"] == "national"]
    assert rows and all(r["closest"] and r["closest"]["id"].startswith("jiangsu-") for r in rows)
    assert all("closest: " + r["closest"]["id"] in r["no_counterpart_reason"] for r in rows)


def test_a_further_link_below_the_stated_score_is_a_candidate_without_a_skos_match(linked, graph):
    from planlink.scripts.vocab import entity_iri

    candidates = [(sid, link) for sid, links in linked.links.items() for link in links if link["candidate"]]
    assert candidates and all(link["rank"] > 1 and link["score"] < linked.params.implements for _, link in candidates)
    sid, link = candidates[0]
    node = URIRef(f"{entity_iri(sid)}/link/{link['rank']}")
    assert (node, PL.candidate, Literal(True)) in graph
    assert (entity_iri(sid), SKOS.relatedMatch, entity_iri(link["object"])) not in graph


def test_a_further_link_at_or_above_the_stated_score_implements_its_section(linked):
    strong = [link for links in linked.links.values() for link in links
              if link["rank"] > 1 and link["method"] == "auto" and link["score"] >= linked.params.implements]
    assert strong and not any(link["candidate"] for link in strong)


def test_a_comparison_with_a_bare_figure_says_how_it_reads_it():
    outcome, why = compare({"value": 24, "unit": "小时", "comparator": "="},
                           {"value": 24, "unit": "小时", "comparator": "="})
    assert outcome == "equal" and "printed without a comparator is read as a lower bound" in why


def test_a_comparison_of_two_printed_bounds_adds_no_such_note():
    outcome, why = compare({"value": 8, "unit": "小时", "comparator": ">="},
                           {"value": 8, "unit": "小时", "comparator": ">="})
    assert outcome == "equal" and "without a comparator" not in why


def test_a_bare_100_percent_target_is_read_as_a_floor_and_the_explanation_says_so(linked):
    c = comparison(linked, "shanghai-i10", "jiangsu-i8")
    assert c["outcome"] == "stricter"
    assert "100% is printed without a comparator" in c["explanation"]
    assert "at least 100%" in c["explanation"] and "100% is already the most a rate can be" in c["explanation"]


def test_an_equals_sign_printed_is_compared_as_printed_without_the_bare_reading():
    outcome, why = compare({"value": 90, "unit": "%", "comparator": "=", "printed": True},
                           {"value": 90, "unit": "%", "comparator": ">="})
    assert outcome == "equal" and "without a comparator" not in why


def test_a_bare_national_status_figure_is_read_as_the_reported_status_not_a_bound():
    from types import SimpleNamespace

    from planlink.scripts.link.comparisons import measures_and_comparisons

    name = "城市社区综合服务设施覆盖率"
    status = {"id": "national-s1.1-q1", "section": "national-s1.1", "sentence": "城市社区综合服务设施实现全覆盖。",
              "clause": name, "value": 100.0, "unit": "%", "comparator": "=", "comparator_printed": False,
              "year": 2020, "status": "baseline"}
    result = SimpleNamespace(measures={}, links={}, figures=[status], comparisons=[], indicators={
        "x-i1": {"plan": "x", "name": name, "unit": "%",
                 "target": {"year": 2025, "value": 100, "comparator": "=", "comparator_printed": False}}})
    measures_and_comparisons(result, SimpleNamespace(vec=lambda text: {text: 1.0}))
    (c,) = result.comparisons
    assert c["outcome"] == "not comparable"
    assert c["explanation"].startswith("the national figure is a 2020 status, not a target")
    assert "100% is printed without a comparator and read as the status reported for 2020" in c["explanation"]
