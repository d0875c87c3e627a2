"""The indicator tables as SDMX observations: every baseline and target of every plan's table, and
every status figure on a measure (what a plan reports as reached: OBS_KIND status).

One observation per printed value: key PLAN.INDICATOR.OBS_KIND (plan id, measure id, status,
baseline or target) and TIME_PERIOD (the year). A value printed as a dash (—, ——) has no number: its
OBS_VALUE is left out, OBS_STATUS is `O` (SDMX's "missing value") and VALUE_TEXT keeps the dash,
so a client sees that the table prints nothing there rather than a zero.
"""

from __future__ import annotations

from sdmx.model import common, v21 as m

from planlink.api import services
from planlink.api.sdmx.queries import KEY, no_results
from planlink.api.sdmx.structures import Structures, code_lists, plan_regions, structures

KINDS = ("baseline", "target")


def observations(store) -> list[dict]:
    """Every observation as {"key": {dimension: code}, "value": number | None, "attributes": {id: value}}."""
    return services.per_build(store, "sdmx_observations", lambda: _observations(store))


def _observations(store) -> list[dict]:
    found = structures(store)
    regions = {plan["id"]: plan["region"] for plan in plan_regions(store)}
    comparators = {c["notation"]: c["id"] for c in code_lists(store).get("ComparatorScheme", [])}
    result = []
    for item in services.indicators(store):
        if not item["measure"]:
            continue
        for kind in KINDS:
            printed = item[kind]
            if printed is None or printed.get("year") is None:
                continue
            attributes = {"REF_AREA": regions.get(item["plan"]), "NATURE": item["attribute"],
                          "UNIT_MEASURE": found.units.get(item["unit"]), "TITLE": item["name"],
                          "TABLE_ROW": item["number"],
                          "COMPARATOR": comparators.get(printed.get("comparator")) if printed.get("comparator_printed")
                          else None,
                          "OBS_STATUS": "A" if printed["value"] is not None else "O",
                          "VALUE_TEXT": printed["text"]}
            result.append({"key": {"PLAN": item["plan"], "INDICATOR": item["measure"]["id"], "OBS_KIND": kind,
                                   "TIME_PERIOD": str(printed["year"])},
                           "value": printed["value"],
                           "attributes": {k: v for k, v in attributes.items() if v is not None}})
    return result + _status_observations(store, found, regions, comparators)


def _status_observations(store, found: Structures, regions: dict, comparators: dict) -> list[dict]:
    """The status figures on a measure (OBS_KIND status): what a plan reports as reached before its
    table's baseline. A status figure that measures no measure has no INDICATOR and stays in the graph."""
    result = []
    for measure in services.measures(store):
        for point in measure["series"]:
            if point["kind"] != "status" or point["year"] is None:
                continue
            attributes = {"REF_AREA": regions.get(point["plan"]), "UNIT_MEASURE": found.units.get(point["unit"]),
                          "TITLE": point["subject"],
                          "COMPARATOR": comparators.get(point["comparator"]) if point["comparator_printed"] else None,
                          "OBS_STATUS": "A", "VALUE_TEXT": point["text"]}
            result.append({"key": {"PLAN": point["plan"], "INDICATOR": measure["id"], "OBS_KIND": "status",
                                   "TIME_PERIOD": str(point["year"])},
                           "value": point["value"],
                           "attributes": {k: v for k, v in attributes.items() if v is not None}})
    return result


def select(rows: list[dict], key: list[set[str] | None], start: int | None = None, end: int | None = None,
           tests=()) -> list[dict]:
    """The observations within the key and the periods (and passing `tests`); none is SDMX's 404."""
    chosen = [row for row in rows
              if all(wanted is None or row["key"][dim] in wanted for dim, wanted in zip(KEY, key))
              and (start is None or int(row["key"]["TIME_PERIOD"]) >= start)
              and (end is None or int(row["key"]["TIME_PERIOD"]) <= end)
              and all(test(row) for test in tests)]
    if not chosen:
        raise no_results("no observations match this key and period")
    return chosen


def dataset(found: Structures, rows: list[dict], generic: bool = False, with_attributes: bool = True) -> m.DataSet:
    """The rows as an sdmx1 data set of the dataflow, every dimension at the observation level."""
    dsd = found.dsd
    cls = m.GenericDataSet if generic else m.StructureSpecificDataSet
    result = cls(structured_by=dsd, described_by=found.flow)
    measure = dsd.measures.get("OBS_VALUE")
    for row in rows:
        attached = {identifier: common.AttributeValue(value=str(value), value_for=dsd.attributes.get(identifier))
                    for identifier, value in row["attributes"].items()} if with_attributes else {}
        result.obs.append(m.Observation(dimension=dsd.make_key(common.Key, row["key"]), value=row["value"],
                                        value_for=measure, attached_attribute=attached))
    return result
