"""The build's documents (api/documents.py): a page answered from them is the page made anew, byte for
byte, headers and all; they come with their build; documents made by other code are not used."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.api.conftest import make_app

COLLECTIONS = ("sections", "indicators", "projects", "commitments", "departments")


def without_documents(store: Path, out: Path) -> Path:
    """A copy of the build at `store` without its documents: a server of it makes every page anew."""
    from planlink.api.store.documents import DOCUMENTS_PATH

    shutil.copytree(os.path.realpath(store), out, ignore=shutil.ignore_patterns(DOCUMENTS_PATH.parent.name))
    return out


def list_urls(client, pages_per_listing: int = 40) -> list[str]:
    """Pages of every paged collection: whole and by plan, at two page sizes, the indicators'
    filters, the empty page past the end, and a CSV of each."""
    plans = [p["id"] for p in client.get("/api/v1/plans?limit=500").json["items"]]
    urls = []
    for collection in COLLECTIONS:
        listings = [f"/api/v1/{collection}?"] + ([f"/api/v1/{collection}?plan={p}&" for p in plans]
                                                  if collection != "departments" else [])
        for listing in listings:
            total = client.get(f"{listing}limit=1").json["total"]
            for limit in (50, 7):
                urls += [f"{listing}limit={limit}&offset={at}" for at in range(0, total + 1, limit)][:pages_per_listing]
        urls.append(f"/api/v1/{collection}?format=csv")
    urls += [f"/api/v1/indicators?attribute={a}&plan={p}" for a in ("binding", "expected") for p in plans[:4]]
    urls += ["/api/v1/indicators?q=社区", "/api/v1/indicators?q=养老&attribute=expected", "/api/v1/indicators?q=无此"]
    return urls


def answers(client, urls: list[str]) -> dict[str, tuple]:
    result = {}
    for url in urls:
        response = client.get(url, headers={"Accept": "application/json"})
        # Last-Modified: the date of the build on disk, which the copy made anew has its own of
        result[url] = (response.status_code, sorted((k, v) for k, v in response.headers.items()
                                                    if k not in ("Date", "Last-Modified")), response.data)
    return result


def assert_same_answers(store: Path, tmp_path: Path, pages_per_listing: int = 40) -> int:
    """Every list page from the build's documents and made anew: the same status, headers and bytes."""
    from planlink.api.documents import _documents
    from planlink.api.store import LocalStore, close_store

    made_anew = without_documents(store, tmp_path / "store")
    for path, has_documents in ((store, True), (made_anew, False)):
        local = LocalStore(path)
        assert (_documents(local) is not None) == has_documents  # the two paths really are the two paths
        local.close()
    apps = [make_app(store, PLANLINK_CACHE_BYTES=0), make_app(made_anew, PLANLINK_CACHE_BYTES=0)]
    try:
        urls = list_urls(apps[0].test_client(), pages_per_listing)
        from_documents, computed = (answers(app.test_client(), urls) for app in apps)
    finally:
        for app in apps:
            close_store(app)
    assert [url for url in urls if from_documents[url] != computed[url]] == []
    assert all(status == 200 for status, _, _ in from_documents.values())
    return len(urls)


def test_every_list_page_from_the_documents_is_the_page_made_anew(real_store, tmp_path):
    assert assert_same_answers(real_store, tmp_path) > 80


def test_the_build_writes_its_documents_inside_its_own_directory(real_store):
    from planlink.api.store.documents import DOCUMENTS_PATH

    assert (Path(os.path.realpath(real_store)) / DOCUMENTS_PATH).is_file()


def test_a_page_from_the_documents_reads_no_entity_from_the_graph(real_store):
    from planlink.api import documents, services
    from planlink.api.store import LocalStore

    store = LocalStore(real_store)
    try:
        schema, pages = documents.COLLECTIONS["indicators"]
        page = pages(store, plan="jiangsu", limit=5)
        page_json = documents.page_json(store, page, schema, "indicators")
        assert "items" not in page.__dict__  # the items were never made
        assert page_json == documents.page_body(documents.item_bodies(schema, page.items), page.total)
        assert services.indicators_page(store, plan="jiangsu", limit=5).iris == page.iris
    finally:
        store.close()


def test_documents_made_by_other_code_are_not_used(real_store, tmp_path):
    from planlink.api.documents import MAKER, _documents
    from planlink.api.store import LocalStore
    from planlink.api.store.documents import DOCUMENTS_PATH, Documents, write_documents

    copy = without_documents(real_store, tmp_path / "store")
    write_documents(copy, "other code", [("indicators", "https://planlink.example/x", b"{}")])
    assert Documents.of_build(copy).maker == "other code" != MAKER
    store = LocalStore(copy)
    try:
        assert _documents(store) is None
    finally:
        store.close()
    (copy / DOCUMENTS_PATH).write_bytes(b"not a database")
    assert Documents.of_build(copy) is None


def test_a_page_with_an_entity_the_documents_lack_is_made_anew(real_store):
    from planlink.api.documents import _documents
    from planlink.api.store import LocalStore

    store = LocalStore(real_store)
    try:
        documents = _documents(store)
        some = documents.bodies("indicators", ["https://planlink.example/plan/jiangsu/indicator/1"])
        assert len(some) == 1 and some[0].startswith(b'{"id":"jiangsu-i1"')
        missing = "https://planlink.example/plan/jiangsu/indicator/999"
        assert documents.bodies("indicators", ["https://planlink.example/plan/jiangsu/indicator/1", missing]) is None
    finally:
        store.close()
