"""How a build swaps its store in (api/store/write.py): a link replaced in one step, so the served
path always opens a whole store; what killed builds leave is removed (issue 9, findings 3 and 8)."""

import fcntl
import os
import threading
import time

import pyoxigraph
import pytest
import requests

TRIPLE = '<https://planlink.example/x> <http://purl.org/dc/terms/title> "{n}" .\n'


def write(out, n: int):
    from planlink.api.store import write_store

    return write_store(TRIPLE.format(n=n).encode(), out)


def title(path) -> str:
    store = pyoxigraph.Store.read_only(str(path))
    return next(iter(store.query("SELECT ?t { ?s ?p ?t }")))["t"].value


def test_the_served_path_is_a_link_to_the_build(tmp_path):
    out = write(tmp_path / "store", 1)
    assert out.is_symlink() and (out / "CURRENT").exists()
    assert os.readlink(out).startswith("store.build-")
    write(out, 2)
    assert title(out) == "2"


def test_the_previous_build_stays_until_the_next_and_older_ones_are_removed(tmp_path):
    out = tmp_path / "store"
    builds = []
    for n in range(4):
        write(out, n)
        builds.append(os.readlink(out))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["store", builds[-2], builds[-1]])


def test_staging_directories_of_killed_builds_are_removed_by_the_next_build(tmp_path):
    out = write(tmp_path / "store", 1)
    for leftover in ("store.new-killed1", "store.new-killed2", "store.old", "store.build-never-swapped"):
        (tmp_path / leftover).mkdir()
        (tmp_path / leftover / "000001.sst").write_bytes(b"x" * 1000)
    os.symlink("store.build-never-swapped", tmp_path / "store.link-killed")
    served = os.readlink(out)
    write(out, 2)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["store", served, os.readlink(out)])


def test_a_running_build_keeps_its_staging_directory(tmp_path):
    """Builds of one store take turns: a second build waits for the first instead of removing the
    staging directory it is writing."""
    out = write(tmp_path / "store", 1)
    running = tmp_path / "store.new-running"
    running.mkdir()
    lock = os.open(tmp_path, os.O_RDONLY)
    fcntl.flock(lock, fcntl.LOCK_EX)  # as the running build holds it
    second = threading.Thread(target=write, args=(out, 2))
    try:
        second.start()
        time.sleep(0.5)
        assert running.exists() and second.is_alive() and title(out) == "1"
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        os.close(lock)
        second.join(10)
    assert title(out) == "2" and not running.exists()


def test_the_served_path_opens_a_whole_store_at_every_moment_of_a_swap(tmp_path):
    """A reader resolves the link once and opens that build (RocksDB opens its files by path, so
    one open must not straddle a swap), as planlink's store does."""
    out = write(tmp_path / "store", 0)
    seen, failures, done = [], [], threading.Event()

    def reader():
        while not done.is_set():
            try:
                seen.append(title(os.path.realpath(out)))
            except Exception as error:  # noqa: BLE001 — any failure to open is what is looked for
                failures.append(repr(error))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for n in range(1, 6):
            time.sleep(0.2)  # builds take seconds; a reader's open, milliseconds
            write(out, n)
        time.sleep(0.2)
    finally:
        done.set()
        thread.join(10)
    assert failures == []
    assert sorted(set(seen)) == ["0", "1", "2", "3", "4", "5"]


def test_a_store_written_before_builds_were_links_is_replaced(tmp_path):
    out = tmp_path / "store"
    store = pyoxigraph.Store(str(out))
    store.add(pyoxigraph.Quad(pyoxigraph.NamedNode("https://planlink.example/x"),
                              pyoxigraph.NamedNode("http://purl.org/dc/terms/title"), pyoxigraph.Literal("old")))
    store.flush()
    del store
    write(out, 1)
    assert out.is_symlink() and title(out) == "1"


def test_oxigraph_serves_the_swapped_store(tmp_path):
    """The contract: `oxigraph serve-read-only --location` opens what `planlink build` writes."""
    from tests.api.conftest import oxigraph_server

    out = write(tmp_path / "store", 1)
    write(out, 2)
    server = oxigraph_server(tmp_path, out)
    try:
        response = requests.get(server.url + "/query", params={"query": "SELECT ?t { ?s ?p ?t }"},
                                headers={"Accept": "text/csv"}, timeout=5)
        assert response.text.split() == ["t", "2"]
    finally:
        server.stop()
