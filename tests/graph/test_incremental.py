"""The build cache (issue 13): adding a plan to a built graph parses and links that plan alone, and
a build from a warm cache gives exactly what a build from none gives (scripts/cache.py)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from planlink.scripts.errors import BuildError
from tests.conftest import SOURCES

PROVINCES = 3  # generated beside the three real plans: two to start with, the third added


def snapshot(directory: Path) -> dict:
    return {str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(directory.rglob("*"))}


def dumps(store: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted((store.parent / "dumps").iterdir())}


def build(sources: Path, out: Path, **options) -> dict:
    from planlink.scripts.build import build

    return build(sources=sources, out=out, progress=False, **options)


@pytest.fixture(scope="module")
def generated():
    from benchmarks.generate import generate

    return generate(PROVINCES, seed=13)


@pytest.fixture(scope="module")
def warm(generated, tmp_path_factory) -> dict:
    """Sources of the real plans and two generated ones, built into a cache; then a third plan
    added and built from that cache; and the same sources built with no cache at all."""
    from benchmarks.generate import write

    root = tmp_path_factory.mktemp("incremental")
    sources = root / "sources"
    write(generated[:-1], sources, with_real=True)
    first = build(sources, root / "out" / "store")
    first_dumps = dumps(root / "out" / "store")
    cache_before = root / "cache-after-first"
    shutil.copytree(root / "out" / "cache", cache_before)
    write(generated[-1:], sources)
    added = build(sources, root / "out" / "store")
    cold = build(sources, root / "cold" / "store", use_cache=False)
    return {"root": root, "sources": sources, "first": first, "added": added, "cold": cold,
            "new": generated[-1].name.removesuffix(".txt"), "cache_before": cache_before,
            "first_dumps": first_dumps}


def test_a_warm_build_after_adding_a_plan_gives_the_triples_stamp_and_dumps_of_a_cold_build(warm):
    assert warm["added"]["stamp"] == warm["cold"]["stamp"]
    assert warm["added"]["triples"] == warm["cold"]["triples"] > warm["first"]["triples"]
    assert dumps(Path(warm["added"]["store"])) == dumps(Path(warm["cold"]["store"]))


def test_the_store_of_a_warm_build_holds_the_triples_of_a_cold_one(warm):
    from planlink.api.store import read_graph

    assert set(read_graph(warm["added"]["store"])) == set(read_graph(warm["cold"]["store"]))


def test_a_warm_build_parses_and_links_only_the_added_plan(warm):
    cache = warm["added"]["cache"]
    others = sorted(set(warm["added"]["plans"]) - {warm["new"]})
    assert cache["plans"] == {"built": [warm["new"]], "cached": others}
    assert cache["links"] == {"built": [warm["new"]], "cached": [p for p in others if p != "national"]}
    assert cache["shacl"]["cached"], "the parts no new plan touched are not validated again"
    assert warm["first"]["cache"]["plans"]["cached"] == []


def test_a_build_with_no_cache_neither_reads_nor_writes_one(warm):
    assert warm["cold"]["cache"]["dir"] is None
    assert not (warm["root"] / "cold" / "cache").exists()
    assert warm["cold"]["cache"]["plans"]["cached"] == []


@pytest.fixture
def warm_copy(warm, tmp_path) -> dict:
    """The sources and warm cache of the first build, to change at will."""
    sources, cache = tmp_path / "sources", tmp_path / "cache"
    shutil.copytree(warm["sources"], sources)
    (sources / f"{warm['new']}.txt").unlink()
    shutil.copytree(warm["cache_before"], cache)
    return {"sources": sources, "cache": cache, "out": tmp_path / "out" / "store"}


def test_a_shacl_violation_in_a_changed_plan_fails_the_build_with_the_cache_warm(warm, warm_copy, monkeypatch):
    import planlink.scripts.build
    from planlink.scripts.graph import plan_graph
    from planlink.scripts.vocab import SDMX_DIMENSION

    out = warm_copy["out"]
    build(warm_copy["sources"], out, cache_dir=warm_copy["cache"])
    before = snapshot(out.parent)
    cache_before = snapshot(warm_copy["cache"])

    def graph_without_target_years(extraction, text):
        g = plan_graph(extraction, text)
        g.remove((None, SDMX_DIMENSION.refPeriod, None))
        return g

    monkeypatch.setattr(planlink.scripts.build, "plan_graph", graph_without_target_years)
    changed = warm_copy["sources"] / "shanghai.txt"
    changed.write_bytes(changed.read_bytes() + b"\n")  # changed: no longer the cached plan
    with pytest.raises(BuildError, match="needs its year") as e:
        build(warm_copy["sources"], out, cache_dir=warm_copy["cache"])
    assert "/plan/shanghai/" in str(e.value) and "/plan/jiangsu/" not in str(e.value)
    assert snapshot(out.parent) == before
    assert snapshot(warm_copy["cache"]) == cache_before  # a failed build keeps nothing


def test_a_changed_national_plan_relinks_every_plan(warm, warm_copy):
    national = warm_copy["sources"] / "national.txt"
    national.write_bytes(national.read_bytes() + b"\n")
    summary = build(warm_copy["sources"], warm_copy["out"], cache_dir=warm_copy["cache"])
    provincial = [p for p in summary["plans"] if p != "national"]
    assert summary["cache"]["plans"]["built"] == ["national"]
    assert summary["cache"]["links"] == {"built": provincial, "cached": []}


@pytest.mark.parametrize("kind", ["extraction", "triples", "links", "link-triples", "shacl", "json-ld"])
def test_a_corrupt_cache_entry_is_built_again_never_trusted(warm, warm_copy, kind):
    entries = sorted((next(warm_copy["cache"].iterdir()) / kind).iterdir())
    assert entries
    for n, entry in enumerate(entries):  # torn, edited, emptied
        data = entry.read_bytes()
        entry.write_bytes([data[:len(data) // 2], data.replace(b"<", b"[", 1) + b"x", b""][n % 3])
    summary = build(warm_copy["sources"], warm_copy["out"], cache_dir=warm_copy["cache"])
    assert summary["stamp"] == warm["first"]["stamp"]
    assert dumps(warm_copy["out"]) == warm["first_dumps"]
    if kind in ("extraction", "triples"):
        assert summary["cache"]["plans"]["cached"] == []
    if kind == "links":
        assert summary["cache"]["links"]["cached"] == []
    again = build(warm_copy["sources"], warm_copy["out"], cache_dir=warm_copy["cache"])
    assert again["cache"]["plans"]["built"] == [] and again["cache"]["links"]["built"] == []


def test_the_cache_keeps_only_what_the_last_build_used(warm, warm_copy):
    stale = warm_copy["cache"] / "0123456789abcdef" / "triples"
    stale.mkdir(parents=True)
    (stale / "old").write_bytes(b"from code since changed")
    jiangsu = warm_copy["sources"] / "jiangsu.txt"
    jiangsu.write_bytes(jiangsu.read_bytes() + b"\n")
    build(warm_copy["sources"], warm_copy["out"], cache_dir=warm_copy["cache"])
    generations = list(warm_copy["cache"].iterdir())
    assert [g.name for g in generations] != ["0123456789abcdef"] and len(generations) == 1
    [generation] = generations
    assert len(list((generation / "triples").iterdir())) == len(list(warm_copy["sources"].glob("*.txt")))


def test_a_build_under_another_base_from_the_cache_equals_one_without(warm, warm_copy, tmp_path):
    base = "https://data.example.gov.cn/planlink/"
    warm_build = build(warm_copy["sources"], warm_copy["out"], cache_dir=warm_copy["cache"], base=base)
    cold = build(warm_copy["sources"], tmp_path / "cold" / "store", base=base, use_cache=False)
    assert warm_build["cache"]["plans"]["built"] == []
    assert warm_build["stamp"] == cold["stamp"] != warm["first"]["stamp"]
    assert dumps(warm_copy["out"]) == dumps(tmp_path / "cold" / "store")


def test_the_real_plans_build_from_the_cache_as_they_do_without(tmp_path):
    first = build(SOURCES, tmp_path / "a" / "store")
    second = build(SOURCES, tmp_path / "a" / "store")
    assert second["cache"]["plans"]["built"] == [] and second["stamp"] == first["stamp"]


def test_shapes_that_would_make_validation_by_parts_inexact_are_refused():
    from rdflib import Graph

    from planlink.scripts.validate import check_shapes_are_local, shapes_graph

    check_shapes_are_local(shapes_graph())  # the shipped shapes: one-step paths and their values' types
    prefixes = "@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> ."
    nested = Graph().parse(data=prefixes + "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
                                          "sh:property [ sh:path ex:p ; sh:node ex:T ] .", format="turtle")
    with pytest.raises(ValueError, match="node"):
        check_shapes_are_local(nested)
    two_steps = Graph().parse(data=prefixes + "ex:S a sh:NodeShape ; sh:targetClass ex:C ; "
                                             "sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .",
                              format="turtle")
    with pytest.raises(ValueError, match="several steps"):
        check_shapes_are_local(two_steps)
