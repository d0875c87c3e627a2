"""What every part of the services shares: the queries, the code lists of the JSON, the errors, and
the per-build memo the store owns (`per_build`, the collections' ordered keys)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Callable

from planlink.api.store import BASE, IRI, PREFIX_DECLARATIONS, memoised


# Each question as a query, with the common prefixes declared (api.store.PREFIX_DECLARATIONS).
QUERIES = {path.stem: PREFIX_DECLARATIONS + path.read_text(encoding="utf-8")
           for path in (Path(__file__).parent.parent / "queries").glob("*.rq")}

PL = BASE + "def/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RELATIONS = {SKOS + "exactMatch": "exact", SKOS + "closeMatch": "close",
             SKOS + "broadMatch": "broader", SKOS + "narrowMatch": "narrower",
             SKOS + "relatedMatch": "related"}
OUTCOMES = {PL + "stricter": "stricter", PL + "equal": "equal", PL + "looser": "looser",
            PL + "notComparable": "not_comparable"}
FIGURE_STATUS = {PL + "reported": "reported", PL + "required": "required"}


class NotFound(LookupError):
    """No entity with that id (the views answer 404)."""


class UnknownPlan(ValueError):
    """A `plan=` filter naming no plan in the store (the views answer 400)."""


class Page:
    """One page of a collection: its entities' IRIs in order, the total before paging, and their
    JSON (`items`), read when first asked for, so a page answered from the build's documents
    (api/documents.py) never reads them."""

    def __init__(self, iris: list[str], total: int, read: Callable[[list[str]], list[dict]]):
        self.iris, self.total, self._read = iris, total, read

    @classmethod
    def of(cls, items: list[dict], total: int) -> Page:
        """A page whose items are already made (items without an IRI too: releases, gaps)."""
        return cls([item.get("iri") for item in items], total, lambda iris: items)

    @cached_property
    def items(self) -> list[dict]:
        return self._read(self.iris) if self.iris else []


def _local_name(iri: str | None) -> str | None:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if iri else None


def _first_per(rows: list[dict], key: str) -> dict[str, dict]:
    """Rows grouped by `key`, keeping the first row of each (document order is kept)."""
    grouped: dict[str, dict] = {}
    for row in rows:
        grouped.setdefault(row[key], row)
    return grouped


def _contains(text, q: str) -> bool:
    """SPARQL's CONTAINS(LCASE(STR(text)), LCASE(q)), for the filters applied to the keys."""
    return text is not None and q.lower() in str(text).lower()


def _cut(keys: list, limit: int | None, offset: int) -> tuple[list, int]:
    return (keys[offset:] if limit is None else keys[offset:offset + limit]), len(keys)


def _in_order(items: list[dict], iris: list[str]) -> list[dict]:
    by_iri = {item["iri"]: item for item in items}
    return [by_iri[iri] for iri in iris if iri in by_iri]



_BUILDERS: dict = {}


def _part(name: str):
    """Register a function `store → value` computed once per build (whole-collection answers)."""
    def register(build):
        _BUILDERS[name] = build
        return build
    return register


def _get(store, name: str):
    return memoised(store, ("part", name), lambda: _BUILDERS[name](store))


def per_build(store, key, compute):
    """`compute()`, kept in the store's memo for as long as it serves the same build (computed on
    every call when it cannot tell its build). Values must not depend on anything but the build."""
    return memoised(store, key, compute)


def forget(store) -> None:
    """Drop what the store's memo holds (benchmarks and tests; a new build does this by itself)."""
    renew = getattr(store, "renew_memo", None)
    if renew is not None:
        renew()


def uses_index(store) -> bool:
    return getattr(store, "memo", None) is not None


class _OneCall:
    """A store that cannot tell its build, seen as one build for the length of one call, so the
    parts one answer needs are read once (the memo dies with this object)."""

    def __init__(self, store):
        from planlink.api.store import BuildMemo

        self._store = store
        self.memo = BuildMemo("one call")

    def select(self, query: str, bindings: dict | None = None) -> list[dict]:
        return self._store.select(query, bindings)


def _one_build(store):
    return store if uses_index(store) else _OneCall(store)


def _keys(store, collection: str, plan: str | None) -> list[dict]:
    """The rows of keys_{collection}.rq (for one plan when given), first row per entity."""
    def read():
        if collection == "sections":  # walked from the plans (keys_sections.rq)
            # the plans part, registered by services/plans.py (imported with the package)
            bindings = {"plan": [IRI(p["iri"]) for p in _get(store, "plans")["items"] if plan is None or p["id"] == plan]}
        else:
            bindings = {"planId": plan} if plan is not None else None
        rows = store.select(QUERIES["keys_" + collection], bindings)
        return list(_first_per(rows, "id").values())
    return memoised(store, ("keys", collection, plan), read)
