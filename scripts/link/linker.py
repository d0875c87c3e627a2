"""The automatic linker: ranks the national chapters and sections for a provincial entity.

Scores are lexical (scripts/similarity.py); the weights and cut-offs are one LinkParameters value,
chosen by hand on the shipped plans (benchmarks/link_quality.py) and, for indicators, on one
province and checked on the other (benchmarks/link_heldout.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planlink.scripts.extract import BACKGROUND
from planlink.scripts.link.entities import Linkable, linkables, measured
from planlink.scripts.normalise import sentences
from planlink.scripts.similarity import Vectoriser, cosine, shared_terms


@dataclass(frozen=True)
class LinkParameters:
    # Weights of the lexical score: title↔title, text↔text, provincial title↔national text, same
    # outline role, then the parent's score.
    w_title: float = 0.2
    w_text: float = 0.4
    w_title_text: float = 0.4
    w_role: float = 0.1
    w_context: float = 0.3
    # Indicators: the weight of the plan's own prose about one (times how well its best sentence
    # matches the name), and the share of that best match from which a sentence counts as such prose.
    # Its score is divided by `norm` too, to stay on the scale `threshold` was set for (the prose term
    # is a cosine times a share, far below its bound of 1 in practice; the score is clipped at 1).
    w_prose: float = 1.0
    prose_share: float = 0.5
    threshold: float = 0.16       # below this best score, the national plan is taken to say nothing about it
    implements: float = 0.3       # a further (rank > 1) link at or above this score is asserted and implements
                                  # its national section; below it stays a candidate (score kept, no skos match)
                                  # unless the item restates the section or its siblings' matching keeps it
                                  # (implementation.py)
    restates: float = 0.65        # share of a national clause's weight a provincial sentence says to restate it
    restated_weight: float = 15.0  # a clause lighter than this (坚持因地制宜, 5 bigrams) is too short to tell
    keep: float = 0.85            # further links are kept while within this share of the best score …
    max_links: int = 3            # … up to this many
    exact_title: float = 0.9      # title cosine from which a same-role pair is an exact match
    close: float = 0.33           # score from which a link is a close match
    commitment_similarity: float = 0.6  # clause cosine from which a commitment restates a national figure
    commitment_measure: float = 0.38    # cosine of subject and indicator name from which a commitment restates a measure
    reduce_names: bool = True     # match an indicator by what it measures (its name without the denominator)

    @property
    def norm(self) -> float:  # so a score stays in 0..1
        return (self.w_title + self.w_text + self.w_title_text + self.w_role) * (1 + self.w_context)

    def measured(self, name: str) -> str:
        return measured(name) if self.reduce_names else name


DEFAULTS = LinkParameters()
NARROWER = {"indicator", "item", "task"}  # kinds that implement a part of a national section


class Linker:
    """Ranks the national chapters and sections for a provincial entity, with evidence."""

    def __init__(self, national: dict, params: LinkParameters = DEFAULTS):
        self.params = params
        self.national = [u for u in linkables(national) if u.kind in ("chapter", "section")]
        self.by_id = {u.id: u for u in self.national}
        self.sentences = {u.id: [s for _, s in sentences(u.text)] for u in self.national}
        self.vec = Vectoriser([s for ss in self.sentences.values() for s in ss] +
                              [u.title for u in self.national]).vector
        self.chapter = {u.id: u.parent or u.id for u in self.national}
        self.plan = national["plan"]["id"]
        self.cache: dict = {}
        self.entity_vectors: dict = {}

    def national_text(self, n: Linkable) -> str:
        return n.title + "。" + n.text + "。" + n.children_titles

    def vectors(self, u: Linkable):
        """(title, full text) vectors of an entity, once each; an indicator by what it measures."""
        if u.id not in self.entity_vectors:
            if u.kind == "indicator":
                v = self.vec(self.params.measured(u.title))
                self.entity_vectors[u.id] = (v, v)
            else:
                full = self.national_text(u) if u.id in self.by_id and u.plan == self.plan else u.full_text
                self.entity_vectors[u.id] = (self.vec(u.title), self.vec(full))
        return self.entity_vectors[u.id]

    def direct(self, p: Linkable, n: Linkable) -> float:
        key = (p.id, n.id)
        if key not in self.cache:
            (pt, pf), (nt, nf) = self.vectors(p), self.vectors(n)
            w = self.params
            self.cache[key] = (w.w_title * cosine(pt, nt) + w.w_text * cosine(pf, nf)
                               + w.w_title_text * cosine(pt, nf)
                               + w.w_role * ((p.kind == "chapter") == (n.kind == "chapter")))
        return self.cache[key]

    def score(self, p: Linkable, n: Linkable, context: Linkable | Prose | None) -> float:
        s = self.direct(p, n)
        w = self.params
        if isinstance(context, Prose):  # an indicator also follows the passages that restate it
            s += w.w_prose * context.strength * context.profile.get(n.id, 0.0)
            return round(min(1.0, s / w.norm), 4)
        if context is not None:  # a task follows its parent: the parent's match to N or N's chapter
            s += w.w_context * max(self.direct(context, n), self.direct(context, self.by_id[self.chapter[n.id]]))
        return round(min(1.0, s / w.norm), 4)

    def evidence(self, p: Linkable, n: Linkable) -> str:
        """The national sentence that best supports the link (the title if the body is empty)."""
        ranked = sorted(self.sentences[n.id], key=lambda s: -cosine(self.vec(p.full_text), self.vec(s)))
        return ranked[0] if ranked else n.title

    def candidates(self, p: Linkable, context: Linkable | None) -> list[Linkable]:
        """National chapters and sections; the background review (发展环境) only for a provincial one,
        since a task or target implements a provision, never the account of the past five years."""
        background = bool(BACKGROUND.search(p.title)
                          or (isinstance(context, Linkable) and BACKGROUND.search(context.title)))
        return [n for n in self.national if background or not BACKGROUND.search(n.title)]

    def scored(self, p: Linkable, context: Linkable | Prose | None) -> list[tuple[float, Linkable]]:
        """Every candidate national chapter and section with its score, best first."""
        return sorted(((self.score(p, n, context), n) for n in self.candidates(p, context)),
                      key=lambda x: (-x[0], x[1].id))

    def rank(self, p: Linkable, context: Linkable | None, scored: list | None = None) -> list[dict]:
        w = self.params
        scored = scored or self.scored(p, context)
        best = scored[0][0]
        if best < w.threshold:
            return []
        out = []
        for s, n in scored[:w.max_links]:
            if s < max(w.threshold, w.keep * best):
                break
            out.append({"object": n.id, "score": s, "relation": self.relation(p, n, s, len(out) + 1),
                        "evidence": self.evidence(p, n),
                        "shared_terms": shared_terms(p.full_text, self.national_text(n), self.vec)})
        return out

    def relation(self, p: Linkable, n: Linkable, score: float, rank: int) -> str:
        same_role = (p.kind == "chapter") == (n.kind == "chapter")
        if same_role and p.kind not in ("indicator",) and \
                cosine(self.vec(p.title), self.vec(n.title)) >= self.params.exact_title:
            return "exact"
        if rank == 1 and score >= self.params.close and same_role and p.kind != "indicator":  # a measure is narrower
            return "close"
        if rank == 1 and (p.kind in NARROWER or n.kind == "chapter" and p.kind != "chapter"):
            return "broader"
        return "related"


@dataclass
class Prose:
    """Where a provincial plan discusses one of its indicators, as the linker uses it."""
    strength: float  # cosine of the indicator's name and the best-matching sentence
    profile: dict    # national id → how well those passages link to it (each passage: score / its best)


def indicator_prose(indicator: Linkable, provincial: list[Linkable], linker: Linker) -> Prose | None:
    """The plan's own prose about an indicator, and the national sections that prose links to.

    An indicator's name is short; the sentences that restate it say where it belongs, and their
    sections and 专栏 items are linked well (with their own context), so the indicator inherits
    their national counterparts. Every sentence within prose_share of the best match takes part,
    weighted by its match, so one stray sentence (常住人口 in 政策保障) does not decide alone.
    """
    by_id = {u.id: u for u in provincial}
    name = linker.vec(indicator.title)
    matches = []
    for u in provincial:
        if u.kind == "indicator" or not u.text or BACKGROUND.search(u.title):
            continue  # the review of the past five years states baselines, not where a target belongs
        matches += [(cosine(name, linker.vec(s)), u) for _, s in sentences(u.text)]
    best = max((c for c, _ in matches), default=0.0)
    if best <= 0:
        return None
    profile: dict = {}
    weight = 0.0
    for c, u in matches:
        if c < linker.params.prose_share * best:
            continue
        context = by_id.get(u.parent)
        scores = {n.id: linker.score(u, n, context) for n in linker.candidates(u, context)}
        top = max(scores.values()) or 1.0
        for nid, v in scores.items():
            profile[nid] = profile.get(nid, 0.0) + c * v / top
        weight += c
    return Prose(best, {nid: v / weight for nid, v in profile.items()})


def pooled_prose(plans: dict, linker: Linker, known: dict | None = None) -> dict:
    """indicator id → its Prose, averaged over the indicators (of any plan) that measure the same
    thing in the same words: two plans' targets on one measure implement the same provision.
    known: indicator id → its own Prose (or None), as indicator_prose gave it in an earlier build."""
    known = known or {}
    prose, groups = {}, {}
    for provincial in plans.values():
        for u in provincial:
            if u.kind == "indicator":
                prose[u.id] = known[u.id] if u.id in known else indicator_prose(u, provincial, linker)
                groups.setdefault(re.sub(r"\W+", "", linker.params.measured(u.title)), []).append(u.id)
    out = {}
    for ids in groups.values():
        found = [prose[i] for i in ids if prose[i] is not None]
        if not found:
            continue
        strength = sum(p.strength for p in found)
        profile: dict = {}
        for p in found:
            for nid, v in p.profile.items():
                profile[nid] = profile.get(nid, 0.0) + p.strength * v / strength
        out.update({i: Prose(strength / len(found), profile) for i in ids})
    return out
