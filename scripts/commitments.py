"""Quantified commitments in a plan's prose: what each clause promises, in how much of what, by when.

Four forms, each one rule (graph_data/gold/commitments.csv is the hand-read list they are
measured against, benchmarks/commitment_recall.py the figures):
- a number with a unit: 达到85%, 每天不少于8小时, 新增…1万台以上, 打造100个…;
- a range: 安排4至11名社区工作者 (lower and upper bound), with the condition that introduces it
  (居委会管辖户数在500至2000户的，…);
- a target in words: 全覆盖, 覆盖所有村（社区）, 有效覆盖常住人口, 每个社区都有… = 100% coverage,
  the words kept as printed;
- a period for a year: “十四五”期间, “十四五”末 = the plan period's last year, the period kept.

What each figure means, besides its amount:
- its subject keeps its scope: 加快建设易地扶贫搬迁集中安置社区综合服务设施，确保2025年实现综合服务设施
  全覆盖 promises coverage of the relocation communities' facilities, so the subject a clause names
  in short takes the words that narrow it from where the sentence named it in full (with_scope);
  people named in short take the words they were named with (从业人员持证上岗率 after 托育从业人员…),
  and a training or education that names no one is of the people named last (with_holder); a clause
  parallel to the one before it that leaves out what is measured takes it from there
  (…“宝宝屋”覆盖率达到85%，中心城区街镇覆盖率… → 中心城区街镇“宝宝屋”覆盖率: with_elided_object);
  words that name the whole place (城乡, 全市) narrow nothing and are not taken;
- its hedge: 一般 (as a rule), 原则上 (in principle), 力争 (strive to) say how firmly the figure holds,
  not what it measures, so they are kept apart from the subject, as printed (hedge_of); 有效 in
  100%有效收集 says what is counted (effective collection) and stays in the subject;
- an addition is a change over the plan period, not a level (kind "addition": 累计新增…2万个,
  增创200个, 打造100个…: a verb that makes or adds governs the count); every other figure is a level.

Units are learnt from the text itself, not from a list: a token that follows a number and ends
a phrase (…72课时的, …1万台以上, …100张，), the second bound of a range (4至11名), a character that
follows numbers before different words (1名灾害信息员, 1名专职网格员), and the units of the plan's
indicator tables.
"""

from __future__ import annotations

import re
from collections import defaultdict

NUMBER = r"(?<![\d.])\d+(?:\.\d+)?"
SCALE = r"(?:万|千|亿)"
CJK = r"\u4e00-\u9fff"
# A number and what follows it up to the end of a phrase: the learnt units come from here.
TERMINAL = re.compile(rf"{NUMBER}({SCALE}?[{CJK}]{{1,2}}?|%)(?=及以上|以上|以下|的|[，。；、）)：]|$)")
AFTER_NUMBER = re.compile(rf"{NUMBER}({SCALE}?[{CJK}])([{CJK}])")
RANGE_UNIT = re.compile(rf"{NUMBER}\s*[至~～]\s*{NUMBER}({SCALE}?[{CJK}])")
# A four-digit number before 年/月/日 is a date; 岁 gives an age, who a service is for, never an amount.
NOT_UNITS = re.compile(r"^(?:年|月|日|号|岁|余|多|第)$")
DATE = re.compile(r"(?:19|20)\d\d年")

BOUND_BEFORE = {"不少于": ">=", "不低于": ">=", "至少": ">=", "不超过": "<=", "超过": ">", "等于": "=", "提高至": None}
BOUND_AFTER = {"及以上": ">=", "以上": ">=", "以下": "<="}
PERIOD_QUALIFIER = re.compile(r"每[天日周月年]|每百户(?:居民)?|每万(?:城镇)?(?:常住)?人口")
EACH = re.compile(rf"(?:所有|一个|每个)([{CJK}（）]+?)(?:均|都|配备)|在全省([{CJK}（）]+?网格)")
WORDS = re.compile(r"全面?覆盖|覆盖(?:所有|全部)[^，。；、]{1,10}?(?=[，。；、]|$)|有效覆盖[^，。；、]{0,8}?常住人口"
                   r"|每个[^，。；、]{1,10}?都有")
FROM_FULL = re.compile(r"由[^，。；]*全覆盖向")  # 由乡镇全覆盖向村延伸: full coverage is where it starts
PERIOD = re.compile(r"[“\x22]?十([一二三四五六七八九])五[”\x22]?(?:期间|末|时期)")
CN = "一二三四五六七八九"
YEAR_PHRASE = re.compile(r"^(?:到|至|在)?(?:(?:19|20)\d\d年(?:末|底)?|[“\x22]?十[一二三四五六七八九]五[”\x22]?(?:期间|末|时期))")
CONDITION = re.compile(r"在([^，。；]*?)的$")
NOT_A_COMMITMENT = re.compile(r"^(?:生活圈|服务圈|养老服务圈)")
CLAUSE_END = "，。；：、"
# Verbs and particles that say what is done, not what is measured, at the edges of a subject.
VERBS = (r"确保|实现|推动|推进|加快|打造|建设|新增|选树|增创|设置|配备|培育|保持|落实|累计|提供|开展|实施|按照|扩展|"
         r"达到|达|提高至")
# 有效 goes with the verb it modifies: dropped with 有效扩展…, kept in 100%有效收集 (what is counted is
# effective collection). The hedges 一般, 原则上, 力争 say how firmly a figure holds, not what it
# measures: they leave the subject for the commitment's hedge (HEDGE).
LEADING = re.compile(rf"^(?:[，、]|{VERBS}|有效(?={VERBS})|应|一般|原则上|为|全省|在|力争|均|的)+")
TRAILING = re.compile(r"(?:达到|达|提高至|不少于|不低于|至少|超过|不超过|为|的|标准|一般|应开展|应提供|均设置|均|"
                      r"原则上安排|安排|配备|培育|设立|建设|打造|新增|增加|新建|提供)+$")
# A count made or added over the period: the verb that governs it, at the head of its clause (after
# the time and the bound). 增加 before 到/至 gives a level reached (增加到…), not an amount added.
ADDITION = re.compile(r"^(?:累计)?(?:新增|增创|新建|增加(?![到至])|建设|建成|打造|创建|选树)"
                      r"|(?:新增|增创|新建|增加|建成|打造|创建)$")  # 累计新增…2万个, 社区食堂增加100个
# What is done to the thing the sentence names in full, before the words that narrow it.
SCOPE_VERBS = re.compile(r"^(?:加快|推进|推动|加强|完善|提升|改造|新建|建设|实施|支持|鼓励|引导|统筹)+")
# The people a figure is about (whose certificates, whose training): 托育从业人员, 社区工作者, 基层干部.
PEOPLE = re.compile(r"人员|工作者|人才|干部|农民工|志愿者|社工")
# What is done for people and names none of its own: whose it is, the sentence said before.
FOR_PEOPLE = re.compile(r"(?:培训|教育|培养|轮训|研修|进修)$")
# Words that say how firmly a figure holds, not what it measures (the commitment's hedge, as printed):
# 一般不少于每天8小时 and 原则上安排4至11名 hold as a rule, in their own clause (一般 as an adverb, before
# a bound or a verb; 一般公共预算 is a name); 力争 (strive to) softens every figure after it in its sentence.
HEDGE = re.compile(r"一般(?=不|应|每|按|为|在|设|配|要|以)|原则上")
STRIVE = re.compile(r"力争")
# Words that name every community or the whole place, and so narrow nothing (鼓励城乡社区工作者…，
# …社区工作者中持证社会工作者占比… is every community worker's share).
PLACE_WIDE = re.compile(r"(?:城乡|全市|全省|全国|全区|所有|各)*")
STATUS_DATE = re.compile(r"截至\s*((?:19|20)\d\d)\s*年(?:底|末)?")
# Words that name every community, not some of them (村（社区）, 城乡社区, 所有社区).
EVERY_COMMUNITY = re.compile(r"城乡|所有|全省|全市|全国|各|村（|村\(|[（）()]")


def plan_end_year(tenth_digit: str) -> int:
    """The last year of the n-th five-year plan (十四五 → 2025; valid from the sixth, 1981–1985, on)."""
    return 1955 + 5 * (10 + CN.index(tenth_digit) + 1)


def plan_period(title: str) -> tuple[int, int] | None:
    """The years a plan covers, from the period its title names (“十四五”… → 2021–2025)."""
    m = re.search(r"十([一二三四五六七八九])五", title or "")
    return (plan_end_year(m.group(1)) - 4, plan_end_year(m.group(1))) if m else None


def dated_status(sentence: str, plan_years: tuple[int, int] | None) -> re.Match | None:
    """截至2020年底… : a sentence that reports where things stood at a date no later than the plan
    period's first year (any date, where the period is unknown) states a status, not a commitment."""
    m = STATUS_DATE.search(sentence)
    return m if m and (plan_years is None or int(m.group(1)) <= plan_years[0]) else None


def learn_units(text: str, table_units: list[str]) -> list[str]:
    """The units this text uses, longest first, learnt from its own patterns (see the module's doc)."""
    units = {u for u in table_units if u and not re.search(r"\d", u)}
    for m in TERMINAL.finditer(text):
        units.add(m.group(1))
    for m in RANGE_UNIT.finditer(text):
        units.add(m.group(1))
    followers: dict = defaultdict(set)
    for m in AFTER_NUMBER.finditer(text):
        followers[m.group(1)].add(m.group(2))
    units |= {u for u, after in followers.items() if len(after) > 1}
    kept = set()
    for u in units:
        base = re.sub(rf"^{SCALE}", "", u) or u
        if not NOT_UNITS.match(base):
            kept.add(u)
            kept.add(base)
    return sorted(kept, key=lambda u: (-len(u), u))


def quantity_pattern(units: list[str]) -> re.Pattern:
    unit = "|".join(re.escape(u) for u in units if u)
    return re.compile(
        rf"(?P<pre>不少于|不低于|不超过|至少|超过|等于|提高至)?(?P<per>每[天日周月年]|每百户(?:居民)?)?"
        rf"(?P<num>{NUMBER})(?:\s*[至~～]\s*(?P<upper>{NUMBER}))?\s?(?P<unit>{SCALE}?(?:{unit})|{SCALE})"
        rf"(?P<post>及以上|以上|以下)?")


def comparator(m: re.Match) -> str:
    """The bound printed: 不少于8小时 and 90%以上 are >=, 不超过 and 以下 <=; a bare figure '='."""
    return printed_comparator(m) or "="


def printed_comparator(m: re.Match) -> str | None:
    """The comparator the text prints, or None for a bare figure (85%, 提高至90%: no bound in words)."""
    return BOUND_BEFORE.get(m.group("pre") or "") or BOUND_AFTER.get(m.group("post") or "")


def clause_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause around sentence[start:end]: between 、，；： or stops."""
    a = max(sentence.rfind(c, 0, start) for c in CLAUSE_END) + 1
    b = min([i for i in (sentence.find(c, end) for c in CLAUSE_END) if i >= 0] or [len(sentence)])
    return a, b


def list_start(sentence: str, start: int, spans: list) -> int:
    """Where a list of nouns that shares this clause's figure begins: 推动…普法宣传、人民调解、法律
    援助、公证等法律服务全覆盖 promises the coverage of all four, so the clause and its subject take
    the whole list. An item before a 、 that has a figure of its own (每年不少于72课时的…、不少于
    40课时的…) is a commitment of its own, and the list stops there."""
    while sentence[start - 1:start] == "、":
        before = max(sentence.rfind(c, 0, start - 1) for c in CLAUSE_END) + 1
        if any(before <= s < start for s, _, _ in spans):
            break
        start = before
    return start


def subject_of(clause: str, cut: tuple[int, int]) -> str:
    """The words that say what is measured: the clause without its quantity, time, verbs and bounds."""
    before = PERIOD_QUALIFIER.sub("", _trim_start(clause[:cut[0]]))
    before = TRAILING.sub("", _trim_start(before))
    after = TRAILING.sub("", _trim_start(clause[cut[1]:]))
    if before and after:
        after = re.sub(r"(?:工程)$", "", after)  # 村庄改造全覆盖工程: the programme is the coverage
    return before + after


def _trim_start(text: str) -> str:
    while True:
        trimmed = LEADING.sub("", YEAR_PHRASE.sub("", text))
        if trimmed == text:
            return text
        text = trimmed


def qualifiers(sentence: str, clause_start: int, m_end: int, previous: list[str]) -> list[str]:
    """What changes a figure's meaning: per day, per year, per 100 households, per village."""
    head = sentence[clause_start:m_end]
    found = PERIOD_QUALIFIER.findall(head)
    for each in EACH.finditer(sentence[:m_end]):
        found.append("每个" + (each.group(1) or each.group(2)))
    if not found and sentence[clause_start - 1:clause_start] == "、":
        found = list(previous)  # 每年不少于72课时的…、不少于40课时的…: the list shares its qualifier
    return found


def sentence_year(sentence: str) -> tuple[int | None, str | None]:
    """The year a sentence sets (its first printed year), else its plan period's last year."""
    year = re.search(r"((?:19|20)\d\d)年", sentence)
    period = PERIOD.search(sentence)
    if year:
        return int(year.group(1)), None
    if period:
        return plan_end_year(period.group(1)), period.group(0)
    return None, None


def in_sentence(sentence: str, pattern: re.Pattern, terms: list[str],
                plan_years: tuple[int, int] | None = None) -> list[dict]:
    """Every commitment a sentence states, in reading order, offsets relative to the sentence.
    `plan_years` (plan_period of the title) dates an addition: a change over those years."""
    if dated_status(sentence, plan_years):
        return []  # scripts/status.py reads it
    year, period = sentence_year(sentence)
    out, condition, previous, previous_kind = [], None, [], "level"
    previous_subject, previous_hedge = "", None
    spans = [(m.start(), m.end(), m) for m in pattern.finditer(sentence)]
    spans += [(w.start(), w.end(), w) for w in WORDS.finditer(sentence) if not FROM_FULL.search(sentence)]
    for start, end, m in sorted(spans, key=lambda s: s[:2]):
        if m.re is pattern:
            if (DATE.match(sentence, start) or NOT_A_COMMITMENT.match(sentence[end:])
                    or sentence[max(0, start - 1)] == "第" or inside_a_term(sentence, start, end, terms)
                    or NOT_UNITS.match(re.sub(rf"^{SCALE}", "", m.group("unit")) or "")):
                continue
        a, b = clause_span(sentence, start, end)
        a = list_start(sentence, a, spans)
        clause = sentence[a:b]
        if m.re is pattern and (c := CONDITION.search(clause)) and m.start() >= a + c.start():
            condition = clause[:-1]  # 居委会管辖户数在500至2000户的，…: the next figure's condition
            continue
        cut = (start - a, end - a)
        quals = qualifiers(sentence, a, end, previous)
        previous = quals
        if m.re is pattern:
            item = {"value": _number(m.group("num")), "upper": _number(m.group("upper")) if m.group("upper") else None,
                    "unit": m.group("unit"), "comparator": comparator(m),
                    "comparator_printed": printed_comparator(m) is not None, "words": None}
        else:
            item = {"value": 100, "upper": None, "unit": "%", "comparator": "=", "comparator_printed": False,
                    "words": m.group(0)}  # 全覆盖: a target in words, no comparator printed
        subject = with_scope(subject_of(clause, cut) or next_subject(sentence, b), sentence[:a])
        subject = with_elided_object(with_holder(subject, sentence[:a]), previous_subject)
        previous_subject = subject
        hedge = hedge_of(sentence[:a], clause[:cut[1]], previous_hedge if sentence[a - 1:a] == "、" else None)
        previous_hedge = hedge
        kind = quantity_kind(clause[:cut[0]], item, quals, previous_kind if sentence[a - 1:a] == "、" else None)
        previous_kind = kind
        item.update({"year": year, "period": period, "subject": subject, "qualifiers": quals, "hedge": hedge,
                     "condition": condition, "clause": (a, b), "kind": kind})
        if kind == "addition" and plan_years:
            item["change"] = {"from": plan_years[0], "to": year or plan_years[1]}
        condition = None
        out.append(item)
    return out


def with_scope(subject: str, before: str) -> str:
    """A subject named in short that the sentence named in full before keeps the words that narrow
    it: 加快建设易地扶贫搬迁集中安置社区综合服务设施，确保…实现综合服务设施全覆盖 is the coverage of
    易地扶贫搬迁集中安置社区综合服务设施, not of every community's facilities."""
    at = before.rfind(subject) if subject else -1
    if at <= 0:
        return subject
    start = max(before.rfind(c, 0, at) for c in CLAUSE_END) + 1
    narrowing = SCOPE_VERBS.sub("", _trim_start(before[start:at]))
    return subject if PLACE_WIDE.fullmatch(narrowing) else narrowing + subject


def with_holder(subject: str, before: str) -> str:
    """A subject about people keeps the words the sentence named them with before.
    - It names them in short (完善托育从业人员…体系，…实现从业人员持证上岗率达100%): they take the
      words that narrowed them where first named (托育从业人员持证上岗率), as with_scope does for a
      whole subject.
    - It names none (…，落实每年不少于72课时的综合技能培训): a training or an education is of the
      people the sentence named last before it (托育从业人员综合技能培训)."""
    if (people := PEOPLE.search(subject)) and people.start() > 0:
        holder = subject[:people.end()]  # 从业人员 of 从业人员持证上岗率
        return with_scope(holder, before) + subject[people.end():]
    if people or not FOR_PEOPLE.search(subject):
        return subject
    named = list(PEOPLE.finditer(before))
    if not named:
        return subject
    last = named[-1]
    start = max(before.rfind(c, 0, last.start()) for c in CLAUSE_END) + 1
    holder = SCOPE_VERBS.sub("", _trim_start(before[start:last.end()]))
    if holder == last.group(0):
        return subject  # 人员 alone names no one in particular
    return with_scope(holder, before[:start]) + subject


def with_elided_object(subject: str, previous: str) -> str:
    """A clause parallel to the one before it that repeats the places and the measure but not what is
    measured takes it from there: 全市街镇“宝宝屋”覆盖率达到85%，中心城区街镇覆盖率达到100% promises the
    coverage of 宝宝屋 in the central districts' 街镇 (中心城区街镇“宝宝屋”覆盖率). The two subjects end
    alike (覆盖率); the words the previous one prints after the last words both name (街镇) are what
    this one leaves out."""
    tail = common_ending(subject, previous)
    if len(tail) < 2 or tail == subject:
        return subject
    head, previous_head = subject[:-len(tail)], previous[:-len(tail)]
    for k in range(len(head), 1, -1):
        at = previous_head.rfind(head[-k:])
        if at >= 0:
            elided = previous_head[at + k:]
            return head + elided + tail if elided and elided not in subject else subject
    return subject


def common_ending(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n:]


def hedge_of(before: str, clause: str, listed_after: str | None) -> str | None:
    """The words that say a figure holds as a rule or is striven for, as printed (see HEDGE): in
    its own clause up to the figure (一般不少于…8小时, 原则上安排…), else 力争 before it in its
    sentence, else the hedge of the list item it follows. None for a figure printed firmly."""
    if m := HEDGE.search(clause) or STRIVE.search(before + clause):
        return m.group(0)
    return listed_after


def narrowing_words(subject: str) -> str:
    """The words before the community a subject names that say which communities (易地扶贫搬迁集中
    安置社区 → 易地扶贫搬迁集中安置; 城市社区 → 城市); none for every community (城乡社区, 村（社区）,
    所有社区). A measure restates the subject only if its name says the same."""
    head = re.split(r"社区|村(?=[（(])", subject, maxsplit=1)
    if len(head) < 2:
        return ""
    words = re.split(r"[的、“”]", head[0])[-1]  # 以…为基本阵地的城乡社区: the words next to it
    return EVERY_COMMUNITY.sub("", words)


def quantity_kind(head: str, item: dict, qualifiers: list[str], listed_after: str | None) -> str:
    """"addition" for a count made or added over the period (累计新增…2万个, 增创200个, 打造100个…,
    and the next item of its list: 、1000个…), else "level": a rate, a range, a target in words and a
    figure per community (每个村（社区）…1名) say how much there is, not how much is added."""
    if item["words"] or item["upper"] is not None or item["unit"] == "%" or any(q.startswith("每个") for q in qualifiers):
        return "level"
    if adds(head):
        return "addition"
    return listed_after or "level"


def adds(head: str) -> bool:
    """Whether the words before a count in its clause make or add it (全省增创…, “十四五”期间，新增…)."""
    return bool(ADDITION.search(re.sub(r"^(?:全省|全市|全国|力争|确保|\s)+", "", _trim_year(head))))


def _trim_year(text: str) -> str:
    return YEAR_PHRASE.sub("", re.sub(r"^[，、\s]+", "", text))


def next_subject(sentence: str, at: int) -> str:
    """A clause that only states a standard (按照每百户不低于30平方米的标准) measures what the next
    clause names (，有效扩展社区综合服务设施空间)."""
    for clause in re.split("[，；。]", sentence[at + 1:]):
        if (words := _trim_start(clause)) and not clause.startswith("在"):  # 在…层面 says where, not what
            return words
    return ""


def inside_a_term(sentence: str, start: int, end: int, terms: list[str]) -> bool:
    """Whether the quantity is part of a name the plan's glossary defines, not a quantity."""
    for term in terms:
        at = sentence.find(term)
        while at != -1:
            if at <= start and end <= at + len(term):
                return True
            at = sentence.find(term, at + 1)
    return False


def _number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value
