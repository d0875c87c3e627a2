"""Indicator targets: observations, counterparts, comparisons and peers."""

from __future__ import annotations


from planlink.api.store import IRI, memoised
from planlink.api.services.common import (FIGURE_STATUS, NotFound, OUTCOMES, Page, QUERIES, _contains, _cut,
                                 _first_per, _in_order, _keys, _local_name, _one_build, _part)
from planlink.api.services.counterparts import _attach_counterparts, _counterparts
from planlink.api.services.plans import check_plan, plan_levels


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


def _national_figures(store) -> dict[str, dict]:
    """{figure IRI: the national figure as the JSON gives it}, read once per build (the national
    plan's figures: a handful, whatever the number of plans)."""
    def read():
        figures: dict[str, dict] = {}
        for row in store.select(QUERIES["national_figures"]):
            figures.setdefault(row["figure"], {
                "id": row["figureId"], "iri": row["figure"], "text": row["figureClause"] or row["figureText"],
                "value": row["figureValue"], "unit": row["figureUnit"], "comparator": row["figureComparator"],
                "comparator_printed": bool(row["figureComparatorPrinted"]),
                "year": row["figureYear"], "status": FIGURE_STATUS.get(row["figureStatus"]),
                "sentence": row["figureText"], "section": row["figureSectionId"],
                "section_iri": row["figureSection"], "section_title": row["figureSectionTitle"]})
        return figures
    return memoised(store, ("national-figures",), read)


def _comparisons(store, subjects: list[str]) -> dict:
    """For the given targets (or commitments): {"by_pair": {(subject IRI, compared IRI): comparison},
    "figures": {subject IRI: [national figure with its comparison]}, "on_links": {link IRI: {figure, comparison}}}."""
    by_pair: dict[tuple, dict] = {}
    figures: dict[str, list] = {}
    on_links: dict[str, dict] = {}
    rows = store.select(QUERIES["comparisons"], {"subject": [IRI(s) for s in subjects]}) if subjects else []
    national = _national_figures(store) if rows else {}
    links: dict[tuple, list] = {}
    if any(row["other"] in national for row in rows):
        for row in store.select(QUERIES["figure_links"], {"subject": [IRI(s) for s in subjects]}):
            links.setdefault((row["subject"], row["comparison"], row["other"]), []).append(row["link"])
    # a row per link carrying the comparison, or one without (as OPTIONAL would), in one order on
    # every engine, so the first comparison of a pair and of a link are the same everywhere
    rows = sorted(((row, link) for row in rows
                   for link in links.get((row["subject"], row["comparison"], row["other"]), [None])),
                  key=lambda pair: (pair[0]["subject"], pair[0]["comparison"], pair[1] or ""))
    for row, link in rows:
        key = (row["subject"], row["other"])
        comparison = by_pair.get(key)
        if comparison is None:
            comparison = by_pair[key] = {
                "outcome": OUTCOMES.get(row["outcome"], _local_name(row["outcome"])),
                "explanation": row["explanation"]}
        figure = national.get(row["other"])
        if figure is None or (figure["sentence"] is None and figure["value"] is None):
            continue  # compared with a peer target (or with a figure that says nothing)
        found = figures.setdefault(row["subject"], [])
        if all(f["iri"] != figure["iri"] for f in found):
            found.append(dict(figure, comparison=comparison))
        if link and link not in on_links:
            on_links[link] = {"figure": dict(figure), "comparison": comparison}
    for found in figures.values():
        found.sort(key=lambda f: f["id"] or f["iri"])
    return {"by_pair": by_pair, "figures": figures, "on_links": on_links}


def _provincial_targets(store) -> dict[str, list[dict]]:
    """{measure IRI: its targets in provincial plans, by plan and id, each with its name and
    target}, read once per build: who an indicator's peers are and what they say. Bounded by the
    31 provinces, so it does not grow with the city plans."""
    def read():
        by_measure: dict[str, list[dict]] = {}
        for row in store.select(QUERIES["provincial_targets"]):
            found = by_measure.setdefault(row["measure"], [])
            if all(peer["iri"] != row["peer"] for peer in found):
                found.append({"iri": row["peer"], "id": row["peerId"], "plan": row["peerPlanId"], "name": row["name"],
                              "target": _observation(row, "target", comparator=True)})
        for found in by_measure.values():
            found.sort(key=lambda peer: (peer["plan"], peer["id"]))
        return by_measure
    return memoised(store, ("provincial-targets",), read)


def _peers(store, rows: list[dict], by_pair: dict) -> dict[str, list[dict]]:
    """{target IRI: the targets of its measure in the other provincial plans, each with the
    comparison of this target with it (null where the build compared nothing)}, for the targets of
    `rows` (indicators.rq rows). The peers, with their names and targets, come from the per-build
    memo; only the page's comparisons (`by_pair`) are its own."""
    by_measure = _provincial_targets(store)
    return {row["indicator"]: [{"id": peer["id"], "iri": peer["iri"], "plan": peer["plan"], "name": peer["name"],
                                "target": dict(peer["target"]) if peer["target"] else None,
                                "comparison": by_pair.get((row["indicator"], peer["iri"]))}
                               for peer in by_measure.get(row["measure"], []) if peer["plan"] != row["planId"]]
            for row in rows if row["measure"]}


def _indicator_items(store, bindings: dict, peers: int | None = None) -> list[dict]:
    """Indicator targets with counterparts, peers and comparisons, for indicators.rq bound to `bindings`;
    with `peers`, each carries at most that many peers (a list's form: `in_list`)."""
    rows = list(_first_per(store.select(QUERIES["indicators"], bindings), "id").values())
    iris = [row["indicator"] for row in rows]
    levels = plan_levels(store)
    links = _counterparts(store, iris)
    comparisons = _comparisons(store, iris)
    peers_limit, peers = peers, _peers(store, rows, comparisons["by_pair"])
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
        items.append(item if peers_limit is None else in_list(item, peers_limit))
    return items


def in_list(item: dict, peers: int) -> dict:
    """An indicator as a list gives it: its first `peers` peers, how many it has, and the path of
    the full list (a page's size then stays bounded however many provinces set the measure)."""
    return {**item, "peers": item["peers"][:peers], "peers_total": len(item["peers"]),
            "peers_url": f"/api/v1/indicators/{item['id']}/peers"}


def _indicator_order(key: dict) -> tuple:
    return (key["planId"], key["number"] if key["number"] is not None else 1e9, key["id"])


def _indicator_keys(store, plan: str | None) -> list[dict]:
    return memoised(store, ("indicator-keys", plan),
                    lambda: sorted(_keys(store, "indicators", plan), key=_indicator_order))


def _indicators_by_iri(store, iris: list[str], peers: int | None = None) -> list[dict]:
    return _in_order(_indicator_items(store, {"indicator": [IRI(i) for i in iris]}, peers), iris) if iris else []


def indicators_page(store, plan: str | None = None, attribute: str | None = None, q: str | None = None,
                    limit: int | None = None, offset: int = 0, peers: int | None = None) -> Page:
    """A page of indicator targets; with `peers`, in a list's form (`in_list`)."""
    store = _one_build(store)
    check_plan(store, plan)
    keys = [key for key in _indicator_keys(store, plan)
            if (attribute is None or _local_name(key["attribute"]) == attribute)
            and (q is None or _contains(key["name"], q))]
    keys, total = _cut(keys, limit, offset)
    return Page([key["indicator"] for key in keys], total, lambda iris: _indicators_by_iri(store, iris, peers))


def indicator_peers(store, indicator_id: str, limit: int | None = None, offset: int = 0) -> Page:
    """A page of one indicator target's peers (the full list its list item links to)."""
    found = indicator(store, indicator_id)["peers"]
    return Page.of(*_cut(found, limit, offset))


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
