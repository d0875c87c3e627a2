"""The linkage as RDF (MODEL.md "Links"): counterpart links, measures, national figures, comparisons."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from planlink.scripts.link.curated import CURATED_CSV
from planlink.scripts.link.gaps import gap_reports
from planlink.scripts.link.linkage import TOOL, linkage
from planlink.scripts.measures import describe_measure
from planlink.scripts.vocab import (COMPARATORS, ELI, FIGURE_STATUSES, ID_PATTERN, IMPLEMENTATION_BASES, METHODS,
                                   OUTCOMES, PL, RELATIONS, SDMX_DIMENSION, SDMX_MEASURE, SEMAPV, SSSOM, entity_iri,
                                   measure_iri, plan_iri)


def link_graph(extractions: dict, curated: Path | list | None = CURATED_CSV) -> Graph:
    """The triples of the links, measures, national figures and comparisons (MODEL.md "Links")."""
    result = linkage(extractions, curated)
    g = new_graph()
    for part in link_parts(result).values():
        add_part(g, part)
    add_shared(g, result)
    return g


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in (("pl", PL), ("skos", SKOS), ("sssom", SSSOM), ("semapv", SEMAPV), ("dcterms", DCTERMS)):
        g.bind(prefix, ns)
    return g


def link_parts(result) -> dict[str, dict]:
    """'<plan id>/<kind>' → everything the link triples of that kind about that plan's entities are
    made from (plain JSON: the build keeps each part's triples under the hash of the part). Every
    such triple has a subject of that plan; the measures and national figures are add_shared's.
    The kinds: `links` (the outline's and 专栏' counterparts: their plan's and the national plan's
    alone), `indicator-links` (pooled with other plans' indicators), `measures`, `comparisons`,
    `gaps` (the plan's gap report, gaps.py); so a new plan, which shifts the pooled indicators,
    leaves the other plans' outline links as they were."""
    parts: dict = {}

    def part(entity_id: str, kind: str, plan: str | None = None) -> dict:
        return parts.setdefault(f"{plan or ID_PATTERN.match(entity_id)['plan']}/{kind}", {
            "links": {}, "reasons": {}, "targets": {}, "commitment_measures": {}, "comparisons": [], "report": None})

    def links_kind(sid: str) -> str:
        return "indicator-links" if result.subjects[sid].kind == "indicator" else "links"

    for sid, links in result.links.items():
        part(sid, links_kind(sid))["links"][sid] = links
    for sid, reason in result.reasons.items():
        part(sid, links_kind(sid))["reasons"][sid] = reason
    for m in result.measures.values():
        for t in m["targets"]:
            part(t, "measures")["targets"][t] = m["slug"]
    for cid, slug in result.commitment_measures.items():
        part(cid, "measures")["commitment_measures"][cid] = slug
    for c in result.comparisons:
        ranks = [link["rank"] for link in result.links.get(c["subject"], [])
                 if c["kind"] == "national" and link["object"] == c["figure"]["section"]]
        part(c["subject"], "comparisons")["comparisons"].append({
            "subject": c["subject"], "kind": c["kind"], "outcome": c["outcome"], "explanation": c["explanation"],
            "other": str(entity_iri(c["other"]) if c["kind"] == "peer" else figure_iri(c["figure"])),
            "link_ranks": ranks})
    for plan, report in gap_reports(result).items():
        part("", "gaps", plan)["report"] = report
    return parts


def add_part(g: Graph, part: dict) -> None:
    """The triples of one plan's part (link_parts) into g."""
    for sid, links in part["links"].items():
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
            g.add((node, PL.method, METHODS[link["method"]]))
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
            if link.get("orcid"):
                g.add((node, SSSOM.author_id, URIRef(f"https://orcid.org/{link['orcid']}")))
            if link.get("date"):
                g.add((node, SSSOM.mapping_date, Literal(link["date"], datatype=XSD.date)))
            if link.get("restates"):
                g.add((node, PL.restatedClause, Literal(link["restates"])))
            if link.get("basis"):
                g.add((node, PL.implementationBasis, IMPLEMENTATION_BASES[link["basis"]]))
            if link.get("candidate"):  # below params.implements: a candidate with its score, not a match
                g.add((node, PL.candidate, Literal(True)))
            else:
                g.add((subject, relation, obj))
    for sid, reason in part["reasons"].items():
        g.add((entity_iri(sid), PL.noCounterpartReason, Literal(reason)))
    if part.get("report"):
        add_gap_report(g, part["report"])
    for t, slug in part["targets"].items():
        target, iri = entity_iri(t), measure_iri(slug)
        g.add((target, PL.measure, iri))
        for role in ("baseline", "target"):
            g.add((URIRef(f"{target}#{role}"), PL.measure, iri))
    for cid, slug in part["commitment_measures"].items():
        g.add((entity_iri(cid), PL.restatesMeasure, measure_iri(slug)))
    counters: dict = {}
    for c in part["comparisons"]:
        subject = entity_iri(c["subject"])
        counters[c["subject"]] = counters.get(c["subject"], 0) + 1
        node = URIRef(f"{subject}/comparison/{counters[c['subject']]}")
        other = URIRef(c["other"])
        g.add((node, RDF.type, PL.Comparison))
        g.add((node, PL.subject, subject))
        g.add((node, PL.comparedWith, other))
        g.add((node, PL.outcome, OUTCOMES[c["outcome"]]))
        g.add((node, PL.explanation, Literal(c["explanation"])))
        g.add((subject, PL.comparison, node))
        for rank in c["link_ranks"]:
            g.add((URIRef(f"{subject}/link/{rank}"), PL.nationalFigure, other))
            g.add((URIRef(f"{subject}/link/{rank}"), PL.comparison, node))


def add_shared(g: Graph, result) -> None:
    """The triples about no one plan's entities: the measures and the national figures compared with."""
    for m in result.measures.values():
        iri = describe_measure(g, m["slug"], m["label_zh"])
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
            g.add((iri, SKOS.closeMatch, measure_iri(other)))
        for other in sorted(m["related"]):
            g.add((iri, SKOS.relatedMatch, measure_iri(other)))
    used_figures = {c["other"] for c in result.comparisons if c["kind"] == "national"}
    for f in result.figures:
        if f["id"] not in used_figures:
            continue
        node = figure_iri(f)
        g.add((node, RDF.type, PL.NationalFigure))
        g.add((node, DCTERMS.identifier, Literal(f["id"])))
        g.add((node, PL.inPlan, plan_iri("national")))
        g.add((node, ELI.is_part_of, entity_iri(f["section"])))
        g.add((node, PL.text, Literal(f["sentence"])))
        g.add((node, PL.subjectText, Literal(f["clause"])))
        g.add((node, SDMX_MEASURE.obsValue, Literal(Decimal(str(f["value"])), datatype=XSD.decimal)))
        if f.get("comparator_printed", f["comparator"] != "="):  # a bare figure (全覆盖, 24小时) has none
            g.add((node, PL.comparator, COMPARATORS[f["comparator"]]))
        g.add((node, PL.unit, Literal(f["unit"])))
        g.add((node, PL.figureStatus, FIGURE_STATUSES[f["status"]]))
        if f["year"]:
            g.add((node, SDMX_DIMENSION.refPeriod, Literal(f"{f['year']:04d}", datatype=XSD.gYear)))


def add_gap_report(g: Graph, report: dict) -> None:
    """A plan's gap report (gaps.py) at /plan/{plan}/gaps, each gap at /plan/{plan}/gaps/{entity id}."""
    plan = plan_iri(report["plan"])
    node = gap_report_iri(report["plan"])
    g.add((node, RDF.type, PL.GapReport))
    g.add((node, PL.reportFor, plan))
    g.add((node, PL.gapCount, Literal(len(report["gaps"]), datatype=XSD.integer)))
    if report["empty_because"]:
        g.add((node, PL.emptyBecause, Literal(report["empty_because"])))
    for order, gap in enumerate(report["gaps"], 1):
        iri = URIRef(f"{node}/{gap['id']}")
        g.add((node, PL.gap, iri))
        g.add((iri, RDF.type, PL.Gap))
        g.add((iri, RDF.type, PL.NationalGap if gap["side"] == "national" else PL.ProvincialGap))
        g.add((iri, PL.concerns, entity_iri(gap["id"])))
        g.add((iri, PL.gapOrder, Literal(order, datatype=XSD.integer)))
        g.add((iri, PL.gapReason, Literal(gap["no_counterpart_reason"])))
        if gap["closest"]:
            g.add((iri, PL.closest, entity_iri(gap["closest"]["id"])))
            g.add((iri, PL.closestScore, Literal(Decimal(str(gap["closest"]["score"])), datatype=XSD.decimal)))


def gap_report_iri(plan_id: str) -> URIRef:
    return URIRef(f"{plan_iri(plan_id)}/gaps")


def figure_iri(figure: dict) -> URIRef:
    n = figure["id"].rsplit("-q", 1)[1]
    return URIRef(f"{entity_iri(figure['section'])}/quantity/{n}")
