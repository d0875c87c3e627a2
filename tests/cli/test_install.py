"""`pip install .` (not editable) from a clean checkout into a fresh venv gives a planlink that
builds, validates and serves from another directory, with no build-backend warnings."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.api.conftest import ROOT, Server, free_port


def clean_checkout(into: Path) -> Path:
    """The repository's files (tracked, and new ones not ignored), without .venv, build or caches."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    into.mkdir()
    for name in filter(None, files):
        if (ROOT / name).is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, into / name)
    return into


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout to know which files are the project's")
    tmp = tmp_path_factory.mktemp("install")
    source = clean_checkout(tmp / "checkout")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    # pip's cache is reused (no --no-cache-dir), so this takes seconds once the dependencies are cached
    install = subprocess.run([str(venv / "bin" / "pip"), "install", "--disable-pip-version-check", str(source)],
                             capture_output=True, text=True, timeout=600)
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    return venv / "bin" / "planlink", install.stdout + install.stderr, elsewhere


def run(planlink: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(planlink), *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_install_shows_no_build_backend_warning(installed):
    _, output, _ = installed
    assert "Warning" not in output.replace("WARNING: Location", ""), output[-3000:]


def test_installed_planlink_says_its_version(installed):
    planlink, _, elsewhere = installed
    assert run(planlink, elsewhere, "--version").stdout.strip() == "planlink 0.1.0"


def test_wheel_holds_one_namespace_its_data_and_no_tests_or_build(installed):
    planlink, _, _ = installed
    site = next(planlink.parent.parent.glob("lib/python*/site-packages"))
    package = site / "planlink"
    assert (package / "ontology" / "shapes.ttl").is_file() and (package / "api" / "queries" / "catalog.rq").is_file()
    assert (package / "api" / "static" / "vendor" / "yasqe-4.6.2" / "yasqe.min.js").is_file()
    assert (package / "api" / "static" / "vendor" / "vega-6.4.0").is_dir()
    # no top-level name that another distribution could also install
    assert not any((site / name).exists() for name in ("api", "scripts", "ontology", "graph_data", "tests"))
    assert not (package / "tests").exists() and not (package / "graph_data" / "build").exists()


def test_installed_planlink_builds_validates_and_serves_from_another_directory(installed):
    planlink, _, elsewhere = installed
    built = run(planlink, elsewhere, "build")
    assert built.returncode == 0, built.stderr
    assert (elsewhere / "graph_data" / "build" / "store" / "CURRENT").is_file()
    assert (elsewhere / "graph_data" / "build" / "dumps" / "planlink.nq.gz").is_file()
    checked = run(planlink, elsewhere, "validate")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    port = free_port()
    server = Server([str(planlink), "serve", "--port", str(port)], f"http://127.0.0.1:{port}", "/openapi.json",
                    elsewhere / "serve.log", cwd=elsewhere)
    try:
        answer = requests.get(f"{server.url}/api/v1/indicators", params={"plan": "jiangsu"}, timeout=30)
        assert answer.json()["total"] == 12
        assert "社区".encode("utf-8") in answer.content and b"\\u" not in answer.content  # UTF-8, not escapes
        page = requests.get(f"{server.url}/plan/jiangsu", headers={"Accept": "text/html"}, timeout=30)
        assert page.status_code == 200 and "江苏" in page.text
        assert requests.get(f"{server.url}/dumps/planlink.ttl.gz", timeout=30).status_code == 200
        # the workbench's editor, a bundled library in a versioned folder, is served from the install
        editor = requests.get(f"{server.url}/static/vendor/yasqe-4.6.2/yasqe.min.js", timeout=30)
        assert editor.status_code == 200 and len(editor.content) > 100_000
    finally:
        server.stop()
