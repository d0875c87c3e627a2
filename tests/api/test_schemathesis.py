"""schemathesis against the live server: every operation of /openapi.json, generated requests
valid and invalid, with all of its checks (no 5xx, statuses, content types, headers and bodies
as documented, invalid data refused, valid data accepted, unsupported methods answered 405).
Bounded: a fixed number of examples per operation and a fixed seed, so a run is repeatable.
What a schema cannot say (a query's syntax, the plans of a build) is in schemathesis.toml here."""

import shutil
import subprocess

import pytest

from tests.api.conftest import ROOT, VENV_BIN

CONFIG = ROOT / "tests" / "api" / "schemathesis.toml"

EXAMPLES = 25
SEED = "20261129"


def test_schemathesis_finds_no_failure_with_all_checks(live_server, tmp_path):
    st = VENV_BIN / "st" if (VENV_BIN / "st").exists() else shutil.which("st")
    if st is None:
        pytest.fail("schemathesis is not installed: `pip install -e '.[test]'`")
    run = subprocess.run([str(st), "--config-file", str(CONFIG), "run", live_server.url + "/openapi.json", "--url", live_server.url,
                          "--checks", "all", "--max-examples", str(EXAMPLES), "--seed", SEED, "--no-color",
                          "--request-timeout", "20"],
                         capture_output=True, text=True, timeout=400, cwd=tmp_path)
    assert run.returncode == 0, run.stdout[-8000:] + run.stderr[-2000:]
