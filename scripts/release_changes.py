"""What changed between two builds: the triples added and removed, and the entities they touch.

Both builds are sorted N-Triples lines (scripts/ntriples.py), so the triples added and removed come
from one merge walk, without holding the older build in memory. An entity is an IRI without its
fragment: `…/indicator/3#target` (the target's observation) is part of `…/indicator/3`, while
`…/indicator/3/link/1` (a counterpart link) is an entity of its own.

Each touched entity is `added` (none of its triples were there before), `removed` (none are left),
`changed` (a statement of its data changed) or `source` (only where the plan document quotes it
changed: the quoted text, its offsets, the document's checksum; an edit of a table changes the quote
of the section around it, and an inserted paragraph shifts every offset after it, without changing
what those entities say). A changed entity lists how: per subject and property, the values removed
(`old`) and added (`new`), as a value, a link (IRIs) or its source.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Iterable, Iterator

import pyoxigraph

from planlink.scripts.vocab import OA, PL

CHUNK = 50_000  # lines parsed at a time
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
IDENTIFIER = "http://purl.org/dc/terms/identifier"
LABELS = ("http://purl.org/dc/terms/title", "http://www.w3.org/2004/02/skos/core#prefLabel",
          "http://www.w3.org/2000/01/rdf-schema#label")
IN_PLAN = str(PL.inPlan)
# where the plan document quotes a statement, not what the statement says
SOURCE_PREDICATES = frozenset(str(p) for p in (OA.exact, OA.prefix, OA.suffix, OA.start, OA.end, PL.sha256,
                                               PL.characterCount))
XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + name for name in ("integer", "int", "long", "nonNegativeInteger")}
NUMBERS = INTEGERS | {XSD + name for name in ("decimal", "double", "float")}


def diff(old: Iterable[bytes], new: Iterable[bytes]) -> tuple[list[bytes], list[bytes]]:
    """(added, removed): the lines of `new` not in `old` and of `old` not in `new`; both sorted."""
    added, removed = [], []
    old, new = iter(old), iter(new)
    o, n = next(old, None), next(new, None)
    while o is not None or n is not None:
        if n is None or (o is not None and o < n):
            removed.append(o)
            o = next(old, None)
        elif o is None or n < o:
            added.append(n)
            n = next(new, None)
        else:
            o, n = next(old, None), next(new, None)
    return added, removed


def triples(lines: list[bytes]) -> Iterator[pyoxigraph.Triple]:
    for start in range(0, len(lines), CHUNK):
        for quad in pyoxigraph.parse(b"".join(lines[start:start + CHUNK]), format=pyoxigraph.RdfFormat.N_TRIPLES):
            yield quad.triple


def entity_of(term) -> str:
    value = term.value
    return value.split("#", 1)[0] if isinstance(term, pyoxigraph.NamedNode) else "_:" + value


def plain(term):
    """A term as JSON: an IRI as its string, a number as a number, any other literal (and a number
    JSON cannot hold: NaN, INF, a malformed one) as its text."""
    if isinstance(term, pyoxigraph.Literal) and term.datatype.value in NUMBERS:
        try:
            if term.datatype.value in INTEGERS:
                return int(term.value)
            number = float(term.value)
        except ValueError:
            return term.value
        if math.isfinite(number):
            return int(number) if number.is_integer() else number
    return term.value


def entities(added: list[bytes], removed: list[bytes], lines: list[bytes], base: str) -> list[dict]:
    """The entities the change touches, sorted by IRI, each with how it changed; `lines` is the
    newer build (read once, for the touched entities' triples, ids, labels and types)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # entity → [triples added, removed]
    before: dict[str, dict] = defaultdict(dict)  # what a removed entity was, from its removed triples
    for t in triples(removed):
        entity = entity_of(t.subject)
        counts[entity][1] += 1
        _note(before[entity], t)
    for t in triples(added):
        counts[entity_of(t.subject)][0] += 1
    now = {entity: {"triples": 0} for entity in counts}
    for t in triples(lines):
        fact = now.get(entity_of(t.subject))
        if fact is not None:
            fact["triples"] += 1
            _note(fact, t)
    status = {entity: _status(now[entity]["triples"], *counts[entity]) for entity in counts}
    values = _values(added, removed, {entity for entity, s in status.items() if s == "changed"})
    result = []
    for iri in sorted(counts):
        facts = before[iri] if status[iri] == "removed" else now[iri]
        properties = _properties(values.get(iri, {}))
        change = status[iri]
        if change == "changed" and all(p["kind"] == "source" for p in properties):
            change = "source"
        result.append({"id": facts.get("id") or _path(iri, base), "iri": iri, "change": change,
                       "type": facts.get("type"), "label": facts.get("label"), "plan": facts.get("plan"),
                       "triples_added": counts[iri][0], "triples_removed": counts[iri][1],
                       "properties": properties})
    return result


def _status(triples_now: int, added: int, removed: int) -> str:
    if triples_now == 0:
        return "removed"
    return "added" if triples_now == added and removed == 0 else "changed"


def _note(fact: dict, t: pyoxigraph.Triple) -> None:
    """Keep the entity's own id, label (a title before a label; Chinese or untagged first), pl:
    type and plan, from one of its triples."""
    predicate, value = t.predicate.value, t.object
    if t.subject.value.split("#", 1)[0] != t.subject.value:
        return  # a part of the entity (…#target): not what names it
    if predicate == IDENTIFIER:
        fact.setdefault("id", value.value)
    elif predicate in LABELS:
        rank = (LABELS.index(predicate), getattr(value, "language", None) not in (None, "zh"))
        if rank < fact.get("label_rank", (len(LABELS), True)):
            fact["label"], fact["label_rank"] = value.value, rank
    elif predicate == RDF_TYPE and ("type" not in fact or value.value.startswith(str(PL))):
        fact["type"] = value.value
    elif predicate == IN_PLAN:
        fact["plan"] = value.value.rstrip("/").rsplit("/", 1)[-1]


def _values(added: list[bytes], removed: list[bytes], changed: set[str]) -> dict[str, dict]:
    """{entity: {(subject, property): {"old", "new", "link"}}} for the changed entities."""
    result: dict[str, dict] = defaultdict(dict)
    for side, lines in (("new", added), ("old", removed)):
        for t in triples(lines):
            entity = entity_of(t.subject)
            if entity not in changed:
                continue
            found = result[entity].setdefault((t.subject.value, t.predicate.value), {"old": [], "new": [], "link": False})
            found[side].append(plain(t.object))
            found["link"] = found["link"] or isinstance(t.object, pyoxigraph.NamedNode)
    return result


def _properties(values: dict) -> list[dict]:
    result = []
    for (subject, predicate), found in sorted(values.items()):
        kind = "source" if predicate in SOURCE_PREDICATES else "link" if found["link"] else "value"
        change = "changed" if found["old"] and found["new"] else "added" if found["new"] else "removed"
        result.append({"subject": subject, "property": predicate, "kind": kind, "change": change,
                       "old": sorted(found["old"], key=str), "new": sorted(found["new"], key=str)})
    return result


def _path(iri: str, base: str) -> str:
    return iri[len(base):] if iri.startswith(base) and len(iri) > len(base) else iri


def summary(items: list[dict], added: list[bytes], removed: list[bytes]) -> dict:
    """The counts of a release's changes, and the plans whose data changed."""
    counts = {change: 0 for change in ("added", "removed", "changed", "source")}
    for item in items:
        counts[item["change"]] += 1
    return {"entities_" + change: n for change, n in counts.items()} | {
        "triples_added": len(added), "triples_removed": len(removed),
        "plans": sorted({item["plan"] for item in items if item["plan"] and item["change"] != "source"})}
