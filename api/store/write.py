"""The one door the build writes through: a new store beside the served one, swapped in."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import hashlib

import pyoxigraph

from api.store.terms import BASE

BUILD = BASE + "build"  # the subject of the build stamp
STAMP_PREDICATE = "http://purl.org/dc/terms/identifier"


def stamp_triple(ntriples: bytes) -> tuple[str, bytes]:
    """(stamp, its N-Triples line): the build's identity, a hash of its triples, stated in the graph
    as <…/build> dcterms:identifier "…" so an engine serving the build (`planlink serve
    --sparql-endpoint`) tells which build it serves with one cheap lookup. The same triples give
    the same stamp, so rebuilding the same sources keeps every cache valid."""
    stamp = hashlib.sha256(ntriples).hexdigest()[:20]
    return stamp, f'<{BUILD}> <{STAMP_PREDICATE}> "{stamp}" .\n'.encode()


def write_store(ntriples: bytes, out_dir: str | os.PathLike, tail: bytes = b"") -> Path:
    """Load N-Triples (and `tail`, more of them: the build stamp, without copying the rest) into a
    fresh store beside `out_dir`, then swap it in.

    A failure anywhere before the swap leaves the previous store untouched.
    """
    out = Path(out_dir).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=out.name + ".new-", dir=out.parent))
    try:
        store = pyoxigraph.Store(str(staging))
        store.bulk_load(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        if tail:
            store.bulk_load(tail, format=pyoxigraph.RdfFormat.N_TRIPLES)
        store.optimize()
        store.flush()
        del store
        old = None
        if out.exists():
            old = out.with_name(out.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
        staging.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out

