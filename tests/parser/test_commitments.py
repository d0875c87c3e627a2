"""Facts a user would check about the quantified commitments of the prose (scripts/commitments.py)."""

from planlink.scripts.commitments import (in_sentence, learn_units, narrowing_words, plan_end_year, plan_period,
                                          quantity_pattern)


def find(extraction, section, **fields):
    return [c for c in extraction["commitments"] if c["section"] == section
            and all(c.get(k) == v for k, v in fields.items())]


def test_full_coverage_in_words_is_100_percent_with_the_words_as_printed(extractions):
    (c,) = find(extractions["national"], "national-s4.12", words="全覆盖")
    assert (c["value"], c["unit"], c["clause"]["text"]) == (100, "%", "实现政务代办服务村（社区）全覆盖")


def test_covering_every_village_is_full_coverage(extractions):
    (c,) = find(extractions["national"], "national-s4.12", words="覆盖所有村（社区）")
    assert c["value"] == 100 and "满意度调查" in c["subject"]


def test_every_community_having_a_service_is_full_coverage_by_2025(extractions):
    (c,) = find(extractions["jiangsu"], "jiangsu-s4.13", words="每个社区都有")
    assert (c["value"], c["year"], c["subject"]) == (100, 2025, "专业社会工作服务")


def test_full_coverage_an_extension_starts_from_is_not_a_target(extractions):
    assert not find(extractions["jiangsu"], "jiangsu-p2.6")


def test_a_range_has_its_lower_and_upper_bound_and_its_condition(extractions):
    (c,) = find(extractions["shanghai"], "shanghai-s3.7.1", unit="名")
    assert (c["value"], c["upper"], c["subject"]) == (4, 11, "社区工作者")
    assert c["condition"] == "居委会管辖户数在500至2000户"


def test_the_households_a_range_applies_to_are_its_condition_not_a_commitment(extractions):
    assert not find(extractions["shanghai"], "shanghai-s3.7.1", unit="户")


def test_lesson_hours_are_a_unit_learnt_from_the_text(extractions):
    hours = find(extractions["shanghai"], "shanghai-p3.6", unit="课时")
    assert [(c["value"], c["comparator"]) for c in hours] == [(72, ">="), (40, ">=")]


def test_units_come_from_the_texts_patterns_not_a_list():
    assert {"课时", "张", "名"} <= set(learn_units("每年不少于72课时的培训；床位不少于100张，配备1名网格员、1名信息员。", []))


def test_dates_and_ages_are_not_units():
    units = learn_units("到2025年，为0—6岁儿童、3岁以下婴幼儿提供服务。", [])
    assert "年" not in units and "岁" not in units


def test_ages_in_the_texts_are_not_commitments(extractions):
    assert not [c for x in extractions.values() for c in x["commitments"] if "岁" in c["unit"]]


def test_a_period_gives_the_plans_last_year_and_keeps_the_period(extractions):
    (c,) = find(extractions["shanghai"], "shanghai-p3.8", value=45)
    assert (c["unit"], c["year"], c["period"]) == ("个", 2025, "“十四五”期间")


def test_the_fourteenth_five_year_plan_ends_in_2025():
    assert (plan_end_year("四"), plan_end_year("三")) == (2025, 2020)


def test_each_target_of_a_sentence_has_its_own_subject_and_clause(extractions):
    sentence = "全市街镇“宝宝屋”覆盖率达到85%，中心城区街镇覆盖率达到100%"
    both = [c for c in extractions["shanghai"]["commitments"] if sentence in c["text"] and c["unit"] == "%"]
    assert [(c["value"], c["subject"], c["clause"]["text"]) for c in both] == [
        (85, "全市街镇“宝宝屋”覆盖率", "全市街镇“宝宝屋”覆盖率达到85%"),
        (100, "中心城区街镇“宝宝屋”覆盖率", "中心城区街镇覆盖率达到100%")]


def test_a_clause_offset_quotes_its_own_clause(extractions, sources_dir):
    text = (sources_dir / "shanghai.txt").read_text(encoding="utf-8")
    (c,) = find(extractions["shanghai"], "shanghai-p3.6", value=12)
    quote = text[c["clause"]["source"]["start"]:c["clause"]["source"]["end"]]
    assert quote.replace(" ", "") == "每年为每个有需求的幼儿提供不少于12次的免费照护服务"


def test_times_per_year_keep_their_per_year_qualifier(extractions):
    (c,) = find(extractions["shanghai"], "shanghai-p3.6", value=12)
    assert (c["unit"], c["comparator"], c["qualifiers"]) == ("次", ">=", ["每年"])


def test_a_list_shares_its_qualifier(extractions):
    (c,) = find(extractions["shanghai"], "shanghai-p3.6", value=40)
    assert c["qualifiers"] == ["每年"] and c["subject"] == "托育从业人员职业道德教育"


def test_a_list_of_services_shares_one_coverage_target(extractions, sources_dir):
    """推动村（社区）普法宣传、人民调解、法律援助、公证等法律服务全覆盖: all four are to cover every
    village and community, not 公证 alone."""
    text = (sources_dir / "national.txt").read_text(encoding="utf-8")
    (c,) = [c for c in extractions["national"]["commitments"] if "法律援助" in c["text"]]
    assert (c["value"], c["unit"], c["subject"]) == (100, "%", "村（社区）普法宣传、人民调解、法律援助、公证等法律服务")
    quote = text[c["clause"]["source"]["start"]:c["clause"]["source"]["end"]]
    assert quote == c["clause"]["text"] == "推动村（社区）普法宣传、人民调解、法律援助、公证等法律服务全覆盖"


def test_hours_per_day_keep_their_per_day_qualifier(extractions):
    (c,) = find(extractions["national"], "national-s4.12", value=8)
    assert c["qualifiers"] == ["每天"] and c["subject"] == "社区服务设施开放和服务时间"


def test_a_standard_measures_what_the_next_clause_names(extractions):
    (c,) = find(extractions["jiangsu"], "jiangsu-s3.8", value=30)
    assert (c["unit"], c["qualifiers"], c["subject"]) == ("平方米", ["每百户居民"], "社区综合服务设施空间")


def test_a_bare_85_percent_commitment_keeps_the_contract_equals_and_says_none_was_printed(extractions):
    (c,) = [c for c in extractions["shanghai"]["commitments"] if c["subject"] == "全市街镇“宝宝屋”覆盖率"]
    assert (c["value"], c["comparator"], c["comparator_printed"]) == (85, "=", False)


def test_not_less_than_8_hours_is_a_printed_comparator(extractions):
    hours = [c for c in extractions["national"]["commitments"] if c["value"] == 8 and c["unit"] == "小时"]
    assert hours and all((c["comparator"], c["comparator_printed"]) == (">=", True) for c in hours)


def test_equal_to_printed_in_words_is_a_printed_equals():
    from planlink.scripts.commitments import printed_comparator, quantity_pattern

    m = quantity_pattern(["%"]).search("覆盖率等于90%")
    assert printed_comparator(m) == "=" and m.group("num") == "90"


# --- what each commitment means: its scope, and a level or an addition (issue 19) -------------------

def test_relocation_communities_keep_their_scope(extractions):
    (c,) = find(extractions["national"], "national-s4.11", words="全覆盖")
    assert (c["subject"], c["year"], c["kind"]) == ("易地扶贫搬迁集中安置社区综合服务设施", 2025, "level")


def test_a_short_subject_takes_the_words_its_sentence_narrowed_it_with_before():
    pattern = quantity_pattern(["个"])
    (c,) = in_sentence("加快改造城市老旧小区养老服务设施，确保2025年实现养老服务设施全覆盖。", pattern, [])
    assert c["subject"] == "城市老旧小区养老服务设施"
    assert narrowing_words(c["subject"]) == "" and narrowing_words("易地扶贫搬迁集中安置社区综合服务设施") == "易地扶贫搬迁集中安置"
    assert narrowing_words("以党群服务中心为基本阵地的城乡社区综合服务设施") == narrowing_words("村（社区）民主协商机制") == ""


def test_shanghais_cumulative_new_childcare_places_are_an_addition_over_2021_to_2025(extractions):
    (c,) = find(extractions["shanghai"], "shanghai-p3.6", unit="万个")
    assert (c["value"], c["comparator"], c["kind"], c["change"]) == (2, ">=", "addition", {"from": 2021, "to": 2025})


def test_jiangsus_200_more_disaster_reduction_communities_are_an_addition(extractions):
    (c,) = find(extractions["jiangsu"], "jiangsu-s7.24", value=200)
    assert (c["kind"], c["change"]) == ("addition", {"from": 2021, "to": 2025})


def test_the_next_item_of_a_list_is_made_by_the_same_verb(extractions):
    built = find(extractions["shanghai"], "shanghai-p3.1")
    assert [(c["value"], c["kind"]) for c in built] == [(100, "addition"), (1000, "addition")]


def test_rates_ranges_words_and_figures_per_community_are_levels(extractions):
    levels = [c for x in extractions.values() for c in x["commitments"] if c["kind"] == "level"]
    assert {c["unit"] for c in levels if c["words"] is None} >= {"%", "名", "小时"} and "change" not in levels[0]
    (per_village,) = find(extractions["jiangsu"], "jiangsu-p2.15")
    assert per_village["kind"] == "level"
    assert sum(c["kind"] == "addition" for x in extractions.values() for c in x["commitments"]) == 8


def test_a_level_reached_by_an_increase_is_not_an_addition():
    pattern = quantity_pattern(["个"])
    (c,) = in_sentence("到2025年，社区食堂增加到100个。", pattern, [], (2021, 2025))
    (d,) = in_sentence("到2025年，社区食堂增加100个。", pattern, [], (2021, 2025))
    assert (c["kind"], d["kind"], d["change"]) == ("level", "addition", {"from": 2021, "to": 2025})


def test_a_sentence_dated_as_of_a_past_year_states_a_status_not_a_commitment():
    pattern = quantity_pattern(["个"])
    assert in_sentence("截至2020年底，全省建成社区食堂100个。", pattern, [], (2021, 2025)) == []
    assert len(in_sentence("截至2025年底，全省建成社区食堂100个。", pattern, [], (2021, 2025))) == 1


def test_a_plans_period_comes_from_its_title():
    assert plan_period("“十四五”城乡社区服务体系建设规划") == (2021, 2025) and plan_period("社区服务规划") is None


# --- whose figure it is, what a parallel clause leaves out, and how firmly it holds (issue 19) -----------

def test_shanghais_72_hours_a_year_are_childcare_practitioners_training(extractions):
    (c,) = find(extractions["shanghai"], "shanghai-p3.6", value=72)
    assert (c["subject"], c["unit"], c["comparator"], c["qualifiers"]) == ("托育从业人员综合技能培训", "课时", ">=", ["每年"])


def test_shanghais_certificate_rate_of_100_percent_is_childcare_practitioners(extractions):
    (c,) = [c for c in find(extractions["shanghai"], "shanghai-p3.6", value=100) if "持证上岗率" in c["subject"]]
    assert c["subject"] == "托育从业人员持证上岗率"


def test_the_central_districts_100_percent_is_the_coverage_of_baby_houses(extractions):
    (c,) = [c for c in find(extractions["shanghai"], "shanghai-p3.6", value=100) if "中心城区" in c["subject"]]
    assert c["subject"] == "中心城区街镇“宝宝屋”覆盖率"


def test_a_training_that_names_no_one_is_of_the_people_the_sentence_named_last():
    pattern = quantity_pattern(["课时"])
    (c,) = in_sentence("加强社区工作者队伍建设，落实每年不少于40课时的业务培训。", pattern, [])
    assert c["subject"] == "社区工作者业务培训"
    (d,) = in_sentence("落实每年不少于40课时的业务培训。", pattern, [])
    assert d["subject"] == "业务培训"  # no one named: nothing to add


def test_people_named_in_short_take_the_words_they_were_named_with():
    pattern = quantity_pattern(["%"])
    (c,) = in_sentence("加强养老护理人员队伍建设，到2025年，护理人员持证上岗率达到90%。", pattern, [])
    assert c["subject"] == "养老护理人员持证上岗率"


def test_words_that_name_every_community_narrow_nothing(extractions):
    (c,) = find(extractions["shanghai"], "shanghai-s3.7.1", value=20)
    assert c["subject"] == "社区工作者中持证社会工作者占比"  # after 鼓励城乡社区工作者…: 城乡 is every community


def test_a_parallel_clause_takes_what_it_leaves_out_from_the_clause_before():
    pattern = quantity_pattern(["%"])
    first, second = in_sentence("到2025年，全市社区“老年食堂”覆盖率达到80%，农村社区覆盖率达到60%。", pattern, [])
    assert (first["subject"], second["subject"]) == ("全市社区“老年食堂”覆盖率", "农村社区“老年食堂”覆盖率")


def test_clauses_that_measure_different_things_keep_their_own_subjects(extractions):
    assert [c["subject"] for c in find(extractions["jiangsu"], "jiangsu-s4.12")] == ["品牌社区社会组织案例", "品牌项目案例"]
    assert [c["subject"] for c in find(extractions["shanghai"], "shanghai-p3.8") if c["unit"] == "%" and not c["words"]] == [
        "农村生活污水处理率", "农村生活垃圾有效收集"]


def test_effective_collection_is_what_shanghai_counts(extractions):
    (c,) = [c for c in find(extractions["shanghai"], "shanghai-p3.8", value=100) if not c["words"]]
    assert (c["subject"], c["hedge"]) == ("农村生活垃圾有效收集", None)


def test_as_a_rule_is_the_national_8_hours_hedge_not_part_of_its_subject(extractions):
    (c,) = find(extractions["national"], "national-s4.12", value=8)
    assert (c["subject"], c["hedge"], c["comparator"], c["qualifiers"]) == ("社区服务设施开放和服务时间", "一般", ">=", ["每天"])


def test_shanghais_8_hours_are_printed_without_a_hedge(extractions):
    (c,) = find(extractions["shanghai"], "shanghai-s3.5.4", value=8)
    assert c["hedge"] is None


def test_in_principle_is_the_hedge_of_shanghais_4_to_11_community_workers(extractions):
    (c,) = find(extractions["shanghai"], "shanghai-s3.7.1", unit="名")
    assert (c["subject"], c["hedge"]) == ("社区工作者", "原则上")


def test_three_commitments_of_the_three_plans_are_hedged(extractions):
    hedged = [(c["id"], c["hedge"]) for x in extractions.values() for c in x["commitments"] if c["hedge"]]
    assert sorted(hedged) == [("jiangsu-c4", "一般"), ("national-c4", "一般"), ("shanghai-c21", "原则上")]


def test_strive_hedges_every_figure_after_it_and_a_general_budget_is_no_hedge():
    pattern = quantity_pattern(["%", "个"])
    first, second = in_sentence("力争到2025年，社区食堂覆盖率达到80%，助餐点覆盖率达到90%。", pattern, [])
    assert first["hedge"] == second["hedge"] == "力争"
    (c,) = in_sentence("一般公共预算安排社区食堂100个。", pattern, [])
    assert c["hedge"] is None
