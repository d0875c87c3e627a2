"""SDMX `updatedAfter`: only the observations changed since a time, told by the releases this server
publishes (api/services/releases.py). Pure: no HTTP.

An observation (PLAN.INDICATOR.OBS_KIND at TIME_PERIOD) changed in a release when its indicator target
was added, or one of its statements changed: the target's own (its name, unit, attribute, measure:
each of its observations) or its baseline's or target's (`…#baseline`, `…#target`: that observation
alone); a plan's new region changes each observation of the plan (their REF_AREA). A change only of
where the plan document quotes it (`source`) changes no observation. Observations removed since then
are not in the answer (the releases' changes list them). A store built before releases counts as one
release of everything, dated by its build on disk; a remote engine without releases cannot say (501).
"""

from __future__ import annotations

from datetime import datetime, timezone

from planlink.api import publication, services
from planlink.api.sdmx.queries import no_results, not_implemented, syntax_error
from planlink.api.services import releases

KINDS = ("baseline", "target")
SPATIAL = "http://purl.org/dc/terms/spatial"  # a plan's region (queries/sdmx_plans.rq)


def parse_time(text: str) -> datetime:
    """An xs:dateTime or date (RFC 3339's too: a lower-case t or z, a leap second; UTC when it has no
    offset). An offset's "+" sent unencoded arrives as a space (the query string's form encoding),
    and is read as the "+" it was."""
    value = text.strip().upper()
    if " " in value and "T" in value and value.rsplit(" ", 1)[-1][:2].isdigit():
        value = value[:value.rindex(" ")] + "+" + value[value.rindex(" ") + 1:]
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        try:  # 23:59:60, a leap second: as good as 23:59:59 to tell which releases came after it
            when = datetime.fromisoformat(value.replace(":60", ":59", 1)) if ":60" in value else None
        except ValueError:
            when = None
        if when is None:
            raise syntax_error(f"updatedAfter={text[:40]!r} is not a date-time (e.g. 2025-01-31T08:00:00Z, "
                               f"with + as %2B)") from None
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when


def updated_after(store, directory, text: str):
    """A test on observation rows: changed in a release published after `text`. A store without
    releases (built before them) is one release of everything, dated by its build on disk."""
    when = parse_time(text)
    items = releases.changed_since(store, directory, when)
    if items is None and releases.published(store, directory):
        return lambda row: True  # a release since then no longer keeps its changes: any may have changed
    if items is None:
        built = publication.modified(store)
        if built is None:
            raise not_implemented("updatedAfter needs the releases this server publishes, and it keeps none "
                                  "(a replica names a copy of the build's releases/: planlink serve --releases DIR)")
        if datetime.fromisoformat(built) > when:
            return lambda row: True
        raise no_results(f"no observation changed after {when.isoformat()} (the build served is of {built})")
    keys = changed_keys(store, items)
    if not keys:
        raise no_results(f"no observation changed after {when.isoformat()} (the newest release is of "
                         f"{releases.published(store, directory)[0]['date']})")
    return lambda row: (row["key"]["PLAN"], row["key"]["INDICATOR"], row["key"]["OBS_KIND"]) in keys \
        or (row["key"]["PLAN"], None, None) in keys


def changed_keys(store, items: list[dict]) -> set[tuple]:
    """{(plan, measure, kind)} of the observations the change items touch; (plan, None, None) for a
    whole plan."""
    indicators = {item["iri"]: item for item in services.indicators(store) if item.get("measure")}
    plans = {plan["iri"]: plan["id"] for plan in services.plans(store)}
    keys = set()
    for item in items:
        if item["change"] not in ("added", "changed"):
            continue
        if item["iri"] in plans and any(change["property"] == SPATIAL for change in item["properties"]):
            keys.add((plans[item["iri"]], None, None))  # its region: every observation's REF_AREA
        indicator = indicators.get(item["iri"])
        if indicator is None:
            continue
        touched = set(KINDS) if item["change"] == "added" else {
            kind for change in item["properties"] if change["kind"] != "source"
            for kind in _kinds(change["subject"])}
        keys.update((indicator["plan"], indicator["measure"]["id"], kind) for kind in touched)
    return keys


def _kinds(subject: str) -> tuple[str, ...]:
    """The observations a changed statement about `subject` belongs to: its own, or all."""
    part = subject.partition("#")[2]
    return (part,) if part in KINDS else KINDS if not part else ()
