"""The links are the same whatever the process: two processes with other string hashes (as two
builds, or a build and its pool's workers, have) restate the same national clauses. A set iterated
by string hash once picked the first of two equally good clauses, so two builds of the same sources
had other triples, another stamp (a new release) and other dumps."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

LINKS_DIGEST = """
import hashlib, json
from pathlib import Path
from planlink.scripts.extract import extract_file
from planlink.scripts.link.linkage import linkage
plans = {}
for path in sorted(Path("graph_data/sources").glob("*.txt")):
    extraction = extract_file(path)
    plans[extraction["plan"]["id"]] = extraction
links = linkage(plans).links
print(hashlib.sha256(json.dumps(sorted((i, json.dumps(l, ensure_ascii=False, sort_keys=True, default=str))
                                       for i, l in links.items()), ensure_ascii=False).encode()).hexdigest())
"""


def links_digest(hash_seed: str) -> str:
    done = subprocess.run([sys.executable, "-c", LINKS_DIGEST], capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "PYTHONHASHSEED": hash_seed})
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_two_processes_with_other_string_hashes_link_alike():
    # seeds 0 and 4 restated Jiangsu 5.16 and Shanghai 3.5.4 through other clauses before the fix
    assert links_digest("0") == links_digest("4")
