"""The ontology's labels and the plans."""

from __future__ import annotations


from planlink.api.store import IRI
from planlink.api.services.common import (FIGURE_STATUS, NotFound, OUTCOMES, QUERIES, UnknownPlan, _first_per, _get,
                                 _local_name, _part, per_build)


def _snake(name: str) -> str:
    """ComparisonOutcome → comparison_outcome."""
    return "".join("_" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(name))


def ontology_labels(store) -> dict:
    """The ontology's labels, read from the store once per build: {"terms": {IRI: {"zh", "en"}},
    "codes": {code list: {JSON value: {"zh", "en"}}}}, code lists named after their scheme
    (pl:ComparisonOutcomeScheme → "comparison_outcome"), values as the JSON gives them."""
    def compute():
        terms, codes = {}, {}
        for row in store.select(QUERIES["ontology_labels"]):
            label = terms.setdefault(row["term"], {"zh": None, "en": None})
            label["zh"], label["en"] = label["zh"] or row["zh"], label["en"] or row["en"]
            if row["scheme"]:
                value = {**OUTCOMES, **FIGURE_STATUS}.get(row["term"]) or row["notation"] or _local_name(row["term"])
                codes.setdefault(_snake(_local_name(row["scheme"]).removesuffix("Scheme")), {})[value] = label
        return {"terms": terms, "codes": codes}

    return per_build(store, "ontology_labels", compute)



@_part("plans")
def _plans_part(store) -> dict:
    """{"items": the plans' JSON, "issuers": {plan id: [{iri, label}]}, "sources": {plan id: {iri, file}}}."""
    items: dict[str, dict] = {}
    issuers: dict[str, list] = {}
    sources: dict[str, dict] = {}
    for row in store.select(QUERIES["plans"]):
        plan = items.get(row["id"])
        if plan is None:
            plan = items[row["id"]] = {
                "id": row["id"], "iri": row["plan"], "title": row["title"],
                "level": _local_name(row["level"]), "region": row["regionLabel"],
                "doc_number": row["docNumber"], "issuers": [], "issued": row["issued"],
                "based_on": row["basedOnId"],
            }
            issuers[row["id"]] = []
        issuer = row["issuerLabel"] or row["issuer"]
        if issuer and issuer not in plan["issuers"]:
            plan["issuers"].append(issuer)
            issuers[row["id"]].append({"iri": row["issuer"], "label": issuer})
        if row["source"] and row["id"] not in sources:
            sources[row["id"]] = {"iri": row["source"], "file": row["sourceFile"]}
    return {"items": list(items.values()), "issuers": issuers, "sources": sources}


def plans(store) -> list[dict]:
    return _get(store, "plans")["items"]


def plan_levels(store) -> dict[str, str]:
    """{plan id: "national" | "provincial" | "municipal"}."""
    return {plan["id"]: plan["level"] for plan in plans(store)}


def check_plan(store, plan_id: str | None) -> dict[str, str]:
    """The plan levels; UnknownPlan when `plan_id` is given and names no plan."""
    levels = plan_levels(store)
    if plan_id is not None and plan_id not in levels:
        known = ", ".join(sorted(levels)) or "none"
        raise UnknownPlan(f"no plan with id {plan_id!r} (known plans: {known})")
    return levels


def plan(store, plan_id: str) -> dict:
    """One plan with its outline: chapters → sections → tasks, in document order."""
    found = _plan_by_id(store, plan_id)
    if found is None:
        raise NotFound(f"no plan with id {plan_id!r}")
    result = dict(found)
    nodes: dict[str, dict] = {}
    outline = []
    for row in _first_per(store.select(QUERIES["sections"], {"plan": [IRI(found["iri"])]}), "id").values():
        node = nodes[row["id"]] = {"id": row["id"], "iri": row["section"], "number": row["number"],
                                   "title": row["title"], "level": row["level"], "children": []}
        parent = nodes.get(row["parentId"])
        (parent["children"] if parent else outline).append(node)
    result["outline"] = outline
    return result


def _plan_by_id(store, plan_id: str | None) -> dict | None:
    return next((p for p in plans(store) if p["id"] == plan_id), None)
