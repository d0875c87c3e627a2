"""What a build installs and how (issue 18, findings 6, 8 and 13; issue 19, a build without the national
plan): store, dumps and source texts swapped in as one; a cache it cannot use rebuilt, never fatal; a
build of provincial plans alone says why it has no links."""

import gzip
import json
import os
import shutil
from pathlib import Path

import pyoxigraph
import pytest

from tests.graph.test_incremental import snapshot

PORTAL = Path(__file__).resolve().parents[1] / "parser" / "data" / "portal_mini.txt"


def sources(root: Path, *provinces: str) -> Path:
    """A folder with the portal example as the plan of each province given (上海市 → 浙江省 …)."""
    folder = root / ("sources-" + "-".join(provinces))
    folder.mkdir()
    text = PORTAL.read_text(encoding="utf-8")
    names = {"shanghai": ("上海市", "沪民"), "zhejiang": ("浙江省", "浙民"), "anhui": ("安徽省", "皖民")}
    for province in provinces:
        name, code = names[province]
        (folder / f"{province}.txt").write_text(text.replace("上海市", name).replace("沪民", code), encoding="utf-8")
    return folder


def build(folder: Path, out: Path, **options) -> dict:
    from planlink.scripts.build import build

    return build(sources=folder, out=out, progress=False, **options)


def triples_in_store(store: Path) -> int:
    return len(pyoxigraph.Store.read_only(os.path.realpath(store)))


def triples_in_dumps(folder: Path) -> int:
    with gzip.open(folder / "planlink.nq.gz") as f:
        return sum(1 for _ in f)


def test_the_dumps_and_texts_are_inside_the_build_the_store_links_to(tmp_path):
    out = tmp_path / "out" / "store"
    summary = build(sources(tmp_path, "shanghai"), out)
    build_dir = Path(os.path.realpath(out))
    assert sorted(p.name for p in (build_dir / "dumps").iterdir()) == [
        "SHA256SUMS", "planlink.jsonld.gz", "planlink.nq.gz", "planlink.sssom.tsv", "planlink.ttl.gz"]
    assert (build_dir / "sources" / "shanghai.txt").read_bytes() == PORTAL.read_bytes()
    assert os.path.realpath(out.parent / "dumps") == str(build_dir / "dumps")  # where they were before
    assert set(summary["dumps"]["files"]) == {str(out / "dumps" / n) for n in
                                              ("planlink.nq.gz", "planlink.ttl.gz", "planlink.jsonld.gz",
                                               "planlink.sssom.tsv")}


def test_a_build_killed_just_after_the_store_swap_serves_the_dumps_of_that_store(tmp_path, monkeypatch):
    import planlink.api.store

    out = tmp_path / "out" / "store"
    build(sources(tmp_path, "shanghai"), out)
    swap = planlink.api.store.write_store

    def killed_after_the_swap(*args, **kwargs):
        swap(*args, **kwargs)
        raise SystemExit("killed")

    monkeypatch.setattr(planlink.api.store, "write_store", killed_after_the_swap)
    with pytest.raises(SystemExit):
        build(sources(tmp_path, "shanghai", "zhejiang"), out)
    assert triples_in_store(out) == triples_in_dumps(out.parent / "dumps") > 0


def test_staging_folders_of_killed_builds_are_removed(tmp_path):
    out = tmp_path / "out" / "store"
    out.parent.mkdir()
    for leftover in ("dumps.new-killed1", "dumps.new-killed2", "dumps.old"):
        (out.parent / leftover).mkdir()
        (out.parent / leftover / "planlink.nq.gz").write_bytes(b"x")
    (out.parent / "dumps").mkdir()  # the dumps of a build before they moved inside it
    build(sources(tmp_path, "shanghai"), out)
    assert sorted(p.name for p in out.parent.iterdir() if not p.name.startswith("store.build-")) == [
        "cache", "dumps", "releases", "store"]
    assert (out.parent / "dumps").is_symlink()


@pytest.mark.parametrize("damage", ["entry replaced by a folder", "generation replaced by a file",
                                    "cache replaced by a file"])
def test_a_cache_it_cannot_read_is_rebuilt_and_the_build_succeeds(tmp_path, damage):
    folder, out = sources(tmp_path, "shanghai"), tmp_path / "out" / "store"
    build(folder, out)
    cache = out.parent / "cache"
    [generation] = cache.iterdir()
    entry = next(p for p in (generation / "extraction").iterdir())
    if damage == "entry replaced by a folder":
        entry.unlink()
        (entry / "inside").mkdir(parents=True)
    elif damage == "generation replaced by a file":
        shutil.rmtree(generation)
        generation.write_text("not a folder")
    else:
        shutil.rmtree(cache)
        cache.write_text("not a folder")
    summary = build(folder, out)
    assert not [n for n in summary["notes"] if "cache" in n] and summary["cache"]["plans"]["built"] == ["shanghai"]
    again = build(folder, out)  # and the cache works again
    assert again["cache"]["plans"]["cached"] == ["shanghai"] and again["stamp"] == summary["stamp"]


def test_a_cache_that_cannot_be_written_is_reported_and_the_store_installed(tmp_path):
    folder, out = sources(tmp_path, "shanghai"), tmp_path / "out" / "store"
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache's folder would have to be inside this file")
    summary = build(folder, out, cache_dir=blocker / "cache")
    assert triples_in_store(out) == summary["triples"]
    assert [note for note in summary["notes"] if note.startswith("cache not saved:")]


def test_a_build_that_fails_installs_nothing(tmp_path, monkeypatch):
    """Everything that can fail is done before the swap: dumps that cannot be written leave the store."""
    import planlink.scripts.build
    from planlink.scripts.errors import BuildError

    out = tmp_path / "out" / "store"
    build(sources(tmp_path, "shanghai"), out)
    before = snapshot(out.parent)

    def no_room(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(planlink.scripts.build, "write_dumps", no_room)
    with pytest.raises(BuildError, match="No space left"):
        build(sources(tmp_path, "shanghai", "zhejiang"), out)
    assert snapshot(out.parent) == before


def test_a_build_without_the_national_plan_says_so_in_one_line_and_in_its_summary(tmp_path, capsys):
    from planlink.scripts.build import NO_NATIONAL_PLAN
    from planlink.scripts.cli import main

    out = tmp_path / "out" / "store"
    assert main(["build", "--sources", str(sources(tmp_path, "shanghai", "anhui")), "--out", str(out)]) == 0
    lines = capsys.readouterr().err.strip().splitlines()
    assert [line for line in lines if "national" in line and not line.startswith("{")] == [
        f"planlink build: note: {NO_NATIONAL_PLAN}"]
    summary = json.loads(lines[-1])
    assert summary["notes"] == [NO_NATIONAL_PLAN] and summary["plans"] == ["anhui", "shanghai"]
    links = pyoxigraph.Store.read_only(os.path.realpath(out)).query(
        "ASK { ?l a <https://planlink.example/def/CounterpartLink> }")
    assert not bool(links)


def test_the_source_page_shows_the_text_of_a_store_built_from_any_folder(tmp_path):
    from planlink.api import create_app

    out = tmp_path / "out" / "store"
    build(sources(tmp_path, "zhejiang"), out)
    client = create_app({"TESTING": True, "PLANLINK_STORE": str(out)}).test_client()
    page = client.get("/source/zhejiang", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "浙江省示例城乡社区服务" in page.get_data(as_text=True)


def test_a_release_that_cannot_be_recorded_is_a_note_and_the_build_is_installed(tmp_path):
    folder, out = sources(tmp_path, "shanghai"), tmp_path / "out" / "store"
    out.parent.mkdir()
    (out.parent / "releases").write_text("a file where the releases' folder goes")
    summary = build(folder, out)
    assert summary["release"] is None and triples_in_store(out) == summary["triples"]
    assert [note for note in summary["notes"] if "could not be recorded" in note]
