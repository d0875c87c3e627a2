"""Which national sections a provincial item implements, beyond its ranked links.

A ranked link says what an item is most like; an item can also carry a national section's content
when its best match is elsewhere (Jiangsu 8.30 强化责任落实 is most like 组织领导, and it also
carries 考核评估's monitoring and evaluation; Shanghai 2.1 总体要求 restates 指导思想 and lists three
of the 基本原则). Two readings, both on the text and the links, never on a list of ids:

- restatement: one of the item's sentences says a clause that only that national section says
  (≥ `restates` of the clause's weight: its character bigrams, weighted by how rare they are in the
  national text), so the link is asserted (added when the ranking had not kept it), with the clause;
- siblings: the sections of a provincial part whose parent implements a national chapter are
  matched one to one with that chapter's sections, best score first; a candidate link that this
  matching keeps is asserted (8.30's 考核评估: its sibling 8.27 holds 组织领导 more strongly).

Each asserted link says why (`basis`); the gaps (gaps.py) are read from the links alone.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from planlink.scripts.extract import BACKGROUND
from planlink.scripts.link.entities import Linkable
from planlink.scripts.normalise import sentences
from planlink.scripts.similarity import clean

CLAUSE_BREAK = re.compile(r"[，；。：]")
NOT_CHINESE = re.compile(r"[^\u4e00-\u9fff]+")  # dates and figures (到2025年末) say no content
ORDINAL = re.compile(r"^[一二三四五六七八九十]+是")  # 一是坚持… : the ordinal is no content


def bigrams(text: str) -> set[str]:
    """The character bigrams of each run of Chinese characters."""
    out: set[str] = set()
    for run in NOT_CHINESE.split(clean(text)):
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


@dataclass(frozen=True)
class Restatement:
    national: str    # the national section's id
    share: float     # how much of the clause's weight the provincial sentence says
    clause: str      # the national clause restated
    sentence: str    # the national sentence holding it (the link's evidence)
    provincial: str  # the provincial sentence that restates it


class Restatements:
    """The distinctive clauses of the national sections, and which of them an item restates."""

    def __init__(self, national: list[Linkable], share: float, min_weight: float):
        self.share = share
        units = [n for n in national if n.kind in ("chapter", "section")]
        said = [(n.id, s) for n in units for _, s in sentences(n.title + "。" + n.text)]
        df = Counter(g for _, s in said for g in bigrams(s))
        self.idf = defaultdict(lambda: math.log(1 + len(said)) + 1.0,
                               {g: math.log((1 + len(said)) / (1 + c)) + 1.0 for g, c in df.items()})
        clauses = []
        for n in units:
            if BACKGROUND.search(n.title):  # the review of the past five years is implemented by nothing
                continue
            for _, sentence in sentences(n.text):
                for part in CLAUSE_BREAK.split(sentence):
                    clause = ORDINAL.sub("", part.strip())
                    weight = sum(self.idf[g] for g in bigrams(clause))
                    if weight >= min_weight:
                        clauses.append((n.id, clause, sentence, weight))
        # distinctive: no other national section says it (坚持以人民为中心 is in 指导思想 and 基本原则 alike)
        every = self._index(clauses)
        shared = {k for nid, s in said for k, share in self._shares(bigrams(s), clauses, every)
                  if clauses[k][0] != nid and share >= self.share}
        self.clauses = [c for k, c in enumerate(clauses) if k not in shared]
        self.postings = self._index(self.clauses)

    def _index(self, clauses: list) -> dict[str, list[int]]:
        """gram → the clauses it may be restated through: a sentence sharing none of a clause's
        heaviest grams that weigh more than (1 − share) of it cannot say `share` of it (prefix
        filtering), so only those grams are indexed and the few clauses found are checked whole."""
        postings: dict[str, list[int]] = defaultdict(list)
        for k, (_, clause, _, weight) in enumerate(clauses):
            kept = 0.0
            for g in sorted(bigrams(clause), key=lambda g: (-self.idf[g], g)):
                postings[g].append(k)
                kept += self.idf[g]
                if kept > (1 - self.share) * weight:
                    break
        return postings

    def _shares(self, said: set[str], clauses: list, postings: dict):
        """(clause index, the share of its weight that a sentence with bigrams `said` says), for the
        clauses the sentence may restate."""
        found = {k for g in said for k in postings.get(g, ())}
        return [(k, round(sum(self.idf[g] for g in bigrams(clauses[k][1]) & said) / clauses[k][3], 4))
                for k in found]

    def of(self, item: Linkable) -> dict[str, Restatement]:
        """national id → the best restatement of one of its clauses by the item's own text."""
        if item.kind == "indicator" or BACKGROUND.search(item.title):
            return {}
        found: dict[str, Restatement] = {}
        for _, sentence in sentences(item.title + "。" + item.text):
            for k, share in self._shares(bigrams(sentence), self.clauses, self.postings):
                nid, clause, national_sentence, _ = self.clauses[k]
                if share >= self.share and share > getattr(found.get(nid), "share", 0):
                    found[nid] = Restatement(nid, share, clause, national_sentence, sentence)
        return found


def add_restatements(auto: list[dict], restated: dict[str, Restatement], score) -> list[dict]:
    """The ranked links with what the item restates asserted: a kept link is marked, one the
    ranking left out is added after them. score(national id) → (lexical score, shared terms)."""
    out = [dict(link) for link in auto]
    kept = {link["object"]: link for link in out}
    for nid, r in sorted(restated.items(), key=lambda kv: (-kv[1].share, kv[0])):
        link = kept.get(nid)
        if link is None:
            lexical, shared = score(nid)
            link = {"object": nid, "score": lexical, "relation": "related", "method": "auto",
                    "shared_terms": shared}
            out.append(link)
        if link is not out[0]:  # the best link keeps the sentence that best supports it
            link["evidence"] = r.sentence
        link.update(restates=r.clause, restated_by=r.provincial)
    return out


def match_siblings(subjects: dict[str, Linkable], links: dict[str, list[dict]], national: dict[str, Linkable]) \
        -> set[tuple[str, str]]:
    """(item, national section) pairs of the one-to-one matching, best score first, of the
    sections under a provincial part whose first link is a national chapter with that chapter's
    sections, over the links the items have (the review of the past five years takes no part)."""
    kids: dict[str, list[str]] = defaultdict(list)
    for sid, u in subjects.items():
        if u.parent and u.kind != "indicator" and not BACKGROUND.search(u.title):
            kids[u.parent].append(sid)
    pairs = set()
    for parent, children in kids.items():
        chapter = national.get((links.get(parent) or [{}])[0].get("object"))
        if chapter is None or chapter.kind != "chapter":
            continue
        sections = {n.id for n in national.values() if n.parent == chapter.id}
        scored = sorted(((link["score"], sid, link["object"]) for sid in children
                         for link in links.get(sid, []) if link["object"] in sections),
                        key=lambda x: (-x[0], x[1], x[2]))
        taken_items, taken_sections = set(), set()
        for _, sid, nid in scored:
            if sid not in taken_items and nid not in taken_sections:
                taken_items.add(sid)
                taken_sections.add(nid)
                pairs.add((sid, nid))
    return pairs
