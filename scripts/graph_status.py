"""The parts of a plan's graph about what its figures mean: status figures (scripts/status.py) as
Data Cube observations of the plan's status data set, and whether a figure is a level or an
amount added over a period. A mixin of scripts.graph.PlanGraph (MODEL.md, "Status figures")."""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, QB

from planlink.scripts.errors import InputError
from planlink.scripts.measures import describe_measure, known_measure_slug, measure_label
from planlink.scripts.vocab import COMPARATORS, PL, QUANTITY_KINDS, SDMX_ATTRIBUTE, SDMX_DIMENSION, SDMX_MEASURE


def _year(value) -> Literal:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"expected a year, got {value!r}")
    return Literal(f"{value:04d}", datatype=XSD.gYear)


class FigureMeanings:
    """Needs self.add, self.entity, self.english, self.string, self.provenance, self.part_of,
    self.x, self.plan and self.pid (PlanGraph has them)."""

    def quantity_kind(self, iri: URIRef, figure: dict):
        """Level or addition; an addition also the first and last year it is counted over."""
        kind = figure.get("kind", "level")
        if kind not in QUANTITY_KINDS:
            raise InputError(f"plan {self.pid}: {figure.get('id')} has kind {kind!r}")
        self.add(iri, PL.quantityKind, QUANTITY_KINDS[kind])
        if kind == "addition" and figure.get("change"):
            self.add(iri, PL.changeFrom, _year(figure["change"]["from"]))
            self.add(iri, PL.changeTo, _year(figure["change"]["to"]))

    def status_figures(self):
        figures = self.x.get("status", [])
        if not figures:
            return
        dataset = URIRef(f"{self.plan}/status")
        self.add(dataset, RDF.type, QB.DataSet)
        self.add(dataset, DCTERMS.identifier, Literal(f"{self.pid}-status"))
        self.add(dataset, DCTERMS.title, Literal(f"{self.x['plan']['title']}·现状数值"))
        self.add(dataset, QB.structure, PL.StatusStructure)
        self.add(dataset, PL.inPlan, self.plan)
        for f in figures:
            iri = self.entity(f, PL.StatusFigure)
            self.add(iri, RDF.type, QB.Observation)
            self.add(iri, QB.dataSet, dataset)
            self.add(iri, PL.text, Literal(f["text"]))
            self.add(iri, SDMX_MEASURE.obsValue, Literal(Decimal(str(f["value"])), datatype=XSD.decimal))
            self.add(iri, SDMX_ATTRIBUTE.unitMeasure, self.string(f.get("unit")))
            if f.get("comparator_printed"):  # 7000余个: more than 7000, as printed; a bare figure has none
                self.add(iri, PL.comparator, COMPARATORS[f["comparator"]])
            self.add(iri, PL.valueText, self.string(f.get("words") or f.get("printed")))
            if f.get("year") is not None:
                self.add(iri, SDMX_DIMENSION.refPeriod, _year(f["year"]))
            self.add(iri, PL.periodText, self.string(f.get("period")))
            self.add(iri, PL.subjectText, self.string(f.get("subject")))
            self.english(iri, "status", f.get("subject"))
            self.quantity_kind(iri, f)
            if slug := known_measure_slug(f.get("subject")):  # what it counts is a measure's printed wording
                measure = describe_measure(self.g, slug, measure_label(f["subject"]))
                self.add(iri, PL.measure, measure)
                self.add(measure, PL.status, iri)
            if f.get("clause"):
                self.provenance(iri, f["clause"]["source"], part="clause-", link=PL.clause)
            self.part_of(iri, f.get("section"))
