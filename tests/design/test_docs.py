"""The README stays the newcomer's page, and every link in the docs leads somewhere."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", ROOT / "ARCHITECTURE.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_the_readme_is_under_250_lines():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) < 250


def test_the_readme_shows_both_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`make run`" in readme and "`make test`" in readme


def test_every_relative_link_of_the_docs_leads_to_a_file():
    broken = []
    for page in PAGES:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if "://" in target or target.startswith(("#", "mailto:")):
                continue
            path = target.split("#")[0]
            if path and not (page.parent / path).exists():
                broken.append(f"{page.relative_to(ROOT)} → {target}")
    assert broken == []


def test_no_file_holds_a_merge_conflict_marker():
    import subprocess

    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    if not tracked:  # not a git checkout (an unpacked wheel or sdist): nothing merged here
        return
    markers = ("<<<<<<< ", ">>>>>>> ")
    found = []
    for name in tracked:
        path = ROOT / name
        if path.suffix not in {".py", ".html", ".js", ".css", ".ttl", ".md", ".rq", ".csv", ".toml", ".cfg", ".txt"} \
                or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if line.startswith(markers):
                found.append(f"{name}:{number}")
    assert found == []
