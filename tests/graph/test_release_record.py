"""Recording releases (scripts/releases.py) and telling what changed between two builds
(scripts/release_changes.py), on small graphs written as N-Triples lines the way the build holds them."""

from __future__ import annotations

import gzip
import json

import pytest

from planlink.scripts import release_changes, releases
from planlink.scripts.errors import BuildError

BASE = "https://planlink.example/"
PL = BASE + "def/"
SKOS_CLOSE = "http://www.w3.org/2004/02/skos/core#closeMatch"
TITLE = "http://purl.org/dc/terms/title"
IDENTIFIER = "http://purl.org/dc/terms/identifier"
OBS_VALUE = "http://purl.org/linked-data/sdmx/2009/measure#obsValue"
EXACT = "http://www.w3.org/ns/oa#exact"
DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
INDICATOR = BASE + "plan/jiangsu/indicator/3"


def lines(*triples: str) -> list[bytes]:
    return sorted({(t + " .\n").encode() for t in triples})


def indicator(target: str = "70", quote: str = "≥70%", *extra: str) -> list[bytes]:
    return lines(f'<{INDICATOR}> <{IDENTIFIER}> "jiangsu-i3"', f'<{INDICATOR}> <{TITLE}> "居民服务空间比例"',
                 f'<{INDICATOR}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PL}IndicatorTarget>',
                 f'<{INDICATOR}> <{PL}inPlan> <{BASE}plan/jiangsu>',
                 f'<{INDICATOR}#target> <{OBS_VALUE}> "{target}"^^<{DECIMAL}>',
                 f'<{INDICATOR}#quote> <{EXACT}> "{quote}"',
                 f'<{BASE}plan/jiangsu/section/1.4#quote> <{EXACT}> "表1 … {quote}"',
                 f'<{BASE}plan/jiangsu/section/1.4> <{IDENTIFIER}> "jiangsu-s1.4"', *extra)


def changed(old: list[bytes], new: list[bytes]) -> dict[str, dict]:
    added, removed = release_changes.diff(old, new)
    return {item["id"]: item for item in release_changes.entities(added, removed, new, BASE)}


def test_a_changed_target_is_one_entity_changed_with_its_old_and_new_value():
    found = changed(indicator("70", "≥70%"), indicator("75", "≥75%"))
    assert [i for i, item in found.items() if item["change"] == "changed"] == ["jiangsu-i3"]
    value = next(p for p in found["jiangsu-i3"]["properties"] if p["property"] == OBS_VALUE)
    assert (value["subject"], value["kind"], value["change"], value["old"], value["new"]) == \
        (INDICATOR + "#target", "value", "changed", [70], [75])


def test_a_section_whose_quotation_alone_changed_is_listed_as_source():
    found = changed(indicator("70", "≥70%"), indicator("75", "≥75%"))
    assert found["jiangsu-s1.4"]["change"] == "source"
    assert [p["kind"] for p in found["jiangsu-s1.4"]["properties"]] == ["source"]


def test_a_new_link_is_a_link_added_to_the_entity():
    found = changed(indicator(), indicator("70", "≥70%", f"<{INDICATOR}> <{SKOS_CLOSE}> <{BASE}plan/national/section/4.11>"))
    assert list(found) == ["jiangsu-i3"]
    link = found["jiangsu-i3"]["properties"][0]
    assert (link["kind"], link["change"], link["old"], link["new"]) == \
        ("link", "added", [], [BASE + "plan/national/section/4.11"])


def test_an_entity_with_no_triple_before_is_added_and_one_with_none_after_removed():
    other = f"{BASE}plan/jiangsu/indicator/4"
    before = indicator("70", "≥70%", f'<{other}> <{IDENTIFIER}> "jiangsu-i4"', f'<{other}> <{TITLE}> "旧的"')
    after = indicator("70", "≥70%", f'<{BASE}region/320000> <{TITLE}> "江苏省"')
    found = changed(before, after)
    assert {i: item["change"] for i, item in found.items()} == {"jiangsu-i4": "removed", "region/320000": "added"}
    assert found["jiangsu-i4"]["label"] == "旧的"  # a removed entity is named from what it was


def test_the_diff_of_sorted_lines_gives_each_line_once():
    old, new = lines("<a> <p> <b>", "<a> <p> <c>"), lines("<a> <p> <c>", "<a> <p> <d>")
    assert release_changes.diff(old, new) == ([b"<a> <p> <d> .\n"], [b"<a> <p> <b> .\n"])


# ---------------------------------------------------------------- the record, on disk

def record(tmp_path, graph: list[bytes], stamp: str) -> dict:
    line = f'<{BASE}build> <{IDENTIFIER}> "{stamp}" .\n'.encode()
    return releases.record_release(sorted(graph + [line]), stamp, line, tmp_path / "store", BASE)


def test_the_same_stamp_again_is_no_new_release(tmp_path):
    first = record(tmp_path, indicator(), "s1")
    again = record(tmp_path, indicator(), "s1")
    assert (first["new"], again["new"], again["id"]) == (True, False, "1")
    assert [r["id"] for r in releases.read_index(tmp_path / "releases")] == ["1"]


def test_a_new_stamp_is_a_release_that_follows_the_newest_and_is_dated_after_it(tmp_path):
    first = record(tmp_path, indicator(), "s1")
    second = record(tmp_path, indicator("75", "≥75%"), "s2")
    assert (second["id"], second["follows"], second["new"]) == ("2", "1", True)
    assert second["date"] > first["date"]  # a second later at least, so If-Modified-Since tells them apart
    assert second["changes"]["entities_changed"] == 1 and second["changes"]["plans"] == ["jiangsu"]


def test_the_stamp_line_is_not_a_change(tmp_path):
    record(tmp_path, indicator(), "s1")
    second = record(tmp_path, indicator(), "s2")  # the same triples under another stamp (another code)
    assert second["changes"]["triples_added"] == second["changes"]["triples_removed"] == 0


def test_only_the_newest_release_keeps_its_whole_graph(tmp_path):
    record(tmp_path, indicator(), "s1")
    record(tmp_path, indicator("75", "≥75%"), "s2")
    folder = tmp_path / "releases"
    assert not (folder / "1" / releases.GRAPH).exists() and (folder / "2" / releases.GRAPH).is_file()
    with gzip.open(folder / "2" / releases.ADDED) as f:
        assert f'"75"^^<{DECIMAL}>'.encode() in f.read()


def test_past_keep_releases_keep_their_record_but_not_their_changes(tmp_path, monkeypatch):
    monkeypatch.setattr(releases, "KEEP", 2)
    for number in range(1, 4):
        record(tmp_path, indicator(str(70 + number)), f"s{number}")
    index = releases.read_index(tmp_path / "releases")
    assert [(r["id"], r["kept"]) for r in index] == [("3", True), ("2", True), ("1", False)]
    assert not (tmp_path / "releases" / "1").exists()


def test_a_lost_graph_of_the_newest_release_records_the_next_with_changes_unknown(tmp_path):
    record(tmp_path, indicator(), "s1")
    (tmp_path / "releases" / "1" / releases.GRAPH).write_bytes(b"not gzip")
    second = record(tmp_path, indicator("75"), "s2")
    assert (second["id"], second["changes"], second["kept"]) == ("2", None, False)
    third = record(tmp_path, indicator("80"), "s3")  # and the one after is compared with it again
    assert third["changes"]["entities_changed"] == 1


def test_an_unreadable_index_stops_the_recording_with_a_clear_error(tmp_path):
    record(tmp_path, indicator(), "s1")
    (tmp_path / "releases" / releases.INDEX).write_text("{not json", encoding="utf-8")
    with pytest.raises(BuildError, match="cannot read the releases"):
        record(tmp_path, indicator("75"), "s2")


def test_the_files_a_server_reads_are_readable_by_others(tmp_path):
    record(tmp_path, indicator(), "s1")
    folder = tmp_path / "releases"
    assert (folder / releases.INDEX).stat().st_mode & 0o044 == 0o044
    assert (folder / "1").stat().st_mode & 0o055 == 0o055
    assert json.loads((folder / "1" / releases.CHANGES).read_text(encoding="utf-8"))["release"] == "1"


def test_a_number_json_cannot_hold_is_given_as_its_text():
    import pyoxigraph

    double = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#double")
    integer = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    assert release_changes.plain(pyoxigraph.Literal("NaN", datatype=double)) == "NaN"
    assert release_changes.plain(pyoxigraph.Literal("INF", datatype=double)) == "INF"
    assert release_changes.plain(pyoxigraph.Literal("12345678901234567890", datatype=integer)) == 12345678901234567890
    assert release_changes.plain(pyoxigraph.Literal("2.5", datatype=pyoxigraph.NamedNode(DECIMAL))) == 2.5
