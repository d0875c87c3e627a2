"""The whole linkage of a set of plans (links, reasons, measures, figures, comparisons) and its
plain views: one record per link, and the gaps."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planlink.scripts.link.comparisons import (commitment_comparisons, commitment_measures, measures_and_comparisons,
                                      national_figures)
from planlink.scripts.extract import BACKGROUND
from planlink.scripts.link.curated import CURATED_CSV, apply_curated, load_curated
from planlink.scripts.link.entities import linkables
from planlink.scripts.link.linker import DEFAULTS, Linker, LinkParameters, Prose, indicator_prose, pooled_prose

TOOL = "planlink link.py (character n-gram TF-IDF cosine)"


@dataclass
class Linkage:
    links: dict = field(default_factory=dict)        # subject id → [link dicts], best first
    reasons: dict = field(default_factory=dict)      # subject id → no-counterpart reason
    subjects: dict = field(default_factory=dict)     # subject id → Linkable
    national: dict = field(default_factory=dict)     # national id → Linkable
    measures: dict = field(default_factory=dict)     # slug → {label_zh, …, targets: [indicator ids]}
    indicators: dict = field(default_factory=dict)   # indicator id → extraction row
    figures: list = field(default_factory=list)      # national figures
    comparisons: list = field(default_factory=list)  # {subject, other, kind, outcome, explanation, …}
    commitments: dict = field(default_factory=dict)  # provincial commitment id → extraction row
    commitment_measures: dict = field(default_factory=dict)  # commitment id (any plan) → measure slug
    scores: dict = field(default_factory=dict)       # subject id → [(score, national id)], best first
    levels: dict = field(default_factory=dict)       # plan id → "national" | "provincial" | "municipal"
    params: LinkParameters = DEFAULTS


def national_plan(extractions: dict) -> dict | None:
    return next((x for x in extractions.values() if x["plan"].get("level") == "national"), None)


def linkage(extractions: dict, curated: Path | list | None = CURATED_CSV,
            params: LinkParameters = DEFAULTS, memo=None) -> Linkage:
    """Everything the linker knows: links, reasons, measures, figures, comparisons.

    memo (the build's cache, scripts/build_links.py): `load(plan id)` gives what an earlier build
    worked out for one plan alone (its entities' links but its indicators', and each indicator's own
    prose), `save(plan id, part)` keeps it. What depends on several plans (indicators pooled by
    measure, measures, peers, comparisons) is worked out every time. With a memo, `scores` (which
    only `gaps` reads) is not kept.
    """
    rows = curated if isinstance(curated, list) else load_curated(curated)
    result = Linkage(params=params, levels={plan_id: x["plan"].get("level") for plan_id, x in extractions.items()})
    national = national_plan(extractions)
    if national is None:
        return result
    linker = Linker(national, params)
    result.national = linker.by_id
    result.figures = national_figures(national)
    plans = {plan_id: linkables(x) for plan_id, x in sorted(extractions.items()) if x is not national}
    parts = {plan_id: memo.load(plan_id) if memo is not None else None for plan_id in plans}
    own_prose = {}
    for plan_id, provincial in plans.items():
        if parts[plan_id] is not None:
            own_prose.update({iid: Prose(*p) if p else None for iid, p in parts[plan_id]["prose"].items()})
        else:
            own_prose.update({u.id: indicator_prose(u, provincial, linker) for u in provincial
                              if u.kind == "indicator"})
    prose = pooled_prose(plans, linker, own_prose)
    for plan_id, x in sorted(extractions.items()):
        if x is national:
            continue
        provincial, part = plans[plan_id], parts[plan_id]
        by_id = {u.id: u for u in provincial}
        new_part = {"prose": {u.id: [own_prose[u.id].strength, own_prose[u.id].profile] if own_prose[u.id] else None
                              for u in provincial if u.kind == "indicator"}, "links": {}, "reasons": {}}
        for u in provincial:
            result.subjects[u.id] = u
            if part is not None and u.kind != "indicator":  # its own plan's and the national plan's alone
                if u.id in part["links"]:
                    result.links[u.id] = part["links"][u.id]
                else:
                    result.reasons[u.id] = part["reasons"][u.id]
                continue
            context = prose.get(u.id) if u.kind == "indicator" else by_id.get(u.parent)
            scored = linker.scored(u, context)
            if memo is None:
                result.scores[u.id] = [(score, n.id) for score, n in scored]
            auto = linker.rank(u, context, scored)
            for link in auto:
                link.update(method="auto")

            def judge(nid, u=u, context=context):
                if nid not in linker.by_id:
                    raise ValueError(f"curated.csv: {u.id}: {nid!r} is not a national chapter or section")
                return linker.score(u, linker.by_id[nid], context), linker.evidence(u, linker.by_id[nid])

            links, reason = apply_curated(u.id, auto, rows, judge)
            for rank, link in enumerate(links, 1):
                link["rank"] = rank
                if rank > 1 and link["method"] == "auto" and link["relation"] in ("close", "broader"):
                    link["relation"] = "related"
                link["candidate"] = rank > 1 and link["method"] == "auto" and link["score"] < params.implements
            if links:
                result.links[u.id] = links
            else:
                best = scored[0][0] if scored else 0.0
                result.reasons[u.id] = reason or (
                    f"no national section is similar enough: best lexical score {best:.2f} "
                    f"is below the threshold {params.threshold}")
            if u.kind != "indicator":
                if links:
                    new_part["links"][u.id] = links
                else:
                    new_part["reasons"][u.id] = result.reasons[u.id]
        if memo is not None and part is None:
            memo.save(plan_id, new_part)
        for row in x.get("indicators", []):
            result.indicators[row["id"]] = {**row, "plan": plan_id}
        for row in x.get("commitments", []):
            result.commitments[row["id"]] = {**row, "plan": plan_id}
    measures_and_comparisons(result, linker)
    commitment_comparisons(result, linker)
    result.commitment_measures = commitment_measures(extractions, linker)
    return result


def counterparts(extractions: dict, curated: Path | list | None = CURATED_CSV) -> list[dict]:
    """One record per link, best first per subject, plus one record (object None) per unlinked subject."""
    return records(linkage(extractions, curated))


def records(result: Linkage) -> list[dict]:
    out = []
    for sid, u in result.subjects.items():
        for link in result.links.get(sid, []):
            n = result.national[link["object"]]
            out.append({"subject_id": sid, "subject_plan": u.plan, "subject_kind": u.kind, "subject_title": u.title,
                        "object_id": n.id, "object_title": n.title, "rank": link["rank"],
                        "relation": link["relation"], "score": link["score"], "method": link["method"],
                        "evidence": link["evidence"],
                        "mapping_justification": "semapv:ManualMappingCuration" if link["method"] == "curated"
                        else "semapv:LexicalMatching",
                        "mapping_tool": TOOL, "confidence": link["score"],
                        "shared_terms": link.get("shared_terms", []), "note": link.get("note"),
                        "reviewer": link.get("reviewer"), "no_counterpart_reason": None})
        if sid in result.reasons:
            out.append({"subject_id": sid, "subject_plan": u.plan, "subject_kind": u.kind, "subject_title": u.title,
                        "object_id": None, "rank": None, "no_counterpart_reason": result.reasons[sid]})
    return out


def gaps(extractions: dict, plan: str | None = None, curated: Path | list | None = CURATED_CSV,
         params: LinkParameters = DEFAULTS) -> list[dict]:
    """Provincial items with no national counterpart, and national sections a plan does not implement.

    A national section is implemented by a plan when one of the plan's items links to it: as its
    best counterpart, through a curated link, or through a further link scoring at least
    `params.implements`; a chapter also when every section of it is. Each gap names what came closest.
    """
    result = linkage(extractions, curated, params)
    out = []
    plans = sorted({u.plan for u in result.subjects.values()})
    for p in plans:
        if plan and p != plan:
            continue
        for sid, reason in result.reasons.items():
            u = result.subjects[sid]
            if u.plan == p:
                closest = _closest([(s, nid) for s, nid in result.scores.get(sid, [])[:1]], result.national)
                out.append({"plan": p, "side": "provincial", "id": sid, "kind": u.kind, "title": u.title,
                            "no_counterpart_reason": reason, "closest": closest})
        done = implemented(result, p)
        for nid, n in result.national.items():
            if nid in done:
                continue
            best = max(((s, sid) for sid, scored in result.scores.items() if result.subjects[sid].plan == p
                        for s, other in scored if other == nid), default=None)
            closest = _closest([best] if best else [], result.subjects)
            where = ""
            if closest:
                elsewhere = (result.links.get(closest["id"]) or [{}])[0].get("object")
                where = (f"; closest: {closest['id']} {closest['title']} (score {closest['score']:.2f}"
                         + (f", linked to {elsewhere} instead)" if elsewhere else ")"))
            out.append({"plan": p, "side": "national", "id": nid, "kind": n.kind, "title": n.title,
                        "no_counterpart_reason": f"no {p} chapter, section, task, indicator or 专栏 item links to it "
                                                 f"(as its best counterpart, by curation, or by a further link "
                                                 f"scoring {params.implements} or more){where}",
                        "closest": closest})
    return out


def implemented(result: Linkage, plan: str) -> set[str]:
    """The national sections and chapters a plan implements (see gaps)."""
    done = {link["object"] for sid, links in result.links.items() if result.subjects[sid].plan == plan
            for link in links if not link.get("candidate")}
    for nid, n in result.national.items():
        parts = [m.id for m in result.national.values() if m.parent == nid and not BACKGROUND.search(m.title)]
        if n.kind == "chapter" and parts and set(parts) <= done:
            done.add(nid)
    return done


def _closest(scored: list, entities: dict) -> dict | None:
    if not scored:
        return None
    score, eid = scored[0]
    return {"id": eid, "title": entities[eid].title, "score": score}
