"""A plan as a government portal publishes it (issue 19, finding 1), on a small example of our own
(tests/parser/data/portal_mini.txt): the portal's date after the title, a metadata table as pipes
with the issuer left blank, no issuing notice, half-width punctuation, list numbers run into a term
that starts with a digit, 专栏 titles ending in ' |'."""

from pathlib import Path

import pytest

from planlink.scripts.extract import extract_file, extract_text

PORTAL = Path(__file__).resolve().parent / "data" / "portal_mini.txt"


@pytest.fixture(scope="module")
def portal() -> dict:
    return extract_file(PORTAL)


def test_the_portals_date_is_not_part_of_the_title(portal):
    assert portal["plan"]["title"] == "上海市示例城乡社区服务“十四五”规划"


def test_the_portals_date_is_kept_as_the_date_it_was_published(portal):
    assert portal["plan"]["published"] == "2022-10-11"


def test_the_document_number_is_read_from_the_metadata_table_without_the_space_before_hao(portal):
    assert portal["plan"]["doc_number"] == "沪民社建发〔2022〕3号"


def test_a_blank_issuer_cell_is_inferred_from_the_code_of_the_document_number(portal):
    plan = portal["plan"]
    assert plan["issuers"] == ["上海市民政局"]
    assert {k: plan["issuer_inferred"][k] for k in ("code", "from", "rule")} == {
        "code": "沪民", "from": "沪民社建发〔2022〕3号", "rule": "doc-number-issuer-code"}


def test_a_date_of_issue_the_portal_does_not_print_is_recorded_as_not_stated(portal):
    assert portal["plan"]["issued"] is None and portal["plan"]["not_stated"] == ["issued"]


def test_a_number_run_into_a_term_that_starts_with_a_digit_is_the_next_glossary_item(portal):
    assert [(t["number"], t["term"]) for t in portal["glossary"]] == [
        (1, "社区"), (2, "15分钟社区生活圈"), (3, "24小时青年创新生态社区")]


def test_a_figure_opening_a_paragraph_outside_a_list_stays_a_figure(portal):
    section = next(s for s in portal["sections"] if s["title"] == "发展基础")
    assert section["text"].startswith("1.5万名社区工作者")


def test_a_box_title_ending_in_a_lone_pipe_loses_the_pipe(portal):
    assert [(p["number"], p["title"], len(p["items"])) for p in portal["projects"]] == [(1, "社区服务行动", 2)]


def test_an_issuer_printed_in_the_metadata_table_is_taken_as_printed():
    text = PORTAL.read_text(encoding="utf-8").replace("发布机构: | ||", "发布机构: | 上海市发展和改革委员会 ||")
    plan = extract_text(text)["plan"]
    assert (plan["issuers"], plan["issuer_inferred"], plan["not_stated"]) == (["上海市发展和改革委员会"], None, ["issued"])


def test_a_number_whose_issuer_code_is_unknown_leaves_the_issuer_not_stated():
    plan = extract_text(PORTAL.read_text(encoding="utf-8").replace("沪民社建发", "沪农发"))["plan"]
    assert (plan["issuers"], plan["issuer_inferred"], plan["not_stated"]) == ([], None, ["issuers", "issued"])


def test_the_shanghai_portal_rendering_keeps_every_glossary_term_and_commitment(sources_dir, extractions):
    """The issue's habits applied to the real Shanghai text: same terms, same number of commitments."""
    import re

    text = (sources_dir / "shanghai.txt").read_text(encoding="utf-8")
    body = text[text.index("# 上海市城乡社区服务体系建设的"):].split("\n", 1)[1]
    body = body.replace("，", ",").replace("（", "(").replace("）", ")")
    body = re.sub(r"(?m)^(\d{1,2})\. ", r"\1.", body)
    body = re.sub(r"(?m)^(#* *专栏.*)$", r"\1 |", body)
    head = ("上海市城乡社区服务体系建设“十四五”规划 ( 2022-10-11 )\n索取号: | 发布机构: | ||\n"
            "文件编号: | 沪民社建发〔2022〕3 号 | 公开类别: | 主动公开 |\n\n")
    portal = extract_text(head + body)
    reference = extractions["shanghai"]
    assert [t["term"] for t in portal["glossary"]] == [t["term"] for t in reference["glossary"]]
    assert len(portal["commitments"]) == len(reference["commitments"]) == 23
    assert [p["title"] for p in portal["projects"]] == [p["title"] for p in reference["projects"]]

