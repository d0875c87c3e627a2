"""One plan's extraction → an rdflib Graph, as ontology/MODEL.md describes.

IRIs are minted from the ids the parser derives from the printed numbering, so the same
thing gets the same IRI on every build. No blank nodes: every node has an IRI.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, QB, SKOS

from planlink.scripts.errors import InputError
from planlink.scripts.graph_agents import PlacesAndBodies
from planlink.scripts.graph_status import FigureMeanings
from planlink.scripts.measures import describe_measure, measure_label, measure_slug
from planlink.scripts.translations import english
from planlink.scripts.vocab import (ATTRIBUTES, COMPARATORS, ELI, ID_PATTERN, LEVELS, OA, PL, PREFIXES, SDMX_ATTRIBUTE,
                           SDMX_DIMENSION, SDMX_MEASURE, org_slug, plan_iri)
from planlink.scripts.vocab import entity_iri as any_entity_iri


def entity_iri(plan_id: str, entity_id: str) -> URIRef:
    """The IRI of one of this plan's entities (scripts.vocab.entity_iri, checked to be the plan's)."""
    return any_entity_iri(entity_id, plan_id)

OUTLINE_CLASSES = {1: PL.Chapter, 2: PL.Section, 3: PL.Task}
SUBDIVISIONS = {PL.Chapter, PL.Section, PL.Task, PL.Project, PL.ProjectItem}


def decimal(value) -> Literal:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"expected a number, got {value!r}")
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


def year(value) -> Literal:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"expected a year, got {value!r}")
    return Literal(f"{value:04d}", datatype=XSD.gYear)


def comparator(symbol: str) -> URIRef:
    if symbol not in COMPARATORS:
        raise InputError(f"unknown comparator {symbol!r} (expected one of {', '.join(COMPARATORS)})")
    return COMPARATORS[symbol]


def printed_comparator(data: dict) -> URIRef | None:
    """The comparator the document printed, or None for a bare figure (90%, 3万人): the graph states
    only what was printed, never pl:eq for a number that printed no '='. An extraction without
    comparator_printed follows the contract: '=' there is a bare number."""
    symbol = data.get("comparator") or "="
    printed = data.get("comparator_printed", symbol != "=")
    return comparator(symbol) if printed else None


class PlanGraph(PlacesAndBodies, FigureMeanings):
    """Builds the triples of one plan; one method per kind of entity."""

    def __init__(self, extraction: dict, text: str):
        self.x = extraction
        self.text = text
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        self.pid = extraction["plan"]["id"]
        if not ID_PATTERN.match(f"{self.pid}-s1"):
            raise InputError(f"plan id {self.pid!r} is not a lower-case slug")
        self.plan = plan_iri(self.pid)
        self.doc = URIRef(f"{self.plan}/source")

    def add(self, s, p, o):
        if o is not None:
            self.g.add((s, p, o))

    def entity(self, item: dict, cls: URIRef) -> URIRef:
        """Type, id, plan membership and provenance shared by every extracted entity."""
        iri = entity_iri(self.pid, item["id"])
        self.add(iri, RDF.type, cls)
        if cls in SUBDIVISIONS:  # typed explicitly so clients (and the shapes) need no inference
            self.add(iri, RDF.type, ELI.LegalResourceSubdivision)
        self.add(iri, DCTERMS.identifier, Literal(item["id"]))
        self.add(iri, PL.inPlan, self.plan)
        self.provenance(iri, item["source"])
        return iri

    def provenance(self, iri: URIRef, source: dict, part: str = "", link=PROV.wasDerivedFrom):
        """Where in the verbatim text an entity (or, with part, a part of it such as a clause) stands."""
        start, end = source["start"], source["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(self.text)):
            raise InputError(f"plan {self.pid}: offsets {start}..{end} of {iri} lie outside the text")
        src, pos, quote = (URIRef(f"{iri}#{part}{frag}") for frag in ("source", "position", "quote"))
        self.add(iri, link, src)
        self.add(src, RDF.type, OA.SpecificResource)
        self.add(src, OA.hasSource, self.doc)
        self.add(src, OA.hasSelector, pos)
        self.add(src, OA.hasSelector, quote)
        self.add(pos, RDF.type, OA.TextPositionSelector)
        self.add(pos, OA.start, Literal(start))
        self.add(pos, OA.end, Literal(end))
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, Literal(self.text[start:end]))

    def english(self, iri: URIRef, kind: str, chinese: str | None, prop=RDFS.label):
        """The entity's English label from graph_data/links/translations.csv, beside its Chinese one."""
        if en := english(kind, chinese):
            self.add(iri, prop, Literal(en, lang="en"))

    def printed(self, iri: URIRef, prop: URIRef, value):
        """A fact the document prints here, or, where it prints none (a heading with no title), that
        it does not (pl:notStated: a warning of the build, not a failure)."""
        if value in (None, ""):
            self.add(iri, PL.notStated, prop)
        else:
            self.add(iri, prop, value if isinstance(value, URIRef) else Literal(value))

    def string(self, value) -> Literal | None:
        return Literal(value) if value not in (None, "") else None

    # --- the plan and its source -------------------------------------------------------

    def plan_node(self):
        p, plan = self.x["plan"], self.plan
        if p["level"] not in LEVELS:
            raise InputError(f"plan {self.pid}: unknown level {p['level']!r}")
        self.add(plan, RDF.type, PL.Plan)
        self.add(plan, DCTERMS.identifier, Literal(self.pid))
        self.add(plan, DCTERMS.title, Literal(p["title"]))
        self.english(plan, "plan", p["title"])
        self.add(plan, PL.planLevel, LEVELS[p["level"]])
        self.add(plan, DCTERMS.spatial, self.region(p["region_code"], p.get("region")))
        self.add(plan, ELI.id_local, self.string(p.get("doc_number")))
        if p.get("issued"):
            self.add(plan, ELI.date_document, Literal(p["issued"], datatype=XSD.date))
        if p.get("published"):
            self.add(plan, ELI.date_publication, Literal(p["published"], datatype=XSD.date))
        self.document_silences(plan, p)
        if p.get("based_on"):
            self.add(plan, ELI.based_on, plan_iri(p["based_on"]))
        by_name = {d["name"]: d for d in self.x.get("departments", [])}
        for name in p.get("issuers", []):
            d = by_name.get(name)
            slug = d["id"] if d else org_slug(name, self.pid)
            self.add(plan, ELI.passed_by,
                     self.department(slug, name, d["region_code"] if d else p["region_code"]))
        cited_in = {c["title"]: c.get("sections", []) for c in p.get("citations", [])}
        for n, title in enumerate(p.get("cites", []), start=1):
            cited = URIRef(f"{plan}/cites/{n}")
            self.add(cited, RDF.type, PL.CitedDocument)
            self.add(cited, DCTERMS.title, Literal(title))
            self.add(cited, PL.inPlan, plan)
            self.add(plan, ELI.cites, cited)
            for section_id in cited_in.get(title, []):  # the section that names it
                self.add(entity_iri(self.pid, section_id), ELI.cites, cited)
        for title in p.get("alternative_titles", []):
            self.add(plan, DCTERMS.alternative, Literal(title))
        self.add(plan, PROV.wasDerivedFrom, self.doc)

        source = p["source"]
        # The digest is of the file's bytes; the text the offsets index lacks a byte-order mark.
        if source["sha256"] not in {hashlib.sha256(t.encode("utf-8")).hexdigest()
                                    for t in (self.text, "\ufeff" + self.text)}:
            raise InputError(f"plan {self.pid}: the text given is not the file the extraction "
                             f"was made from (sha256 differs from {source['file']})")
        if source.get("chars") not in (None, len(self.text)):
            raise InputError(f"plan {self.pid}: extraction counts {source['chars']} characters, "
                             f"the text has {len(self.text)}")
        self.add(self.doc, RDF.type, PL.SourceDocument)
        self.add(self.doc, DCTERMS.source, Literal(source["file"]))
        self.add(self.doc, PL.sha256, Literal(source["sha256"]))
        self.add(self.doc, PL.characterCount, Literal(len(self.text)))
        self.add(self.doc, DCTERMS.format, Literal("text/plain; charset=utf-8"))
        self.add(self.doc, PL.inPlan, plan)

    # --- outline -----------------------------------------------------------------------

    def sections(self):
        for s in self.x.get("sections", []):
            if s["level"] not in OUTLINE_CLASSES:
                raise InputError(f"plan {self.pid}: section {s['id']} has level {s['level']!r}")
            iri = self.entity(s, OUTLINE_CLASSES[s["level"]])
            self.printed(iri, DCTERMS.title, s["title"])
            self.english(iri, "section", s["title"])
            self.add(iri, PL.number, Literal(s["number"]))
            self.add(iri, PL.outlineLevel, Literal(s["level"]))
            self.add(iri, PL.order, Literal(s["order"]))
            self.add(iri, PL.text, self.string(s.get("text")))
            if s.get("parent"):
                self.add(iri, ELI.is_part_of, entity_iri(self.pid, s["parent"]))
            else:
                self.add(iri, ELI.is_part_of, self.plan)
                self.add(self.plan, ELI.has_part, iri)

    def part_of(self, iri: URIRef, section_id: str | None):
        if section_id:
            self.add(iri, ELI.is_part_of, entity_iri(self.pid, section_id))

    # --- indicator tables --------------------------------------------------------------

    def indicators(self):
        rows = self.x.get("indicators", [])
        if not rows:
            return
        dataset = URIRef(f"{self.plan}/indicators")
        self.add(dataset, RDF.type, QB.DataSet)
        self.add(dataset, RDF.type, DCAT.Dataset)
        self.add(dataset, DCTERMS.identifier, Literal(f"{self.pid}-indicators"))
        self.add(dataset, QB.structure, PL.IndicatorStructure)
        self.add(dataset, PL.inPlan, self.plan)
        for row in rows:
            iri = self.entity(row, PL.IndicatorTarget)
            self.add(iri, PL.number, Literal(row["number"]))
            self.add(iri, DCTERMS.title, Literal(row["name"]))
            self.english(iri, "indicator", row["name"])
            if row["attribute"] not in (*ATTRIBUTES, None):
                raise InputError(f"plan {self.pid}: indicator {row['id']} has attribute {row['attribute']!r}")
            self.printed(iri, PL.attribute, ATTRIBUTES.get(row["attribute"]))
            self.add(iri, PL.unit, self.string(row.get("unit")))
            # The measure this target measures, shared across plans; the linking step adds
            # its other wordings, English label and matches.
            measure = describe_measure(self.g, measure_slug(row["name"]), measure_label(row["name"]))
            self.add(iri, PL.measure, measure)
            self.part_of(iri, row.get("section"))
            self.add(dataset, DCTERMS.title, self.string(row.get("table")))
            for role in ("baseline", "target"):
                if row.get(role):
                    self.add(iri, PL[role], self.observation(URIRef(f"{iri}#{role}"), row[role],
                                                             dataset, measure, row.get("unit")))
        if (dataset, DCTERMS.title, None) not in self.g:  # a table printed without a caption
            self.add(dataset, DCTERMS.title, Literal(f"{self.x['plan']['title']} 主要指标"))

    def observation(self, obs: URIRef, data: dict, dataset, measure, unit) -> URIRef:
        self.add(obs, RDF.type, QB.Observation)
        self.add(obs, QB.dataSet, dataset)
        self.add(obs, PL.measure, measure)
        if data.get("year") is not None:
            self.add(obs, SDMX_DIMENSION.refPeriod, year(data["year"]))
        if data.get("value") is not None:  # a dash has no value and nothing to compare
            self.add(obs, SDMX_MEASURE.obsValue, decimal(data["value"]))
            self.add(obs, PL.comparator, printed_comparator(data))
        self.add(obs, SDMX_ATTRIBUTE.unitMeasure, self.string(unit))
        self.add(obs, PL.valueText, self.string(data.get("text")))
        return obs

    # --- 专栏 boxes, figures, commitments, glossary ----------------------------------------

    def projects(self):
        for p in self.x.get("projects", []):
            iri = self.entity(p, PL.Project)
            self.add(iri, PL.number, Literal(p["number"]))
            self.printed(iri, DCTERMS.title, p["title"])
            self.english(iri, "project", p["title"])
            self.add(iri, PL.text, self.string(p.get("text")))
            self.part_of(iri, p.get("section"))
            for item in p.get("items", []):
                it = self.entity(item, PL.ProjectItem)
                self.add(it, PL.number, Literal(item["number"]))
                self.printed(it, DCTERMS.title, item["title"])
                self.english(it, "item", item["title"])
                self.add(it, PL.text, self.string(item.get("text")))
                self.add(it, ELI.is_part_of, iri)

    def figures(self):
        for f in self.x.get("figures", []):
            iri = self.entity(f, PL.Figure)
            self.add(iri, PL.number, Literal(f["number"]))
            self.add(iri, PL.imageUrl, Literal(f["url"], datatype=XSD.anyURI))
            self.add(iri, PL.extracted, Literal(False))
            self.part_of(iri, f.get("section"))

    def commitments(self):
        for c in self.x.get("commitments", []):
            iri = self.entity(c, PL.Commitment)
            self.add(iri, PL.text, Literal(c["text"]))
            self.add(iri, SDMX_MEASURE.obsValue, decimal(c["value"]))
            self.add(iri, PL.unit, self.string(c.get("unit")))
            self.add(iri, PL.comparator, printed_comparator(c))
            if c.get("year") is not None:
                self.add(iri, SDMX_DIMENSION.refPeriod, year(c["year"]))
            if c.get("upper") is not None:
                self.add(iri, PL.upperBound, decimal(c["upper"]))
            self.add(iri, PL.valueText, self.string(c.get("words")))
            self.add(iri, PL.periodText, self.string(c.get("period")))
            self.add(iri, PL.subjectText, self.string(c.get("subject")))
            self.english(iri, "commitment", c.get("subject"))
            self.add(iri, PL.condition, self.string(c.get("condition")))
            self.add(iri, PL.hedge, self.string(c.get("hedge")))
            self.quantity_kind(iri, c)
            for qualifier in c.get("qualifiers") or []:
                self.add(iri, PL.qualifier, Literal(qualifier))
            if c.get("clause"):
                self.provenance(iri, c["clause"]["source"], part="clause-", link=PL.clause)
            self.part_of(iri, c.get("section"))

    def glossary(self):
        terms = self.x.get("glossary", [])
        if not terms:
            return
        scheme = URIRef(f"{self.plan}/glossary")
        self.add(scheme, RDF.type, SKOS.ConceptScheme)
        self.add(scheme, SKOS.prefLabel, Literal(f"{self.x['plan']['title']}·名词解释", lang="zh"))
        self.add(scheme, PL.inPlan, self.plan)
        for t in terms:
            iri = self.entity(t, PL.GlossaryTerm)
            self.add(iri, RDF.type, SKOS.Concept)
            self.add(iri, PL.number, Literal(t["number"]))
            self.add(iri, SKOS.prefLabel, Literal(t["term"], lang="zh"))
            self.english(iri, "term", t["term"])
            self.add(iri, SKOS.definition, Literal(t["definition"], lang="zh"))
            self.add(iri, SKOS.inScheme, scheme)

    def build(self) -> Graph:
        self.plan_node()
        self.sections()
        self.indicators()
        self.projects()
        self.figures()
        self.commitments()
        self.status_figures()
        self.glossary()
        self.departments()
        self.assignments()
        self.places()
        return self.g


def plan_graph(extraction: dict, text: str) -> Graph:
    """The triples of one plan: `text` is the verbatim file the extraction's offsets point into."""
    plan_id = (extraction.get("plan") or {}).get("id", "?") if isinstance(extraction, dict) else "?"
    try:
        return PlanGraph(extraction, text).build()
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        detail = f"missing field {e}" if isinstance(e, KeyError) else str(e)
        raise InputError(f"plan {plan_id}: malformed extraction ({detail})") from None
