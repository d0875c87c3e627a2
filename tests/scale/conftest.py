"""A graph with generated plans for ten more provinces beside the three real ones, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

GENERATED = 10


@pytest.fixture(scope="session")
def generated_plans():
    from benchmarks.generate import generate

    return generate(GENERATED, seed=7)


@pytest.fixture(scope="session")
def generated_sources(generated_plans, tmp_path_factory) -> Path:
    from benchmarks.generate import write

    out = tmp_path_factory.mktemp("generated") / "sources"
    write(generated_plans, out, with_real=True)
    return out


@pytest.fixture(scope="session")
def generated_build(generated_sources, tmp_path_factory) -> tuple[Path, dict]:
    """(store, build summary) of the three real plans and the generated ones."""
    from planlink.scripts.build import build

    out = tmp_path_factory.mktemp("generated-build") / "store"
    return out, build(sources=generated_sources, out=out, progress=False)
