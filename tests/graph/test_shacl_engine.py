"""The build's SHACL engine (pyshacl-turbo, scripts/shacl_check.py) gives pySHACL's violations on
every part of the real build, as built and broken five ways; batches checked in worker processes
give what one process gives."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def lines(built_store):
    from benchmarks.shacl_engines import store_lines

    return store_lines(built_store)


@pytest.mark.parametrize("mutation", ["as built", "required values dropped", "titles doubled", "numbers retyped",
                                      "languages relabelled", "bare figures say eq"])
def test_turbo_and_pyshacl_find_the_same_violations_on_every_part(lines, mutation):
    from benchmarks.shacl_engines import MUTATIONS, compare

    [row] = compare(lines, {mutation: MUTATIONS[mutation]})
    assert row["disagree"] == []
    assert row["parts"] > 30 and (row["violations"] == 0) == (mutation == "as built")


def test_batches_checked_in_worker_processes_give_what_one_process_gives(lines, monkeypatch):
    from benchmarks.shacl_engines import MUTATIONS
    from planlink.scripts import shacl_check
    from planlink.scripts.validate import result_lines

    broken = MUTATIONS["required values dropped"](lines)
    batches = [broken[i::3] for i in range(3)]
    monkeypatch.setattr(shacl_check, "workers", lambda: 2)
    in_workers = list(shacl_check.check_batches(batches))
    here = [shacl_check.check(batch) for batch in batches]
    assert [conforms for conforms, _ in in_workers] == [conforms for conforms, _ in here] == [False] * 3
    assert [sorted(line for _, line in result_lines(report)) for _, report in in_workers] == \
           [sorted(line for _, line in result_lines(report)) for _, report in here]


def test_the_build_validates_in_batches_small_enough_for_every_core(monkeypatch):
    from planlink.scripts import shacl_check
    from planlink.scripts.validate import BATCH_LINES, batch_lines

    monkeypatch.setattr(shacl_check, "workers", lambda: 2)
    assert batch_lines(1_600_000) == BATCH_LINES  # a 100x graph: bounded batches
    assert batch_lines(160_000) == 20_001  # a 10x graph: four batches a core
    assert batch_lines(10_000) == 5_000
