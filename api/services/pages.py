"""What the researchers' pages read: English labels, the vocabulary, source texts and spans."""

from __future__ import annotations


from planlink.api.store import IRI
from planlink.api.services.listings import projects
from planlink.api.services.common import NotFound, QUERIES, _get, _local_name, _part, per_build
from planlink.api.services.counterparts import _counterparts
from planlink.api.services.plans import _plan_by_id, plans


@_part("labels_en")
def _labels_en_part(store) -> dict[str, str]:
    """{entity IRI: its English label} (title first, then preferred label, then rdfs:label)."""
    labels: dict[str, str] = {}
    for row in store.select(QUERIES["labels_en"]):
        labels.setdefault(row["entity"], row["label"])
    return labels


def labels_en(store) -> dict[str, str]:
    """English labels of the entities that have one (the pages fall back to Chinese elsewhere)."""
    return _get(store, "labels_en")


@_part("vocabulary")
def _vocabulary_part(store) -> dict[str, list[str]]:
    terms: dict[str, list[str]] = {"class": [], "property": []}
    for row in store.select(QUERIES["vocabulary"]):
        if isinstance(row["term"], IRI):
            terms[row["kind"]].append(str(row["term"]))
    return terms


def vocabulary(store) -> dict[str, list[str]]:
    """{"class": [IRI…], "property": [IRI…]}: the terms the graph uses (the SPARQL editor completes them)."""
    return _get(store, "vocabulary")


def source_document(store, plan_id: str) -> dict:
    """A plan's source text: {"plan", "iri", "file", "sha256", "characters"}; NotFound for an unknown plan."""
    check = {p["id"] for p in plans(store)}
    if plan_id not in check:
        raise NotFound(f"no plan with id {plan_id!r}")
    source = _get(store, "plans")["sources"].get(plan_id)
    if source is None:
        raise NotFound(f"the plan {plan_id!r} has no source text in the graph")
    rows = store.select(QUERIES["source_meta"], {"source": IRI(source["iri"])})
    meta = rows[0] if rows else {}
    return {"plan": _plan_by_id(store, plan_id), "iri": source["iri"], "file": source["file"],
            "sha256": meta.get("sha256"), "characters": meta.get("characters")}


def source_spans(store, source_iri: str) -> list[dict]:
    """What the graph took from a source text: {"iri", "kind", "start", "end", "label"} in text order."""
    def compute():
        spans, seen = [], set()
        for row in store.select(QUERIES["source_spans"], {"source": IRI(source_iri)}):
            key = (row["entity"], row["start"], row["end"])
            if key not in seen:
                seen.add(key)
                spans.append({"iri": row["entity"], "kind": _local_name(row["type"]), "start": row["start"],
                              "end": row["end"], "label": row["label"]})
        return spans
    return per_build(store, ("source_spans", source_iri), compute)


@_part("linked_from")
def _linked_from_part(store) -> dict[str, list[dict]]:
    """{national entity IRI: the provincial entities linked to it (sections, tasks, indicator targets,
    专栏 and their items), best score first, each with a printable label} — the whole matrix."""
    labels: dict[str, tuple] = {}
    for s in _get(store, "sections")["items"]:
        labels[s["iri"]] = (s["id"], s["plan"], f"{s['number'] or ''}{s['title'] or ''}")
    for i in _get(store, "indicators")["items"]:
        labels[i["iri"]] = (i["id"], i["plan"], f"指标{i['number']} {i['name'] or ''}")
    for p in projects(store):
        labels[p["iri"]] = (p["id"], p["plan"], f"专栏{p['number']} {p['title'] or ''}")
        for item in p["items"]:
            labels[item["iri"]] = (item["id"], p["plan"], f"专栏{p['number']}.{item['number']} {item['title'] or ''}")
    result: dict[str, list[dict]] = {}
    for subject, links in _counterparts(store, None).items():
        identifier, plan_id, label = labels.get(subject, (_local_name(subject), None, None))
        for link in links:
            result.setdefault(link["iri"], []).append({
                "id": identifier, "iri": subject, "label": label or identifier, "plan": plan_id,
                "relation": link["relation"], "score": link["score"], "method": link["method"],
                "candidate": link["candidate"]})
    for found in result.values():
        found.sort(key=lambda e: (-(e["score"] or 0), e["plan"] or "", e["id"]))
    return result


def linked_from(store) -> dict[str, list[dict]]:
    """{national entity IRI: the provincial entities linked to it, best first} (the matrix's cells)."""
    return _get(store, "linked_from")


def ontology_terms(store) -> list[dict]:
    """The ontology's terms, each once: {"iri", "kind", "zh", "en"} (the /def/ page)."""
    return per_build(store, "ontology_terms", lambda: [
        {"iri": row["term"], "kind": row["kind"], "zh": row["zh"], "en": row["en"]}
        for row in store.select(QUERIES["ontology_terms"])])
