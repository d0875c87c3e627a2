"""Releases: each build a server publishes, recorded beside its store with what changed since the
release before it (api/services/releases.py serves them).

    releases/                 beside the store, as dumps/ is (graph_data/build/releases/)
      releases.json           every release's record, newest first
      <id>/changes.json       the entities added, removed or changed, and how (scripts/release_changes.py)
      <id>/added.nq.gz        the triples added since the release it follows (N-Quads, gzipped)
      <id>/removed.nq.gz      the triples removed
      <id>/graph.nq.gz        the newest release's whole graph: what the next build is compared with

A record: its id (1, 2, 3, …: the order of publication), its date (UTC, to the second, later than
the one before), the build stamp (the hash of the build's triples, api/store/write.py), its triple
count, the release it follows and the counts of its changes. A build whose stamp is the newest
release's (the same inputs, built again) is no new release. The records are kept for ever (a few
hundred bytes each); the changes of the newest KEEP releases, so a build that is published daily
keeps a month's changes (older ones say `"kept": false`).

Recording comes after the build has been swapped in: a build that fails records nothing, and one
whose recording fails (a full disk) is published and compared with the last release recorded when
the next build records. Builds of one store record one at a time (a lock on the directory).
"""

from __future__ import annotations

import fcntl
import gzip
import json
import os
import shutil
import tempfile
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

from planlink.scripts import release_changes
from planlink.scripts.errors import BuildError

INDEX = "releases.json"
CHANGES = "changes.json"
ADDED, REMOVED, GRAPH = "added.nq.gz", "removed.nq.gz", "graph.nq.gz"
KEEP = 30
GZIP_LEVEL = 6


def releases_dir(store: str | os.PathLike) -> Path:
    """Where the releases of the store at `store` are: `releases/` beside it."""
    return Path(store).resolve().parent / "releases"


def read_index(directory: Path) -> list[dict]:
    """The release records in `directory`, newest first ([] when there are none)."""
    try:
        return json.loads((directory / INDEX).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as e:
        raise BuildError(f"cannot read the releases at {directory / INDEX}: {e}; move it aside to start "
                         f"a new history") from None


def record_release(lines: list[bytes], stamp: str, stamp_line: bytes, store: str | os.PathLike,
                   base: str) -> dict:
    """Record the build whose sorted N-Triples lines are `lines` (with its stamp's `stamp_line`) as a
    release of the store at `store`; the newest release, unchanged, when it has the same stamp.
    Returns the record, with "new": whether this build made it."""
    directory = releases_dir(store)
    directory.mkdir(parents=True, exist_ok=True)
    try:
        with _lock(directory):
            history = read_index(directory)
            if history and history[0]["stamp"] == stamp:
                return {**history[0], "new": False}
            record = _record(directory, history, [line for line in lines if line != stamp_line], stamp, base)
            _write_index(directory, [record, *history])
            _prune(directory, [record, *history])
    except OSError as e:
        raise BuildError(f"the build is published, but its release could not be recorded in {directory}: "
                         f"{e.strerror or e}") from None
    return {**record, "new": True}


def _record(directory: Path, history: list[dict], lines: list[bytes], stamp: str, base: str) -> dict:
    previous = history[0] if history else None
    number = int(previous["id"]) + 1 if previous else 1
    record = {"id": str(number), "date": _date_after(previous), "stamp": stamp, "triples": len(lines) + 1,
              "follows": previous["id"] if previous else None, "base": base, "kept": True}
    staging = Path(tempfile.mkdtemp(prefix=f".new-{number}-", dir=directory))
    try:
        try:
            added, removed = _diff_with_previous(directory, previous, lines)
        except (OSError, EOFError, zlib.error):  # its graph is missing or unreadable: what changed is not known
            record["changes"], record["kept"] = None, False
        else:
            items = release_changes.entities(added, removed, lines, base)
            record["changes"] = release_changes.summary(items, added, removed)
            _write_json(staging / CHANGES, {"release": record["id"], "follows": record["follows"], "items": items})
            _write_lines(staging / ADDED, added)
            _write_lines(staging / REMOVED, removed)
        _write_lines(staging / GRAPH, lines)
        staging.chmod(0o755)  # published files (mkdtemp makes them private): a server may run as another user
        final = directory / record["id"]
        shutil.rmtree(final, ignore_errors=True)  # left by a recording that died before its index
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return record


def _diff_with_previous(directory: Path, previous: dict | None, lines: list[bytes]):
    """(added, removed) since the newest release, whose graph is read as a stream (both are sorted)."""
    if previous is None:
        return release_changes.diff([], lines)
    with gzip.open(directory / previous["id"] / GRAPH, "rb") as old:
        return release_changes.diff(old, lines)


def _date_after(previous: dict | None) -> str:
    """Now (UTC, to the second), or a second after the previous release, so that dates order them
    (an HTTP date has seconds: If-Modified-Since must tell two releases apart)."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    if previous:
        now = max(now, datetime.fromisoformat(previous["date"]) + timedelta(seconds=1))
    return now.isoformat().replace("+00:00", "Z")


def _write_lines(path: Path, lines: list[bytes]) -> None:
    # mtime=0: the same triples give the same bytes
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                                 compresslevel=GZIP_LEVEL) as gz:
        for start in range(0, len(lines), 10_000):
            gz.write(b"".join(lines[start:start + 10_000]))


def _write_json(path: Path, value) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _write_index(directory: Path, records: list[dict]) -> None:
    """The index, replaced in one step (a server reading it sees the old one or the new one)."""
    handle, name = tempfile.mkstemp(prefix=".index-", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as f:
            json.dump(records, f, ensure_ascii=False, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(name, 0o644)
        os.replace(name, directory / INDEX)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _prune(directory: Path, records: list[dict]) -> None:
    """Only the newest release keeps its graph; only the newest KEEP keep their changes."""
    changed = False
    for position, record in enumerate(records):
        folder = directory / record["id"]
        if position >= 1:
            (folder / GRAPH).unlink(missing_ok=True)
        if position >= KEEP and record.get("kept"):
            shutil.rmtree(folder, ignore_errors=True)
            record["kept"], changed = False, True
    for stale in directory.glob(".new-*"):  # recordings that died
        shutil.rmtree(stale, ignore_errors=True)
    if changed:
        _write_index(directory, records)


class _lock:
    """One recording at a time in `directory` (the kernel releases it if the build dies)."""

    def __init__(self, directory: Path):
        self.directory = directory

    def __enter__(self):
        self.fd = os.open(self.directory, os.O_RDONLY)
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *exc):
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
