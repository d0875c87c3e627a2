"""Units for SDMX: a unit as a plan prints it (万人, 平方米, %) split into a unit multiplier and a unit.

The multiplier is SDMX's: the power of ten of SDMX's cross-domain code list CL_UNIT_MULT (万 → 4,
亿 → 8), so 3万人 is OBS_VALUE 3, UNIT_MULT 4, UNIT_MEASURE persons, never a unit "10 000 persons".
The unit comes from UCUM (the Unified Code for Units of Measure, maintained by the Regenstrief
Institute, release 2.2): `%`, `m2`, and for counts an annotation of 1 naming what is counted
(`{person}`, `{household}`, `{organisation}`), as the SDMX Statistical Working Group's unit-of-measure
guidelines recommend for the numerosity of sets (the ideal element of the set is the unit).

An SDMX code id cannot hold UCUM's symbols (`%`, `{`), so each unit has an SDMX id (PC, M2, PS,
kept from before where one existed) and its UCUM code as an annotation of type UCUM. A unit not
known here still gets a valid UCUM code: an annotation of its pinyin (张 → `{zhang}`), its id U_ZHANG.
The unit as printed stays in the observation's UNIT_TEXT attribute.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class Unit:
    id: str  # the SDMX code id
    ucum: str  # the UCUM code
    zh: str
    en: str


# base units as printed → Unit; 人 and 名 both count persons, so they share a code
UNITS = {
    "%": Unit("PC", "%", "%", "percent"),
    "百分点": Unit("PP", "{percentage_point}", "百分点", "percentage points"),
    "‰": Unit("PPTH", "[ppth]", "‰", "per mille"),
    "平方米": Unit("M2", "m2", "平方米", "square metres"),
    "平方公里": Unit("KM2", "km2", "平方公里", "square kilometres"),
    "米": Unit("M", "m", "米", "metres"),
    "公里": Unit("KM", "km", "公里", "kilometres"),
    "千米": Unit("KM", "km", "公里", "kilometres"),
    "人": Unit("PS", "{person}", "人", "persons"),
    "名": Unit("PS", "{person}", "人", "persons"),
    "户": Unit("HH", "{household}", "户", "households"),
    "家": Unit("ORG", "{organisation}", "家", "organisations"),
    "个": Unit("NUM", "1", "个", "number"),
    "元": Unit("CNY", "{yuan}", "元", "yuan (CNY)"),
    "千克": Unit("KG", "kg", "千克", "kilograms"),
    "岁": Unit("AGE_YR", "a", "岁", "years of age"),
    "年": Unit("YR", "a", "年", "years"),
    "天": Unit("DAY", "d", "天", "days"),
    "小时": Unit("HR", "h", "小时", "hours"),
    "分钟": Unit("MIN", "min", "分钟", "minutes"),
}
# Chinese multipliers → the exponent of ten, SDMX CL_UNIT_MULT's code (longest first when parsing)
MULTIPLIERS = {"十": 1, "百": 2, "千": 3, "万": 4, "十万": 5, "百万": 6, "千万": 7, "亿": 8}
# SDMX CL_UNIT_MULT's codes and names (English), with the Chinese word for each
MULTIPLIER_NAMES = {0: ("个位", "units"), 1: ("十", "tens"), 2: ("百", "hundreds"), 3: ("千", "thousands"),
                    4: ("万", "tens of thousands"), 5: ("十万", "hundreds of thousands"), 6: ("百万", "millions"),
                    7: ("千万", "tens of millions"), 8: ("亿", "hundreds of millions")}


def split(printed: str) -> tuple[int, Unit]:
    """(power of ten, unit) of a unit as printed: 万人 → (4, persons); % → (0, percent)."""
    text = unicodedata.normalize("NFKC", printed).strip()
    if text in UNITS:
        return 0, UNITS[text]
    if text in MULTIPLIERS:  # 万 alone: a number, in tens of thousands
        return MULTIPLIERS[text], UNITS["个"]
    for word in sorted(MULTIPLIERS, key=len, reverse=True):
        rest = text.removeprefix(word)
        if rest != text and rest:
            return MULTIPLIERS[word], UNITS.get(rest) or _unknown(rest)
    return 0, _unknown(text)


def _unknown(text: str) -> Unit:
    """A unit not listed: named by its pinyin, a UCUM annotation (ASCII only, no spaces or braces)."""
    from pypinyin import lazy_pinyin

    spelled = re.sub(r"[^A-Za-z0-9]+", "_", "_".join(lazy_pinyin(text))).strip("_").lower() or "unit"
    return Unit("U_" + spelled.upper(), "{" + spelled + "}", text, f"{spelled} ({text})")
