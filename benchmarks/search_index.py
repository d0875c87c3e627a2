"""What the search index costs and saves on a built store: the time to write it (what a build adds)
and its size; per search, the index against the engine's substring scan (search.rq with ?q bound,
what a remote engine is still asked), for a rare and a common term of one, two and more characters.

    .venv/bin/python benchmarks/search_index.py STORE [--repeat 5]

A store built before the index existed gets one written into its build directory first (that build's
stamp changes with it: a server watching it reopens it). Times are the best of --repeat, in ms.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def best(repeat: int, call) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - started)
    return min(times) * 1e3, result


def terms(path: Path) -> dict[str, str]:
    """A rare and a common Chinese term of one and two characters (by the texts holding them), and two
    longer ones that every size has."""
    connection = sqlite3.connect(path)
    sizes = {gram: len(array("I", blob)) for gram, blob in connection.execute("SELECT gram, postings FROM grams")
             if all("\u4e00" <= ch <= "\u9fff" for ch in gram)}
    chosen = {}
    for n in (1, 2):
        ranked = sorted((size, gram) for gram, size in sizes.items() if len(gram) == n)
        chosen[f"rare {n}-char"], chosen[f"common {n}-char"] = ranked[0][1], ranked[-1][1]
    chosen["rare 4-char"], chosen["common 5-char"] = "仙林街道", "社区工作者"
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    import pyoxigraph

    from planlink.api.services.common import QUERIES
    from planlink.api.store import LocalStore
    from planlink.api.store.search_index import INDEX_PATH, SearchIndex, write_search_index

    build = Path(os.path.realpath(args.store))
    if not (build / INDEX_PATH).is_file():
        started = time.perf_counter()
        write_search_index(pyoxigraph.Store.read_only(str(build)), build)
        print(f"index written into {build} in {time.perf_counter() - started:.1f} s")
    path = build / INDEX_PATH
    connection = sqlite3.connect(path)
    rows, texts, grams = (connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                          for table in ("rows", "texts", "grams"))
    print(f"index: {path.stat().st_size / 2**20:.1f} MB; {rows:,} rows, {texts:,} distinct texts, {grams:,} grams")

    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        write_search_index(pyoxigraph.Store.read_only(str(build)), scratch)
        print(f"writing it again (what a build adds): {time.perf_counter() - started:.1f} s")

    index, local = SearchIndex(path), LocalStore(args.store)
    print(f"{'term':16} {'q':12} {'rows':>7} {'index ms':>9} {'engine ms':>10}")
    for label, q in terms(path).items():
        indexed, found = best(args.repeat, lambda q=q: index.rows_containing(q))
        scanned, expected = best(max(1, args.repeat // 2), lambda q=q: local.select(QUERIES["search"], {"q": q}))
        same = [(r["entity"], r["match"]) for r in found] == [(r["entity"], r["match"]) for r in expected]
        print(f"{label:16} {q:12} {len(found):7,} {indexed:9.2f} {scanned:10.1f}{'' if same else '  DIFFERENT'}")
    local.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
