"""The explanation of a comparison in Chinese. The build writes it in English (scripts/link/
comparisons.py), clauses joined by "; ", each in one of the forms below; a Chinese page says each
clause in Chinese with the same figures. A clause in no known form gives None, and the page shows the
English, marked as English (tests/api/test_page_language.py makes every form the build writes)."""

from __future__ import annotations

import re

BARE = ("is printed without a comparator: a target figure printed without a comparator is read as a lower "
        "bound \\(at least (?P<b>.+?)\\), the level the plan sets out to reach")
CLAUSES = [  # (the build's English, fullmatched; the Chinese with the same {groups})
    (r"same bound (?P<a>.+) = (?P<b>.+)", "界限相同：{a} = {b}"),
    (r"(?P<a>.+) excludes the bound (?P<b>.+) allows", "{a} 不含 {b} 所允许的边界值"),
    (r"(?P<a>.+) allows the bound (?P<b>.+) excludes", "{a} 允许 {b} 所排除的边界值"),
    (r"one side has no figure", "一方没有数值"),
    (r"different units \((?P<a>.+) vs (?P<b>.+)\)", "单位不同（{a} 对 {b}）"),
    (r"different years \((?P<a>.+) vs (?P<b>.+)\)", "年份不同（{a} 对 {b}）"),
    (r"one bounds from below, the other from above", "一方是下限，另一方是上限"),
    (r"the national figure measures something else: (?P<a>.+)", "国家规划数据衡量的是另一件事：{a}"),
    (r"the national figure is a (?P<y>\d{4}) status, not a target", "国家规划数据是 {y} 年的现状，不是目标"),
    (r"(?P<a>.+?) " + BARE + ", and 100% is already the most a rate can be",
     "{a} 没有印比较符：没有比较符的目标值按下限理解（至少 {b}），即规划要达到的水平，而 100% 已是比率的上限"),
    (r"(?P<a>.+?) " + BARE, "{a} 没有印比较符：没有比较符的目标值按下限理解（至少 {b}），即规划要达到的水平"),
    (r"(?P<a>.+?) is printed without a comparator and read as the status reported for (?P<y>\d{4}), not as a bound",
     "{a} 没有印比较符，按 {y} 年报告的现状理解，而不是界限"),
    (r"(?P<a>.+) vs (?P<b>.+)", "{a} 对比 {b}"),  # last: the other forms also hold " vs "
]
CLAUSES = [(re.compile(pattern), chinese) for pattern, chinese in CLAUSES]


def in_chinese(explanation: str) -> str | None:
    """The build's English explanation said in Chinese, clause by clause; None if a clause is in no
    known form."""
    said = []
    for clause in explanation.split("; "):
        for pattern, chinese in CLAUSES:
            match = pattern.fullmatch(clause)
            if match:
                said.append(chinese.format(**match.groupdict()))
                break
        else:
            return None
    return "；".join(said)
