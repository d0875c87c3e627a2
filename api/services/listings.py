"""专栏 projects, quantified commitments, organisations and regions."""

from __future__ import annotations


from planlink.api.store import IRI, memoised
from planlink.api.services.common import (Page, QUERIES, _cut, _first_per, _get, _in_order, _keys, _local_name,
                                          _one_build, _part)
from planlink.api.services.indicators import _comparisons
from planlink.api.services.plans import check_plan


def _project_items(store, iris: list[str]) -> list[dict]:
    result: dict[str, dict] = {}
    rows = store.select(QUERIES["projects"], {"project": [IRI(i) for i in iris]}) if iris else []
    for row in rows:
        project = result.get(row["id"])
        if project is None:
            project = result[row["id"]] = {
                "id": row["id"], "iri": row["project"], "plan": row["planId"], "number": row["number"],
                "title": row["title"], "section": row["sectionId"], "items": []}
        if row["item"] and all(item["iri"] != row["item"] for item in project["items"]):
            project["items"].append({"id": row["itemId"], "iri": row["item"], "number": row["itemNumber"],
                                     "title": row["itemTitle"], "text": row["itemText"]})
    return _in_order(list(result.values()), iris)


def projects_page(store, plan: str | None = None, limit: int | None = None, offset: int = 0) -> Page:
    store = _one_build(store)
    check_plan(store, plan)
    keys, total = _cut(_keys(store, "projects", plan), limit, offset)
    return Page([key["project"] for key in keys], total, lambda iris: _project_items(store, iris))


def projects(store, plan: str | None = None) -> list[dict]:
    return projects_page(store, plan).items


def _trailing_number(identifier: str) -> tuple:
    digits = identifier.rsplit("-c", 1)[-1]
    return (int(digits), "") if digits.isdigit() else (0, identifier)


def _commitment_items(store, iris: list[str]) -> list[dict]:
    if not iris:
        return []
    rows = _first_per(store.select(QUERIES["commitments"], {"commitment": [IRI(i) for i in iris]}), "id").values()
    figures = _comparisons(store, iris)["figures"]
    items = [{"id": row["id"], "iri": row["commitment"], "plan": row["planId"], "text": row["text"],
              "value": row["value"], "unit": row["unit"], "comparator": row["comparator"],
              "comparator_printed": bool(row["comparatorPrinted"]),
              "section": row["sectionId"], "national_figures": figures.get(row["commitment"], []),
              "year": row["year"], "upper": row["upper"], "subject": row["subject"],
              "subject_en": row["subjectEn"], "words": row["words"], "period": row["period"],
              "condition": row["condition"], "hedge": row["hedge"],
              "qualifiers": sorted(q for q in (row["qualifiers"] or "").split("|") if q),
              "clause": ({"text": row["clauseText"], "start": row["clauseStart"], "end": row["clauseEnd"]}
                         if row["clauseStart"] is not None else None),
              "measure": row["measureId"], "kind": _local_name(row["kind"]) or "level",
              "change": ({"from": row["changeFrom"], "to": row["changeTo"]} if row["changeFrom"] is not None else None)}
             for row in rows]
    return _in_order(items, iris)


def commitments_page(store, plan: str | None = None, limit: int | None = None, offset: int = 0) -> Page:
    store = _one_build(store)
    check_plan(store, plan)
    ordered = memoised(store, ("commitment-keys", plan), lambda: sorted(
        _keys(store, "commitments", plan), key=lambda k: (k["planId"], _trailing_number(k["id"]))))  # document order
    keys, total = _cut(ordered, limit, offset)
    return Page([key["commitment"] for key in keys], total, lambda iris: _commitment_items(store, iris))


def commitments(store, plan: str | None = None) -> list[dict]:
    return commitments_page(store, plan).items



def departments_page(store, limit: int | None = None, offset: int = 0) -> Page:
    keys, total = _cut(_keys(store, "departments", None), limit, offset)
    return Page([key["department"] for key in keys], total, lambda iris: _department_items(store, iris))


def _department_items(store, iris: list[str]) -> list[dict]:
    rows = _first_per(store.select(QUERIES["departments"], {"department": [IRI(i) for i in iris]}), "id").values()
    items = [{"id": row["id"], "iri": row["department"], "label": row["label"],
              "parent": row["parentId"], "region": row["regionId"]} for row in rows]
    return _in_order(items, iris)


def departments(store) -> list[dict]:
    return departments_page(store).items


@_part("regions")
def _regions_part(store) -> list[dict]:
    rows = _first_per(store.select(QUERIES["regions"]), "id").values()
    return [{"id": row["id"], "iri": row["region"], "code": row["code"], "label": row["label"],
             "label_en": row["labelEn"], "wikidata": row["wikidata"]} for row in rows]


def regions(store) -> list[dict]:
    return _get(store, "regions")
