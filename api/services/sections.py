"""Chapters, sections and numbered tasks, with their counterparts and leads."""

from __future__ import annotations


from planlink.api.store import IRI
from planlink.api.services.common import Page, QUERIES, _cut, _first_per, _in_order, _keys, _one_build, _part
from planlink.api.services.counterparts import _attach_counterparts, _counterparts
from planlink.api.services.plans import check_plan, plan_levels


def _section_items(store, bindings: dict) -> list[dict]:
    """Sections as the JSON gives them, for sections.rq bound to `bindings` (a page of IRIs, a plan)."""
    rows = list(_first_per(store.select(QUERIES["sections"], bindings), "id").values())
    leads = _leads(store.select(QUERIES["section_leads"], {"section": [IRI(row["section"]) for row in rows]})
                   if rows else [])
    levels = plan_levels(store)
    links = _counterparts(store, [row["section"] for row in rows])
    items = []
    for row in rows:
        item = {"id": row["id"], "iri": row["section"], "plan": row["planId"], "number": row["number"],
                "title": row["title"], "level": row["level"], "parent": row["parentId"],
                "order": row["order"], "text": row["text"],
                **leads.get(row["id"], {"leads": [], "participants": []})}
        items.append(_attach_counterparts(item, links.get(item["iri"], []), row["reason"],
                                          levels.get(item["plan"])))
    return items


def sections_page(store, plan: str | None = None, limit: int | None = None, offset: int = 0) -> Page:
    store = _one_build(store)
    check_plan(store, plan)
    keys, total = _cut(_keys(store, "sections", plan), limit, offset)
    return Page([key["section"] for key in keys], total,
                lambda iris: _in_order(_section_items(store, {"section": [IRI(i) for i in iris]}), iris))


def _leads(rows: list[dict]) -> dict[str, dict]:
    """{section id: {"leads": [...], "participants": [...]}} from section_leads.rq's rows: each a
    department kind and, for a named body, its organisation id."""
    result: dict[str, dict] = {}
    for row in rows:
        entry = {"kind": row["kindId"], "kind_label": row["kindLabel"], "kind_label_en": row["kindLabelEn"],
                 "organization": row["orgId"]}
        roles = result.setdefault(row["id"], {"leads": [], "participants": []})
        listed = roles["leads" if row["role"] == "lead" else "participants"]
        if entry not in listed:
            listed.append(entry)
    for roles in result.values():  # one order whichever backend answered
        for listed in roles.values():
            listed.sort(key=lambda e: (e["kind"], e["organization"] or ""))
    return result


def sections(store, plan: str | None = None) -> list[dict]:
    return sections_page(store, plan).items


@_part("sections")
def _sections_part(store) -> dict:
    """Every chapter, section and task (the whole collection, for callers that need it)."""
    items = sections(store)
    return {"items": items, "by_iri": {i["iri"]: i for i in items}, "by_id": {i["id"]: i for i in items}}
