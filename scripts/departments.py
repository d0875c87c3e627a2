"""Who the plan names and who it gives a task: organisations, their kinds, and lead and participant
statements (牵头, 负责, …要…, 强化/压实…X（属地）责任, X等为…提供…: the lead; 会同, 参加, 配合: a part).

Department kinds (civil affairs, development and reform, …) are one SKOS concept scheme shared by
every plan, read from graph_data/links/department_kinds.csv (slug, labels, broader kind, the names
that print it in a lead statement, and `mentions`: the names that name it anywhere in running text,
such as 公安 or 工会, where a bare 政府 or 民政 would not); a named body (民政部, 上海市民政局) is an organisation of the kind its name ends in,
a generic name (民政部门, 发展改革部门, 工会) is the kind itself.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from planlink.scripts.normalise import sentences
from planlink.scripts.outline import Outline, own_lines, walk_nodes
from planlink.scripts.regions import BY_ID, CHINA, Region
from planlink.scripts.vocab import org_slug

KINDS_CSV = Path(__file__).resolve().parents[1] / "graph_data" / "links" / "department_kinds.csv"
LEAD = re.compile(r"([^，。；：]+?)(?:牵头|设置专人专岗负责|负责(?![人制]))")
BODY = r"(?:各?有关部门|[^，。；：、]{1,20}?(?:部门|局|委|厅|部))"
WITH = re.compile(rf"会同({BODY})")
TAKE_PART = re.compile(r"([^，。；：、]+?)(?:党组织负责人)?参加")
COOPERATE = re.compile(rf"^({BODY})[^，。；：]*配合")
RESPONSIBLE = re.compile(r"^([^，。；：要]{2,20}?)(?<![需重主必纲])要(?![求素点])")  # 乡镇（街道）要做好具体落实工作
# 强化应急状态下街镇（乡）属地责任, 压实街道（乡镇）党（工）委责任: the body whose responsibility it is leads
RESPONSIBILITY = re.compile(r"(?:强化|压实|落实|明确|履行)(?:应急状态下|[^，。；：、]{0,6}?状态下)?"
                            r"([^，。；：]{1,20}?)(?:的)?(?:属地|主体|领导|管理)?责任")
# 有关部门、街道、乡镇…等为社区志愿服务团队提供支持: the bodies that must provide it
PROVIDES = re.compile(r"^([^，。；：]{2,40}?)等?为[^，。；：]{1,30}?提供")


@lru_cache(maxsize=2)
def department_kinds(path: Path = KINDS_CSV) -> dict:
    """slug → {label_zh, label_en, broader, names, translator, reviewer}."""
    with open(path, encoding="utf-8", newline="") as f:
        return {row["slug"]: {**row, "names": [n for n in row["names"].split("|") if n],
                              "mentions": [n for n in (row.get("mentions") or "").split("|") if n]}
                for row in csv.DictReader(f)}


def _names() -> list[tuple[str, str]]:
    """(printed name, kind slug), longest name first, so 民政部 is tried before 民政."""
    return sorted(((n, slug) for slug, k in department_kinds().items() for n in k["names"]),
                  key=lambda pair: -len(pair[0]))


def kind_of(name: str) -> str | None:
    """The kind a body's name ends in: 上海市民政局 → civil-affairs; 驻区单位党组织 → unit-in-the-area."""
    for form in (name, re.sub(r"(?:部门|党组织)$", "", name)):
        if kind := next((slug for printed, slug in _names() if form and form.endswith(printed)), None):
            return kind
    return None


VERBS = re.compile(r"^(?:建立健全|健全|建立|压实|推动|完善|由)+")


def bodies(phrase: str) -> list[tuple[str, str]]:
    """(name as printed, kind) of each body a phrase lists: 民政、发展改革部门 → 民政部门, 发展改革部门."""
    pieces = [VERBS.sub("", p) for p in re.split(r"[、和及]", phrase)]
    shared = "部门" if pieces[-1].endswith("部门") else ""
    out = []
    for piece in pieces:
        name = piece if piece.endswith(shared) else piece + shared
        if (kind := kind_of(name)) is not None:
            out.append((name, kind))
    return out


def mentioned_kinds(sentence: str) -> list[tuple[str, str]]:
    """(name as printed, kind) of every department kind a sentence names (工会、妇联、共青团; 对接公安…)."""
    found = {}
    for slug, k in department_kinds().items():
        for name in sorted(k["mentions"], key=len, reverse=True):
            if name in sentence:
                found.setdefault(slug, name)
                break
    return [(name, slug) for slug, name in found.items()]


def assignments(outline: Outline, ctx) -> list[dict]:
    """Every statement that gives a body the lead (牵头, 负责) or a part (会同, 参加, 配合) in a task,
    section or 专栏 item: one row per body, with its kind and, for a named body, its organisation."""
    region = BY_ID.get(ctx.plan, CHINA)
    out = []
    for node, where in ctx.containers(outline):
        for line in own_lines(node):
            for at, sentence in sentences(line.text):
                start = line.start + at
                for kind in mentioned_kinds(sentence):
                    out.append({"section": where, "role": "mention", "name": kind[0], "kind": kind[1],
                                "department": None, "text": sentence,
                                "source": ctx.source(start, start + len(sentence))})
                for clause in re.split(r"[，。；：]", sentence):
                    found = [("lead", m.group(1)) for m in LEAD.finditer(clause)]
                    found += [("lead", m.group(1)) for m in RESPONSIBLE.finditer(clause)]
                    found += [("lead", m.group(1)) for m in RESPONSIBILITY.finditer(clause)]
                    found += [("lead", m.group(1)) for m in PROVIDES.finditer(clause)]
                    found += [("participant", m.group(1)) for m in WITH.finditer(clause)]
                    found += [("participant", m.group(1)) for m in TAKE_PART.finditer(clause)]
                    found += [("participant", m.group(1)) for m in COOPERATE.finditer(clause)]
                    for role, phrase in found:
                        for name, kind in bodies(phrase):
                            named = ORG.fullmatch(name)
                            full = canonical_org(name, region) if named else None
                            out.append({"section": where, "role": role, "name": name, "kind": kind,
                                        "department": org_slug(full, ctx.plan) if full else None,
                                        "text": sentence, "source": ctx.source(start, start + len(sentence))})
    return out


ORG = re.compile(r"(民政部|国家发展改革委|国务院办公厅|(?:[上江][海苏](?:市|省)|市|省)"
                 r"(?:民政局|民政厅|发展和改革委员会|发展改革委|规划和自然资源局|规划资源局|人民政府办公厅))")
ORG_ALIASES = {"发展改革委": "发展和改革委员会", "规划资源局": "规划和自然资源局"}


def canonical_org(name: str, region: Region) -> str:
    for short, full in ORG_ALIASES.items():
        if name.endswith(short) and not name.startswith("国家"):
            name = name[: -len(short)] + full
    if name[0] in "市省" and region is not CHINA:
        name = region.name + name[1:]
    return name


def departments(outline: Outline, ctx, plan: dict) -> list[dict]:
    """Organisations the text names; `leads` only where a sentence says they 牵头/负责."""
    region = BY_ID.get(plan["id"], CHINA)
    found: dict[str, dict] = {}

    def add(name: str) -> dict:
        name = canonical_org(name, region)
        return found.setdefault(name, {"name": name, "kind": kind_of(name), "region_code": region.code,
                                       "mentioned_in": [], "leads": []})

    for issuer in plan["issuers"]:
        add(issuer)
    for node in walk_nodes(outline.chapters):
        sid = ctx.section_id(node)
        for line in own_lines(node):
            for _, sentence in sentences(line.text):
                names = ORG.findall(sentence)
                for name in names:
                    dept = add(name)
                    if sid not in dept["mentioned_in"]:
                        dept["mentioned_in"].append(sid)
                    if re.search(re.escape(name) + r"[^，。]*?(?:牵头|负责)", sentence) and sid not in dept["leads"]:
                        dept["leads"].append(sid)
    return [{"id": org_slug(d["name"], plan["id"]), **d} for d in found.values()]
