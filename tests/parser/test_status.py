"""Facts a user would check about the status figures of the plans' reviews (scripts/status.py)."""

from planlink.scripts.extract import extract_text


def status(extraction, value, unit=None):
    return [f for f in extraction["status"] if f["value"] == value and (unit is None or f["unit"] == unit)]


def test_jiangsu_counts_38406_registered_community_social_organisations_at_the_end_of_2020(extractions):
    (f,) = status(extractions["jiangsu"], 38406)
    assert (f["unit"], f["year"], f["period"], f["section"]) == ("个", 2020, "截至2020年末", "jiangsu-s1.1")
    assert "社区社会组织" in f["subject"] and "注册登记" in f["subject"]


def test_national_counts_433_8_wan_community_workers_by_the_end_of_2020(extractions):
    (f,) = status(extractions["national"], 433.8)
    assert (f["unit"], f["year"], f["period"], f["subject"]) == ("万人", 2020, "截至2020年底", "社区工作者")


def test_every_figure_of_the_national_review_is_kept(extractions):
    assert [(f["value"], f["unit"]) for f in extractions["national"]["status"]] == [
        (100, "%"), (65.7, "%"), (433.8, "万人"), (277.6, "万人"), (157.3, "万人"), (50.9, "万个"), (11.3, "万个")]


def test_the_thirteenth_five_year_period_dates_a_status_to_2020_with_the_words_kept(extractions):
    (f,) = status(extractions["jiangsu"], 608.8)
    assert (f["year"], f["period"], f["subject"]) == (2020, "“十三五”时期", "城乡社区志愿者")


def test_village_and_community_one_shoulder_shares_are_paired_respectively(extractions):
    shares = {f["subject"]: f["value"] for f in extractions["jiangsu"]["status"] if "一肩挑" in f["subject"]}
    assert shares == {"村“一肩挑”比例": 97.5, "社区“一肩挑”比例": 94.6}


def test_more_than_7000_meal_points_is_a_lower_bound_as_printed(extractions):
    (f,) = status(extractions["jiangsu"], 7000)
    assert (f["comparator"], f["comparator_printed"], f["printed"]) == (">", True, "7000余个")


def test_the_national_standard_a_share_is_measured_by_is_not_a_status(extractions):
    assert not status(extractions["jiangsu"], 30)
    (f,) = status(extractions["jiangsu"], 85)
    assert "不低于30平方米的国家标准" in f["subject"] and f["subject"].startswith("城乡社区综合服务设施")


def test_a_number_inside_a_name_is_not_a_status(extractions):
    assert not status(extractions["jiangsu"], 10)  # 城市社区10分钟体育健身圈


def test_shanghai_organisations_grew_from_2015_to_2020(extractions):
    grew = [(f["value"], f["unit"], f["year"]) for f in extractions["shanghai"]["status"] if f["unit"] == "万家"]
    assert grew == [(2.7, "万家", 2015), (3.4, "万家", 2020)]


def test_a_list_item_that_starts_with_its_figure_shares_the_words_before_the_first(extractions):
    (f,) = status(extractions["shanghai"], 41)
    assert f["subject"] == "社区政务服务“一网通办”事项全程网办"


def test_full_coverage_of_streets_and_towns_is_100_percent_of_the_facilities(extractions):
    (f,) = [f for f in extractions["shanghai"]["status"] if f["words"]]
    assert (f["value"], f["words"], f["subject"]) == (100, "街镇全覆盖", "城乡社区综合服务设施")


def test_every_status_figure_has_a_year_a_unit_and_a_clause_in_its_sentence(extractions):
    figures = [f for x in extractions.values() for f in x["status"]]
    assert len(figures) == 29
    assert all(f["year"] and f["unit"] and f["subject"] and f["clause"]["text"] in f["text"] for f in figures)


def test_status_figures_are_not_commitments(extractions):
    assert not [c for x in extractions.values() for c in x["commitments"] if c["section"].endswith("-s1.1")]


PLAN = """关于印发浙江省“十四五”社区服务规划的通知
浙江省“十四五”社区服务规划
一、发展基础
（一）发展基础。
近年来全省共有社区工作者3万人。
二、主要任务
（一）建设设施。
截至2021年底，全省已建成社区食堂120个。到2025年，新增社区食堂200个。
三、保障措施
（一）加强组织领导。
各地要落实责任。
"""


def test_a_dated_status_outside_the_review_is_kept_and_a_review_without_a_period_is_the_year_before_the_plan():
    x = extract_text(PLAN)
    assert [(f["value"], f["unit"], f["year"], f["period"], f["subject"]) for f in x["status"]] == [
        (3, "万人", 2020, None, "社区工作者"), (120, "个", 2021, "截至2021年底", "社区食堂")]
    (added,) = x["commitments"]
    assert (added["value"], added["kind"], added["change"]) == (200, "addition", {"from": 2021, "to": 2025})


def test_a_review_in_a_plan_whose_period_cannot_be_told_gives_no_status():
    x = extract_text(PLAN.replace("“十四五”", ""))
    assert [(f["value"], f["year"]) for f in x["status"]] == [(120, 2021)]


def test_half_width_renderings_give_the_same_status_figures_quotes_aside(extractions):
    """tests/parser/wild: the plans with half-width punctuation ("十三五"时期, "一肩挑")."""
    from pathlib import Path

    from planlink.scripts.extract import extract_file

    def read(figures):
        plain = str.maketrans({"“": '"', "”": '"'})
        return [(f["value"], f["unit"], f["year"], (f["period"] or "").translate(plain), f["subject"].translate(plain))
                for f in figures]

    for plan in ("national", "jiangsu", "shanghai"):
        wild = extract_file(Path(__file__).parent / "wild" / f"{plan}_halfwidth.txt")
        assert read(wild["status"]) == read(extractions[plan]["status"]), plan
