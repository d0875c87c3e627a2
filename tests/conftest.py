"""Fixtures shared by every test folder: the shipped sources, their extractions, one real build.

The real graph is built once per test session (a few seconds) and shared read-only.
"""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "graph_data" / "sources"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    return SOURCES


@pytest.fixture(scope="session")
def extractions() -> dict:
    """{plan id: extraction dict} for every shipped source."""
    from planlink.scripts.extract import extract_file

    result = {}
    for path in sorted(SOURCES.glob("*.txt")):
        extraction = extract_file(path)
        result[extraction["plan"]["id"]] = extraction
    return result


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    """The real graph, built once from graph_data/sources into a temporary store."""
    from planlink.scripts.build import build

    out = tmp_path_factory.mktemp("build") / "store"
    build(sources=SOURCES, out=out, progress=False)
    return out
