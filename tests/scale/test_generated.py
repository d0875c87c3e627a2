"""Plans of other regions, generated from the real ones, are parsed, linked and served with no code change."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.api.conftest import ROOT

PL = "https://planlink.example/def/"


def counts_per_plan(store) -> dict[str, dict]:
    from planlink.api.store import LocalStore

    query = f"""PREFIX pl: <{PL}> PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?plan ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {{
      ?p dcterms:identifier ?plan .
      {{ ?x a pl:IndicatorTarget ; pl:inPlan ?p . BIND("indicators" AS ?kind) }}
      UNION {{ ?x a pl:Section ; pl:inPlan ?p . BIND("sections" AS ?kind) }}
      UNION {{ ?l a pl:CounterpartLink ; pl:subject ?x . ?x pl:inPlan ?p . BIND("counterparts" AS ?kind) }}
    }} GROUP BY ?plan ?kind"""
    local = LocalStore(store)
    try:
        result: dict[str, dict] = {}
        for row in local.select(query):
            result.setdefault(row["plan"], {})[row["kind"]] = row["n"]
        return result
    finally:
        local.close()


def test_generated_plans_are_for_ten_real_provinces(generated_plans):
    from planlink.scripts.regions import PROVINCES

    codes = {p.code for p in PROVINCES}
    assert len({plan.region.code for plan in generated_plans if plan.region.code in codes}) >= 10


def test_generated_plans_come_in_several_renderings(generated_plans):
    assert len({plan.rendering for plan in generated_plans}) >= 3


def test_the_same_seed_gives_the_same_plans(generated_plans):
    from benchmarks.generate import generate

    assert [p.text for p in generate(len(generated_plans), seed=7)] == [p.text for p in generated_plans]
    assert [p.text for p in generate(len(generated_plans), seed=8)] != [p.text for p in generated_plans]


def test_generated_plans_differ_from_their_template(generated_plans):
    """Not the template with names swapped: numbers, items and wording move too."""
    from benchmarks.generate import SOURCES

    for plan in generated_plans:
        template = (SOURCES / plan.template).read_text(encoding="utf-8")
        assert plan.region.name in plan.text
        assert "上海市" not in plan.text and "江苏省" not in plan.text, plan.name
        assert len(set(plan.text.splitlines()) & set(template.splitlines())) < len(template.splitlines()) * 0.8


def test_the_build_takes_every_generated_plan(generated_build, generated_plans):
    _, summary = generated_build
    assert set(summary["plans"]) == {"national", "shanghai", "jiangsu"} | {p.region.id for p in generated_plans}


def test_every_generated_plan_has_indicators_sections_and_counterparts(generated_build, generated_plans):
    store, _ = generated_build
    counts = counts_per_plan(store)
    for plan in generated_plans:
        found = counts.get(plan.region.id, {})
        assert found.get("indicators", 0) >= 5, (plan.name, found)
        assert found.get("sections", 0) >= 5, (plan.name, found)
        assert found.get("counterparts", 0) >= 20, (plan.name, found)


def test_a_generated_plan_is_minted_under_its_region(generated_build, generated_plans):
    from planlink.api.store import LocalStore

    store, _ = generated_build
    plan = generated_plans[0]
    local = LocalStore(store)
    try:
        rows = local.select(f"""PREFIX pl: <{PL}> PREFIX dcterms: <http://purl.org/dc/terms/>
            SELECT ?code WHERE {{ <https://planlink.example/plan/{plan.region.id}> dcterms:spatial/dcterms:identifier ?code }}""")
    finally:
        local.close()
    assert [row["code"] for row in rows] == [plan.region.code]


def extract(text: str, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "planlink.scripts.cli", "extract", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def city_plan() -> str:
    from benchmarks.generate import SOURCES, TEMPLATES, derive
    from planlink.scripts.regions import BY_ID
    import random

    text = (SOURCES / "jiangsu.txt").read_text(encoding="utf-8")
    return derive(text, TEMPLATES["jiangsu.txt"], BY_ID["nanjing"], random.Random(1))


def test_a_city_plan_is_recognised_from_its_title(tmp_path):
    done = extract(city_plan(), tmp_path)
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)["plan"]
    assert (plan["id"], plan["level"], plan["region"], plan["region_code"]) == ("nanjing", "municipal", "南京市", "320100")


def test_a_city_plan_is_recognised_from_its_issuer_when_its_title_names_no_region(tmp_path):
    text = city_plan().replace("南京市“十四五”城乡社区服务体系建设规划", "“十四五”城乡社区服务体系建设规划（本市）")
    done = extract(text, tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["plan"]["id"] == "nanjing"


def test_a_plan_of_another_family_is_refused_in_one_line(tmp_path):
    text = city_plan().replace("城乡社区服务体系建设规划", "养老服务发展规划")
    done = extract(text, tmp_path)
    assert done.returncode != 0
    assert done.stderr.strip().count("\n") == 0 and "not a plan of this family" in done.stderr


@pytest.mark.parametrize("name, code, plan_id", [("吉林省", "220000", "jilin"), ("吉林市", "220200", "jilin-220200"),
                                                 ("昌吉回族自治州", "652300", "changji")])
def test_region_ids_are_minted_from_the_gbt_2260_table(name, code, plan_id):
    from planlink.scripts.regions import BY_CODE

    assert (BY_CODE[code].name, BY_CODE[code].id) == (name, plan_id)


def test_the_table_has_31_provincial_divisions_and_their_cities():
    from planlink.scripts.regions import CITIES, PROVINCES

    assert len(PROVINCES) == 31
    assert {c.parent for c in CITIES} == {p.code for p in PROVINCES} - {"110000", "120000", "310000", "500000"}
