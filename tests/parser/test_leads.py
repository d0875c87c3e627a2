"""Leads the texts give by naming a body's responsibility or the support it must give (issue 19)."""


def leads(extraction, section):
    return {(a["name"], a["kind"]) for a in extraction["assignments"] if a["section"] == section and a["role"] == "lead"}


def test_streets_and_towns_lead_shanghais_emergency_response(extractions):
    # 3.5.6 强化应急状态下街镇（乡）属地责任和相应职权
    assert ("街镇（乡）", "township-and-subdistrict") in leads(extractions["shanghai"], "shanghai-s3.5.6")


def test_the_bodies_that_support_volunteer_teams_lead_that_support(extractions):
    # 专栏2-2 有关部门、街道、乡镇、居民委员会、村民委员会、社区基金（会）等为社区志愿服务团队提供支持
    kinds = {kind for _, kind in leads(extractions["shanghai"], "shanghai-p2.2")}
    assert kinds == {"relevant-departments", "township-and-subdistrict", "self-governing-committee"}


def test_a_party_committee_whose_responsibility_is_pressed_leads(extractions):
    # 压实乡镇（街道）党（工）委责任
    assert ("乡镇（街道）党（工）委", "party-committee") in leads(extractions["national"], "national-s2.6")


def test_market_forces_providing_a_service_are_no_body_of_the_plan(extractions):
    # 专栏2-4 促进和规范各类市场力量为社区服务设施提供专业化服务
    assert leads(extractions["shanghai"], "shanghai-p2.4") == set()


def test_a_responsibility_nobody_is_named_for_assigns_nobody(extractions):
    # 落实部门指导和监管责任 (national 7.20) names a kind of duty, not a body
    assert not [a for a in extractions["national"]["assignments"] if a["role"] == "lead" and "指导" in a["name"]]
