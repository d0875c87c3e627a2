"""The questions the API answers, callable without HTTP: (store, arguments) → plain dicts.

Each function runs the `.rq` files of `api/queries/` through the store (local or remote, the
same interface) and shapes the rows into the JSON of the contract. No Flask here.

A list answer costs what its page costs, not what the graph holds: the ordered keys of a
collection (ids, plan, what the filters test; one light query, with a `plan=` filter pushed to the
engine) are kept in the store's per-build memo, the filters and the page are cut from them, and
only the page's entities are read in full, with their counterparts, peers and comparisons (a
`VALUES` block of their IRIs). The memo belongs to the store: a new build gives a new memo, and a
store that cannot tell its build (a remote endpoint without a build stamp) has none, so the same
code reads the keys for every call and gives the same answers.

The returned dicts may be shared between requests through the memo: callers must not modify them.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from api.store import BASE, IRI, memoised

QUERIES = {path.stem: path.read_text(encoding="utf-8")
           for path in (Path(__file__).parent / "queries").glob("*.rq")}

PL = BASE + "def/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RELATIONS = {SKOS + "exactMatch": "exact", SKOS + "closeMatch": "close",
             SKOS + "broadMatch": "broader", SKOS + "narrowMatch": "narrower",
             SKOS + "relatedMatch": "related"}
OUTCOMES = {PL + "stricter": "stricter", PL + "equal": "equal", PL + "looser": "looser",
            PL + "notComparable": "not_comparable"}
FIGURE_STATUS = {PL + "reported": "reported", PL + "required": "required"}


class NotFound(LookupError):
    """No entity with that id (the views answer 404)."""


class UnknownPlan(ValueError):
    """A `plan=` filter naming no plan in the store (the views answer 400)."""


class Page(NamedTuple):
    items: list[dict]
    total: int


def _local_name(iri: str | None) -> str | None:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if iri else None


def _first_per(rows: list[dict], key: str) -> dict[str, dict]:
    """Rows grouped by `key`, keeping the first row of each (document order is kept)."""
    grouped: dict[str, dict] = {}
    for row in rows:
        grouped.setdefault(row[key], row)
    return grouped


def _contains(text, q: str) -> bool:
    """SPARQL's CONTAINS(LCASE(STR(text)), LCASE(q)), for the filters applied to the keys."""
    return text is not None and q.lower() in str(text).lower()


def _cut(keys: list, limit: int | None, offset: int) -> tuple[list, int]:
    return (keys[offset:] if limit is None else keys[offset:offset + limit]), len(keys)


def _in_order(items: list[dict], iris: list[str]) -> list[dict]:
    by_iri = {item["iri"]: item for item in items}
    return [by_iri[iri] for iri in iris if iri in by_iri]


# ---------------------------------------------------------------- the per-build memo (the store's)

_BUILDERS: dict = {}


def _part(name: str):
    """Register a function `store → value` computed once per build (whole-collection answers)."""
    def register(build):
        _BUILDERS[name] = build
        return build
    return register


def _get(store, name: str):
    return memoised(store, ("part", name), lambda: _BUILDERS[name](store))


def per_build(store, key, compute):
    """`compute()`, kept in the store's memo for as long as it serves the same build (computed on
    every call when it cannot tell its build). Values must not depend on anything but the build."""
    return memoised(store, key, compute)


def forget(store) -> None:
    """Drop what the store's memo holds (benchmarks and tests; a new build does this by itself)."""
    renew = getattr(store, "renew_memo", None)
    if renew is not None:
        renew()


def uses_index(store) -> bool:
    return getattr(store, "memo", None) is not None


class _OneCall:
    """A store that cannot tell its build, seen as one build for the length of one call, so the
    parts one answer needs are read once (the memo dies with this object)."""

    def __init__(self, store):
        from api.store import BuildMemo

        self._store = store
        self.memo = BuildMemo("one call")

    def select(self, query: str, bindings: dict | None = None) -> list[dict]:
        return self._store.select(query, bindings)


def _one_build(store):
    return store if uses_index(store) else _OneCall(store)


def _keys(store, collection: str, plan: str | None) -> list[dict]:
    """The rows of keys_{collection}.rq (for one plan when given), first row per entity."""
    def read():
        if collection == "sections":  # walked from the plans (keys_sections.rq)
            bindings = {"plan": [IRI(p["iri"]) for p in plans(store) if plan is None or p["id"] == plan]}
        else:
            bindings = {"planId": plan} if plan is not None else None
        rows = store.select(QUERIES["keys_" + collection], bindings)
        return list(_first_per(rows, "id").values())
    return memoised(store, ("keys", collection, plan), read)


# ---------------------------------------------------------------- the ontology's labels

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


# ---------------------------------------------------------------- plans

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


# ---------------------------------------------------------------- national counterparts

def _counterparts(store, subjects: list[str] | None) -> dict[str, list[dict]]:
    """{entity IRI: its national counterparts, best first} for the given entities (None: every
    entity), with each link's IRI under "_link" (not part of the JSON; `_attach_counterparts`
    leaves it out)."""
    links: dict[str, list[dict]] = {}
    if subjects is not None and not subjects:
        return links
    bindings = {"subject": [IRI(s) for s in subjects]} if subjects is not None else None
    for row in store.select(QUERIES["counterparts"], bindings):
        links.setdefault(row["subject"], []).append({
            "id": row["targetId"], "iri": row["target"], "title": row["title"],
            "plan": row["targetPlanId"], "relation": RELATIONS.get(row["relation"], _local_name(row["relation"])),
            "score": row["score"], "method": _local_name(row["method"]), "evidence": row["evidence"],
            "_rank": row["rank"], "_link": row["link"],
        })
    for found in links.values():
        found.sort(key=lambda link: (link["_rank"] if link["_rank"] is not None else 1e9,
                                     -(link["score"] or 0), link["id"] or ""))
        seen = set()
        found[:] = [link for link in found if not (link["iri"] in seen or seen.add(link["iri"]))]
    return links


def _attach_counterparts(item: dict, links: list[dict], reason: str | None, level: str | None,
                         figures: dict | None = None) -> dict:
    """`national_counterparts` (and `no_counterpart_reason` when empty); an indicator's link that
    carries a national figure gets `national_figure` and `comparison`."""
    counterparts = []
    for link in links:
        counterpart = {key: value for key, value in link.items() if not key.startswith("_")}
        carried = (figures or {}).get(link["_link"])
        if carried:
            counterpart["national_figure"] = carried["figure"]
            counterpart["comparison"] = carried["comparison"]
        counterparts.append(counterpart)
    item["national_counterparts"] = counterparts
    if not counterparts:
        if reason:
            item["no_counterpart_reason"] = reason
        elif level == "national":
            item["no_counterpart_reason"] = "part of the national plan itself"
        else:
            item["no_counterpart_reason"] = "no national counterpart has been linked"
    return item


# ---------------------------------------------------------------- sections

def _section_items(store, bindings: dict) -> list[dict]:
    """Sections as the JSON gives them, for sections.rq bound to `bindings` (a page of IRIs, a plan)."""
    all_rows = store.select(QUERIES["sections"], bindings)
    leads = _leads(all_rows)
    rows = list(_first_per(all_rows, "id").values())
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
    iris = [key["section"] for key in keys]
    return Page(_in_order(_section_items(store, {"section": [IRI(i) for i in iris]}), iris) if iris else [], total)


def _leads(rows: list[dict]) -> dict[str, dict]:
    """{section id: {"leads": [...], "participants": [...]}} from the sections query's lead rows: each a
    department kind and, for a named body, its organisation id."""
    result: dict[str, dict] = {}
    for row in rows:
        if row["role"] is None:
            continue
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


# ---------------------------------------------------------------- indicators

def _observation(row: dict, prefix: str, comparator: bool) -> dict | None:
    year, value, text = row[prefix + "Year"], row[prefix + "Value"], row[prefix + "Text"]
    if year is None and value is None and text is None:
        return None
    observation = {"year": year, "value": value}
    if comparator:
        observation["comparator"] = row[prefix + "Comparator"]
    observation["comparator_printed"] = bool(row.get(prefix + "ComparatorPrinted"))  # False for a bare number
    observation["text"] = text
    return observation


def _comparisons(store, subjects: list[str]) -> dict:
    """For the given targets (or commitments): {"by_pair": {(subject IRI, compared IRI): comparison},
    "figures": {subject IRI: [national figure with its comparison]}, "on_links": {link IRI: {figure, comparison}}}."""
    by_pair: dict[tuple, dict] = {}
    figures: dict[str, list] = {}
    on_links: dict[str, dict] = {}
    rows = store.select(QUERIES["comparisons"], {"subject": [IRI(s) for s in subjects]}) if subjects else []
    for row in rows:
        key = (row["subject"], row["other"])
        comparison = by_pair.get(key)
        if comparison is None:
            comparison = by_pair[key] = {
                "outcome": OUTCOMES.get(row["outcome"], _local_name(row["outcome"])),
                "explanation": row["explanation"]}
        if row["figureText"] is None and row["figureValue"] is None:
            continue  # compared with a peer target
        figure = {"id": row["figureId"], "iri": row["other"], "text": row["figureClause"] or row["figureText"],
                  "value": row["figureValue"], "unit": row["figureUnit"], "comparator": row["figureComparator"],
                  "comparator_printed": bool(row["figureComparatorPrinted"]),
                  "year": row["figureYear"], "status": FIGURE_STATUS.get(row["figureStatus"]),
                  "sentence": row["figureText"], "section": row["figureSectionId"],
                  "section_iri": row["figureSection"], "section_title": row["figureSectionTitle"]}
        found = figures.setdefault(row["subject"], [])
        if all(f["iri"] != figure["iri"] for f in found):
            found.append(dict(figure, comparison=comparison))
        if row["link"] and row["link"] not in on_links:
            on_links[row["link"]] = {"figure": figure, "comparison": comparison}
    for found in figures.values():
        found.sort(key=lambda f: f["id"] or f["iri"])
    return {"by_pair": by_pair, "figures": figures, "on_links": on_links}


def _peers(store, rows: list[dict], by_pair: dict) -> dict[str, list[dict]]:
    """{target IRI: the targets of its measure in the other provincial plans, each with the
    comparison of this target with it (null where the build compared nothing)}, for the targets of
    `rows` (indicators.rq rows). Who the peers are comes from the per-build list of provincial
    targets by measure; only their names and targets are read, for this page."""
    def provincial():
        by_measure: dict[str, list[dict]] = {}
        for row in store.select(QUERIES["provincial_targets"]):
            found = by_measure.setdefault(row["measure"], [])
            if all(peer["iri"] != row["peer"] for peer in found):
                found.append({"iri": row["peer"], "id": row["peerId"], "plan": row["peerPlanId"]})
        for found in by_measure.values():
            found.sort(key=lambda peer: (peer["plan"], peer["id"]))
        return by_measure
    by_measure = memoised(store, ("provincial-targets",), provincial)
    wanted = {row["indicator"]: [peer for peer in by_measure.get(row["measure"], []) if peer["plan"] != row["planId"]]
              for row in rows if row["measure"]}
    iris = list(dict.fromkeys(peer["iri"] for found in wanted.values() for peer in found))
    details = _first_per(store.select(QUERIES["peer_targets"], {"peer": [IRI(i) for i in iris]}), "peer") if iris else {}
    peers: dict[str, list[dict]] = {}
    for indicator, found in wanted.items():
        peers[indicator] = [{"id": peer["id"], "iri": peer["iri"], "plan": peer["plan"],
                             "name": details[peer["iri"]]["name"],
                             "target": _observation(details[peer["iri"]], "target", comparator=True),
                             "comparison": by_pair.get((indicator, peer["iri"]))}
                            for peer in found if peer["iri"] in details]
    return peers


def _indicator_items(store, bindings: dict) -> list[dict]:
    """Indicator targets with counterparts, peers and comparisons, for indicators.rq bound to `bindings`."""
    rows = list(_first_per(store.select(QUERIES["indicators"], bindings), "id").values())
    iris = [row["indicator"] for row in rows]
    levels = plan_levels(store)
    links = _counterparts(store, iris)
    comparisons = _comparisons(store, iris)
    peers = _peers(store, rows, comparisons["by_pair"])
    items = []
    for row in rows:
        item = {
            "id": row["id"], "iri": row["indicator"], "plan": row["planId"], "number": row["number"],
            "name": row["name"], "attribute": _local_name(row["attribute"]), "unit": row["unit"],
            "baseline": _observation(row, "base", comparator=True),  # as in the extract JSON
            "target": _observation(row, "target", comparator=True),
            "measure": {"id": row["measureId"], "iri": row["measure"], "label": row["measureLabel"]}
            if row["measure"] else None,
            "section": row["sectionId"],
        }
        _attach_counterparts(item, links.get(item["iri"], []), row["reason"], levels.get(item["plan"]),
                             comparisons["on_links"])
        item["peers"] = peers.get(item["iri"], [])
        item["national_figures"] = comparisons["figures"].get(item["iri"], [])
        items.append(item)
    return items


def _indicator_order(key: dict) -> tuple:
    return (key["planId"], key["number"] if key["number"] is not None else 1e9, key["id"])


def _indicator_keys(store, plan: str | None) -> list[dict]:
    return memoised(store, ("indicator-keys", plan),
                    lambda: sorted(_keys(store, "indicators", plan), key=_indicator_order))


def _indicators_by_iri(store, iris: list[str]) -> list[dict]:
    return _in_order(_indicator_items(store, {"indicator": [IRI(i) for i in iris]}), iris) if iris else []


def indicators_page(store, plan: str | None = None, attribute: str | None = None, q: str | None = None,
                    limit: int | None = None, offset: int = 0) -> Page:
    store = _one_build(store)
    check_plan(store, plan)
    keys = [key for key in _indicator_keys(store, plan)
            if (attribute is None or _local_name(key["attribute"]) == attribute)
            and (q is None or _contains(key["name"], q))]
    keys, total = _cut(keys, limit, offset)
    return Page(_indicators_by_iri(store, [key["indicator"] for key in keys]), total)


def indicators(store, plan: str | None = None, attribute: str | None = None,
               q: str | None = None, indicator_id: str | None = None) -> list[dict]:
    if indicator_id is not None:
        store = _one_build(store)
        check_plan(store, plan)
        return _indicator_items(store, {"id": indicator_id})
    return indicators_page(store, plan, attribute, q).items


def indicator(store, indicator_id: str) -> dict:
    found = indicators(store, indicator_id=indicator_id)
    if not found:
        raise NotFound(f"no indicator with id {indicator_id!r}")
    return found[0]


@_part("indicators")
def _indicators_part(store) -> dict:
    """Every indicator target (the whole collection, for callers that need it)."""
    items = indicators(store)
    return {"items": items, "by_id": {i["id"]: i for i in items}, "by_iri": {i["iri"]: i for i in items}}


# ---------------------------------------------------------------- measures (indicator definitions)

def _target_of(item: dict) -> dict:
    """An indicator target as a measure lists it: where it is printed and what it asks."""
    return {key: item[key] for key in ("id", "iri", "plan", "number", "name", "attribute", "unit",
                                       "baseline", "target")}


@_part("measures")
def _measures_part(store) -> dict:
    """{"items": every measure with its targets, national provisions and near measures, "by_id": …}."""
    indicators_by_measure: dict[str, list[dict]] = {}
    for item in _get(store, "indicators")["items"]:
        if item["measure"]:
            indicators_by_measure.setdefault(item["measure"]["iri"], []).append(item)
    measures: dict[str, dict] = {}
    for row in store.select(QUERIES["measures"]):
        measure = measures.get(row["id"])
        if measure is None:
            targets = indicators_by_measure.get(row["measure"], [])
            units = list(dict.fromkeys(t["unit"] for t in targets if t["unit"]))
            measure = measures[row["id"]] = {
                "id": row["id"], "iri": row["measure"], "label": row["label"], "label_en": row["labelEn"],
                "alt_labels": [], "definition": row["definition"],
                "unit": units[0] if len(units) == 1 else None, "units": units,
                "divided_by": row["dividedBy"], "divided_by_en": row["dividedByEn"],
                "plans": list(dict.fromkeys(t["plan"] for t in targets)),
                "targets": [_target_of(t) for t in targets],
                "national_provisions": _provisions_served(targets), "related_measures": []}
        if row["altLabel"] and row["altLabel"] not in measure["alt_labels"]:
            measure["alt_labels"].append(row["altLabel"])
        if row["other"] and all(m["iri"] != row["other"] for m in measure["related_measures"]):
            measure["related_measures"].append({"id": row["otherId"], "iri": row["other"], "label": row["otherLabel"],
                                                "relation": RELATIONS.get(row["relation"])})
    items = sorted(measures.values(), key=lambda m: m["id"])
    return {"items": items, "by_id": {m["id"]: m for m in items}}


def _provisions_served(targets: list[dict]) -> list[dict]:
    """The national sections the measure's targets are linked to, each once, with the targets that serve it."""
    provisions: dict[str, dict] = {}
    for target in targets:
        for link in target["national_counterparts"]:
            provision = provisions.setdefault(link["iri"], {
                "id": link["id"], "iri": link["iri"], "title": link["title"], "plan": link["plan"], "via": []})
            provision["via"].append({"id": target["id"], "relation": link["relation"], "score": link["score"]})
    return list(provisions.values())


def measures(store, plan: str | None = None, q: str | None = None) -> list[dict]:
    """Measures with a target in `plan`, whose label (zh, en or another wording) contains `q`."""
    check_plan(store, plan)
    return [m for m in _get(store, "measures")["items"]
            if (plan is None or plan in m["plans"])
            and (q is None or any(_contains(text, q) for text in (m["label"], m["label_en"], *m["alt_labels"])))]


def measure(store, measure_id: str) -> dict:
    found = _get(store, "measures")["by_id"].get(measure_id)
    if found is None:
        raise NotFound(f"no measure with id {measure_id!r}")
    return found


# ---------------------------------------------------------------- projects, commitments

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
    return Page(_project_items(store, [key["project"] for key in keys]), total)


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
              "condition": row["condition"],
              "qualifiers": sorted(q for q in (row["qualifiers"] or "").split("|") if q),
              "clause": ({"text": row["clauseText"], "start": row["clauseStart"], "end": row["clauseEnd"]}
                         if row["clauseStart"] is not None else None),
              "measure": row["measureId"]}
             for row in rows]
    return _in_order(items, iris)


def commitments_page(store, plan: str | None = None, limit: int | None = None, offset: int = 0) -> Page:
    store = _one_build(store)
    check_plan(store, plan)
    ordered = memoised(store, ("commitment-keys", plan), lambda: sorted(
        _keys(store, "commitments", plan), key=lambda k: (k["planId"], _trailing_number(k["id"]))))  # document order
    keys, total = _cut(ordered, limit, offset)
    return Page(_commitment_items(store, [key["commitment"] for key in keys]), total)


def commitments(store, plan: str | None = None) -> list[dict]:
    return commitments_page(store, plan).items


# ---------------------------------------------------------------- organisations, regions

def departments_page(store, limit: int | None = None, offset: int = 0) -> Page:
    keys, total = _cut(_keys(store, "departments", None), limit, offset)
    iris = [key["department"] for key in keys]
    rows = _first_per(store.select(QUERIES["departments"], {"department": [IRI(i) for i in iris]}), "id").values() \
        if iris else []
    items = [{"id": row["id"], "iri": row["department"], "label": row["label"],
              "parent": row["parentId"], "region": row["regionId"]} for row in rows]
    return Page(_in_order(items, iris), total)


def departments(store) -> list[dict]:
    return departments_page(store).items


@_part("regions")
def _regions_part(store) -> list[dict]:
    rows = _first_per(store.select(QUERIES["regions"]), "id").values()
    return [{"id": row["id"], "iri": row["region"], "code": row["code"], "label": row["label"],
             "label_en": row["labelEn"], "wikidata": row["wikidata"]} for row in rows]


def regions(store) -> list[dict]:
    return _get(store, "regions")


# ---------------------------------------------------------------- search

def search(store, q: str) -> list[dict]:
    """Entities whose title, text, label or definition contains `q` (any case): the test runs in
    the engine (search.rq), and each answer is kept for the build."""
    def compute():
        result: dict[str, dict] = {}
        for row in store.select(QUERIES["search"], {"q": q}):
            if row["match"] is not None and row["entity"] not in result:
                result[row["entity"]] = {
                    "id": row["id"], "iri": row["entity"], "type": _local_name(row["type"]),
                    "plan": row["planId"], "title": row["title"], "snippet": _snippet(row["match"], q)}
        return list(result.values())
    return memoised(store, ("search", q), compute)


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


def ontology(store, iri: str):
    """The whole ontology whose namespace is `iri` (what its IRI dereferences to); NotFound if none."""
    graph = store.construct(QUERIES["ontology"], {"iri": IRI(iri)})
    if not len(graph):
        raise NotFound(f"nothing is known about <{iri}>")
    return graph


def inbound(store, iri: str) -> list[dict]:
    """What points at `iri` (parts, links, mentions), for the HTML page."""
    rows = store.select(QUERIES["inbound"], {"iri": IRI(iri)})
    # the engine orders by ?p ?s ?label, but engines collate labels their own way: one order here
    return sorted(rows, key=lambda row: (str(row["p"]), str(row["s"]), str(row["label"] or "")))



# ---------------------------------------------------------------- the researchers' pages

@_part("labels_en")
def _labels_en_part(store) -> dict[str, str]:
    """{entity IRI: its English label} (title first, then preferred label, then rdfs:label)."""
    labels: dict[str, str] = {}
    for row in store.select(QUERIES["labels_en"]):
        labels.setdefault(row["entity"], row["label"])
    return labels


def labels_en(store) -> dict[str, str]:
    """English labels of the entities that have one (the pages fall back to Chinese elsewhere)."""
    return _get(store, "labels_en")


@_part("vocabulary")
def _vocabulary_part(store) -> dict[str, list[str]]:
    terms: dict[str, list[str]] = {"class": [], "property": []}
    for row in store.select(QUERIES["vocabulary"]):
        if isinstance(row["term"], IRI):
            terms[row["kind"]].append(str(row["term"]))
    return terms


def vocabulary(store) -> dict[str, list[str]]:
    """{"class": [IRI…], "property": [IRI…]}: the terms the graph uses (the SPARQL editor completes them)."""
    return _get(store, "vocabulary")


def source_document(store, plan_id: str) -> dict:
    """A plan's source text: {"plan", "iri", "file", "sha256", "characters"}; NotFound for an unknown plan."""
    check = {p["id"] for p in plans(store)}
    if plan_id not in check:
        raise NotFound(f"no plan with id {plan_id!r}")
    source = _get(store, "plans")["sources"].get(plan_id)
    if source is None:
        raise NotFound(f"the plan {plan_id!r} has no source text in the graph")
    rows = store.select(QUERIES["source_meta"], {"source": IRI(source["iri"])})
    meta = rows[0] if rows else {}
    return {"plan": _plan_by_id(store, plan_id), "iri": source["iri"], "file": source["file"],
            "sha256": meta.get("sha256"), "characters": meta.get("characters")}


def source_spans(store, source_iri: str) -> list[dict]:
    """What the graph took from a source text: {"iri", "kind", "start", "end", "label"} in text order."""
    def compute():
        spans, seen = [], set()
        for row in store.select(QUERIES["source_spans"], {"source": IRI(source_iri)}):
            key = (row["entity"], row["start"], row["end"])
            if key not in seen:
                seen.add(key)
                spans.append({"iri": row["entity"], "kind": _local_name(row["type"]), "start": row["start"],
                              "end": row["end"], "label": row["label"]})
        return spans
    return per_build(store, ("source_spans", source_iri), compute)


@_part("linked_from")
def _linked_from_part(store) -> dict[str, list[dict]]:
    """{national entity IRI: the provincial entities linked to it (sections, tasks, indicator targets,
    专栏 and their items), best score first, each with a printable label} — the whole matrix."""
    labels: dict[str, tuple] = {}
    for s in _get(store, "sections")["items"]:
        labels[s["iri"]] = (s["id"], s["plan"], f"{s['number'] or ''}{s['title'] or ''}")
    for i in _get(store, "indicators")["items"]:
        labels[i["iri"]] = (i["id"], i["plan"], f"指标{i['number']} {i['name'] or ''}")
    for p in projects(store):
        labels[p["iri"]] = (p["id"], p["plan"], f"专栏{p['number']} {p['title'] or ''}")
        for item in p["items"]:
            labels[item["iri"]] = (item["id"], p["plan"], f"专栏{p['number']}.{item['number']} {item['title'] or ''}")
    result: dict[str, list[dict]] = {}
    for subject, links in _counterparts(store, None).items():
        identifier, plan_id, label = labels.get(subject, (_local_name(subject), None, None))
        for link in links:
            result.setdefault(link["iri"], []).append({
                "id": identifier, "iri": subject, "label": label or identifier, "plan": plan_id,
                "relation": link["relation"], "score": link["score"], "method": link["method"]})
    for found in result.values():
        found.sort(key=lambda e: (-(e["score"] or 0), e["plan"] or "", e["id"]))
    return result


def linked_from(store) -> dict[str, list[dict]]:
    """{national entity IRI: the provincial entities linked to it, best first} (the matrix's cells)."""
    return _get(store, "linked_from")


def ontology_terms(store) -> list[dict]:
    """The ontology's terms, each once: {"iri", "kind", "zh", "en"} (the /def/ page)."""
    return per_build(store, "ontology_terms", lambda: [
        {"iri": row["term"], "kind": row["kind"], "zh": row["zh"], "en": row["en"]}
        for row in store.select(QUERIES["ontology_terms"])])


# the pages' facts live beside: api/page_facts.py (imported last, as it builds on the above)
from api.page_facts import links_to, page_facts  # noqa: E402,F401
