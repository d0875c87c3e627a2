"""`make run` does no work twice: no reinstall and no rebuild when nothing changed."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.api.conftest import ROOT

# as a person runs it, not as a make inside `make test` (which would say "Entering directory")
ENV = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}


def make(*args: str, timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, env=ENV, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if shutil.which("make") is None or not (ROOT / ".venv" / ".installed").exists():
        pytest.skip("needs make and the venv `make install` made")
    build = tmp_path_factory.mktemp("make") / "build"
    done = make("build", f"BUILD={build}", timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return build


def test_make_build_twice_builds_once(built):
    again = make("-n", "build", f"BUILD={built}")
    assert "planlink build" not in again.stdout and "pip install" not in again.stdout, again.stdout


def test_make_run_only_serves_when_nothing_changed(built):
    plan = make("-n", "run", f"BUILD={built}", "PORT=5000").stdout
    assert plan.strip().splitlines() == [f".venv/bin/planlink serve --store {built}/store --port 5000"]
