"""The gap report of each provincial plan, read from its links: the build computes it once and
stores it in the graph (rdf.py); `planlink gaps`, /api/v1/gaps and /matrix read it from there.

A national chapter or section is implemented by a plan when one of the plan's items has an
asserted link to it (not a candidate): its best counterpart, a curated link, a further link
scoring `implements` or more, a restatement of one of its clauses, or the match of its siblings
(implementation.py); a chapter also when every section of it is. A provincial item with no link
at all is a gap on the provincial side. Each gap names what came closest.
"""

from __future__ import annotations

from planlink.scripts.extract import BACKGROUND

NO_NATIONAL_PLAN = ("the build has no national plan, so nothing was linked and no gap can be judged: "
                    "add the national plan to the sources and build again")


def implemented(result, plan: str) -> set[str]:
    """The national sections and chapters a plan implements (see above)."""
    done = {link["object"] for sid, links in result.links.items() if result.subjects[sid].plan == plan
            for link in links if not link.get("candidate")}
    for nid, n in result.national.items():
        parts = [m.id for m in result.national.values() if m.parent == nid and not BACKGROUND.search(m.title)]
        if n.kind == "chapter" and parts and set(parts) <= done:
            done.add(nid)
    return done


def gap_reports(result) -> dict[str, dict]:
    """provincial plan id → {"plan", "gaps": [gap, …], "empty_because": why there can be no gap, or None};
    each gap {"plan", "side": "national"|"provincial", "id", "kind", "title", "no_counterpart_reason",
    "closest": {"id", "title", "score"} or None}."""
    provincial = sorted(p for p, level in result.levels.items() if level != "national")
    if not result.national:
        return {p: {"plan": p, "gaps": [], "empty_because": NO_NATIONAL_PLAN} for p in provincial}
    return {p: {"plan": p, "gaps": provincial_gaps(result, p) + national_gaps(result, p), "empty_because": None}
            for p in provincial}


def provincial_gaps(result, plan: str) -> list[dict]:
    out = []
    for sid, reason in result.reasons.items():
        u = result.subjects[sid]
        if u.plan == plan:
            near = (result.candidates.get(sid) or [None])[0]
            who = [_decided(r) for r in result.rejected.get(sid, []) if r["object"] is None]
            out.append({"plan": plan, "side": "provincial", "id": sid, "kind": u.kind, "title": u.title,
                        "no_counterpart_reason": reason + "".join(f" ({w})" for w in who if w),
                        "closest": _closest((near["score"], near["object"]) if near else None, result.national)})
    return out


def national_gaps(result, plan: str) -> list[dict]:
    done = implemented(result, plan)
    implements = result.params.implements
    out = []
    for nid, n in result.national.items():
        if nid in done:
            continue
        closest = _closest(result.closest.get((plan, nid)), result.subjects)
        where = ""
        if closest:
            elsewhere = (result.links.get(closest["id"]) or [{}])[0].get("object")
            where = (f"; closest: {closest['id']} {closest['title']} (score {closest['score']:.2f}"
                     + (f", linked to {elsewhere} instead)" if elsewhere else ")"))
        rejected = "".join(f"; {sid}'s link to it was rejected" + (f" by {_decided(r)}" if _decided(r) else "")
                           + (f": {r['note']}" if r.get("note") else "")
                           for sid, found in sorted(result.rejected.items()) if result.subjects[sid].plan == plan
                           for r in found if r["object"] == nid)
        out.append({"plan": plan, "side": "national", "id": nid, "kind": n.kind, "title": n.title,
                    "no_counterpart_reason": f"no {plan} chapter, section, task, indicator or 专栏 item implements "
                                             f"it (as its best counterpart, by curation, by a further link scoring "
                                             f"{implements} or more, by restating one of its clauses, or as the "
                                             f"match of its siblings){where}{rejected}",
                    "closest": closest})
    return out


def _decided(row: dict) -> str:
    """'Wang Li on 2026-12-01': who decided, and when, as far as the row says."""
    return " on ".join(x for x in (row.get("reviewer"), row.get("date")) if x)


def _closest(scored, entities: dict) -> dict | None:
    if not scored:
        return None
    score, eid = scored
    return {"id": eid, "title": entities[eid].title, "score": score}
