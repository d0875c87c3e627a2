"""`make run` does no work twice: no reinstall and no rebuild when nothing changed."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.api.conftest import ROOT


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if shutil.which("make") is None or not (ROOT / ".venv" / ".installed").exists():
        pytest.skip("needs make and the venv `make install` made")
    build = tmp_path_factory.mktemp("make") / "build"
    done = subprocess.run(["make", "build", f"BUILD={build}"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return build


def test_make_build_twice_builds_once(built):
    again = subprocess.run(["make", "-n", "build", f"BUILD={built}"], cwd=ROOT, capture_output=True, text=True,
                           timeout=60)
    assert "planlink build" not in again.stdout and "pip install" not in again.stdout, again.stdout


def test_make_run_only_serves_when_nothing_changed(built):
    plan = subprocess.run(["make", "-n", "run", f"BUILD={built}", "PORT=5000"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60).stdout
    assert plan.strip().splitlines() == [f".venv/bin/planlink serve --store {built}/store --port 5000"]
