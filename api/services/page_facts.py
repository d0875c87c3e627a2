"""What the human summary of an entity page shows: the entity, its plan, its parts and what links
to it, each read for this entity and its plan only (never the whole graph)."""

from __future__ import annotations

from planlink.api.services.common import (PL, QUERIES, RELATIONS, NotFound, Page, _cut, _get, _in_order, _keys, _local_name,
                                         _one_build, per_build)
from planlink.api.services.indicators import _indicator_keys, _indicators_by_iri, indicators
from planlink.api.services.listings import projects
from planlink.api.services.measures import measure_series
from planlink.api.services.plans import _plan_by_id, plan, plans
from planlink.api.services.sections import _section_items
from planlink.api.store import IRI


def page_facts(store, iri: str, types: set[str]) -> dict | None:
    """What the human summary of an entity page shows, by kind (None: no summary for this kind).

    `types`: the entity's rdf:type IRIs. Each fact is read for this entity and its plan only."""
    store = _one_build(store)
    sources = _get(store, "plans")["sources"]
    if PL + "IndicatorTarget" in types:
        found = _indicators_by_iri(store, [iri])
        if not found:
            return None
        item = found[0]
        return {"kind": "indicator", "indicator": item, "plan": _plan_by_id(store, item["plan"]),
                "section": _section_by_id(store, item["plan"], item["section"]), "source": sources.get(item["plan"])}
    if types & {PL + "Chapter", PL + "Section", PL + "Task"}:
        found = _section_items(store, {"section": [IRI(iri)]})
        if not found:
            return None
        item = found[0]
        siblings = _keys(store, "sections", item["plan"])
        children = [key["section"] for key in siblings if key["parentId"] == item["id"]]
        in_section = [key["indicator"] for key in _indicator_keys(store, item["plan"]) if key["sectionId"] == item["id"]]
        return {"kind": "section", "section": item, "plan": _plan_by_id(store, item["plan"]),
                "parent": _section_by_id(store, item["plan"], item["parent"]),
                "children": _in_order(_section_items(store, {"section": [IRI(c) for c in children]}), children)
                if children else [],
                "indicators": _indicators_by_iri(store, in_section),
                **_linked_on_page(store, iri), "source": sources.get(item["plan"])}
    if PL + "Plan" in types:
        found = [p for p in plans(store) if p["iri"] == iri]
        if not found:
            return None
        plan_id = found[0]["id"]
        return {"kind": "plan", "plan": plan(store, plan_id),
                "based_on": _plan_by_id(store, found[0]["based_on"]),
                "issuers": _get(store, "plans")["issuers"].get(plan_id, []),
                "source": sources.get(plan_id),
                "indicators": indicators(store, plan=plan_id), "projects": projects(store, plan=plan_id)}
    if PL + "Measure" in types:
        targets = [row["indicator"] for row in store.select(QUERIES["measure_targets"], {"measure": IRI(iri)})]
        items = _indicators_by_iri(store, list(dict.fromkeys(targets)))
        return {"kind": "measure", "targets": sorted(items, key=lambda i: (
            i["plan"], i["number"] if i["number"] is not None else 1e9, i["id"])),
                "series": measure_series(store, iri)}
    return None


def section_linked_from(store, section_id: str, limit: int | None = None, offset: int = 0) -> Page:
    """A page of the provincial entities linked to the chapter, section or task `section_id`."""
    by_id = per_build(store, ("section-by-id",), lambda: {key["id"]: key["section"] for key in _keys(store, "sections", None)})
    if section_id not in by_id:
        raise NotFound(f"no section with id {section_id!r}")
    return links_to(store, by_id[section_id], limit, offset)


LINKED_ON_PAGE = 50  # a national entity's page lists its first provincial entities and links to them all


def _linked_on_page(store, iri: str) -> dict:
    """The first provincial entities linked to `iri` (`linked_from`) and how many there are."""
    page = links_to(store, iri, LINKED_ON_PAGE)
    return {"linked_from": page.items, "linked_from_total": page.total}


def _section_by_id(store, plan_id: str | None, section_id: str | None) -> dict | None:
    """A section of the plan by its id (looked up in the plan's keys, then read by IRI)."""
    if section_id is None or plan_id is None:
        return None
    found = [key["section"] for key in _keys(store, "sections", plan_id) if key["id"] == section_id]
    return _section_items(store, {"section": [IRI(found[0])]})[0] if found else None


def links_to(store, iri: str, limit: int | None = None, offset: int = 0) -> Page:
    """A page of the provincial entities linked to the national entity `iri` (sections, tasks,
    indicator targets, 专栏 and their items), best score first, each with a printable label: their
    order from one light query kept per build, the page's entities read alone."""
    keys, total = _cut(_linked_keys(store, iri), limit, offset)
    return Page([key["subject"] for key in keys], total, lambda subjects: _linked_entries(store, iri, subjects))


def _linked_keys(store, iri: str) -> list[dict]:
    """The entities linked to `iri` in the order of links_to: {"subject", "id", "plan", "score"}."""
    def read():
        keys: dict[str, dict] = {}
        for row in store.select(QUERIES["linked_from_keys"], {"target": IRI(iri)}):
            if row["subject"] not in keys:
                listed = bool(row["listed"])
                keys[row["subject"]] = {"subject": row["subject"], "score": row["score"],
                                        "id": row["id"] if listed else _local_name(row["subject"]),
                                        "plan": row["planId"] if listed else None}
        return sorted(keys.values(), key=lambda e: (-(e["score"] or 0), e["plan"] or "", e["id"]))
    return per_build(store, ("linked-keys", iri), read)


def _linked_entries(store, iri: str, subjects: list[str]) -> list[dict]:
    result: dict[str, dict] = {}
    for row in store.select(QUERIES["linked_from"], {"subject": [IRI(s) for s in subjects]}):
        if row["target"] != iri or row["subject"] in result:
            continue
        kind = _local_name(row["type"])
        number, title = row["number"], row["title"] or ""
        if kind == "IndicatorTarget":
            label = f"指标{number} {title}"
        elif kind == "ProjectItem":
            label = f"专栏{row['projectNumber']}.{number} {title}"
        elif kind == "Project":
            label = f"专栏{number} {title}"
        elif row["level"] is not None:
            label = f"{number or ''}{title}"
        else:  # not an entity the pages list: named by its IRI
            label = None
        identifier = row["id"] if label is not None else _local_name(row["subject"])
        result[row["subject"]] = {
            "id": identifier, "iri": row["subject"], "label": label or identifier,
            # the parts of the label, for pages in another language
            "kind": kind if label is not None else None, "number": number, "title": title,
            "project_number": row["projectNumber"],
            "plan": row["planId"] if label is not None else None,
            "relation": RELATIONS.get(row["relation"], _local_name(row["relation"])),
            "score": row["score"], "method": _local_name(row["method"])}
    return [result[s] for s in subjects if s in result]
