"""National counterparts, peers and comparisons: provincial plan entities → national sections.

The core is pure (extractions in, dicts out): `linkage(extractions)` ranks, for every provincial
chapter, section, task, indicator, 专栏 and 专栏 item, the national chapters and sections by
Chinese text similarity (scripts/similarity.py), keeps the national sentence that best
supports each link, then applies the reviewed crosswalk graph_data/links/curated.csv.
An indicator's name is short, so it is matched by what it measures (no denominator) and also
linked through its own plan: the passages that restate it (…志愿服务站点覆盖率达到100%) and
those passages' national counterparts, pooled with other plans' targets on the same measure.
`counterparts`, `gaps` and `link_graph` (the RDF for the build) are views of it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from scripts.extract import BACKGROUND, QUANTITY, quantity_comparator
from scripts.measures import known_measures, measure_slug
from scripts.similarity import Vectoriser, cosine, sentences, shared_terms

from scripts.vocab import BASE, ELI, PL, SDMX_DIMENSION, SDMX_MEASURE, SEMAPV, SSSOM

CURATED_CSV = Path(__file__).resolve().parents[1] / "graph_data" / "links" / "curated.csv"
TOOL = "planlink link.py (character n-gram TF-IDF cosine)"

# Weights of the lexical score, chosen by hand on the shipped plans (see benchmarks/link_quality.py):
# title↔title, text↔text, provincial title↔national text, same outline role, then the parent's score.
W_TITLE, W_TEXT, W_TITLE_TEXT, W_ROLE, W_CONTEXT = 0.2, 0.4, 0.4, 0.1, 0.3
NORM = (W_TITLE + W_TEXT + W_TITLE_TEXT + W_ROLE) * (1 + W_CONTEXT)  # so a score stays in 0..1
# Indicators: the weight of the plan's own prose about one (times how well its best sentence matches
# the name), and the share of that best match from which a sentence counts as such prose. Chosen on
# one province and checked on the other (benchmarks/link_heldout.py).
# Its score is divided by NORM too, to stay on the scale THRESHOLD was set for (the prose term is a
# cosine times a share, far below its bound of 1 in practice; the score is clipped at 1).
W_PROSE, PROSE_SHARE = 1.0, 0.5
THRESHOLD = 0.16       # below this best score, the national plan is taken to say nothing about it
KEEP = 0.85            # further links are kept while within this share of the best score …
MAX_LINKS = 3          # … up to this many
EXACT_TITLE = 0.9      # title cosine from which a same-role pair is an exact match
CLOSE = 0.33           # score from which a link is a close match
COMMITMENT_SIMILARITY = 0.6  # clause cosine from which a commitment restates a national figure
NARROWER = {"indicator", "item", "task"}  # kinds that implement a part of a national section

RELATIONS = {"exact": SKOS.exactMatch, "close": SKOS.closeMatch, "broader": SKOS.broadMatch,
             "related": SKOS.relatedMatch}
COMPARATOR_IRIS = {">=": PL.ge, ">": PL.gt, "=": PL.eq, "<=": PL.le, "<": PL.lt}
OUTCOMES = {"stricter": PL.stricter, "equal": PL.equal, "looser": PL.looser,
            "not comparable": PL.notComparable}


# --- entities ------------------------------------------------------------------------------

@dataclass
class Unit:
    """One linkable entity with the text the linker reads."""
    id: str
    plan: str
    kind: str                 # chapter | section | task | indicator | project | item
    title: str
    text: str = ""
    parent: str | None = None  # context: outline parent, project, or the prose that discusses an indicator
    children_text: str = ""
    children_titles: str = ""
    level: int = 2

    @property
    def full_text(self) -> str:
        if self.kind == "chapter":  # a chapter is what its sections are called
            return self.title + "。" + self.text + "。" + self.children_titles
        return self.title + "。" + (self.text or self.children_text)


def entity_iri(entity_id: str) -> URIRef:
    """IRI of a plan entity from its extraction id, as MODEL.md lays them out."""
    m = re.match(r"^([a-z0-9_-]+)-([spic])(\d+(?:\.\d+)*)$", entity_id)
    if not m:
        raise ValueError(f"not a linkable entity id: {entity_id!r}")
    plan, kind, num = m.groups()
    if kind == "s":
        path = f"section/{num}"
    elif kind == "i":
        path = f"indicator/{num}"
    elif kind == "c":
        path = f"commitment/{num}"
    else:
        parts = num.split(".")
        path = f"project/{parts[0]}" + (f"/item/{parts[1]}" if len(parts) > 1 else "")
    return URIRef(f"{BASE}plan/{plan}/{path}")


# What an indicator name divides by, or counts within, is not what it is about:
# 每万城镇常住人口拥有…, …占社区总建筑面积的比例, …在社区综合服务设施中的…, …设施中…; also (含…) notes.
DENOMINATOR = re.compile(r"^每[十百千万]+.*?拥有|占[^占]*?的?(?:比例|比重)$|在[^在]+?中的?|^[^在中]+?中(?!心)|（含[^）]*）")


def measured(name: str) -> str:
    """What an indicator measures: its name without the denominator or base it is counted in."""
    return DENOMINATOR.sub("", name) or name


def units(extraction: dict) -> list[Unit]:
    plan = extraction["plan"]["id"]
    sections = extraction.get("sections", [])
    children: dict = {}
    for s in sections:
        children.setdefault(s.get("parent"), []).append(s)
    out = []
    for s in sections:
        kids = children.get(s["id"], [])
        out.append(Unit(s["id"], plan, {1: "chapter", 2: "section"}.get(s["level"], "task"), s["title"],
                        s.get("text") or "", s.get("parent"),
                        "\n".join(k["title"] + "。" + (k.get("text") or "") for k in kids),
                        "。".join(k["title"] for k in kids), s["level"]))
    for i in extraction.get("indicators", []):
        out.append(Unit(i["id"], plan, "indicator", i["name"], level=4))
    for p in extraction.get("projects", []):
        items = p.get("items", [])
        out.append(Unit(p["id"], plan, "project", p["title"], p.get("text") or "", p.get("section"),
                        "\n".join(k["title"] + "。" + (k.get("text") or "") for k in items),
                        "。".join(k["title"] for k in items), 2))
        for item in items:
            out.append(Unit(item["id"], plan, "item", item["title"], item.get("text") or "", p["id"], level=3))
    return out


# --- the automatic linker ------------------------------------------------------------------

class Linker:
    """Ranks the national chapters and sections for a provincial entity, with evidence."""

    def __init__(self, national: dict):
        self.national = [u for u in units(national) if u.kind in ("chapter", "section")]
        self.by_id = {u.id: u for u in self.national}
        self.sentences = {u.id: sentences(u.text) for u in self.national}
        self.vec = Vectoriser([s for ss in self.sentences.values() for s in ss] +
                              [u.title for u in self.national]).vector
        self.chapter = {u.id: u.parent or u.id for u in self.national}
        self.plan = national["plan"]["id"]
        self.cache: dict = {}
        self.unit_vectors: dict = {}

    def national_text(self, n: Unit) -> str:
        return n.title + "。" + n.text + "。" + n.children_titles

    def vectors(self, u: Unit):
        """(title, full text) vectors of a unit, once per unit; an indicator by what it measures."""
        if u.id not in self.unit_vectors:
            if u.kind == "indicator":
                v = self.vec(measured(u.title))
                self.unit_vectors[u.id] = (v, v)
            else:
                full = self.national_text(u) if u.id in self.by_id and u.plan == self.plan else u.full_text
                self.unit_vectors[u.id] = (self.vec(u.title), self.vec(full))
        return self.unit_vectors[u.id]

    def direct(self, p: Unit, n: Unit) -> float:
        key = (p.id, n.id)
        if key not in self.cache:
            (pt, pf), (nt, nf) = self.vectors(p), self.vectors(n)
            self.cache[key] = (W_TITLE * cosine(pt, nt) + W_TEXT * cosine(pf, nf) + W_TITLE_TEXT * cosine(pt, nf)
                               + W_ROLE * ((p.kind == "chapter") == (n.kind == "chapter")))
        return self.cache[key]

    def score(self, p: Unit, n: Unit, context: Unit | Prose | None) -> float:
        s = self.direct(p, n)
        if isinstance(context, Prose):  # an indicator also follows the passages that restate it
            s += W_PROSE * context.strength * context.profile.get(n.id, 0.0)
            return round(min(1.0, s / NORM), 4)
        if context is not None:  # a task follows its parent: the parent's match to N or N's chapter
            s += W_CONTEXT * max(self.direct(context, n), self.direct(context, self.by_id[self.chapter[n.id]]))
        return round(min(1.0, s / NORM), 4)

    def evidence(self, p: Unit, n: Unit) -> str:
        """The national sentence that best supports the link (the title if the body is empty)."""
        ranked = sorted(self.sentences[n.id], key=lambda s: -cosine(self.vec(p.full_text), self.vec(s)))
        return ranked[0] if ranked else n.title

    def candidates(self, p: Unit, context: Unit | None) -> list[Unit]:
        """National chapters and sections; the background review (发展环境) only for a provincial one,
        since a task or target implements a provision, never the account of the past five years."""
        background = bool(BACKGROUND.search(p.title) or (isinstance(context, Unit) and BACKGROUND.search(context.title)))
        return [n for n in self.national if background or not BACKGROUND.search(n.title)]

    def rank(self, p: Unit, context: Unit | None) -> list[dict]:
        scored = sorted(((self.score(p, n, context), n) for n in self.candidates(p, context)),
                        key=lambda x: (-x[0], x[1].id))
        best = scored[0][0]
        if best < THRESHOLD:
            return []
        out = []
        for s, n in scored[:MAX_LINKS]:
            if s < max(THRESHOLD, KEEP * best):
                break
            out.append({"object": n.id, "score": s, "relation": self.relation(p, n, s, len(out) + 1),
                        "evidence": self.evidence(p, n),
                        "shared_terms": shared_terms(p.full_text, self.national_text(n), self.vec)})
        return out

    def relation(self, p: Unit, n: Unit, score: float, rank: int) -> str:
        same_role = (p.kind == "chapter") == (n.kind == "chapter")
        if same_role and p.kind not in ("indicator",) and cosine(self.vec(p.title), self.vec(n.title)) >= EXACT_TITLE:
            return "exact"
        if rank == 1 and score >= CLOSE and same_role and p.kind != "indicator":  # a measure is narrower
            return "close"
        if rank == 1 and (p.kind in NARROWER or n.kind == "chapter" and p.kind != "chapter"):
            return "broader"
        return "related"


@dataclass
class Prose:
    """Where a provincial plan discusses one of its indicators, as the linker uses it."""
    strength: float  # cosine of the indicator's name and the best-matching sentence
    profile: dict    # national id → how well those passages link to it (each passage: score / its best)


def indicator_prose(indicator: Unit, provincial: list[Unit], linker: Linker) -> Prose | None:
    """The plan's own prose about an indicator, and the national sections that prose links to.

    An indicator's name is short; the sentences that restate it say where it belongs, and their
    sections and 专栏 items are linked well (with their own context), so the indicator inherits
    their national counterparts. Every sentence within PROSE_SHARE of the best match takes part,
    weighted by its match, so one stray sentence (常住人口 in 政策保障) does not decide alone.
    """
    by_id = {u.id: u for u in provincial}
    name = linker.vec(indicator.title)
    matches = []
    for u in provincial:
        if u.kind == "indicator" or not u.text or BACKGROUND.search(u.title):
            continue  # the review of the past five years states baselines, not where a target belongs
        matches += [(cosine(name, linker.vec(s)), u) for s in sentences(u.text)]
    best = max((c for c, _ in matches), default=0.0)
    if best <= 0:
        return None
    profile: dict = {}
    weight = 0.0
    for c, u in matches:
        if c < PROSE_SHARE * best:
            continue
        context = by_id.get(u.parent)
        scores = {n.id: linker.score(u, n, context) for n in linker.candidates(u, context)}
        top = max(scores.values()) or 1.0
        for nid, v in scores.items():
            profile[nid] = profile.get(nid, 0.0) + c * v / top
        weight += c
    return Prose(best, {nid: v / weight for nid, v in profile.items()})


def pooled_prose(plans: dict, linker: Linker) -> dict:
    """indicator id → its Prose, averaged over the indicators (of any plan) that measure the same
    thing in the same words: two plans' targets on one measure implement the same provision."""
    prose, groups = {}, {}
    for provincial in plans.values():
        for u in provincial:
            if u.kind == "indicator":
                prose[u.id] = indicator_prose(u, provincial, linker)
                groups.setdefault(re.sub(r"\W+", "", measured(u.title)), []).append(u.id)
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


# --- the curated crosswalk -----------------------------------------------------------------

def load_curated(path: Path | None = CURATED_CSV) -> list[dict]:
    if path is None or not Path(path).exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        rows = []
        for n, row in enumerate(csv.DictReader(f), start=2):
            if None in row:
                raise ValueError(f"{path}: line {n} has more fields than the header (quote notes with commas)")
            rows.append({k: (v or "").strip() for k, v in row.items()})
    for row in rows:
        if row["decision"] not in ("confirm", "correct", "reject"):
            raise ValueError(f"curated.csv: decision must be confirm, correct or reject, not {row['decision']!r}")
        if row["decision"] != "reject" and row.get("relation") not in RELATIONS:
            raise ValueError(f"curated.csv: {row['subject_id']}: relation must be one of {', '.join(RELATIONS)}")
    return rows


def apply_curated(subject: str, auto: list[dict], rows: list[dict], judge) -> tuple[list[dict], str | None]:
    """Reviewed decisions over the automatic links: curated links first, then the remaining auto ones.

    reject with an object removes that link; reject with no object says the national plan has no
    counterpart (the note is the reason). confirm keeps a link as reviewed; correct puts the
    reviewer's object first with the reviewer's relation. judge(object id) → (lexical score, evidence).
    """
    mine = [r for r in rows if r["subject_id"] == subject]
    if not mine:
        return auto, None
    by_object = {link["object"]: link for link in auto}
    curated, reason = [], None
    for r in mine:
        if r["decision"] == "reject":
            if r["object_id"]:
                by_object.pop(r["object_id"], None)
            else:
                by_object.clear()
                reason = r["note"] or "a reviewer found no national counterpart"
            continue
        found = by_object.pop(r["object_id"], None)
        lexical, evidence = (found["score"], found["evidence"]) if found else judge(r["object_id"])
        curated.append({"object": r["object_id"], "relation": r["relation"], "score": 1.0, "auto_score": lexical,
                        "evidence": r.get("evidence") or evidence, "method": "curated", "decision": r["decision"],
                        "note": r["note"] or None, "reviewer": r.get("reviewer") or None,
                        "shared_terms": (found or {}).get("shared_terms", [])})
    if curated:
        reason = None
    rest = [link for link in auto if link["object"] in by_object]
    return curated + rest, reason


# --- national figures and comparisons ------------------------------------------------------

FULL_COVERAGE = re.compile(r"全覆盖")
UNITS = {"万人": ("人", 10000), "万家": ("家", 10000), "万个": ("个", 10000), "万": ("", 10000),
         "平方米": ("平方米", 1), "%": ("%", 1), "人": ("人", 1), "家": ("家", 1), "个": ("个", 1),
         "小时": ("小时", 1)}


def national_figures(national: dict) -> list[dict]:
    """Quantities the national text states: numbers with units, and 全覆盖 (= 100%)."""
    out = []
    for s in national.get("sections", []):
        background = bool(BACKGROUND.search(s["title"]))
        years = [int(y) for y in re.findall(r"(20\d\d)年", s.get("text") or "")]
        k = 0
        for sentence in sentences(s.get("text") or ""):
            found = [(m.start(), m.end(), m.group("num"), m.group("unit"), m) for m in QUANTITY.finditer(sentence)]
            found += [(m.start(), m.end(), "100", "%", None) for m in FULL_COVERAGE.finditer(sentence)]
            for start, end, num, unit, m in sorted(found, key=lambda f: f[:2]):
                year = re.search(r"(20\d\d)年", sentence)
                comparator = quantity_comparator(m) if m is not None else "="
                k += 1
                out.append({"id": f"{s['id']}-q{k}", "section": s["id"], "sentence": sentence,
                            "clause": clause(sentence, start, end), "value": float(num), "unit": unit,
                            "comparator": comparator,
                            "year": int(year.group(1)) if year else (max(years) if background and years else None),
                            "status": "baseline" if background else "requirement"})
    return out


def clause(sentence: str, start: int, end: int) -> str:
    """The clause of a sentence around sentence[start:end], between commas or stops."""
    clause_start = max(sentence.rfind(c, 0, start) for c in "，。；：") + 1
    clause_end = min([i for i in (sentence.find(c, end) for c in "，。；") if i >= 0] or [len(sentence)])
    return sentence[clause_start:clause_end]


def commitment_clause(commitment: dict) -> str:
    """The clause stating a commitment's own quantity (a sentence may state several)."""
    text, value = commitment["text"], commitment["value"]
    number = str(int(value)) if float(value).is_integer() else str(value)
    m = re.search(rf"(?<![\d.]){re.escape(number)}\s*{re.escape(commitment['unit'] or '')}", text)
    return clause(text, m.start(), m.end()) if m else text


def quantity(value, unit, comparator, year) -> dict:
    return {"value": value, "unit": unit, "comparator": comparator or "=", "year": year}


def compare(mine: dict, other: dict) -> tuple[str, str]:
    """Is `mine` stricter than, equal to, looser than `other`, or not comparable? And why.

    Targets are read as bounds: ≥v and =v ask for at least v, >v for more than v (so >30 is
    stricter than ≥30), ≤ and < bound from above. Units are brought to one scale (3万人 = 30000人);
    different units, years or directions are not comparable.
    """
    if mine.get("value") is None or other.get("value") is None:
        return "not comparable", "one side has no figure"
    (base_a, scale_a), (base_b, scale_b) = unit_scale(mine.get("unit")), unit_scale(other.get("unit"))
    if base_a != base_b:
        return "not comparable", f"different units ({mine.get('unit') or '—'} vs {other.get('unit') or '—'})"
    if mine.get("year") and other.get("year") and mine["year"] != other["year"]:
        return "not comparable", f"different years ({mine['year']} vs {other['year']})"
    a, b = Decimal(str(mine["value"])) * scale_a, Decimal(str(other["value"])) * scale_b
    up_a, up_b = mine.get("comparator", "=") not in ("<=", "<"), other.get("comparator", "=") not in ("<=", "<")
    if up_a != up_b:
        return "not comparable", "one bounds from below, the other from above"
    strict_a, strict_b = mine.get("comparator") in (">", "<"), other.get("comparator") in (">", "<")
    if a == b:
        if strict_a == strict_b:
            return "equal", f"same bound {fmt(mine)} = {fmt(other)}"
        return ("stricter", f"{fmt(mine)} excludes the bound {fmt(other)} allows") if strict_a else \
            ("looser", f"{fmt(mine)} allows the bound {fmt(other)} excludes")
    higher = a > b
    return ("stricter" if higher == up_a else "looser"), f"{fmt(mine)} vs {fmt(other)}"


def unit_scale(unit: str | None) -> tuple[str, Decimal]:
    base, scale = UNITS.get((unit or "").strip(), ((unit or "").strip(), 1))
    return base, Decimal(scale)


def fmt(q: dict) -> str:
    sign = {">=": "≥", "<=": "≤", "=": "", ">": ">", "<": "<"}.get(q.get("comparator") or "=", "")
    v = q["value"]
    v = int(v) if float(v).is_integer() else v
    return f"{sign}{v}{q.get('unit') or ''}" + (f" ({q['year']})" if q.get("year") else "")


def figure_matches(indicator: dict, figures: list[dict], vec, linked: set[str]) -> list[dict]:
    """National figures about the same thing as an indicator: close wording and compatible units."""
    out = []
    for f in figures:
        if unit_scale(f["unit"])[0] != unit_scale(indicator.get("unit"))[0]:
            continue
        sim = cosine(vec(indicator["name"]), vec(f["clause"]))
        if sim >= 0.45 or (f["section"] in linked and sim >= 0.3):
            out.append({**f, "similarity": round(sim, 3), "same_measure": sim >= 0.75})
    return sorted(out, key=lambda f: -f["similarity"])[:2]


# --- the whole linkage ---------------------------------------------------------------------

@dataclass
class Linkage:
    links: dict = field(default_factory=dict)        # subject id → [link dicts], best first
    reasons: dict = field(default_factory=dict)      # subject id → no-counterpart reason
    subjects: dict = field(default_factory=dict)     # subject id → Unit
    national: dict = field(default_factory=dict)     # national id → Unit
    measures: dict = field(default_factory=dict)     # slug → {label_zh, …, targets: [indicator ids]}
    indicators: dict = field(default_factory=dict)   # indicator id → extraction row
    figures: list = field(default_factory=list)      # national figures
    comparisons: list = field(default_factory=list)  # {subject, other, kind, outcome, explanation, …}
    commitments: dict = field(default_factory=dict)  # provincial commitment id → extraction row
    levels: dict = field(default_factory=dict)       # plan id → "national" | "provincial" | "municipal"


def national_plan(extractions: dict) -> dict | None:
    return next((x for x in extractions.values() if x["plan"].get("level") == "national"), None)


def linkage(extractions: dict, curated: Path | list | None = CURATED_CSV) -> Linkage:
    """Everything the linker knows: links, reasons, measures, figures, comparisons."""
    rows = curated if isinstance(curated, list) else load_curated(curated)
    result = Linkage(levels={plan_id: x["plan"].get("level") for plan_id, x in extractions.items()})
    national = national_plan(extractions)
    if national is None:
        return result
    linker = Linker(national)
    result.national = linker.by_id
    result.figures = national_figures(national)
    plans = {plan_id: units(x) for plan_id, x in sorted(extractions.items()) if x is not national}
    prose = pooled_prose(plans, linker)
    for plan_id, x in sorted(extractions.items()):
        if x is national:
            continue
        provincial = plans[plan_id]
        by_id = {u.id: u for u in provincial}
        for u in provincial:
            result.subjects[u.id] = u
            context = prose.get(u.id) if u.kind == "indicator" else by_id.get(u.parent)
            auto = linker.rank(u, context)
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
            if links:
                result.links[u.id] = links
            else:
                best = max((linker.score(u, n, context) for n in linker.candidates(u, context)), default=0.0)
                result.reasons[u.id] = reason or (
                    f"no national section is similar enough: best lexical score {best:.2f} "
                    f"is below the threshold {THRESHOLD}")
        for row in x.get("indicators", []):
            result.indicators[row["id"]] = {**row, "plan": plan_id}
        for row in x.get("commitments", []):
            result.commitments[row["id"]] = {**row, "plan": plan_id}
    measures_and_comparisons(result, linker)
    commitment_comparisons(result, linker)
    return result


def commitment_comparisons(result: Linkage, linker: Linker) -> None:
    """A provincial commitment in the prose against the national figure it restates.

    Paired when the units agree and the clauses are worded alike (每天不少于8小时 in both
    plans); then compared like targets. National status figures (发展环境) are not requirements.
    """
    for cid, row in result.commitments.items():
        mine = quantity(row["value"], row["unit"], row["comparator"], None)
        wording = linker.vec(commitment_clause(row))
        for f in result.figures:
            if f["status"] == "baseline" or unit_scale(f["unit"])[0] != unit_scale(row["unit"])[0]:
                continue
            if cosine(wording, linker.vec(f["clause"])) < COMMITMENT_SIMILARITY:
                continue
            other = quantity(f["value"], f["unit"], f["comparator"], None)
            outcome, why = compare(mine, other)
            result.comparisons.append({"subject": cid, "other": f["id"], "kind": "national", "outcome": outcome,
                                       "explanation": why, "other_quantity": other, "other_text": f["sentence"],
                                       "figure": f})


def measures_and_comparisons(result: Linkage, linker: Linker):
    info = known_measures()["info"]
    for iid, row in result.indicators.items():
        slug = measure_slug(row["name"])
        m = result.measures.setdefault(slug, {"slug": slug, "label_zh": row["name"], "alt_zh": [], "label_en": None,
                                              "definition": None, "divided_by_zh": None, "divided_by_en": None,
                                              "close": set(), "related": set(), "targets": []})
        if slug in info:
            m.update({k: info[slug][k] for k in ("label_zh", "label_en", "definition", "divided_by_zh", "divided_by_en")})
            m["close"], m["related"] = set(info[slug]["close"]), set(info[slug]["related"])
        if row["name"] != m["label_zh"] and row["name"] not in m["alt_zh"]:
            m["alt_zh"].append(row["name"])
        m["targets"].append(iid)
    for m in result.measures.values():  # only relate measures that are in the graph
        m["close"] &= result.measures.keys()
        m["related"] &= result.measures.keys()
    for iid, row in result.indicators.items():
        target = quantity(row["target"].get("value"), row.get("unit"), row["target"].get("comparator"),
                          row["target"].get("year"))
        for peer in peers_of(result, iid):
            p = result.indicators[peer]
            other = quantity(p["target"].get("value"), p.get("unit"), p["target"].get("comparator"),
                             p["target"].get("year"))
            outcome, why = compare(target, other)
            result.comparisons.append({"subject": iid, "other": peer, "kind": "peer", "outcome": outcome,
                                       "explanation": why, "other_quantity": other, "other_text": p["target"].get("text")})
        linked = {link["object"] for link in result.links.get(iid, [])}
        for f in figure_matches(row, result.figures, linker.vec, linked):
            other = quantity(f["value"], f["unit"], f["comparator"], f["year"])
            if not f["same_measure"]:
                outcome, why = "not comparable", f"the national figure measures something else: {f['clause']}"
            elif f["status"] == "baseline":
                outcome, why = compare(target, other)
                if outcome != "not comparable":
                    outcome, why = "not comparable", f"the national figure is a {f['year']} status, not a target"
            else:
                outcome, why = compare(target, other)
            result.comparisons.append({"subject": iid, "other": f["id"], "kind": "national", "outcome": outcome,
                                       "explanation": why, "other_quantity": other, "other_text": f["sentence"],
                                       "figure": f})


def peers_of(result: Linkage, indicator_id: str) -> list[str]:
    """Targets of the same measure in the other provincial plans (the peers the API shows): at most
    one per province, so comparisons grow with the plans, not with their pairs."""
    plan = result.indicators[indicator_id]["plan"]
    slug = measure_slug(result.indicators[indicator_id]["name"])
    return [t for t in result.measures.get(slug, {}).get("targets", [])
            if result.indicators[t]["plan"] != plan and result.levels.get(result.indicators[t]["plan"]) == "provincial"]


# --- views: records, gaps ------------------------------------------------------------------

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


def gaps(extractions: dict, plan: str | None = None, curated: Path | list | None = CURATED_CSV) -> list[dict]:
    """Provincial items with no national counterpart, and national sections no item of a plan links to."""
    result = linkage(extractions, curated)
    out = []
    plans = sorted({u.plan for u in result.subjects.values()})
    for p in plans:
        if plan and p != plan:
            continue
        for sid, reason in result.reasons.items():
            u = result.subjects[sid]
            if u.plan == p:
                out.append({"plan": p, "side": "provincial", "id": sid, "kind": u.kind, "title": u.title,
                            "no_counterpart_reason": reason})
        used = {links[0]["object"] for sid, links in result.links.items() if result.subjects[sid].plan == p}
        for nid, n in result.national.items():
            if nid not in used:
                out.append({"plan": p, "side": "national", "id": nid, "kind": n.kind, "title": n.title,
                            "no_counterpart_reason": f"it is the best counterpart of no {p} chapter, section, "
                                                     "task, indicator or 专栏 item"})
    return out


# --- RDF -----------------------------------------------------------------------------------

def link_graph(extractions: dict, curated: Path | list | None = CURATED_CSV) -> Graph:
    """The triples of the links, measures, national figures and comparisons (MODEL.md "Links")."""
    result = linkage(extractions, curated)
    g = Graph()
    for prefix, ns in (("pl", PL), ("skos", SKOS), ("sssom", SSSOM), ("semapv", SEMAPV), ("dcterms", DCTERMS)):
        g.bind(prefix, ns)
    for sid, links in result.links.items():
        subject = entity_iri(sid)
        for link in links:
            node = URIRef(f"{subject}/link/{link['rank']}")
            obj = entity_iri(link["object"])
            relation = RELATIONS[link["relation"]]
            g.add((node, RDF.type, PL.CounterpartLink))
            g.add((node, PL.subject, subject))
            g.add((node, PL.object, obj))
            g.add((node, PL.relation, relation))
            g.add((node, PL.score, Literal(Decimal(str(link["score"])), datatype=XSD.decimal)))
            g.add((node, SSSOM.confidence, Literal(Decimal(str(link["score"])), datatype=XSD.decimal)))
            g.add((node, PL.method, PL.curated if link["method"] == "curated" else PL.auto))
            g.add((node, PL.evidence, Literal(link["evidence"])))
            g.add((node, PL.rank, Literal(link["rank"], datatype=XSD.integer)))
            g.add((node, SSSOM.mapping_justification,
                   SEMAPV.ManualMappingCuration if link["method"] == "curated" else SEMAPV.LexicalMatching))
            g.add((node, SSSOM.mapping_tool, Literal(TOOL)))
            if link.get("auto_score") is not None:
                g.add((node, PL.lexicalScore, Literal(Decimal(str(link["auto_score"])), datatype=XSD.decimal)))
            if link.get("shared_terms"):
                g.add((node, PL.sharedTerms, Literal("、".join(link["shared_terms"]))))
            if link.get("note"):
                g.add((node, RDFS.comment, Literal(link["note"])))
            if link.get("reviewer"):
                g.add((node, SSSOM.author_label, Literal(link["reviewer"])))
            g.add((subject, relation, obj))
    for sid, reason in result.reasons.items():
        g.add((entity_iri(sid), PL.noCounterpartReason, Literal(reason)))
    for m in result.measures.values():
        iri = URIRef(f"{BASE}measure/{m['slug']}")
        g.add((iri, RDF.type, PL.Measure))
        g.add((iri, RDF.type, SKOS.Concept))
        g.add((iri, DCTERMS.identifier, Literal(m["slug"])))
        g.add((iri, SKOS.prefLabel, Literal(m["label_zh"], lang="zh")))
        if m["label_en"]:
            g.add((iri, SKOS.prefLabel, Literal(m["label_en"], lang="en")))
        for alt in m["alt_zh"]:
            g.add((iri, SKOS.altLabel, Literal(alt, lang="zh")))
        if m["definition"]:
            g.add((iri, SKOS.definition, Literal(m["definition"], lang="en")))
        for lang in ("zh", "en"):
            if m["divided_by_" + lang]:
                g.add((iri, PL.dividedBy, Literal(m["divided_by_" + lang], lang=lang)))
        for other in sorted(m["close"]):
            g.add((iri, SKOS.closeMatch, URIRef(f"{BASE}measure/{other}")))
        for other in sorted(m["related"]):
            g.add((iri, SKOS.relatedMatch, URIRef(f"{BASE}measure/{other}")))
        for t in m["targets"]:
            target = entity_iri(t)
            g.add((target, PL.measure, iri))
            for role in ("baseline", "target"):
                g.add((URIRef(f"{target}#{role}"), PL.measure, iri))
    used_figures = {c["other"] for c in result.comparisons if c["kind"] == "national"}
    for f in result.figures:
        if f["id"] not in used_figures:
            continue
        node = figure_iri(f)
        g.add((node, RDF.type, PL.NationalFigure))
        g.add((node, DCTERMS.identifier, Literal(f["id"])))
        g.add((node, PL.inPlan, URIRef(f"{BASE}plan/national")))
        g.add((node, ELI.is_part_of, entity_iri(f["section"])))
        g.add((node, PL.text, Literal(f["sentence"])))
        g.add((node, PL.subjectText, Literal(f["clause"])))
        g.add((node, SDMX_MEASURE.obsValue, Literal(Decimal(str(f["value"])), datatype=XSD.decimal)))
        g.add((node, PL.comparator, COMPARATOR_IRIS[f["comparator"]]))
        g.add((node, PL.unit, Literal(f["unit"])))
        g.add((node, PL.figureStatus, PL.reported if f["status"] == "baseline" else PL.required))
        if f["year"]:
            g.add((node, SDMX_DIMENSION.refPeriod, Literal(f"{f['year']:04d}", datatype=XSD.gYear)))
    counters: dict = {}
    for c in result.comparisons:
        subject = entity_iri(c["subject"])
        counters[c["subject"]] = counters.get(c["subject"], 0) + 1
        node = URIRef(f"{subject}/comparison/{counters[c['subject']]}")
        other = entity_iri(c["other"]) if c["kind"] == "peer" else figure_iri(c["figure"])
        g.add((node, RDF.type, PL.Comparison))
        g.add((node, PL.subject, subject))
        g.add((node, PL.comparedWith, other))
        g.add((node, PL.outcome, OUTCOMES[c["outcome"]]))
        g.add((node, PL.explanation, Literal(c["explanation"])))
        g.add((subject, PL.comparison, node))
        if c["kind"] == "national":
            for link in result.links.get(c["subject"], []):
                if link["object"] == c["figure"]["section"]:
                    g.add((URIRef(f"{subject}/link/{link['rank']}"), PL.nationalFigure, other))
                    g.add((URIRef(f"{subject}/link/{link['rank']}"), PL.comparison, node))
    return g


def figure_iri(figure: dict) -> URIRef:
    n = figure["id"].rsplit("-q", 1)[1]
    return URIRef(f"{entity_iri(figure['section'])}/quantity/{n}")


def link_into(data: Graph, extractions: dict) -> None:
    """The build's linking step: counterparts, comparisons and the measures' descriptions.

    graph.py already says which measure each target measures (scripts.measures.measure_slug);
    the measures themselves are described here, where every plan's wording is known.
    """
    data += link_graph(extractions)
