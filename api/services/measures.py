"""Measures (indicator definitions), every plan's target on them, and their series: the levels the
plans report as reached (status figures), then each table's baseline and target."""

from __future__ import annotations


from planlink.api.services.common import NotFound, QUERIES, RELATIONS, _contains, _get, _part
from planlink.api.services.plans import check_plan


def _target_of(item: dict) -> dict:
    """An indicator target as a measure lists it: where it is printed and what it asks."""
    return {key: item[key] for key in ("id", "iri", "plan", "number", "name", "attribute", "unit",
                                       "baseline", "target")}


# The order of a plan's series in a year: what was reached, then the table's baseline, then its target.
SERIES_ORDER = {"status": 0, "baseline": 1, "target": 2}


def _status_point(row: dict) -> dict:
    return {"plan": row["planId"], "kind": "status", "year": row["year"], "value": row["value"],
            "unit": row["unit"], "text": row["valueText"], "comparator": row["comparator"],
            "comparator_printed": bool(row["comparatorPrinted"]), "period": row["period"],
            "subject": row["subject"], "subject_en": row["subjectEn"], "section": row["sectionId"],
            "id": row["id"], "iri": row["status"]}


def _table_points(target: dict) -> list[dict]:
    return [{"plan": target["plan"], "kind": kind, "year": observed.get("year"), "value": observed.get("value"),
             "unit": target["unit"], "text": observed.get("text"), "comparator": observed.get("comparator"),
             "comparator_printed": observed.get("comparator_printed"), "period": None, "subject": target["name"],
             "subject_en": None, "section": target.get("section"), "id": target["id"], "iri": target["iri"]}
            for kind in ("baseline", "target") if (observed := target.get(kind))]


def series(targets: list[dict], statuses: list[dict]) -> list[dict]:
    """Every figure on a measure, plan by plan in time order: the levels the plans report as reached
    (status), then each table's baseline and target."""
    points = [_status_point(row) for row in statuses] + [p for t in targets for p in _table_points(t)]
    return sorted(points, key=lambda p: (p["plan"], p["year"] or 0, SERIES_ORDER[p["kind"]], p["id"]))


@_part("measures")
def _measures_part(store) -> dict:
    """{"items": every measure with its targets, national provisions, near measures and series, "by_id": …}."""
    indicators_by_measure: dict[str, list[dict]] = {}
    for item in _get(store, "indicators")["items"]:
        if item["measure"]:
            indicators_by_measure.setdefault(item["measure"]["iri"], []).append(item)
    statuses_by_measure: dict[str, list[dict]] = {}
    for row in store.select(QUERIES["status_figures"]):
        if row["measure"]:
            statuses_by_measure.setdefault(row["measure"], []).append(row)
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
                "national_provisions": _provisions_served(targets), "related_measures": [],
                "series": series(targets, statuses_by_measure.get(row["measure"], []))}
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


def measure_series(store, iri: str) -> list[dict]:
    """The series of the measure at `iri` (status figures, baselines, targets), [] for none."""
    return next((m["series"] for m in _get(store, "measures")["items"] if m["iri"] == iri), [])
