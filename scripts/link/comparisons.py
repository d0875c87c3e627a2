"""National figures and comparisons: a provincial target or commitment against the national
figure it restates, and against other plans' targets on the same measure."""

from __future__ import annotations

import re
from decimal import Decimal

from planlink.scripts.commitments import adds, narrowing_words
from planlink.scripts.extract import BACKGROUND
from planlink.scripts.measures import known_measures, measure_slug
from planlink.scripts.normalise import sentences
from planlink.scripts.similarity import cosine

# The figures of the national text (its commitments have their own grammar, scripts/commitments.py;
# this one keeps the national figures' ids, which curated comparisons and tests refer to).
QUANTITY = re.compile(
    r"(?P<pre>不少于|不低于|不超过|至少|超过|等于)?(?:每[天日周月年个]|每百户(?:居民)?)?"
    r"(?<![\d.])(?<!\d至)(?<!\d~)(?<!\d-)(?P<num>\d+(?:\.\d+)?)[ ]?(?P<unit>(?:万|千|亿)?(?:%|个|家|人|名|台|所|项|小时|平方米|公里|张|支|处|户|次|元|座|套|床|条|间|天|万))"
    r"(?P<post>及以上|以上|以下)?")
FULL_COVERAGE = re.compile(r"全覆盖")
MEASUREMENT_UNITS = {"万人": ("人", 10000), "万家": ("家", 10000), "万个": ("个", 10000), "万": ("", 10000),
                     "平方米": ("平方米", 1), "%": ("%", 1), "人": ("人", 1), "家": ("家", 1), "个": ("个", 1),
                     "小时": ("小时", 1)}


def national_figures(national: dict) -> list[dict]:
    """Quantities the national text states: numbers with units, and 全覆盖 (= 100%)."""
    out = []
    for s in national.get("sections", []):
        background = bool(BACKGROUND.search(s["title"]))
        years = [int(y) for y in re.findall(r"(20\d\d)年", s.get("text") or "")]
        k = 0
        for _, sentence in sentences(s.get("text") or ""):
            found = [(m.start(), m.end(), m.group("num"), m.group("unit"), m) for m in QUANTITY.finditer(sentence)]
            found += [(m.start(), m.end(), "100", "%", None) for m in FULL_COVERAGE.finditer(sentence)]
            for start, end, num, unit, m in sorted(found, key=lambda f: f[:2]):
                year = re.search(r"(20\d\d)年", sentence)
                comparator = quantity_comparator(m) if m is not None else "="
                printed = m is not None and bool(m.group("pre") or m.group("post"))
                k += 1
                head = sentence[max(sentence.rfind(c, 0, start) for c in "，。；：、") + 1:start]
                out.append({"id": f"{s['id']}-q{k}", "section": s["id"], "sentence": sentence,
                            "clause": clause(sentence, start, end), "value": float(num), "unit": unit,
                            "kind": "addition" if m is not None and unit != "%" and adds(head) else "level",
                            "comparator": comparator, "comparator_printed": printed,
                            "year": int(year.group(1)) if year else (max(years) if background and years else None),
                            "status": "baseline" if background else "requirement"})
    return out


def quantity_comparator(m: re.Match) -> str:
    """The bound a QUANTITY match states: 不少于8小时 and 90%以上 are >=, 不超过 and 以下 <=."""
    if m.group("pre") in ("不少于", "不低于", "至少") or m.group("post") in ("以上", "及以上"):
        return ">="
    if m.group("pre") == "不超过" or m.group("post") == "以下":
        return "<="
    if m.group("pre") == "超过":
        return ">"
    return "="  # bare, or 等于 printed


def clause(sentence: str, start: int, end: int) -> str:
    """The clause of a sentence around sentence[start:end], between commas or stops."""
    clause_start = max(sentence.rfind(c, 0, start) for c in "，。；：") + 1
    clause_end = min([i for i in (sentence.find(c, end) for c in "，。；") if i >= 0] or [len(sentence)])
    return sentence[clause_start:clause_end]


def commitment_clause(commitment: dict) -> str:
    """The clause stating a commitment's own quantity (a sentence may state several)."""
    if commitment.get("clause"):
        return commitment["clause"]["text"]
    text, value = commitment["text"], commitment["value"]
    number = str(int(value)) if float(value).is_integer() else str(value)
    m = re.search(rf"(?<![\d.]){re.escape(number)}\s*{re.escape(commitment['unit'] or '')}", text)
    return clause(text, m.start(), m.end()) if m else text


def quantity(value, unit, comparator, year, printed: bool | None = None, kind: str = "level",
             change: dict | None = None) -> dict:
    """A figure to compare; `printed` says whether the text printed its comparator (None: the
    contract's reading, '=' is a bare number); `kind` "addition" for an amount added over the
    years `change` ({"from", "to"}), "level" for an amount reached."""
    comparator = comparator or "="
    return {"value": value, "unit": unit, "comparator": comparator, "year": year,
            "printed": comparator != "=" if printed is None else printed, "kind": kind, "change": change}


def bare(q: dict) -> bool:
    """Printed without a comparator (90%, 3万人, 全覆盖)."""
    return q.get("printed", (q.get("comparator") or "=") != "=") is False


def bare_reading(q: dict) -> str:
    """How a bare target is read, in words. Every bare target in the three plans is a level the plan
    sets out to reach (a coverage rate, a count of workers or sites, an area): 覆盖率 100% asks that
    nothing be left uncovered, 3万人 that at least 30,000 be certified; none asks for no more than
    the figure. So a bare target is a floor. (A bare figure the national text reports for 2020 is a
    status, not a target, and is never compared as one: see measures_and_comparisons.)"""
    shown = printed_value(q)
    v = q["value"]
    why = (f"{shown} is printed without a comparator: a target figure printed without a comparator is read "
           f"as a lower bound (at least {shown}), the level the plan sets out to reach")
    if v == 100 and (q.get("unit") or "").strip() == "%":
        why += ", and 100% is already the most a rate can be"
    return why


def printed_value(q: dict) -> str:
    v = q["value"]
    return f"{int(v) if float(v).is_integer() else v}{q.get('unit') or ''}"


def compare(mine: dict, other: dict) -> tuple[str, str]:
    """Is `mine` stricter than, equal to, looser than `other`, or not comparable? And why.

    Targets are read as bounds: ≥v asks for at least v; a bare v (printed without a comparator; '='
    in the contract's JSON) is read as a floor too, and the explanation says so in words (bare_reading);
    >v for more than v (so >30 is stricter than ≥30); ≤ and < bound from above; a printed '=' (等于)
    is compared as the same floor. Units are brought to one scale (3万人 = 30000人); different units,
    years or directions are not comparable.
    """
    outcome, why = _compare(mine, other)
    if outcome != "not comparable":
        readings = dict.fromkeys(bare_reading(q) for q in (mine, other) if bare(q))
        if readings:
            why += "; " + "; ".join(readings)
    return outcome, why


def _compare(mine: dict, other: dict) -> tuple[str, str]:
    if mine.get("value") is None or other.get("value") is None:
        return "not comparable", "one side has no figure"
    if mine.get("kind", "level") != other.get("kind", "level"):
        return "not comparable", (f"{fmt(mine)} vs {fmt(other)}: an amount added over a period is never "
                                  f"compared with a level reached")
    if mine.get("change") and other.get("change") and mine["change"] != other["change"]:
        return "not comparable", f"additions over different periods ({fmt(mine)} vs {fmt(other)})"
    (base_a, scale_a), (base_b, scale_b) = unit_scale(mine.get("unit")), unit_scale(other.get("unit"))
    if base_a != base_b:
        return "not comparable", f"different units ({mine.get('unit') or '—'} vs {other.get('unit') or '—'})"
    if mine.get("year") and other.get("year") and mine["year"] != other["year"]:
        return "not comparable", f"different years ({mine['year']} vs {other['year']})"
    a, b = Decimal(str(mine["value"])) * scale_a, Decimal(str(other["value"])) * scale_b
    up_a, up_b = mine.get("comparator", "=") not in ("<=", "<"), other.get("comparator", "=") not in ("<=", "<")
    if up_a != up_b:
        return "not comparable", "one bounds from below, the other from above"
    strict_a, strict_b = mine.get("comparator") in (">", "<"), other.get("comparator") in (">", "<")
    if a == b:
        if strict_a == strict_b:
            return "equal", f"same bound {fmt(mine)} = {fmt(other)}"
        return ("stricter", f"{fmt(mine)} excludes the bound {fmt(other)} allows") if strict_a else \
            ("looser", f"{fmt(mine)} allows the bound {fmt(other)} excludes")
    higher = a > b
    return ("stricter" if higher == up_a else "looser"), f"{fmt(mine)} vs {fmt(other)}"


def unit_scale(unit: str | None) -> tuple[str, Decimal]:
    base, scale = MEASUREMENT_UNITS.get((unit or "").strip(), ((unit or "").strip(), 1))
    return base, Decimal(scale)


def fmt(q: dict) -> str:
    sign = {">=": "≥", "<=": "≤", "=": "", ">": ">", "<": "<"}.get(q.get("comparator") or "=", "")
    v = q["value"]
    v = int(v) if float(v).is_integer() else v
    if q.get("kind") == "addition":
        span = q.get("change") or {}
        return f"{sign}{v}{q.get('unit') or ''} added" + (f" over {span['from']}–{span['to']}" if span else "")
    return f"{sign}{v}{q.get('unit') or ''}" + (f" ({q['year']})" if q.get("year") else "")


def figure_matches(indicator: dict, figures: list[dict], vec, linked: set[str]) -> list[dict]:
    """National figures about the same thing as an indicator: close wording and compatible units."""
    out = []
    for f in figures:
        if unit_scale(f["unit"])[0] != unit_scale(indicator.get("unit"))[0]:
            continue
        sim = cosine(vec(indicator["name"]), vec(f["clause"]))
        if sim >= 0.45 or (f["section"] in linked and sim >= 0.3):
            out.append({**f, "similarity": round(sim, 3), "same_measure": sim >= 0.75})
    return sorted(out, key=lambda f: -f["similarity"])[:2]


def commitment_comparisons(result, linker) -> None:
    """A provincial commitment in the prose against the national figure it restates.

    Paired when the units agree and the clauses are worded alike (每天不少于8小时 in both
    plans); then compared like targets. National status figures (发展环境) are not requirements.
    """
    for cid, row in result.commitments.items():
        mine = quantity(row["value"], row["unit"], row["comparator"], None, row.get("comparator_printed"),
                        row.get("kind", "level"), row.get("change"))
        wording = linker.vec(commitment_clause(row))
        for f in result.figures:
            if f["status"] == "baseline" or unit_scale(f["unit"])[0] != unit_scale(row["unit"])[0]:
                continue
            if cosine(wording, linker.vec(f["clause"])) < linker.params.commitment_similarity:
                continue
            other = quantity(f["value"], f["unit"], f["comparator"], None, f.get("comparator_printed"),
                             f.get("kind", "level"))
            outcome, why = compare(mine, other)
            result.comparisons.append({"subject": cid, "other": f["id"], "kind": "national", "outcome": outcome,
                                       "explanation": why, "other_quantity": other, "other_text": f["sentence"],
                                       "figure": f})


def measures_and_comparisons(result, linker):
    info = known_measures()["info"]
    for iid, row in result.indicators.items():
        slug = measure_slug(row["name"])
        m = result.measures.setdefault(slug, {"slug": slug, "label_zh": row["name"], "alt_zh": [], "label_en": None,
                                              "definition": None, "divided_by_zh": None, "divided_by_en": None,
                                              "close": set(), "related": set(), "targets": []})
        if slug in info:
            m.update({k: info[slug][k] for k in ("label_zh", "label_en", "definition", "divided_by_zh", "divided_by_en")})
            m["close"], m["related"] = set(info[slug]["close"]), set(info[slug]["related"])
        if row["name"] != m["label_zh"] and row["name"] not in m["alt_zh"]:
            m["alt_zh"].append(row["name"])
        m["targets"].append(iid)
    for m in result.measures.values():  # only relate measures that are in the graph
        m["close"] &= result.measures.keys()
        m["related"] &= result.measures.keys()
    for iid, row in result.indicators.items():
        target = quantity(row["target"].get("value"), row.get("unit"), row["target"].get("comparator"),
                          row["target"].get("year"), row["target"].get("comparator_printed"))
        for peer in peers_of(result, iid):
            p = result.indicators[peer]
            other = quantity(p["target"].get("value"), p.get("unit"), p["target"].get("comparator"),
                             p["target"].get("year"), p["target"].get("comparator_printed"))
            outcome, why = compare(target, other)
            result.comparisons.append({"subject": iid, "other": peer, "kind": "peer", "outcome": outcome,
                                       "explanation": why, "other_quantity": other, "other_text": p["target"].get("text")})
        linked = {link["object"] for link in result.links.get(iid, [])}
        for f in figure_matches(row, result.figures, linker.vec, linked):
            other = quantity(f["value"], f["unit"], f["comparator"], f["year"], f.get("comparator_printed"),
                             f.get("kind", "level"))
            if not f["same_measure"]:
                outcome, why = "not comparable", f"the national figure measures something else: {f['clause']}"
            elif f["status"] == "baseline":  # a status is never a target, whatever its year or unit
                outcome, why = "not comparable", f"the national figure is a {f['year']} status, not a target"
                if bare(other):  # 全覆盖 in 发展环境: what was reached, not a floor to reach
                    why += (f"; {printed_value(other)} is printed without a comparator and read as the status "
                            f"reported for {f['year']}, not as a bound")
            else:
                outcome, why = compare(target, other)
            result.comparisons.append({"subject": iid, "other": f["id"], "kind": "national", "outcome": outcome,
                                       "explanation": why, "other_quantity": other, "other_text": f["sentence"],
                                       "figure": f})


def peers_of(result, indicator_id: str) -> list[str]:
    """Targets of the same measure in the other provincial plans (the peers the API shows): at most
    one per province, so comparisons grow with the plans, not with their pairs."""
    plan = result.indicators[indicator_id]["plan"]
    slug = measure_slug(result.indicators[indicator_id]["name"])
    return [t for t in result.measures.get(slug, {}).get("targets", [])
            if result.indicators[t]["plan"] != plan and result.levels.get(result.indicators[t]["plan"]) == "provincial"]


def commitment_measures(extractions: dict, linker) -> dict:
    """commitment id → the slug of the measure it restates, if any: an indicator (of any plan) in the
    same unit whose name matches the commitment's qualifiers and subject (每百户居民…社区综合服务设施
    → 每百户居民拥有社区综合服务设施面积), whose name names the communities the subject narrows
    to, if any (commitments.narrowing_words), for a level, never an addition. The cut-off is
    LinkParameters.commitment_measure."""
    names: dict = {}  # unit → indicator names in it, each once (plans share names: the best is the same)
    for x in extractions.values():
        for i in x.get("indicators", []):
            names.setdefault(unit_scale(i.get("unit"))[0], {})[i["name"]] = None
    out = {}
    for x in extractions.values():
        for c in x.get("commitments", []):
            if c.get("kind", "level") != "level":  # an addition over the period is no level of a measure
                continue
            words = linker.vec("".join(c.get("qualifiers") or []) + (c.get("subject") or ""))
            narrowing = narrowing_words(c.get("subject") or "")
            scored = [(cosine(words, linker.vec(name)), name) for name in names.get(unit_scale(c["unit"])[0], ())
                      if narrowing in name]  # 易地扶贫搬迁集中安置社区… restates no measure of every community
            best = max(scored, default=(0.0, None))
            if best[0] >= linker.params.commitment_measure:
                out[c["id"]] = measure_slug(best[1])
    return out
