"""What the review shows, read from what the build wrote (no HTTP, nothing recomputed): the SSSOM
mapping set beside the dumps (links, candidates, rejections, doubts), the graph (texts, the gap
report) and the English labels' file.

The queue puts the most uncertain first. For an item whose best candidate scores s1 and whose
next scores s2, uncertainty = (1 − s1) − (s1 − s2): least confidence less the margin, so a low
score and a narrow margin both raise it (a curated link scores 1: nothing to doubt). An item that
is the closest to a national gap of its plan is raised to 1 − (s1 − sN), sN its score for that
section: how near a link to it is to being its best. Items a reviewer has decided are left out.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from planlink.api import services
from planlink.api.views.page_tables import read_source

STATUS_ORDER = {"asserted": 0, "candidate": 1, "unsure": 2, "rejected": 3, "no_counterpart": 4}
RELATIONS = {"exactMatch": "exact", "closeMatch": "close", "broadMatch": "broader", "relatedMatch": "related"}
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

    @property
    def first(self) -> Candidate | None:
        return next((c for c in self.candidates if c.status == "asserted"), None)


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
        for report in self.gaps.values():
            for gap in report["gaps"]:
                near = self.entries.get((gap["closest"] or {}).get("id") or "")
                if gap["side"] == "national" and near is not None:
                    near.closes.append(gap["id"])
                    scored = [c.score for c in near.candidates if c.id == gap["id"] and c.score is not None]
                    first = near.first.score if near.first and near.first.score is not None else 0.0
                    near.uncertainty = max(near.uncertainty, round(1 - (first - max(scored, default=0.0)), 4))

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

    def context(self, entity_id: str, around: int = 240) -> dict | None:
        """The item in its source text: {"before", "quote", "after", "plan", "start", "end"}, or None
        when the source file is not at hand (or is not the one the graph was built from)."""
        entity = self.entity(entity_id)
        if entity is None or self.sources is None:
            return None
        document = services.source_document(self.store, entity["plan"])
        span = next((s for s in services.source_spans(self.store, document["iri"]) if s["iri"] == entity["iri"]),
                    None)
        text = read_source(Path(self.sources), document)
        if span is None or text is None:
            return None
        start, end = span["start"], span["end"]
        return {"before": text[max(0, start - around):start], "quote": text[start:end],
                "after": text[end:end + around], "plan": entity["plan"], "start": start, "end": end}

    def decisions(self, subject: str) -> list[dict]:
        return [row for row in _csv(self.curated_path) if row["subject_id"] == subject]

    def labels(self, reviewed: bool = False) -> list[dict]:
        """The English labels awaiting a verdict (or, reviewed=True, those with one), in file order."""
        return [row for row in _csv(self.translations_path) if bool(row.get("verdict")) == reviewed]

    def national_gaps(self) -> set[tuple[str, str]]:
        return {(g["plan"], g["id"]) for r in self.gaps.values() for g in r["gaps"] if g["side"] == "national"}


def _uncertainty(entry: Entry) -> float:
    scores = [c.score for c in entry.candidates if c.score is not None and not c.negated
              and c.status in ("asserted", "candidate")]
    if not scores:
        return 0.0
    first = entry.first.score if entry.first and entry.first.score is not None else max(scores)
    others = sorted(scores, reverse=True)
    second = others[1] if len(others) > 1 else 0.0
    return round(max(0.0, min(1.0, (1 - first) - (first - second))), 4)


def _csv(path: Path) -> list[dict]:
    if not Path(path).exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return [{k: v or "" for k, v in row.items() if k is not None} for row in csv.DictReader(f)]
