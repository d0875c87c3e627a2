"""China's provincial-level regions: GB/T 2260 code, Wikidata item, and the plan id a region's plan gets."""

from __future__ import annotations

from typing import NamedTuple


class Region(NamedTuple):
    id: str        # plan id, e.g. "shanghai"
    name: str      # full name, e.g. "上海市"
    short: str     # as plan titles begin, e.g. "上海"
    code: str      # GB/T 2260
    wikidata: str
    name_en: str


CHINA = Region("national", "中国", "中国", "CN", "Q148", "China")

PROVINCES = [Region(*row) for row in [
    ("beijing", "北京市", "北京", "110000", "Q956", "Beijing"),
    ("tianjin", "天津市", "天津", "120000", "Q11736", "Tianjin"),
    ("hebei", "河北省", "河北", "130000", "Q21208", "Hebei"),
    ("shanxi", "山西省", "山西", "140000", "Q46913", "Shanxi"),
    ("neimenggu", "内蒙古自治区", "内蒙古", "150000", "Q41079", "Inner Mongolia"),
    ("liaoning", "辽宁省", "辽宁", "210000", "Q43934", "Liaoning"),
    ("jilin", "吉林省", "吉林", "220000", "Q45208", "Jilin"),
    ("heilongjiang", "黑龙江省", "黑龙江", "230000", "Q19206", "Heilongjiang"),
    ("shanghai", "上海市", "上海", "310000", "Q8686", "Shanghai"),
    ("jiangsu", "江苏省", "江苏", "320000", "Q16963", "Jiangsu"),
    ("zhejiang", "浙江省", "浙江", "330000", "Q16967", "Zhejiang"),
    ("anhui", "安徽省", "安徽", "340000", "Q40956", "Anhui"),
    ("fujian", "福建省", "福建", "350000", "Q41705", "Fujian"),
    ("jiangxi", "江西省", "江西", "360000", "Q57052", "Jiangxi"),
    ("shandong", "山东省", "山东", "370000", "Q43407", "Shandong"),
    ("henan", "河南省", "河南", "410000", "Q43684", "Henan"),
    ("hubei", "湖北省", "湖北", "420000", "Q46862", "Hubei"),
    ("hunan", "湖南省", "湖南", "430000", "Q45761", "Hunan"),
    ("guangdong", "广东省", "广东", "440000", "Q15175", "Guangdong"),
    ("guangxi", "广西壮族自治区", "广西", "450000", "Q15176", "Guangxi"),
    ("hainan", "海南省", "海南", "460000", "Q42200", "Hainan"),
    ("chongqing", "重庆市", "重庆", "500000", "Q11725", "Chongqing"),
    ("sichuan", "四川省", "四川", "510000", "Q19770", "Sichuan"),
    ("guizhou", "贵州省", "贵州", "520000", "Q47097", "Guizhou"),
    ("yunnan", "云南省", "云南", "530000", "Q43194", "Yunnan"),
    ("xizang", "西藏自治区", "西藏", "540000", "Q17269", "Tibet"),
    ("shaanxi", "陕西省", "陕西", "610000", "Q47974", "Shaanxi"),
    ("gansu", "甘肃省", "甘肃", "620000", "Q42392", "Gansu"),
    ("qinghai", "青海省", "青海", "630000", "Q45833", "Qinghai"),
    ("ningxia", "宁夏回族自治区", "宁夏", "640000", "Q57448", "Ningxia"),
    ("xinjiang", "新疆维吾尔自治区", "新疆", "650000", "Q34800", "Xinjiang"),
]]
