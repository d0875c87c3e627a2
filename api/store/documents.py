"""The documents of a build: each entity of a paged collection as its JSON item, made once by the
build (api/documents.py) and kept in one SQLite file inside the build's directory, so it is swapped
in with the build and removed with it (api/store/write.py), as the search index is.

A document is only as good as the code that made it: the file records a fingerprint of that code
(`maker`), and a server whose code differs does not use it (its callers compute instead). The file
is opened read-only and immutable: a build never changes after the swap.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Iterable

DOCUMENTS_PATH = Path("planlink-documents") / "documents.sqlite"  # inside the build's directory
FORMAT = "1"


def write_documents(directory: str | os.PathLike, maker: str,
                    documents: Iterable[tuple[str, str, bytes]]) -> Path:
    """Write (collection, entity IRI, JSON body) documents into `directory` (the build's, before it
    is swapped in); `maker` identifies the code that made them."""
    path = Path(directory) / DOCUMENTS_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        connection.executescript("""
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 8192;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE documents (collection TEXT NOT NULL, iri TEXT NOT NULL, body BLOB NOT NULL,
                                    PRIMARY KEY (collection, iri)) WITHOUT ROWID;
        """)
        connection.executemany("INSERT INTO documents VALUES (?, ?, ?)", documents)
        connection.executemany("INSERT INTO meta VALUES (?, ?)", [("format", FORMAT), ("maker", maker)])
        connection.commit()
    finally:
        connection.close()
    return path


class Documents:
    """A build's documents, read-only; one SQLite connection per thread."""

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()
        meta = dict(self._connection().execute("SELECT key, value FROM meta"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{path} holds no documents of this version")
        self.maker = meta.get("maker")

    @classmethod
    def of_build(cls, directory: str | os.PathLike | None) -> Documents | None:
        """The documents in a build's directory; None when there are none (a build written without
        them, a remote engine) or they cannot be read."""
        if directory is None or not (Path(directory) / DOCUMENTS_PATH).is_file():
            return None
        try:
            return cls(Path(directory) / DOCUMENTS_PATH)
        except (sqlite3.Error, ValueError):
            return None

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = self._local.connection = sqlite3.connect(
                f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        return connection

    def bodies(self, collection: str, iris: list[str]) -> list[bytes] | None:
        """The documents of these entities, in the order given; None if one is missing."""
        if not iris:
            return []
        found = dict(self._connection().execute(
            f"SELECT iri, body FROM documents WHERE collection = ? AND iri IN ({','.join('?' * len(iris))})",
            (collection, *iris)))
        try:
            return [found[iri] for iri in iris]
        except KeyError:
            return None
