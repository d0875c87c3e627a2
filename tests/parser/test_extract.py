"""Facts a user would check in the extraction of the three shipped plans."""

import pytest


def section(extraction, sid):
    return next(s for s in extraction["sections"] if s["id"] == sid)


def indicator(extraction, number):
    return next(i for i in extraction["indicators"] if i["number"] == number)


def project(extraction, number):
    return next(p for p in extraction["projects"] if p["number"] == number)


def test_the_three_plans_are_recognised_from_their_content(extractions):
    assert set(extractions) == {"national", "shanghai", "jiangsu"}
    assert extractions["national"]["plan"]["level"] == "national"
    assert extractions["shanghai"]["plan"]["level"] == "provincial"


def test_national_plan_has_7_chapters_and_20_numbered_sections(extractions):
    levels = [s["level"] for s in extractions["national"]["sections"]]
    assert levels.count(1) == 7
    assert levels.count(2) == 20


def test_national_plan_has_2_unextracted_figures_in_their_sections(extractions):
    figures = extractions["national"]["figures"]
    assert len(figures) == 2
    assert all(f["extracted"] is False and f["url"].endswith(".jpg") for f in figures)
    assert [f["section"] for f in figures] == ["national-s5.14", "national-s6.16"]


def test_national_plan_is_signed_by_the_state_council_general_office_on_2021_12_27(extractions):
    plan = extractions["national"]["plan"]
    assert plan["issuers"] == ["国务院办公厅"]
    assert plan["issued"] == "2021-12-27"
    assert plan["doc_number"] is None  # the text does not print one


def test_shanghai_front_matter(extractions):
    plan = extractions["shanghai"]["plan"]
    assert plan["doc_number"] == "沪民社建发〔2022〕3号"
    assert plan["issuers"] == ["上海市民政局", "上海市发展和改革委员会", "上海市规划和自然资源局"]
    assert plan["issued"] == "2022-09-26"
    assert plan["title"] == "上海市城乡社区服务体系建设的“十四五”规划"
    assert plan["based_on"] == "national"


def test_jiangsu_front_matter(extractions):
    plan = extractions["jiangsu"]["plan"]
    assert plan["doc_number"] == "苏政办发〔2022〕60号"
    assert plan["issuers"] == ["江苏省人民政府办公厅"]
    assert plan["issued"] == "2022-07-23"
    assert "“十四五”城乡社区服务体系建设规划" in plan["cites"]


def test_jiangsu_table_has_12_rows(extractions):
    assert [i["number"] for i in extractions["jiangsu"]["indicators"]] == list(range(1, 13))


def test_jiangsu_row_7_targets_at_least_18_people_from_16_8_in_2021(extractions):
    row = indicator(extractions["jiangsu"], 7)
    assert row["name"] == "每万城镇常住人口拥有社区工作者"
    assert row["unit"] == "人"
    assert row["baseline"] == {"year": 2021, "value": 16.8, "comparator": "=", "comparator_printed": False,
                                "text": "16.8人"}
    assert row["target"] == {"year": 2025, "value": 18, "comparator": ">=", "comparator_printed": True,
                              "text": "≥18人"}


def test_jiangsu_row_6_keeps_the_scale_in_its_unit(extractions):
    row = indicator(extractions["jiangsu"], 6)
    assert row["unit"] == "万人"
    assert (row["baseline"]["value"], row["target"]["value"]) == (2.5, 3)


def test_shanghai_row_1_is_binding_with_target_over_30_square_metres(extractions):
    row = indicator(extractions["shanghai"], 1)
    assert row["attribute"] == "binding"
    assert row["unit"] == "平方米"
    assert row["target"] == {"year": 2025, "value": 30, "comparator": ">", "comparator_printed": True,
                              "text": ">30"}
    assert row["baseline"]["year"] == 2020


def test_a_dash_is_a_null_value_with_the_dash_kept(extractions):
    row = indicator(extractions["shanghai"], 8)
    assert row["baseline"]["value"] is None and row["baseline"]["text"] == "—"
    assert indicator(extractions["jiangsu"], 1)["baseline"]["text"] == "——"


def test_shanghai_table_has_11_rows_in_box_1(extractions):
    rows = extractions["shanghai"]["indicators"]
    assert len(rows) == 11
    assert project(extractions["shanghai"], 1)["items"] == []  # rows go to indicators, never items
    assert {r["section"] for r in rows} == {"shanghai-s2.2"}


def test_shanghai_box_3_has_8_projects(extractions):
    box = project(extractions["shanghai"], 3)
    assert box["title"] == "社区服务民心工程"
    assert len(box["items"]) == 8
    assert box["items"][7]["title"] == "农村人居环境优化工程"


def test_jiangsu_box_2_has_18_actions(extractions):
    box = project(extractions["jiangsu"], 2)
    assert len(box["items"]) == 18
    assert box["section"] == "jiangsu-s3.10"


def test_shanghai_glossary_has_13_terms(extractions):
    glossary = extractions["shanghai"]["glossary"]
    assert len(glossary) == 13
    assert glossary[5]["term"] == "15分钟社区生活圈"
    assert glossary[5]["definition"].endswith("的社区生活圈。")  # rejoined across a page break


def test_markdown_heading_marks_do_not_decide_the_level(extractions):
    # "## （二）面临形势" is marked like a chapter but numbered like a section.
    s = section(extractions["shanghai"], "shanghai-s1.2")
    assert (s["title"], s["level"], s["parent"]) == ("面临形势", 2, "shanghai-s1")


def test_numbered_tasks_are_level_3_under_their_section(extractions):
    task = section(extractions["shanghai"], "shanghai-s3.1.1")
    assert (task["title"], task["level"], task["number"]) == ("健全党建引领机制", 3, "1.")


def test_a_sentence_broken_by_a_page_break_is_rejoined(extractions):
    assert "物业服务企业规范运作的协同机制" in section(extractions["shanghai"], "shanghai-s1.1")["text"]


def test_half_width_section_numbers_in_the_source_are_read(extractions):
    assert section(extractions["jiangsu"], "jiangsu-s3.10")["title"] == "创新城乡社区服务供给方式"


def test_every_day_at_least_8_hours_is_a_commitment(extractions):
    found = [c for c in extractions["national"]["commitments"] if c["unit"] == "小时" and c["value"] == 8]
    assert found and found[0]["comparator"] == ">=" and found[0]["section"] == "national-s4.12"


def test_10000_new_lifts_is_a_commitment(extractions):
    c = next(c for c in extractions["shanghai"]["commitments"] if "加装电梯" in c["text"])
    assert (c["value"], c["unit"], c["comparator"], c["section"]) == (1, "万台", ">=", "shanghai-p3.5")


def test_past_statistics_are_not_commitments(extractions):
    texts = " ".join(c["text"] for c in extractions["jiangsu"]["commitments"])
    assert "97.5%" not in texts and "17.5万人" not in texts


def test_lead_departments_only_where_the_text_says_so(extractions):
    depts = {d["name"]: d for d in extractions["shanghai"]["departments"]}
    assert depts["上海市民政局"]["leads"] == ["shanghai-s4.4"]
    national = {d["name"]: d for d in extractions["national"]["departments"]}
    assert national["民政部"]["leads"] == ["national-s7.20"]
    assert national["国务院办公厅"]["leads"] == []


@pytest.mark.parametrize("kind", ["sections", "indicators", "projects", "commitments", "glossary", "figures"])
def test_source_offsets_quote_the_verbatim_text(extractions, sources_dir, kind):
    for plan_id, extraction in extractions.items():
        text = (sources_dir / f"{plan_id}.txt").read_text(encoding="utf-8")
        for item in extraction[kind]:
            quote = text[item["source"]["start"]:item["source"]["end"]]
            first = (item.get("name") or item.get("title") or item.get("term") or item.get("text") or item["url"])
            probe = first[:4] if kind != "commitments" else first[-4:-1]
            assert probe in quote.replace(" ", "").replace("**", ""), (item["id"], probe, quote[:60])


def test_a_number_inside_a_glossary_term_is_a_name_not_a_commitment(extractions):
    # 24小时青年创新生态社区 is a term Shanghai's glossary defines; 每天不少于8小时 is a commitment.
    texts = [c["text"] for c in extractions["shanghai"]["commitments"] if c["unit"] == "小时"]
    assert texts and not any("24小时青年创新生态社区" in t for t in texts)


def test_every_law_the_text_names_is_cited_from_its_section(extractions):
    citations = {c["title"]: c["sections"] for c in extractions["shanghai"]["plan"]["citations"]}
    assert citations["上海市住宅物业管理规定"] == ["shanghai-s4.3"]
    assert citations["上海市乡村社区生活圈规划导则"] == ["shanghai-s3.2.3"]


def test_a_citation_in_the_notice_or_preamble_belongs_to_the_plan(extractions):
    citations = {c["title"]: c["sections"] for c in extractions["jiangsu"]["plan"]["citations"]}
    assert citations["江苏省“十四五”公共服务规划"] == []


def test_the_notices_form_of_a_title_is_an_alternative_title_not_a_citation(extractions):
    plan = extractions["shanghai"]["plan"]
    assert plan["alternative_titles"] == ["上海市城乡社区服务体系建设“十四五”规划"]
    assert "上海市城乡社区服务体系建设“十四五”规划" not in plan["cites"]


def test_every_lead_statement_gives_its_leads(extractions):
    leads = {(a["section"], a["name"]) for x in extractions.values() for a in x["assignments"] if a["role"] == "lead"}
    assert {("national-s7.17", "民政部门"), ("national-s7.17", "发展改革部门"), ("national-s7.20", "民政部"),
            ("national-s7.20", "国家发展改革委"), ("national-s2.6", "街道党工委"),
            ("jiangsu-s8.27", "民政部门"), ("jiangsu-s8.27", "发展改革部门"),
            ("shanghai-s3.1.1", "乡镇党委"), ("shanghai-s3.1.1", "街道党工委"), ("shanghai-s4.1", "规划资源部门"),
            ("shanghai-s4.4", "市民政局"), ("shanghai-s4.4", "市规划资源局")} <= leads


def test_a_named_lead_is_an_organisation_of_its_kind(extractions):
    (a,) = [a for a in extractions["shanghai"]["assignments"] if a["name"] == "市民政局"]
    assert (a["kind"], a["department"]) == ("civil-affairs", "shanghai-civil-affairs-bureau")


def test_bodies_that_work_with_the_lead_take_part(extractions):
    parts = {(a["section"], a["kind"]) for x in extractions.values() for a in x["assignments"]
             if a["role"] == "participant"}
    assert {("national-s7.20", "relevant-departments"), ("jiangsu-s8.27", "relevant-departments"),
            ("shanghai-s3.1.1", "unit-in-the-area")} <= parts


def place(extraction, name):
    return next(p for p in extraction["places"] if p["name"] == name)


def test_pudong_new_area_has_its_gb2260_code_and_is_in_shanghai(extractions):
    pudong = place(extractions["shanghai"], "浦东新区")
    assert (pudong["code"], pudong["parent"], pudong["printed"]) == ("310115", "310000", ["浦东新区", "浦东"])


def test_the_five_new_towns_lie_in_their_districts_nanhui_in_pudong(extractions):
    towns = {p["name"]: p["parent"] for p in extractions["shanghai"]["places"] if p["kind"] == "new-town"}
    assert towns == {"嘉定新城": "310114", "青浦新城": "310118", "松江新城": "310117", "奉贤新城": "310120",
                     "南汇新城": "310115"}


def test_nanhuis_source_says_it_is_named_after_a_district_retired_from_the_table(extractions):
    assert "310119" in place(extractions["shanghai"], "南汇新城")["note"]


def test_xianlin_street_lies_in_qixia_district_from_the_curated_table(extractions):
    street = place(extractions["jiangsu"], "南京市仙林街道")
    assert (street["kind"], street["code"], street["parent"], street["named_in"], street["mentioned_in"]) == (
        "street", None, "320113", None, ["jiangsu-s7.25"])


def test_an_unlisted_place_is_qualified_by_the_region_it_is_named_in():
    """Two plans naming an unlisted 新华区仙林街道 name two places: one IRI never gets two homes."""
    from planlink.scripts.places import qualified_id

    assert qualified_id("新华区仙林街道", "130105") != qualified_id("新华区仙林街道", "130902")


def test_the_yangtze_delta_is_a_city_cluster_of_four_provinces(extractions):
    delta = place(extractions["shanghai"], "长江三角洲地区")
    assert delta["members"] == ["310000", "320000", "330000", "340000"] and "长三角地区" in delta["printed"]


def test_trade_unions_womens_federations_and_the_youth_league_are_kinds_jiangsu_mentions(extractions):
    kinds = {a["kind"] for a in extractions["jiangsu"]["assignments"]
             if a["role"] == "mention" and a["section"] == "jiangsu-s7.25"}
    assert {"trade-union", "womens-federation", "communist-youth-league"} <= kinds


def test_a_body_that_must_do_a_task_leads_it(extractions):
    leads = {(a["section"], a["kind"]) for a in extractions["national"]["assignments"] if a["role"] == "lead"}
    assert {("national-s7.17", "township-and-subdistrict"), ("national-s7.17", "government"),
            ("national-s7.20", "civil-affairs")} <= leads


def test_what_still_needs_doing_assigns_nobody(extractions):
    assert not [a for a in extractions["shanghai"]["assignments"] if a["section"] == "shanghai-s1.2"
                and a["role"] == "lead"]


def test_jiangsu_row_9_target_90_percent_is_bare_equals_not_printed(extractions):
    target = indicator(extractions["jiangsu"], 9)["target"]
    assert (target["value"], target["comparator"], target["comparator_printed"], target["text"]) == (90, "=", False, "90%")


def test_an_indicator_cell_that_is_not_a_figure_is_kept_as_printed_and_said(sources_dir):
    text = (sources_dir / "jiangsu.txt").read_text(encoding="utf-8").replace("≥18人", "较2020年有所提高")
    from planlink.scripts.extract import extract_text

    x = extract_text(text)
    target = next(i for i in x["indicators"] if i["number"] == 7)["target"]
    assert (target["value"], target["text"]) == (None, "较2020年有所提高")
    assert x["warnings"] == ["indicator 7: indicator value not understood: '较2020年有所提高'; kept as printed, with no value"]


def test_a_table_whose_header_is_not_an_indicator_tables_is_said_and_skipped(sources_dir):
    text = (sources_dir / "jiangsu.txt").read_text(encoding="utf-8").replace("2021年\t2025年", "甲\t乙")
    from planlink.scripts.extract import extract_text

    x = extract_text(text)
    assert x["indicators"] == [] and x["warnings"][0].startswith("a table is not read as indicators")


def test_an_indicator_row_without_a_name_is_said_and_not_read(sources_dir):
    from planlink.scripts.extract import extract_text

    text = (sources_dir / "jiangsu.txt").read_text(encoding="utf-8").replace("\t城市社区政务通用自助服务覆盖率\t", "\t\t")
    x = extract_text(text)
    assert [i["number"] for i in x["indicators"]] == [1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12]
    assert x["warnings"] == ["indicator 4 has no name: not read"]
