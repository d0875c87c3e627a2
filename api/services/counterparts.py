"""National counterparts of provincial items, as the JSON gives them."""

from __future__ import annotations


from planlink.api.store import IRI
from planlink.api.services.common import QUERIES, RELATIONS, _local_name


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
            "candidate": bool(row["candidate"]), "implements_because": row["basis"],
            **({"reviewer": row["reviewer"], "note": row["note"], "date": row["date"]} if row["reviewer"] else {}),
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
