"""Search, and the descriptions behind the dereferenceable IRIs."""

from __future__ import annotations


from planlink.api.store import IRI, memoised
from planlink.api.store.search_index import SearchIndex
from planlink.api.services.common import NotFound, QUERIES, _local_name


def search(store, q: str) -> list[dict]:
    """Entities whose title, text, label or definition contains `q` (any case), each answer kept
    for the build. A local build is searched through its search index (api/store/search_index.py:
    the cost follows the answer, not the graph); an engine without one (a remote endpoint, a build
    written before the index existed) is asked search.rq with ?q bound. Both give search.rq's rows
    in its order, so the same answer."""
    def compute():
        index = _search_index(store)
        rows = index.rows_containing(q) if index is not None else store.select(QUERIES["search"], {"q": q})
        result: dict[str, dict] = {}
        for row in rows:
            if row["match"] is not None and row["entity"] not in result:
                result[row["entity"]] = {
                    "id": row["id"], "iri": row["entity"], "type": _local_name(row["type"]),
                    "plan": row["planId"], "title": row["title"], "snippet": _snippet(row["match"], q)}
        return list(result.values())
    return memoised(store, ("search", q), compute)


def _search_index(store) -> SearchIndex | None:
    """The index of the store's build, opened once per build; None without a build directory."""
    directory = getattr(getattr(store, "memo", None), "directory", None)
    return None if directory is None else memoised(store, ("search-index",), lambda: SearchIndex.of_build(directory))


def _snippet(text: str, q: str, width: int = 40) -> str:
    at = text.lower().find(q.lower())
    if at < 0:
        return text[: 2 * width]
    start, end = max(0, at - width), min(len(text), at + len(q) + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")



def describe(store, iri: str):
    """The triples about `iri` and its #fragments, plus labels of what they point to; NotFound if none."""
    try:
        graph = store.construct(QUERIES["describe"], {"iri": IRI(iri)})
    except ValueError:  # not a valid IRI, so nothing can be known about it
        raise NotFound(f"nothing is known about <{iri}>") from None
    if not len(graph):
        raise NotFound(f"nothing is known about <{iri}>")
    return graph


def ontology(store, iri: str):
    """The whole ontology whose namespace is `iri` (what its IRI dereferences to); NotFound if none."""
    graph = store.construct(QUERIES["ontology"], {"iri": IRI(iri)})
    if not len(graph):
        raise NotFound(f"nothing is known about <{iri}>")
    return graph


def inbound(store, iri: str) -> list[dict]:
    """What points at `iri` (parts, links, mentions), for the HTML page."""
    rows = store.select(QUERIES["inbound"], {"iri": IRI(iri)})
    # the engine orders by ?p ?s ?label, but engines collate labels their own way: one order here
    return sorted(rows, key=lambda row: (str(row["p"]), str(row["s"]), str(row["label"] or "")))
