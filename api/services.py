"""The questions the API answers, callable without HTTP: (store, arguments) → plain dicts.

Each function runs the `.rq` files of `api/queries/` through the store (local or remote, the
same interface) and shapes the rows into the JSON of the contract. No Flask here.
"""

from __future__ import annotations

from pathlib import Path

from api.store import BASE, IRI

QUERIES = {path.stem: path.read_text(encoding="utf-8")
           for path in (Path(__file__).parent / "queries").glob("*.rq")}

PL = BASE + "def/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RELATIONS = {SKOS + "exactMatch": "exact", SKOS + "closeMatch": "close",
             SKOS + "broadMatch": "broader", SKOS + "narrowMatch": "narrower",
             SKOS + "relatedMatch": "related"}
ATTRIBUTES = {"binding": IRI(PL + "binding"), "expected": IRI(PL + "expected")}


class NotFound(LookupError):
    """No entity with that id (the views answer 404)."""


class UnknownPlan(ValueError):
    """A `plan=` filter naming no plan in the store (the views answer 400)."""


def _local_name(iri: str | None) -> str | None:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if iri else None


def _first_per(rows: list[dict], key: str) -> dict[str, dict]:
    """Rows grouped by `key`, keeping the first row of each (document order is kept)."""
    grouped: dict[str, dict] = {}
    for row in rows:
        grouped.setdefault(row[key], row)
    return grouped


def _bindings(**values) -> dict:
    return {name: value for name, value in values.items() if value is not None}


# ---------------------------------------------------------------- plans

def plans(store) -> list[dict]:
    return _plans(store)


def _plans(store, plan_id: str | None = None) -> list[dict]:
    rows = store.select(QUERIES["plans"], _bindings(id=plan_id))
    result: dict[str, dict] = {}
    for row in rows:
        plan = result.get(row["id"])
        if plan is None:
            plan = result[row["id"]] = {
                "id": row["id"], "iri": row["plan"], "title": row["title"],
                "level": _local_name(row["level"]), "region": row["regionLabel"],
                "doc_number": row["docNumber"], "issuers": [], "issued": row["issued"],
                "based_on": row["basedOnId"],
            }
        issuer = row["issuerLabel"] or row["issuer"]
        if issuer and issuer not in plan["issuers"]:
            plan["issuers"].append(issuer)
    return list(result.values())


def plan_levels(store) -> dict[str, str]:
    """{plan id: "national" | "provincial"}."""
    return {plan["id"]: plan["level"] for plan in _plans(store)}


def check_plan(store, plan_id: str | None) -> dict[str, str]:
    """The plan levels; UnknownPlan when `plan_id` is given and names no plan."""
    levels = plan_levels(store)
    if plan_id is not None and plan_id not in levels:
        known = ", ".join(sorted(levels)) or "none"
        raise UnknownPlan(f"no plan with id {plan_id!r} (known plans: {known})")
    return levels


def plan(store, plan_id: str) -> dict:
    """One plan with its outline: chapters → sections → tasks, in document order."""
    found = _plans(store, plan_id)
    if not found:
        raise NotFound(f"no plan with id {plan_id!r}")
    result = found[0]
    nodes = {}
    outline = []
    for row in store.select(QUERIES["sections"], {"planId": plan_id}):
        if row["id"] in nodes:
            continue
        node = nodes[row["id"]] = {"id": row["id"], "iri": row["section"], "number": row["number"],
                                   "title": row["title"], "level": row["level"], "children": []}
        parent = nodes.get(row["parentId"])
        (parent["children"] if parent else outline).append(node)
    result["outline"] = outline
    return result


# ---------------------------------------------------------------- national counterparts

def _counterparts(store, **narrow) -> dict[str, list[dict]]:
    """{provincial entity IRI: its national counterparts, best first}."""
    links: dict[str, list[dict]] = {}
    for row in store.select(QUERIES["counterparts"], _bindings(**narrow)):
        links.setdefault(row["subject"], []).append({
            "id": row["targetId"], "iri": row["target"], "title": row["title"],
            "plan": row["targetPlanId"], "relation": RELATIONS.get(row["relation"], _local_name(row["relation"])),
            "score": row["score"], "method": _local_name(row["method"]), "evidence": row["evidence"],
            "_rank": row["rank"],
        })
    for found in links.values():
        found.sort(key=lambda link: (link["_rank"] if link["_rank"] is not None else 1e9,
                                     -(link["score"] or 0), link["id"] or ""))
        seen = set()
        found[:] = [link for link in found if not (link["iri"] in seen or seen.add(link["iri"]))]
        for link in found:
            del link["_rank"]
    return links


def _attach_counterparts(item: dict, links: dict, reason: str | None, levels: dict) -> dict:
    item["national_counterparts"] = links.get(item["iri"], [])
    if not item["national_counterparts"]:
        if reason:
            item["no_counterpart_reason"] = reason
        elif levels.get(item["plan"]) == "national":
            item["no_counterpart_reason"] = "part of the national plan itself"
        else:
            item["no_counterpart_reason"] = "no national counterpart has been linked"
    return item


# ---------------------------------------------------------------- sections

def sections(store, plan: str | None = None) -> list[dict]:
    levels = check_plan(store, plan)
    links = _counterparts(store, planId=plan)
    result = []
    for row in _first_per(store.select(QUERIES["sections"], _bindings(planId=plan)), "id").values():
        item = {"id": row["id"], "iri": row["section"], "plan": row["planId"], "number": row["number"],
                "title": row["title"], "level": row["level"], "parent": row["parentId"],
                "order": row["order"], "text": row["text"]}
        result.append(_attach_counterparts(item, links, row["reason"], levels))
    return result


# ---------------------------------------------------------------- indicators

def _observation(row: dict, prefix: str, comparator: bool) -> dict | None:
    year, value, text = row[prefix + "Year"], row[prefix + "Value"], row[prefix + "Text"]
    if year is None and value is None and text is None:
        return None
    observation = {"year": year, "value": value}
    if comparator:
        observation["comparator"] = row[prefix + "Comparator"]
    observation["text"] = text
    return observation


def indicators(store, plan: str | None = None, attribute: str | None = None,
               q: str | None = None, indicator_id: str | None = None) -> list[dict]:
    levels = check_plan(store, plan)
    rows = store.select(QUERIES["indicators"], _bindings(
        planId=plan, onlyAttribute=ATTRIBUTES.get(attribute) if attribute else None, q=q, id=indicator_id))
    links = _counterparts(store, planId=plan)
    peers: dict[str, list[dict]] = {}
    for row in store.select(QUERIES["peers"], _bindings(planId=plan)):
        peers.setdefault(row["indicator"], []).append({
            "id": row["peerId"], "iri": row["peer"], "plan": row["peerPlanId"], "name": row["name"],
            "target": _observation(row, "target", comparator=True)})
    result = []
    for row in _first_per(rows, "id").values():
        item = {
            "id": row["id"], "iri": row["indicator"], "plan": row["planId"], "number": row["number"],
            "name": row["name"], "attribute": _local_name(row["attribute"]), "unit": row["unit"],
            "baseline": _observation(row, "base", comparator=False),
            "target": _observation(row, "target", comparator=True),
            "measure": {"id": row["measureId"], "iri": row["measure"]} if row["measure"] else None,
        }
        _attach_counterparts(item, links, row["reason"], levels)
        item["peers"] = list(_first_per(peers.get(row["indicator"], []), "id").values())
        result.append(item)
    return result


def indicator(store, indicator_id: str) -> dict:
    found = indicators(store, indicator_id=indicator_id)
    if not found:
        raise NotFound(f"no indicator with id {indicator_id!r}")
    return found[0]


# ---------------------------------------------------------------- projects, commitments

def projects(store, plan: str | None = None) -> list[dict]:
    check_plan(store, plan)
    result: dict[str, dict] = {}
    for row in store.select(QUERIES["projects"], _bindings(planId=plan)):
        project = result.get(row["id"])
        if project is None:
            project = result[row["id"]] = {
                "id": row["id"], "iri": row["project"], "plan": row["planId"], "number": row["number"],
                "title": row["title"], "section": row["sectionId"], "items": []}
        if row["item"] and all(item["iri"] != row["item"] for item in project["items"]):
            project["items"].append({"id": row["itemId"], "iri": row["item"], "number": row["itemNumber"],
                                     "title": row["itemTitle"], "text": row["itemText"]})
    return list(result.values())


def commitments(store, plan: str | None = None) -> list[dict]:
    check_plan(store, plan)
    rows = _first_per(store.select(QUERIES["commitments"], _bindings(planId=plan)), "id").values()
    result = [{"id": row["id"], "iri": row["commitment"], "plan": row["planId"], "text": row["text"],
               "value": row["value"], "unit": row["unit"], "comparator": row["comparator"],
               "section": row["sectionId"]} for row in rows]
    # document order: the n of {plan}-c{n}
    return sorted(result, key=lambda c: (c["plan"], _trailing_number(c["id"])))


def _trailing_number(identifier: str) -> tuple:
    digits = identifier.rsplit("-c", 1)[-1]
    return (int(digits), "") if digits.isdigit() else (0, identifier)


# ---------------------------------------------------------------- organisations, regions

def departments(store) -> list[dict]:
    rows = _first_per(store.select(QUERIES["departments"]), "id").values()
    return [{"id": row["id"], "iri": row["department"], "label": row["label"],
             "parent": row["parentId"], "region": row["regionId"]} for row in rows]


def regions(store) -> list[dict]:
    rows = _first_per(store.select(QUERIES["regions"]), "id").values()
    return [{"id": row["id"], "iri": row["region"], "code": row["code"], "label": row["label"],
             "label_en": row["labelEn"], "wikidata": row["wikidata"]} for row in rows]


# ---------------------------------------------------------------- search

def search(store, q: str) -> list[dict]:
    """Entities whose title, text, label or definition contains `q` (any case)."""
    result: dict[str, dict] = {}
    for row in store.select(QUERIES["search"], {"q": q}):
        item = result.get(row["entity"])
        if item is None:
            item = result[row["entity"]] = {
                "id": row["id"], "iri": row["entity"], "type": _local_name(row["type"]),
                "plan": row["planId"], "title": row["title"], "snippet": _snippet(row["match"], q)}
    return list(result.values())


def _snippet(text: str, q: str, width: int = 40) -> str:
    at = text.lower().find(q.lower())
    if at < 0:
        return text[: 2 * width]
    start, end = max(0, at - width), min(len(text), at + len(q) + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


# ---------------------------------------------------------------- linked data

def describe(store, iri: str):
    """The triples about `iri` and its #fragments, plus labels of what they point to; NotFound if none."""
    try:
        graph = store.construct(QUERIES["describe"], {"iri": IRI(iri)})
    except ValueError:  # not a valid IRI, so nothing can be known about it
        raise NotFound(f"nothing is known about <{iri}>") from None
    if not len(graph):
        raise NotFound(f"nothing is known about <{iri}>")
    return graph


def inbound(store, iri: str) -> list[dict]:
    """What points at `iri` (parts, links, mentions), for the HTML page."""
    return store.select(QUERIES["inbound"], {"iri": IRI(iri)})
