"""The linkable entities of a plan: chapters, sections, tasks, indicators, 专栏 and their items."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Linkable:
    """One linkable entity with the text the linker reads."""
    id: str
    plan: str
    kind: str                 # chapter | section | task | indicator | project | item
    title: str
    text: str = ""
    parent: str | None = None  # context: outline parent, project, or the prose that discusses an indicator
    children_text: str = ""
    children_titles: str = ""
    level: int = 2

    @property
    def full_text(self) -> str:
        if self.kind == "chapter":  # a chapter is what its sections are called
            return self.title + "。" + self.text + "。" + self.children_titles
        return self.title + "。" + (self.text or self.children_text)


# What an indicator name divides by, or counts within, is not what it is about:
# 每万城镇常住人口拥有…, …占社区总建筑面积的比例, …在社区综合服务设施中的…, …设施中…; also (含…) notes.
DENOMINATOR = re.compile(r"^每[十百千万]+.*?拥有|占[^占]*?的?(?:比例|比重)$|在[^在]+?中的?|^[^在中]+?中(?!心)|（含[^）]*）")


def measured(name: str) -> str:
    """What an indicator measures: its name without the denominator or base it is counted in."""
    return DENOMINATOR.sub("", name) or name


def linkables(extraction: dict) -> list[Linkable]:
    plan = extraction["plan"]["id"]
    sections = extraction.get("sections", [])
    children: dict = {}
    for s in sections:
        children.setdefault(s.get("parent"), []).append(s)
    out = []
    for s in sections:
        kids = children.get(s["id"], [])
        out.append(Linkable(s["id"], plan, {1: "chapter", 2: "section"}.get(s["level"], "task"), s["title"],
                            s.get("text") or "", s.get("parent"),
                            "\n".join(k["title"] + "。" + (k.get("text") or "") for k in kids),
                            "。".join(k["title"] for k in kids), s["level"]))
    for i in extraction.get("indicators", []):
        out.append(Linkable(i["id"], plan, "indicator", i["name"], level=4))
    for p in extraction.get("projects", []):
        items = p.get("items", [])
        out.append(Linkable(p["id"], plan, "project", p["title"], p.get("text") or "", p.get("section"),
                            "\n".join(k["title"] + "。" + (k.get("text") or "") for k in items),
                            "。".join(k["title"] for k in items), 2))
        for item in items:
            out.append(Linkable(item["id"], plan, "item", item["title"], item.get("text") or "", p["id"], level=3))
    return out
