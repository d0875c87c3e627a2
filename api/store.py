"""The only module that talks to a triple store: the embedded Oxigraph store on disk.

Everything else asks it questions. A build writes a new directory and swaps it in,
because `Store.read_only` is undefined beside a writer.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pyoxigraph

RDF_FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "rdf": pyoxigraph.RdfFormat.RDF_XML,
}


class StoreMissing(Exception):
    """No built store at the given path."""


class LocalStore:
    """A read-only view of a built on-disk Oxigraph store."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        if not (self.path / "CURRENT").exists():
            raise StoreMissing(f"no planlink store at {self.path} (run `planlink build` first)")
        self._store = pyoxigraph.Store.read_only(str(self.path))

    def query(self, sparql: str, substitutions: dict | None = None):
        """Run a SPARQL query; `substitutions` maps variable names to pyoxigraph terms."""
        subs = {pyoxigraph.Variable(k): v for k, v in (substitutions or {}).items()}
        return self._store.query(sparql, substitutions=subs or None)

    def dump(self, fmt: str) -> bytes:
        """The whole default graph in one of RDF_FORMATS."""
        return self._store.dump(format=RDF_FORMATS[fmt], from_graph=pyoxigraph.DefaultGraph()) \
            if fmt not in ("nq", "trig") else self._store.dump(format=RDF_FORMATS[fmt])

    def __len__(self) -> int:
        return len(self._store)


def write_store(ntriples: bytes, out_dir: str | os.PathLike) -> Path:
    """Load N-Triples into a fresh store beside `out_dir`, then swap it in.

    A failure anywhere before the swap leaves the previous store untouched.
    """
    out = Path(out_dir).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=out.name + ".new-", dir=out.parent))
    try:
        store = pyoxigraph.Store(str(staging))
        store.bulk_load(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
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
