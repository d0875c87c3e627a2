"""The search index of a build: every searchable value search.rq gives (titles, texts, labels,
definitions), its rows in the engine's order, and the character unigrams and bigrams of each
distinct text (lowercased), in one SQLite file inside the build's directory, so it is swapped in
with the build and removed with it (api/store/write.py).

A search then reads the posting lists of the query's bigrams (its one character, for a one-character
query), keeps the texts in all of them, checks that each really contains the query (as
CONTAINS(LCASE(…)) does), and reads those texts' rows: its cost follows the rarest bigram and the
answer, not the graph. Character n-grams (as Lucene's CJK analyzer indexes Chinese) need no
dictionary and find any substring; SQLite's FTS5 trigram tokenizer cannot look up the one- and
two-character queries Chinese mostly asks (养老, 社区). The file is opened read-only and immutable: a
build never changes after the swap.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from array import array
from pathlib import Path

from planlink.api.store.terms import PREFIX_DECLARATIONS, plain

INDEX_PATH = Path("planlink-search") / "index.sqlite"  # inside the build's directory (RocksDB ignores it)
FORMAT = "2"  # 2: each row says which property (priority) and language its value has
SEARCH_QUERY = PREFIX_DECLARATIONS + (Path(__file__).resolve().parents[1] / "queries" / "search.rq").read_text(
    encoding="utf-8")
COLUMNS = ("entity", "id", "type", "planId", "title", "priority", "lang")  # search.rq's columns, beside ?match


def grams(text: str) -> set[str]:
    """The distinct unigrams and bigrams of an already lowercased text."""
    return set(text) | {text[i:i + 2] for i in range(len(text) - 1)}


def query_grams(q: str) -> set[str]:
    """What a text containing `q` (lowercased) must have: its bigrams, or its one character."""
    return {q} if len(q) == 1 else {q[i:i + 2] for i in range(len(q) - 1)}


def write_search_index(store, directory: str | os.PathLike) -> Path:
    """Run search.rq (every searchable value, in its order) on a pyoxigraph `store` and write the
    index into `directory` (the build's, before it is swapped in)."""
    result = store.query(SEARCH_QUERY)
    names = [v.value for v in result.variables]
    rows = [{name: plain(row[name]) for name in names} for row in result]
    return write_rows(rows, Path(directory) / INDEX_PATH)


def write_rows(rows: list[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    texts: dict[str, int] = {}
    postings: dict[str, array] = {}
    connection = sqlite3.connect(path)
    try:
        connection.executescript("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 8192;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE texts (t INTEGER PRIMARY KEY, text TEXT NOT NULL, lower TEXT NOT NULL);
            CREATE TABLE rows (n INTEGER PRIMARY KEY, t INTEGER NOT NULL, entity, id, type, planId, title, priority, lang);
            CREATE TABLE grams (gram TEXT PRIMARY KEY, postings BLOB NOT NULL) WITHOUT ROWID;
        """)
        for n, row in enumerate(rows):
            text = row["match"]
            if text is None:
                continue
            text = str(text)
            t = texts.get(text)
            if t is None:
                t = texts[text] = len(texts)
                lower = text.lower()
                connection.execute("INSERT INTO texts VALUES (?, ?, ?)", (t, text, lower))
                for gram in grams(lower):
                    postings.setdefault(gram, array("I")).append(t)
            connection.execute("INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (n, t, *(row.get(c) for c in COLUMNS)))
        connection.executemany("INSERT INTO grams VALUES (?, ?)",
                               ((gram, found.tobytes()) for gram, found in postings.items()))
        connection.execute("CREATE INDEX rows_by_text ON rows (t, n)")
        connection.executemany("INSERT INTO meta VALUES (?, ?)",
                               [("format", FORMAT), ("rows", str(len(rows))), ("texts", str(len(texts)))])
        connection.commit()
    finally:
        connection.close()
    return path


class SearchIndex:
    """A build's search index, read-only; one SQLite connection per thread."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        if self._connection().execute("SELECT value FROM meta WHERE key = 'format'").fetchone() != (FORMAT,):
            raise ValueError(f"{path} is not a search index of this version")

    @classmethod
    def of_build(cls, directory: str | os.PathLike | None) -> SearchIndex | None:
        """The index in a build's directory; None when there is none (a build written before it
        existed) or it cannot be read, and the caller asks the engine instead."""
        if directory is None or not (Path(directory) / INDEX_PATH).is_file():
            return None
        try:
            return cls(Path(directory) / INDEX_PATH)
        except (sqlite3.Error, ValueError):
            return None

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        return connection

    def rows_containing(self, q: str) -> list[dict]:
        """search.rq's rows whose value contains `q` in any case, in search.rq's order, each with
        its value as "match" (what search.rq with ?q bound gives)."""
        q = q.lower()
        connection = self._connection()
        wanted = sorted(query_grams(q))
        found = connection.execute(
            f"SELECT postings FROM grams WHERE gram IN ({','.join('?' * len(wanted))})", wanted).fetchall()
        if len(found) < len(wanted):
            return []  # some bigram is in no text
        lists = sorted((array("I", blob) for blob, in found), key=len)
        candidates = set(lists[0])
        for other in lists[1:]:
            candidates.intersection_update(other)
            if not candidates:
                return []
        matching = {t: text for t, text, lower in connection.execute(
            "SELECT t, text, lower FROM texts WHERE t IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(candidates)),)) if q in lower}
        if not matching:
            return []
        rows = connection.execute(
            f"SELECT n, t, {', '.join(COLUMNS)} FROM rows WHERE t IN (SELECT value FROM json_each(?)) "
            "ORDER BY n", (json.dumps(sorted(matching)),)).fetchall()
        return [dict(zip(COLUMNS, values), match=matching[t]) for n, t, *values in rows]

    def every_row(self) -> list[dict]:
        """Every row (search.rq with ?q unbound), in its order: what the search's translation of
        English words reads its names from."""
        return [dict(zip(COLUMNS, values), match=text) for text, *values in self._connection().execute(
            f"SELECT texts.text, {', '.join('rows.' + c for c in COLUMNS)} FROM rows JOIN texts USING (t) ORDER BY n")]

