"""What the review shows, read from what the build wrote (no HTTP, nothing recomputed): the SSSOM
mapping set beside the dumps (links, candidates, rejections, doubts), the graph (texts, the gap
report) and the English labels' file.

The queue puts the most uncertain first. For an item whose best candidate scores s1 and whose
next scores s2, uncertainty = (1 − s1) − (s1 − s2): least confidence less the margin, so a low
score and a narrow margin both raise it (a curated link scores 1: nothing to doubt). An item that
is the closest to a national gap of its plan is raised to 1 − (s1 − sN), sN its score for that
section: how near a link to it is to being its best. Items a reviewer has decided are left out.
Each entry says why it is where it is (`reasons`): its best score, its margin over the next
candidate, the gap it is nearest to: the numbers the ordering uses.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from planlink.api import services
from planlink.api.services.counterparts import _counterparts
from planlink.api.views.page_tables import read_source

STATUS_ORDER = {"asserted": 0, "candidate": 1, "unsure": 2, "rejected": 3, "no_counterpart": 4}
RELATIONS = {"exactMatch": "exact", "closeMatch": "close", "broadMatch": "broader", "relatedMatch": "related"}
LOW_SCORE, NARROW_MARGIN = 0.3, 0.05  # words for the numbers: the score from which a further link implements
SHOWN = 600  # characters of an item's source shown before "more"
HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*$")  # a markdown heading line (Shanghai's ### 三、…)
RULES = {"bestCounterpart": "best counterpart", "curatedCounterpart": "curated", "furtherLink": "strong further link",
         "restatement": "restates a clause", "siblingMatch": "match among siblings"}


@dataclass
class Candidate:
    id: str | None
    label: str
    relation: str
    status: str
    score: float | None
    rank: int | None
    justification: str
    author: str
    comment: str
    negated: bool
    rule: str = ""  # why it implements its national section (an asserted link)

    @property
    def curated(self) -> bool:
        return self.justification.endswith("ManualMappingCuration")


@dataclass
class Entry:
    id: str
    plan: str
    label: str
    candidates: list[Candidate]
    uncertainty: float = 0.0
    closes: list[str] = field(default_factory=list)  # national gaps a link of this item would close
    reviewed: bool = False
    reasons: list[str] = field(default_factory=list)  # why it is this uncertain, in words and numbers

    @property
    def first(self) -> Candidate | None:
        return next((c for c in self.candidates if c.status == "asserted"), None)

    def scored(self) -> list[Candidate]:
        """Its links and candidates with a score, highest first (the queue's s1, s2 …)."""
        return sorted((c for c in self.candidates if c.score is not None and not c.negated
                       and c.status in ("asserted", "candidate")), key=lambda c: -c.score)


def read_mapping_set(path: Path) -> tuple[dict, list[dict]]:
    """(the YAML header, the rows) of an SSSOM/TSV file."""
    text = Path(path).read_text(encoding="utf-8")
    header = "".join(line[1:] + "\n" for line in text.splitlines() if line.startswith("#"))
    body = "".join(line + "\n" for line in text.splitlines() if not line.startswith("#"))
    return yaml.safe_load(header) or {}, list(csv.DictReader(io.StringIO(body), delimiter="\t"))


class Review:
    """The review's view of one build: entries by item id, the queue, texts, gaps, labels."""

    def __init__(self, store, mapping_set: Path, translations: Path, curated: Path, sources: Path | None = None):
        self.store, self.translations_path, self.curated_path, self.sources = store, translations, curated, sources
        meta, rows = read_mapping_set(mapping_set)
        base = meta.get("curie_map", {}).get("planlink", "")
        self.entities = self._entities()
        self.national = {s["id"]: s for s in services.sections(store, "national")}
        self.entries: dict[str, Entry] = {}
        for row in rows:
            sid = self._id(row["subject_id"], base)
            entry = self.entries.get(sid)
            if entry is None:
                entry = self.entries[sid] = Entry(sid, sid.split("-", 1)[0], row.get("subject_label", ""), [])
            entry.candidates.append(Candidate(
                self._id(row["object_id"], base) if row["object_id"] != "sssom:NoTermFound" else None,
                row.get("object_label", ""), RELATIONS.get(row["predicate_id"].split(":")[-1], "related"),
                row.get("planlink_status", ""),
                float(row["confidence"]) if row.get("confidence") else
                (float(row["similarity_score"]) if row.get("similarity_score") else None),
                int(row["planlink_rank"]) if row.get("planlink_rank") else None, row["mapping_justification"],
                row.get("author_label") or row.get("author_id", ""), row.get("comment", ""),
                row.get("predicate_modifier") == "Not",
                RULES.get((row.get("curation_rule") or "").split(":")[-1], "")))
        self.gaps = services.gap_reports(store)
        decided = {row["subject_id"] for row in _csv(curated)}
        for entry in self.entries.values():
            entry.candidates.sort(key=lambda c: (STATUS_ORDER.get(c.status, 9), c.rank or 99, -(c.score or 0)))
            entry.reviewed = entry.id in decided
            entry.uncertainty = _uncertainty(entry)
            entry.reasons = _reasons(entry)
        for report in self.gaps.values():
            for gap in report["gaps"]:
                near = self.entries.get((gap["closest"] or {}).get("id") or "")
                if gap["side"] == "national" and near is not None:
                    near.closes.append(gap["id"])
                    scored = [c.score for c in near.candidates if c.id == gap["id"] and c.score is not None]
                    first = near.first.score if near.first and near.first.score is not None else 0.0
                    near.uncertainty = max(near.uncertainty, round(1 - (first - max(scored, default=0.0)), 4))
                    near.reasons.append(f"would close the gap {gap['id']} {gap['title']} (its link scores "
                                        f"{max(scored, default=0.0):.2f}, {first - max(scored, default=0.0):.2f} "
                                        f"below the best)")

    def _entities(self) -> dict[str, dict]:
        """IRI → {"id", "title", "text", "plan", "parent"} for every chapter, section, task, 专栏, item
        and indicator target of the graph."""
        found = {}
        for s in services.sections(self.store):
            found[s["iri"]] = {"id": s["id"], "title": s["title"], "text": s["text"], "plan": s["plan"],
                               "parent": s["parent"]}
        for p in services.projects(self.store):
            found[p["iri"]] = {"id": p["id"], "title": p["title"], "text": "", "plan": p["plan"],
                               "parent": p["section"]}
            for item in p["items"]:
                found[item["iri"]] = {"id": item["id"], "title": item["title"], "text": item["text"],
                                      "plan": p["plan"], "parent": p["id"]}
        for i in services.indicators(self.store):
            target = i.get("target") or {}
            found[i["iri"]] = {"id": i["id"], "title": i["name"], "text": f"{i['name']}：{target.get('text') or ''}"
                               f"（{target.get('year') or ''}）", "plan": i["plan"], "parent": i.get("section")}
        for iri, entity in found.items():
            entity["iri"] = iri
        return found

    def _id(self, curie: str, base: str) -> str:
        iri = base + curie.split(":", 1)[1] if curie.startswith("planlink:") else curie
        entity = self.entities.get(iri)
        return entity["id"] if entity else curie

    def queue(self, limit: int | None = None, reviewed: bool = False) -> list[Entry]:
        """Entries most uncertain first (those a reviewer decided only with reviewed=True)."""
        ranked = sorted((e for e in self.entries.values() if e.reviewed == reviewed),
                        key=lambda e: (-e.uncertainty, e.id))
        return ranked[:limit] if limit else ranked

    def entity(self, entity_id: str) -> dict | None:
        return next((e for e in self.entities.values() if e["id"] == entity_id), None)

    def context(self, entity_id: str) -> dict | None:
        """The item as its source prints it, from its first character to its last: {"shown": blocks,
        "more": blocks, "plan", "start", "end"}, each block {"heading": level or 0, "text"}, the lines
        past the first SHOWN characters in "more"; None when the source file is not at hand (or is not
        the one the graph was built from)."""
        entity = self.entity(entity_id)
        if entity is None or self.sources is None:
            return None
        document = services.source_document(self.store, entity["plan"])
        span = next((s for s in services.source_spans(self.store, document["iri"]) if s["iri"] == entity["iri"]),
                    None)
        text = read_source(Path(self.sources), document)
        if span is None or text is None:
            return None
        line_start = text.rfind("\n", 0, span["start"]) + 1  # the span may start after a heading's ### marks
        shown, more, length = [], [], 0
        for block in source_blocks(text[line_start:span["end"]] if HEADING.match(text[line_start:span["start"]])
                                   else text[span["start"]:span["end"]]):
            (shown if length < SHOWN else more).append(block)
            length += len(block["text"])
        return {"shown": shown, "more": more, "plan": entity["plan"], "start": span["start"], "end": span["end"]}

    def children(self, entity_id: str) -> list[dict]:
        """The provincial parts under an item (a chapter's sections, a 专栏's items), in document order."""
        return [e for e in self.entities.values() if e["parent"] == entity_id]

    def national_children(self, national_id: str) -> list[dict]:
        return [n for n in self.national.values() if n["parent"] == national_id]

    def outline(self) -> list[dict]:
        """The national chapters, each with its sections: what a curator may choose beyond the candidates."""
        return [{**chapter, "sections": self.national_children(chapter["id"])}
                for chapter in self.national.values() if chapter["level"] == 1]

    def links(self, entity_id: str) -> dict[str, dict]:
        """national id → the item's link to it as the JSON gives it (evidence, restated clause and the
        item's sentence that says it)."""
        entity = self.entity(entity_id)
        if entity is None:
            return {}
        return {link["id"]: link for link in _counterparts(self.store, [entity["iri"]]).get(entity["iri"], [])}

    def decisions(self, subject: str) -> list[dict]:
        return [row for row in _csv(self.curated_path) if row["subject_id"] == subject]

    def labels(self, reviewed: bool = False) -> list[dict]:
        """The English labels awaiting a verdict (or, reviewed=True, those with one), in file order."""
        return [row for row in _csv(self.translations_path) if bool(row.get("verdict")) == reviewed]

    def national_gaps(self) -> set[tuple[str, str]]:
        return {(g["plan"], g["id"]) for r in self.gaps.values() for g in r["gaps"] if g["side"] == "national"}


def _uncertainty(entry: Entry) -> float:
    scores = [c.score for c in entry.scored()]
    if not scores:
        return 0.0
    first = entry.first.score if entry.first and entry.first.score is not None else scores[0]
    second = scores[1] if len(scores) > 1 else 0.0
    return round(max(0.0, min(1.0, (1 - first) - (first - second))), 4)


def _reasons(entry: Entry) -> list[str]:
    """The two terms of the uncertainty in words: the best score (low below LOW_SCORE, the score from
    which a further link implements its section) and the margin over the next (narrow below NARROW_MARGIN)."""
    scored = entry.scored()
    if not scored:
        return ["no scored candidate"]
    first = entry.first if entry.first and entry.first.score is not None else scored[0]
    reasons = [f"{'low ' if first.score < LOW_SCORE else ''}score: best {first.score:.2f}"]
    runner = next((c for c in scored if c.id != first.id), None)
    if runner is not None:
        margin = first.score - runner.score
        reasons.append(f"{'narrow ' if margin < NARROW_MARGIN else ''}margin: {margin:.2f} over {runner.id} "
                       f"{runner.label}")
    return reasons


def source_blocks(text: str) -> list[dict]:
    """The lines of a source text as blocks: a markdown heading (### 三、…, **bold** marks dropped) as a
    heading of its level, every other non-empty line as a paragraph."""
    blocks = []
    for line in text.splitlines():
        if not line.strip():
            continue
        heading = HEADING.match(line.strip())
        if heading:
            blocks.append({"heading": len(heading[1]), "text": heading[2].replace("**", "")})
        else:
            blocks.append({"heading": 0, "text": line.strip()})
    return blocks


def _csv(path: Path) -> list[dict]:
    if not Path(path).exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return [{k: v or "" for k, v in row.items() if k is not None} for row in csv.DictReader(f)]
