"""The gap reports the build stored in the graph (scripts/link/gaps.py): what `planlink gaps`,
/api/v1/gaps and /matrix all read, so the three give the same gaps."""

from __future__ import annotations

from planlink.api.services.common import PL, QUERIES, NotFound, _get, _local_name, _part
from planlink.api.services.plans import check_plan

KINDS = {"Chapter": "chapter", "Section": "section", "Task": "task", "IndicatorTarget": "indicator",
         "Project": "project", "ProjectItem": "item"}
SIDES = {PL + "NationalGap": "national", PL + "ProvincialGap": "provincial"}


class NoGapReport(NotFound):
    """The store holds no gap report (built before the build stored one)."""


@_part("gap_reports")
def _gap_reports_part(store) -> dict[str, dict]:
    """{plan id: {"plan", "gaps": [gap, …], "empty_because"}} in report order."""
    reports: dict[str, dict] = {}
    for row in store.select(QUERIES["gaps"]):
        report = reports.setdefault(row["planId"], {"plan": row["planId"], "gaps": [], "count": row["count"],
                                                    "empty_because": row["empty"]})
        if row["gap"] is None or any(g["gap"] == row["gap"] for g in report["gaps"][-1:]):
            continue  # a report with no gap, or a further row of the same gap (an entity with two titles)
        closest = None
        if row["closest"] is not None:
            closest = {"id": row["closestId"], "iri": row["closest"], "title": row["closestTitle"],
                       "score": row["closestScore"]}
        report["gaps"].append({
            "id": row["entityId"], "iri": row["entity"], "plan": row["planId"], "side": SIDES[row["side"]],
            "kind": KINDS.get(_local_name(row["entityType"]) or "", None), "title": row["title"],
            "no_counterpart_reason": row["reason"], "closest": closest, "gap": row["gap"]})
    return reports


def gap_reports(store) -> dict[str, dict]:
    """Every provincial plan's gap report; NoGapReport when the build stored none."""
    reports = _get(store, "gap_reports")
    if not reports:
        raise NoGapReport("this store holds no gap report: it was built before the build stored one; "
                          "build it again (planlink build)")
    return reports


def gaps(store, plan: str | None = None) -> list[dict]:
    """The gaps of every provincial plan (or of `plan`), in report order."""
    check_plan(store, plan)
    return [gap for plan_id, report in sorted(gap_reports(store).items()) if plan in (None, plan_id)
            for gap in report["gaps"]]


def why_no_gaps(store, plan: str | None = None) -> str | None:
    """Why the report has nothing for `plan` (or for any plan), when it can judge nothing; else None."""
    reasons = {r["empty_because"] for p, r in gap_reports(store).items() if plan in (None, p) and r["empty_because"]}
    return "; ".join(sorted(reasons)) or None
