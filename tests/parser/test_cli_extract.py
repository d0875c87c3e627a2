"""`planlink extract FILE`: the contract JSON for a plan, a one-line error for anything else."""

import json

import pytest

from planlink.scripts.cli import main


def run(path, capsys):
    code = main(["extract", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("plan", ["national", "shanghai", "jiangsu"])
def test_extract_prints_the_contract_json(sources_dir, capsys, plan):
    code, out, err = run(sources_dir / f"{plan}.txt", capsys)
    data = json.loads(out)
    assert code == 0
    assert {"plan", "sections", "indicators", "projects", "commitments", "glossary"} <= data.keys()
    assert data["plan"]["id"] == plan
    assert all({"id", "number", "title", "level", "parent"} <= s.keys() for s in data["sections"])


def test_the_plan_is_recognised_from_content_not_file_name(sources_dir, tmp_path, capsys):
    misnamed = tmp_path / "national.txt"
    misnamed.write_bytes((sources_dir / "shanghai.txt").read_bytes())
    code, out, _ = run(misnamed, capsys)
    assert code == 0 and json.loads(out)["plan"]["id"] == "shanghai"


def test_a_new_province_gets_its_own_plan_id(sources_dir, tmp_path, capsys):
    text = (sources_dir / "jiangsu.txt").read_text(encoding="utf-8").replace("江苏省“十四五”城乡", "浙江省“十四五”城乡")
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(path, capsys)
    plan = json.loads(out)["plan"]
    assert code == 0 and (plan["id"], plan["region_code"]) == ("zhejiang", "330000")


def bad_inputs(sources_dir):
    jiangsu = (sources_dir / "jiangsu.txt").read_text(encoding="utf-8")
    return {
        "empty": (b"", "empty document"),
        "blank": (b"\n \n", "empty document"),
        "binary": (bytes(range(256)) * 8, "binary data"),
        "gbk": (jiangsu.encode("gbk", errors="replace"), "not UTF-8"),
        "not_a_plan": ("今天天气很好。我们去公园散步，然后吃午饭。\n".encode(), "not a plan"),
        "first_half": (jiangsu[: len(jiangsu) // 2].encode(), "truncated plan"),
        "cut_mid_sentence": (jiangsu[: jiangsu.index("抄送") - 30].encode(), "truncated plan"),
    }


@pytest.mark.parametrize("case", ["empty", "blank", "binary", "gbk", "not_a_plan", "first_half", "cut_mid_sentence"])
def test_bad_input_is_refused_with_one_line(sources_dir, tmp_path, capsys, case):
    data, message = bad_inputs(sources_dir)[case]
    path = tmp_path / "input.txt"
    path.write_bytes(data)
    code, out, err = run(path, capsys)
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and message in err, err


def test_a_missing_file_is_a_one_line_error(tmp_path, capsys):
    code, _, err = run(tmp_path / "nope.txt", capsys)
    assert code == 1 and "cannot read" in err and err.count("\n") == 1


@pytest.mark.parametrize("plan", ["national", "shanghai", "jiangsu"])
def test_mutilated_plans_are_extracted_or_refused_never_crash(sources_dir, plan):
    """Seeded cuts, deletions, duplications and swapped lines: an extraction or an InputError."""
    import random

    from planlink.scripts.errors import InputError
    from planlink.scripts.extract import extract_text

    text = (sources_dir / f"{plan}.txt").read_text(encoding="utf-8")
    rng = random.Random(plan)
    refused = 0
    for _ in range(60):
        a = rng.randrange(len(text))
        b = min(len(text), a + rng.randrange(3000))
        variant = rng.choice([text[:a], text[:a] + text[b:], text[:b] + text[a:b] + text[b:]])
        try:
            extract_text(variant)
        except InputError:
            refused += 1
    assert refused > 0  # most cuts lose the closing chapter and must be refused
