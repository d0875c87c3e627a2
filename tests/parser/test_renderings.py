"""Every rendering of a plan extracts identically (source offsets aside)."""

import pytest

from tests.parser.renderings import RENDERINGS
from planlink.scripts.extract import extract_text


def without_offsets(value):
    if isinstance(value, dict):
        return {k: without_offsets(v) for k, v in value.items() if k != "source"}
    if isinstance(value, list):
        return [without_offsets(v) for v in value]
    return value


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
@pytest.mark.parametrize("plan", ["national", "shanghai", "jiangsu"])
def test_rendering_extracts_identically(sources_dir, extractions, plan, rendering):
    text = (sources_dir / f"{plan}.txt").read_text(encoding="utf-8")
    variant = RENDERINGS[rendering](text)
    assert without_offsets(extract_text(variant)) == without_offsets(extractions[plan])


def test_web_page_rendering_really_differs(sources_dir):
    text = (sources_dir / "shanghai.txt").read_text(encoding="utf-8")
    web = RENDERINGS["web_page"](text)
    assert "沪民社建发〔2022〕3 号" in web
    assert "1 | 每百户居民拥有社区综合服务设施面积 | 约束性 | 平方米 | 30 | >30 |" in web
    assert "专栏 2:社会力量参与社区服务行动 1.推动社区社会组织高质量发展" in web


def test_renderings_keep_true_offsets(sources_dir):
    text = RENDERINGS["web_page"]((sources_dir / "jiangsu.txt").read_text(encoding="utf-8"))
    row = extract_text(text)["indicators"][6]
    assert text[row["source"]["start"]:row["source"]["end"]].startswith("7 | 每万城镇常住人口拥有社区工作者")
