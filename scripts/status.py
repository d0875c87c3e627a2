"""Status figures: what a plan reports it had reached when it was written (433.8万 community workers,
a 97.5% share, 38406 organisations), each an observation with its year, unit, what it counts and
where it is printed. graph_data/gold/status_figures.csv is the hand-read list these rules are
measured against (benchmarks/status_recall.py).

- Where: the review of the past period (a part titled 发展基础, 发展环境, 面临形势, 基本内涵, and
  its parts), and anywhere else a sentence that dates a status (截至2020年底…, a date no later than
  the plan period's first year: commitments.dated_status; such a sentence is no commitment).
- When: the date the sentence prints (截至2020年末 → 2020), else the past period the part opens
  with (“十三五”时期 → 2020, its last year), the words kept as printed, else the year before the
  plan's own period (the review is of the period before it); a review whose period cannot be told
  dates nothing and gives no figure. In 从2.7万家发展到3.4万家 the first figure is the level the
  period started from (2015, the year before its first).
- What: a number with a unit (units learnt from the text, as for commitments; 余 or 多 after the
  number = more than it), or full coverage in words (全覆盖 = 100%). Not a status: a figure with a
  bound printed before it (每百户不低于30平方米的国家标准 is the norm a status is measured by), a
  number inside a name (10分钟体育健身圈, a glossary term), a date or an age.
- What it counts: the clause's words around the figure, without dates, place-wide words (全省,
  全国) and verbs (共有, 已, 达到…). The words before a list's first figure are shared by the next
  items that start with their figure (“一网通办”189个事项…、41个事项…); 村、社区“一肩挑”比例分别为
  97.5%、94.6% pairs each figure with its item; a clause that starts with its figure or with 占
  takes the previous figure's subject as its head (…覆盖率为100%，85%达到…的国家标准).
"""

from __future__ import annotations

import re

from planlink.scripts.commitments import (CLAUSE_END, DATE, NUMBER, PERIOD, SCALE, WORDS, dated_status,
                                          inside_a_term, learn_units, plan_end_year)
from planlink.scripts.normalise import sentences
from planlink.scripts.outline import Outline, own_lines

BOUND_BEFORE = re.compile(r"(?:不少于|不低于|不超过|至少|超过|低于|高于)$")
MORE_THAN = {"余": ">", "多": ">"}
BOUND_AFTER = {"及以上": ">=", "以上": ">=", "以下": "<="}
NAME_AFTER = re.compile(r"^[\u4e00-\u9fff]{0,6}圈")  # 10分钟体育健身圈: a number inside a name
FROM_TO = re.compile(r"^(?:发展|增加|增长|提高|上升|下降|减少)?(?:到|至)")
# At the edges of what a figure counts: time, place-wide words and verbs, not the thing counted.
LEADING = re.compile(r"^(?:[，、\s]|截至\s*(?:19|20)\d\d\s*年(?:底|末)?|[“\x22]?十[一二三四五六七八九]五[”\x22]?(?:时期|期间|末)|"
                     r"近年来|目前|当前|现有|全省|全市|全国|全面|共有|另有|已|有|建成|实现|累计)+")
TRAILING = re.compile(r"(?:分别为|分别是|分别达到|为|达到|达|是|从|约|实现|的)+$")
PREDICATE = re.compile(r"初步|实现|达到|覆盖|均|全部|基本|广泛")  # where the thing counted after a figure ends
RESPECTIVELY = re.compile(r"分别(?:为|是|达到|占)")
RATE = re.compile(r"(?:覆盖率|比例|比率|率)$")
PLACE_ONLY = re.compile(r"^(?:街镇|乡镇|街道|村|社区|村（社区）|城乡社区|城市社区|农村社区)$")
FIRST_NOUN_END = re.compile(r"建设|加快|推进|不断|进一步|有效")


def figure_pattern(units: list[str]) -> re.Pattern:
    unit = "|".join(re.escape(u) for u in units if u)
    return re.compile(rf"(?P<num>{NUMBER})(?P<about>余|多)?\s?(?P<unit>{SCALE}?(?:{unit})|{SCALE})"
                      rf"(?P<post>及以上|以上|以下)?")


def status_figures(outline: Outline, ctx, indicators: list[dict], review: re.Pattern,
                   plan_years: tuple[int, int] | None) -> list[dict]:
    """Every status figure of a plan, in document order, ids `{plan}-o{n}`.

    `review` matches the titles of the parts that review the past period; `plan_years` is the
    plan's own period (a period in a review that does not end before it dates nothing)."""
    terms = [entry.title for entry in outline.glossary]
    pattern = figure_pattern(learn_units(ctx.clean.text, [i.get("unit") or "" for i in indicators]))
    out = []
    for node, where in ctx.containers(outline):
        in_review = bool(review.search(node.title) or (node.parent and review.search(node.parent.title or "")))
        opening = past_period(node.text() if in_review else "", plan_years)
        review_year = (plan_years[0] - 1, None) if plan_years else None  # the review of the period before
        for line in own_lines(node):
            for at, sentence in sentences(line.text):
                dated = dated_status(sentence, plan_years)
                if not (in_review or dated):
                    continue
                when = (int(dated.group(1)), dated.group(0)) if dated else opening or review_year
                if when is None:  # a review of a period that cannot be told dates nothing
                    continue
                start = line.start + at
                for f in in_sentence(sentence, pattern, terms, when, plan_years):
                    a, b = f.pop("span")
                    out.append({"text": sentence, **f, "section": where,
                                "source": ctx.source(start, start + len(sentence)),
                                "clause": {"text": sentence[a:b], "source": ctx.source(start + a, start + b)}})
    for n, f in enumerate(out, 1):
        f["id"] = f"{ctx.plan}-o{n}"
    return out


def past_period(text: str, plan_years: tuple[int, int] | None) -> tuple[int, str] | None:
    """(last year, words as printed) of the past period a review opens with (“十三五”时期 → 2020)."""
    m = PERIOD.search(text)
    if not m:
        return None
    end = plan_end_year(m.group(1))
    return (end, m.group(0)) if plan_years is None or end < plan_years[0] else None


def in_sentence(sentence: str, pattern: re.Pattern, terms: list[str], when: tuple, plan_years) -> list[dict]:
    """The status figures of one sentence, offsets relative to it."""
    year, period = when
    found = [(m.start(), m.end(), m) for m in pattern.finditer(sentence)]
    found += [(w.start(), w.end(), w) for w in WORDS.finditer(sentence)]
    out, previous, list_head = [], None, ""
    for start, end, m in sorted(found, key=lambda f: f[:2]):
        words = m.re is not pattern
        if not words and not_a_status(sentence, start, end, m, terms):
            continue
        a = max(sentence.rfind(c, 0, start) for c in CLAUSE_END) + 1
        b = min([i for i in (sentence.find(c, end) for c in CLAUSE_END) if i >= 0] or [len(sentence)])
        before, after = sentence[a:start], sentence[end:b]
        figure = {"year": year, "period": period, "kind": "level"}
        if words:
            figure.update(value=100, unit="%", comparator="=", comparator_printed=False,
                          printed=m.group(0), words=m.group(0))
        else:
            bound = MORE_THAN.get(m.group("about") or "") or BOUND_AFTER.get(m.group("post") or "")
            figure.update(value=_number(m.group("num")), unit=m.group("unit"), comparator=bound or "=",
                          comparator_printed=bound is not None, printed=m.group(0), words=None)
        if previous and FROM_TO.match(sentence[previous["end"]:start]) and sentence[:previous["start"]].endswith("从"):
            # 从2.7万家发展到3.4万家: the first is the level the period started from, the second its end
            previous["figure"]["year"] = year - 5 if period and year else None
            figure["subject"] = previous["figure"]["subject"]
        else:
            own = _trim(before)
            if sentence[a - 1:a] == "、" and not own:
                own = list_head  # 、41个事项全程网办 shares “一网通办” with the item before it
            elif sentence[a - 1:a] != "、":
                list_head = own
            figure["subject"] = subject(own, before, after, words, previous, sentence[a - 1:a])
            if words and PLACE_ONLY.match(figure["subject"]):  # 实现街镇全覆盖: the sentence names what covers
                figure["words"] = figure["subject"] + figure["words"]
                figure["subject"] = first_noun(sentence)
        figure["subject"] = figure["subject"] or sentence[a:b]  # nothing around it: the clause says what
        out.append(figure)
        previous = {"start": start, "end": end, "figure": figure}
        figure["span"] = (a, b)
    return respectively(sentence, out)


def subject(own: str, before: str, after: str, words: bool, previous: dict | None, stop: str) -> str:
    """What a figure counts, from the words before it and the noun after it (see the module's doc)."""
    noun = "" if words or FROM_TO.match(after) else PREDICATE.split(after, maxsplit=1)[0]
    if previous and stop == "，" and (not before.strip() or own.startswith("占")):
        head = RATE.sub("", previous["figure"]["subject"])  # …覆盖率为100%，85%达到… : of the same facilities
        return head + TRAILING.sub("", own or after)
    return TRAILING.sub("", own) + TRAILING.sub("", noun)


def first_noun(sentence: str) -> str:
    """The noun a sentence opens with, up to its first verb: 城乡社区综合服务设施建设加快推进 → 城乡社区综合服务设施."""
    return FIRST_NOUN_END.split(re.split(r"[，。；：]", sentence, maxsplit=1)[0], maxsplit=1)[0]


def respectively(sentence: str, figures: list[dict]) -> list[dict]:
    """村、社区“一肩挑”比例分别为97.5%、94.6%: each figure gets its own item of the list before 分别."""
    m = RESPECTIVELY.search(sentence)
    if not m:
        return figures
    clause_start = max(sentence.rfind(c, 0, m.start()) for c in "，。；：") + 1
    items = sentence[clause_start:m.start()].split("、")
    paired = [f for f in figures if f["span"][0] >= clause_start]
    if len(items) < 2 or len(paired) != len(items):
        return figures
    last = items[-1]
    quote = re.search(r"[“\"]", last)
    cut = quote.start() if quote and quote.start() > 0 else len(items[0])  # 社区“一肩挑”比例: 社区 + the shared words
    shared = last[cut:]
    names = [_trim(item) for item in items[:-1]] + [_trim(last[:cut])]
    for f, name in zip(paired, names):
        f["subject"] = name + shared
        f["span"] = (clause_start, f["span"][1])
    return figures


def not_a_status(sentence: str, start: int, end: int, m: re.Match, terms: list[str]) -> bool:
    """A date, a norm (不低于30平方米的国家标准), a number inside a name (10分钟体育健身圈), an ordinal."""
    return bool(DATE.match(sentence, start) or BOUND_BEFORE.search(sentence[:start])
                or NAME_AFTER.match(sentence[end:]) or sentence[max(0, start - 1)] == "第"
                or inside_a_term(sentence, start, end, terms))


def _trim(text: str) -> str:
    return TRAILING.sub("", LEADING.sub("", text.strip()))


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value
