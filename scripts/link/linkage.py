"""The whole linkage of a set of plans (links, reasons, measures, figures, comparisons) and its
plain views: one record per link, and the gaps."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planlink.scripts.link.comparisons import (commitment_comparisons, commitment_measures, measures_and_comparisons,
                                      national_figures)
from planlink.scripts.link.curated import CURATED_CSV, apply_curated, load_curated
from planlink.scripts.link.entities import linkables
from planlink.scripts.link.gaps import gap_reports
from planlink.scripts.link.implementation import Restatements, add_restatements, match_siblings
from planlink.scripts.link.linker import DEFAULTS, Linker, LinkParameters, Prose, indicator_prose, pooled_prose
from planlink.scripts.similarity import shared_terms

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
    candidates: dict = field(default_factory=dict)   # subject id → its best CANDIDATES: [{object, score, evidence}]
    rejected: dict = field(default_factory=dict)     # subject id → links a reviewer rejected (object None: all)
    review: list = field(default_factory=list)       # the rows of curated.csv (unsure ones change no link)
    closest: dict = field(default_factory=dict)      # (plan id, national id) → (score, subject id): its best item
    levels: dict = field(default_factory=dict)       # plan id → "national" | "provincial" | "municipal"
    params: LinkParameters = DEFAULTS


CANDIDATES = 4  # national sections kept per subject with their scores: the review's candidates


def national_plan(extractions: dict) -> dict | None:
    return next((x for x in extractions.values() if x["plan"].get("level") == "national"), None)


def linkage(extractions: dict, curated: Path | list | None = CURATED_CSV,
            params: LinkParameters = DEFAULTS, memo=None) -> Linkage:
    """Everything the linker knows: links, reasons, measures, figures, comparisons.

    memo (the build's cache, scripts/link/stage.py): `load(plan id)` gives what an earlier build
    worked out for one plan alone (its entities' links but its indicators', their best candidates,
    the item closest to each national section, and each indicator's own prose), `save(plan id, part)`
    keeps it. What depends on several plans (indicators pooled by measure, measures, peers,
    comparisons) is worked out every time.
    """
    rows = curated if isinstance(curated, list) else load_curated(curated)
    result = Linkage(params=params, levels={plan_id: x["plan"].get("level") for plan_id, x in extractions.items()},
                     review=rows)
    national = national_plan(extractions)
    if national is None:
        return result
    linker = Linker(national, params)
    restatements = None
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
                              for u in provincial if u.kind == "indicator"},
                    "links": {}, "reasons": {}, "candidates": {}, "closest": {}, "rejected": {}}
        if part is not None:
            result.candidates.update(part["candidates"])
            result.rejected.update(part["rejected"])
            for nid, (score, sid) in part["closest"].items():
                _nearer(result.closest, plan_id, nid, score, sid)
        elif restatements is None:
            restatements = Restatements(linker.national, params.restates, params.restated_weight)
        own_closest: dict = {}  # as result.closest, over this plan's items but its indicators (kept in the part)
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
            result.candidates[u.id] = [{"object": n.id, "score": score, "evidence": linker.evidence(u, n)}
                                       for score, n in scored[:CANDIDATES]]
            for score, n in scored:
                _nearer(result.closest if u.kind == "indicator" else own_closest, plan_id, n.id, score, u.id)
            auto = linker.rank(u, context, scored)
            if u.kind != "indicator":
                auto = add_restatements(auto, restatements.of(u), lambda nid, u=u, context=context: (
                    linker.score(u, linker.by_id[nid], context),
                    shared_terms(u.full_text, linker.national_text(linker.by_id[nid]), linker.vec)))
            for link in auto:
                link.update(method="auto")

            def judge(nid, u=u, context=context):
                if nid not in linker.by_id:
                    raise ValueError(f"curated.csv: {u.id}: {nid!r} is not a national chapter or section")
                return linker.score(u, linker.by_id[nid], context), linker.evidence(u, linker.by_id[nid])

            links, reason, rejected = apply_curated(u.id, auto, rows, judge)
            if rejected:
                result.rejected[u.id] = rejected
            for rank, link in enumerate(links, 1):
                link["rank"] = rank
                if rank > 1 and link["method"] == "auto" and link["relation"] in ("close", "broader"):
                    link["relation"] = "related"
                link["basis"] = basis(link, rank, params)
                link["candidate"] = link["basis"] is None
            if links:
                result.links[u.id] = links
            else:
                best = scored[0][0] if scored else 0.0
                result.reasons[u.id] = reason or (
                    f"no national section is similar enough: best lexical score {best:.2f} "
                    f"is below the threshold {params.threshold}")
            if u.kind != "indicator":
                new_part["candidates"][u.id] = result.candidates[u.id]
                if rejected:
                    new_part["rejected"][u.id] = rejected
                if links:
                    new_part["links"][u.id] = links
                else:
                    new_part["reasons"][u.id] = result.reasons[u.id]
        if part is None:
            mine = {u.id: u for u in provincial}
            for sid, nid in match_siblings(mine, result.links, result.national):
                for link in result.links[sid]:
                    if link["object"] == nid and link["candidate"]:
                        link.update(basis="siblings", candidate=False)
            new_part["closest"] = {nid: [score, sid] for (_, nid), (score, sid) in own_closest.items()}
            for (_, nid), (score, sid) in own_closest.items():
                _nearer(result.closest, plan_id, nid, score, sid)
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
    """Every gap of every provincial plan (or of `plan`), as the build stores them (gaps.py)."""
    reports = gap_reports(linkage(extractions, curated, params))
    return [gap for p, report in reports.items() if plan in (None, p) for gap in report["gaps"]]


def basis(link: dict, rank: int, params: LinkParameters) -> str | None:
    """Why a link implements its national section, or None for a candidate (gaps.py)."""
    if link["method"] == "curated":
        return "curated"
    if rank == 1:
        return "best"
    if link.get("restates"):
        return "restates"
    if link["score"] >= params.implements:
        return "further"
    return None


def _nearer(closest: dict, plan: str, nid: str, score: float, sid: str) -> None:
    """Keep (score, sid) as the plan's closest item to nid when it scores higher (ties: the lower id)."""
    known = closest.get((plan, nid))
    if known is None or (-score, sid) < (-known[0], known[1]):
        closest[(plan, nid)] = (score, sid)
