"""The JSON of the paged collections, made once per build: each entity's item as a list answer
gives it, written by the build beside its triples (api/store/documents.py) and read back by the
list resources, so a page no one asked before costs a lookup, not queries and a schema's dump.

The build makes the documents with the very functions a request uses (`services.*_page` for the
items, the collection's schema and `item_bodies` for the JSON), and a page answered from them and
one made anew are the same bytes (tests/api/test_documents.py). Where there are none (a remote
engine, a build written before them, or by other code: `MAKER`), the page is made anew.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from functools import partial
from pathlib import Path

from planlink.api import schemas, services
from planlink.api.store import memoised
from planlink.api.store.documents import Documents, write_documents
from planlink.api.store.local import OpenStore

CHUNK = 200  # entities made at a time in the build

# collection → (its item schema, its pages in a list's form: (store, filters…, limit, offset) → services.Page)
COLLECTIONS = {
    "sections": (schemas.Section(), services.sections_page),
    "indicators": (schemas.Indicator(), partial(services.indicators_page, peers=schemas.PEERS_IN_LIST)),
    "projects": (schemas.Project(), services.projects_page),
    "commitments": (schemas.Commitment(), services.commitments_page),
    "departments": (schemas.Department(), services.departments_page),
}

# What shapes a document: documents made by other code are not used (they would answer otherwise).
_SHAPERS = ("services/*.py", "queries/*.rq", "schemas.py", "documents.py", "store/terms.py")


def _maker() -> str:
    api = Path(__file__).resolve().parent
    digest = hashlib.sha256(version("marshmallow").encode())
    for path in sorted(p for pattern in _SHAPERS for p in api.glob(pattern)):
        digest.update(path.relative_to(api).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:20]


MAKER = _maker()


def item_bodies(schema, items: list[dict]) -> list[bytes]:
    """Each item through `schema` as the JSON of an answer gives it: what Flask's jsonify writes with
    the app's settings (text as UTF-8, keys in the schema's order, no spaces)."""
    return [json.dumps(item, ensure_ascii=False, separators=(",", ":")).encode()
            for item in schema.dump(items, many=True)]


def page_body(bodies: list[bytes], total: int) -> bytes:
    """`{"items": [...], "total": N}` as jsonify writes it, from the items' JSON."""
    return b'{"items":[' + b",".join(bodies) + b'],"total":' + str(total).encode() + b"}\n"


def page_json(store, page: services.Page, schema, collection: str | None = None) -> bytes:
    """The JSON answer of a page: its items from the build's documents of `collection` where it has
    them, else made now through `schema`."""
    found = None
    if collection is not None:
        documents = _documents(store)
        found = documents.bodies(collection, page.iris) if documents is not None else None
    return page_body(found if found is not None else item_bodies(schema, page.items), page.total)


def _documents(store) -> Documents | None:
    """The documents of the store's build, opened once per build; None without a build directory
    or when other code made them."""
    directory = getattr(getattr(store, "memo", None), "directory", None)
    if directory is None:
        return None

    def open_them():
        documents = Documents.of_build(directory)
        return documents if documents is not None and documents.maker == MAKER else None
    return memoised(store, ("documents",), open_them)


def write_build_documents(store, directory) -> Path:
    """Every entity of every paged collection, as its list gives it, into a build's `directory`;
    `store`: the build's pyoxigraph store, open (api/store/write.py calls this before the swap)."""
    build = OpenStore(store, "being built")

    def documents():
        for collection, (schema, pages) in COLLECTIONS.items():
            total, offset = 1, 0
            while offset < total:
                page = pages(build, limit=CHUNK, offset=offset)
                items = page.items
                yield from ((collection, item["iri"], body) for item, body in zip(items, item_bodies(schema, items)))
                total, offset = page.total, offset + CHUNK
    return write_documents(directory, MAKER, documents())
