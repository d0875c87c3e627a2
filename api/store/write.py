"""The one door the build writes through: a new store beside the served one, swapped in.

The served path `out` is a symbolic link to the build it serves (`out.name` + `.build-…`
beside it). A build is written into a staging directory beside it, and the link is then
replaced in one step (a new link renamed over the old one, `os.replace`), so that at every
moment `out` opens a whole store: the previous build or the new one. The previous build stays
until the next build (a server may still be reading it); older builds, and the staging
directories of builds killed before the swap, are removed by the next build. Builds of the same
`out` take turns (an exclusive lock on the parent directory), so a build never removes the
staging directory of one still running.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

import pyoxigraph

from planlink.api.store.search_index import write_search_index
from planlink.api.store.terms import BASE

BUILD = BASE + "build"  # the subject of the build stamp
STAMP_PREDICATE = "http://purl.org/dc/terms/identifier"


def stamp_triple(ntriples: bytes) -> tuple[str, bytes]:
    """(stamp, its N-Triples line): the build's identity, a hash of its triples, stated in the graph
    as <…/build> dcterms:identifier "…" so an engine serving the build (`planlink serve
    --sparql-endpoint`) tells which build it serves with one cheap lookup. The same triples give
    the same stamp, so rebuilding the same sources keeps every cache valid."""
    stamp = hashlib.sha256(ntriples).hexdigest()[:20]
    return stamp, f'<{BUILD}> <{STAMP_PREDICATE}> "{stamp}" .\n'.encode()


def write_store(ntriples: bytes, out_dir: str | os.PathLike, tail: bytes = b"", documents=None,
                before_swap: Callable[[Path], None] | None = None) -> Path:
    """Load N-Triples (and `tail`, more of them: the build stamp, without copying the rest) into a
    fresh store beside `out_dir`, then swap it in. `documents(store, directory)`, when given, writes
    the JSON of the build's entities inside its directory (api/documents.py); `before_swap(directory)`
    writes what else belongs to the build (its dumps, its source texts), so one swap installs all.

    A failure anywhere before the swap leaves the previous store untouched.
    """
    out = Path(os.path.abspath(out_dir))
    out.parent.mkdir(parents=True, exist_ok=True)
    with _builds_of(out):
        _remove_stale(out)
        staging = Path(tempfile.mkdtemp(prefix=out.name + ".new-", dir=out.parent))
        try:
            store = pyoxigraph.Store(str(staging))
            store.bulk_load(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
            if tail:
                store.bulk_load(tail, format=pyoxigraph.RdfFormat.N_TRIPLES)
            store.optimize()
            write_search_index(store, staging)  # inside the build's directory: swapped in with it
            if documents is not None:
                documents(store, staging)
            store.flush()
            del store
            if before_swap is not None:
                before_swap(staging)
            build = staging.with_name(staging.name.replace(".new-", ".build-", 1))
            staging.rename(build)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _swap(out, build)
    return out


def _swap(out: Path, build: Path) -> None:
    """Point `out` at `build` in one step."""
    if out.is_dir() and not out.is_symlink():
        # A store written before builds were links: moved aside once (a moment without a store at
        # `out`, this once), then removed by the next build.
        out.rename(out.with_name(f"{out.name}.build-{os.urandom(6).hex()}"))
    link = out.with_name(f"{out.name}.link-{os.urandom(6).hex()}")
    os.symlink(build.name, link)  # relative: the directory can be moved or mounted elsewhere whole
    try:
        os.replace(link, out)
    except BaseException:
        link.unlink(missing_ok=True)
        raise
    _fsync_directory(out.parent)


def _remove_stale(out: Path) -> None:
    """Remove what earlier builds left beside `out`: staging directories and links of builds that
    were killed, builds older than the one served (which stays, as the previous build, until the
    next swap), and the `.old` directory of the layout before links."""
    served = os.path.realpath(out) if out.is_symlink() else None
    for path in out.parent.glob(out.name + ".*"):
        kind = path.name[len(out.name):].split("-", 1)[0]
        if kind in (".new", ".old") or (kind == ".build" and str(path) != served):
            shutil.rmtree(path, ignore_errors=True)
        elif kind == ".link":
            path.unlink(missing_ok=True)


class _builds_of:
    """An exclusive lock held by one build of `out` at a time (on the directory holding it; the
    kernel releases it if the build dies)."""

    def __init__(self, out: Path):
        self.out = out

    def __enter__(self):
        self.fd = os.open(self.out.parent, os.O_RDONLY)
        fcntl.flock(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *exc):
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def _fsync_directory(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
