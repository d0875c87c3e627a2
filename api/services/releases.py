"""Releases: the builds this server publishes, what changed in each, and when its data last changed.

`planlink build` records each new build as a release in `releases/` beside the store
(scripts/releases.py: `releases.json`, and per release `changes.json` and the triples added and
removed as gzipped N-Quads). A server publishes the release whose stamp is the build it serves and
those before it, newest first; releases recorded for builds not yet served (a replica whose engine
has not been loaded yet) are not listed. A replica over a remote engine reads a copy of that
directory (`planlink serve --releases DIR`); a store whose build has no record yet (the moment
between its swap and its recording, or an engine loaded with a build from elsewhere) lists every
release recorded.

(store, directory) → dicts; no Flask here. The files are read again only when they change (their
size and time), so a request costs a `stat`.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from planlink.api.services.common import QUERIES, NotFound, per_build
from planlink.api.store import BUILD, IRI

# as scripts/releases.py writes them
INDEX = "releases.json"
CHANGES = "changes.json"
NQUADS = {"added": "added.nq.gz", "removed": "removed.nq.gz"}
CHANGE_KINDS = ("added", "removed", "changed", "source")
FILES_KEPT = 8  # parsed files kept in memory (the index and the newest releases' changes)


class NotKept(LookupError):
    """A release whose changes are no longer kept, or were never known (the views answer 410)."""


def directory_of(config) -> Path | None:
    """This server's releases: PLANLINK_RELEASES, or `releases/` beside the embedded store; None with
    a remote endpoint and no PLANLINK_RELEASES."""
    return _directory(config.get("PLANLINK_RELEASES"), config.get("PLANLINK_SPARQL_ENDPOINT"),
                      config.get("PLANLINK_STORE"))


@lru_cache(maxsize=8)
def _directory(releases, endpoint, store) -> Path | None:
    if releases:
        return Path(releases)
    if endpoint or not store:
        return None
    return Path(store).resolve().parent / "releases"


_files: OrderedDict = OrderedDict()
_files_lock = threading.Lock()


def _read_json(path: str):
    """The JSON file at `path` (None when there is none), parsed again only when it changes."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    key = (st.st_ino, st.st_mtime_ns, st.st_size)
    with _files_lock:
        held = _files.get(path)
        if held is not None and held[0] == key:
            _files.move_to_end(path)
            return held[1]
    try:
        with open(path, encoding="utf-8") as f:
            value = json.load(f)
    except (OSError, ValueError):
        return None
    with _files_lock:
        _files[path] = (key, value)
        while len(_files) > FILES_KEPT:
            _files.popitem(last=False)
    return value


def history(directory: Path | None) -> list[dict]:
    """Every release recorded in `directory`, newest first (a record without its id, stamp, date or
    triples, in a file edited by hand, is left out rather than failing every answer)."""
    records = _read_json(os.path.join(directory, INDEX)) if directory is not None else None
    return [record for record in records if _well_formed(record)] if isinstance(records, list) else []


def _well_formed(record) -> bool:
    if not (isinstance(record, dict) and all(isinstance(record.get(k), str) for k in ("id", "stamp", "date"))
            and isinstance(record.get("triples"), int) and isinstance(record.get("changes"), (dict, type(None)))):
        return False
    try:
        datetime.fromisoformat(record["date"])
    except ValueError:
        return False
    return True


def served_stamp(store) -> str | None:
    """The stamp of the build the store serves; None for a store that cannot tell its build."""
    if getattr(store, "memo", None) is None:
        return None

    def read():
        rows = store.select(QUERIES["build_stamp"], {"build": IRI(BUILD)})
        return str(rows[0]["stamp"]) if rows else None
    return per_build(store, "build-stamp", read)


def published(store, directory: Path | None) -> list[dict]:
    """The releases this server publishes, newest first: the one it serves and those before it."""
    records = history(directory)
    stamp = served_stamp(store) if records else None
    for position, record in enumerate(records):
        if record.get("stamp") == stamp:
            return records[position:]
    return records


def release(store, directory: Path | None, release_id: str) -> dict:
    for record in published(store, directory):
        if record.get("id") == release_id:
            return record
    raise NotFound(f"no release {release_id[:40]!r} here; see /api/v1/releases")


def changes(store, directory: Path, release_id: str, change: str | None = None, plan: str | None = None) -> dict:
    """{"release", "follows", "date", "items"}: the entities release_id added, removed or changed
    (only those of one kind of `change` and of one `plan`, when given)."""
    record = release(store, directory, release_id)
    found = _read_json(os.path.join(directory, record["id"], CHANGES)) if record.get("kept") else None
    if found is None:
        raise NotKept(f"the changes of release {record['id']} are not kept here "
                      + ("(they were not known when it was recorded)" if record.get("changes") is None
                         else "(only the newest releases keep theirs); its record and the dumps remain"))
    items = [item for item in found["items"] if (change is None or item["change"] == change)
             and (plan is None or item.get("plan") == plan)]
    return {"release": record["id"], "follows": record.get("follows"), "date": record["date"], "items": items}


def nquads(store, directory: Path, release_id: str, which: str) -> Path:
    """The file of the triples release_id added or removed (`which`)."""
    record = release(store, directory, release_id)
    path = directory / record["id"] / NQUADS[which]
    if not record.get("kept") or not path.is_file():
        raise NotKept(f"the triples release {record['id']} {which} are not kept here")
    return path


def date_of(record: dict) -> datetime:
    return datetime.fromisoformat(record["date"]).astimezone(timezone.utc)


def last_modified(store, directory: Path | None) -> datetime | None:
    """When the data served last changed: the date of the release served; None without releases."""
    records = published(store, directory)
    return date_of(records[0]) if records else None


def changed_since(store, directory: Path | None, when: datetime) -> list[dict] | None:
    """The change items of every release published after `when`, oldest first; None when it is not
    known (no releases here, or one of those releases no longer keeps its changes)."""
    records = published(store, directory)
    if not records:
        return None
    later = [record for record in reversed(records) if date_of(record) > when]
    items = []
    for record in later:
        try:
            items += changes(store, directory, record["id"])["items"]
        except NotKept:
            return None
    return items


def notes(record: dict) -> str:
    """What a release changed, in a sentence (the feed's summaries, the catalog's version notes)."""
    counts = record.get("changes")
    if counts is None:
        return f"Release {record['id']} ({record['triples']:,} triples); what changed since release " \
               f"{record.get('follows')} is not known."
    since = f"since release {record['follows']}" if record.get("follows") else "(the first release)"
    source = counts["entities_source"]
    return (f"Release {record['id']}, {record['triples']:,} triples, build {record['stamp']}. Entities {since}: "
            f"{counts['entities_added']:,} added, {counts['entities_removed']:,} removed, "
            f"{counts['entities_changed']:,} changed"
            + (f", {source:,} with only their quotation of the plan document changed" if source else "")
            + f"; {counts['triples_added']:,} triples added, {counts['triples_removed']:,} removed.")
