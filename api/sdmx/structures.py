"""The SDMX structures of the indicator tables, as `sdmx1` model objects made from the graph.

One agency (PLANLINK, in an agency scheme maintained by SDMX as the SDMX registry does), two concept
schemes (the components' concepts, and the measures themselves), the codelists of the dimensions
and coded attributes, one data structure definition and one dataflow. Every code and concept that
stands for something in the graph carries its IRI as an annotation URL; its id is the graph's id.
Built once per build (`services.per_build`).
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

from sdmx.model import common, v21 as m
from sdmx.model.internationalstring import InternationalString

from planlink.api import services

AGENCY_ID = "PLANLINK"
VERSION = "1.0"
FLOW_ID = "INDICATOR_TARGETS"
DSD_ID = "DSD_INDICATOR_TARGETS"
KEY = ("PLAN", "INDICATOR", "OBS_KIND")  # the dimensions of a series key; TIME_PERIOD is at the observation

# The components' concepts: id → (Chinese, English) names.
CONCEPTS = {
    "PLAN": ("规划", "plan"),
    "INDICATOR": ("指标", "indicator (measure)"),
    "OBS_KIND": ("观测类型", "observation kind (status reported, baseline or target)"),
    "TIME_PERIOD": ("时期", "time period"),
    "OBS_VALUE": ("数值", "observation value"),
    "REF_AREA": ("地区", "reference area"),
    "NATURE": ("指标属性", "indicator nature (binding or expected)"),
    "UNIT_MEASURE": ("单位", "unit of measure"),
    "COMPARATOR": ("比较符", "comparator of the value with the goal"),
    "OBS_STATUS": ("观测状态", "observation status"),
    "VALUE_TEXT": ("原文数值", "value as printed"),
    "TITLE": ("原文指标名称", "indicator name as printed"),
    "TABLE_ROW": ("表中序号", "row number in the plan's table"),
}
# SDMX's cross-domain OBS_STATUS codes this service uses: a number, or a dash (no number printed).
OBS_STATUS = {"A": ("正常值", "normal value"), "O": ("缺失值（表中印刷为破折号）", "missing value (printed as a dash)")}
# Units as printed → SDMX-style code ids (CL_UNIT_MEASURE's where one exists); others get a hash id.
UNIT_IDS = {"%": ("PC", "percent"), "平方米": ("M2", "square metres"), "人": ("PS", "persons"),
            "万人": ("PS_10K", "10 000 persons"), "个": ("NUM", "number")}


@dataclass
class Structures:
    """Every maintainable artefact, and what each one references (for `?references=`)."""
    artefacts: list = field(default_factory=list)
    children: dict = field(default_factory=dict)  # id(artefact) → [artefacts it references]
    dsd: m.DataStructureDefinition | None = None
    flow: m.DataflowDefinition | None = None
    units: dict = field(default_factory=dict)  # unit as printed → code id


def name(zh: str | None, en: str | None = None) -> InternationalString:
    return InternationalString({lang: text for lang, text in (("zh", zh), ("en", en)) if text})


def unit_id(unit: str) -> str:
    known = UNIT_IDS.get(unicodedata.normalize("NFKC", unit).strip())
    return known[0] if known else "U_" + hashlib.sha256(unit.encode("utf-8")).hexdigest()[:8].upper()


def iri_annotation(iri: str | None) -> list:
    # title and url both: sdmx1 writes no AnnotationURL in SDMX-ML, so the title carries it there
    return [m.Annotation(type="IRI", title=iri, url=iri)] if iri else []


def _maintained(cls, identifier: str, zh: str, en: str, agency: m.Agency, **more):
    return cls(id=identifier, version=VERSION, maintainer=agency, name=name(zh, en), is_final=True,
               is_external_reference=False, **more)


def _codelist(identifier, zh, en, agency, codes) -> m.Codelist:
    codelist = _maintained(m.Codelist, identifier, zh, en, agency)
    for code in codes:
        codelist.append(code)
    return codelist


def _code(identifier, zh, en=None, description=None, iri=None, cls=m.Code):
    return cls(id=identifier, name=name(zh, en), description=description, annotations=iri_annotation(iri))


def plan_regions(store) -> list[dict]:
    """[{id, iri, title, region}]: every plan with the id of the region it covers (queries/sdmx_plans.rq)."""
    plans: dict[str, dict] = {}
    for row in store.select(services.QUERIES["sdmx_plans"]):
        plans.setdefault(row["id"], {"id": row["id"], "iri": row["plan"], "title": row["title"],
                                     "region": row["regionId"]})
    return list(plans.values())


def code_lists(store) -> dict[str, list[dict]]:
    """The ontology's small code lists by the local name of the list (AttributeScheme, ComparatorScheme,
    baseline, target): [{id, iri, notation, label, label_en, definition_en}] (queries/sdmx_codes.rq)."""
    lists: dict[str, list[dict]] = {}
    for row in store.select(services.QUERIES["sdmx_codes"]):
        found = lists.setdefault(local_name(row["list"]), [])
        if all(code["iri"] != row["code"] for code in found):
            found.append({"id": local_name(row["code"]), "iri": row["code"], "notation": row["notation"],
                          "label": row["label"], "label_en": row["labelEn"], "definition_en": row["definitionEn"]})
    return lists


def local_name(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def build(store) -> Structures:
    """Every structure, from the graph (measures, plans, regions, code lists, the units printed)."""
    result = Structures()
    agency = m.Agency(id=AGENCY_ID, name=name("规划链", "planlink"))
    agencies = m.AgencyScheme(id="AGENCIES", version="1.0", maintainer=m.Agency(id="SDMX"), name=name(None, "SDMX agencies"),
                              is_final=False, is_external_reference=False)  # SDMX-ML 2.1 fixes isFinal false here
    agencies.append(agency)

    measures = services.measures(store)
    measure_scheme = _maintained(m.ConceptScheme, "CS_MEASURES", "指标", "measures (indicator definitions)", agency)
    for measure in measures:
        concept = _code(measure["id"], measure["label"], measure["label_en"], measure["definition"], measure["iri"],
                        cls=m.Concept)
        if measure["divided_by"] or measure["divided_by_en"]:
            concept.annotations.append(m.Annotation(type="DIVIDED_BY", text=name(measure["divided_by"],
                                                                                   measure["divided_by_en"])))
        measure_scheme.append(concept)
    concepts = _maintained(m.ConceptScheme, "CS_INDICATOR_TARGETS", "指标表概念", "indicator table concepts", agency)
    for identifier, (zh, en) in CONCEPTS.items():
        concepts.append(m.Concept(id=identifier, name=name(zh, en)))

    lists = code_lists(store)
    units = sorted({i["unit"] for i in services.indicators(store) if i["unit"]}
                   | {p["unit"] for x in measures for p in x["series"] if p["kind"] == "status" and p["unit"]})
    result.units = {unit: unit_id(unit) for unit in units}
    codelists = {
        "PLAN": _codelist("CL_PLAN", "规划", "plans", agency,
                          [_code(p["id"], p["title"], iri=p["iri"]) for p in plan_regions(store)]),
        "INDICATOR": _codelist("CL_MEASURE", "指标", "measures", agency,
                               [_code(x["id"], x["label"], x["label_en"], x["definition"], x["iri"]) for x in measures]),
        "OBS_KIND": _codelist("CL_OBS_KIND", "观测类型", "observation kinds", agency,
                              [_code(c["id"], c["label"], c["label_en"], c["definition_en"], c["iri"])
                               for kind in ("baseline", "target", "status") for c in lists.get(kind, [])]),
        "REF_AREA": _codelist("CL_REGION", "地区", "regions (GB/T 2260)", agency,
                              [_code(r["id"], r["label"], r["label_en"], iri=r["iri"]) for r in services.regions(store)]),
        "NATURE": _codelist("CL_NATURE", "指标属性", "indicator natures", agency,
                            [_code(c["id"], c["label"], c["label_en"], c["definition_en"], c["iri"])
                             for c in lists.get("AttributeScheme", [])]),
        "UNIT_MEASURE": _codelist("CL_UNIT", "单位", "units as printed", agency,
                                  [_code(code, unit, (UNIT_IDS.get(unit) or (None, None))[1])
                                   for unit, code in result.units.items()]),
        "COMPARATOR": _codelist("CL_COMPARATOR", "比较符", "comparators", agency,
                                [_code(c["id"], c["label"], f"{c['label_en']} ({c['notation']})", c["definition_en"],
                                       c["iri"]) for c in lists.get("ComparatorScheme", [])]),
        "OBS_STATUS": _codelist("CL_OBS_STATUS", "观测状态", "observation status", agency,
                                [_code(code, zh, en) for code, (zh, en) in OBS_STATUS.items()]),
    }
    dsd = _dsd(agency, concepts, codelists)
    flow = _maintained(m.DataflowDefinition, FLOW_ID, "规划指标的基期值与目标值", "baselines and targets of plan indicators",
                       agency, structure=dsd)
    result.dsd, result.flow = dsd, flow
    result.artefacts = [agencies, measure_scheme, concepts, *codelists.values(), dsd, flow]
    # CS_MEASURES goes with the DSD's references: its concepts are the INDICATOR codes, defined
    result.children = {id(flow): [dsd], id(dsd): [*codelists.values(), concepts, measure_scheme]}
    return result


def _dsd(agency, concepts, codelists) -> m.DataStructureDefinition:
    dsd = _maintained(m.DataStructureDefinition, DSD_ID, "规划指标表", "plan indicator tables", agency)
    dsd.dimensions.id, dsd.attributes.id, dsd.measures.id = "DimensionDescriptor", "AttributeDescriptor", "MeasureDescriptor"
    enumerated = {key: common.Representation(enumerated=codelist) for key, codelist in codelists.items()}
    for order, identifier in enumerate(KEY, start=1):
        dsd.dimensions.getdefault(identifier, concept_identity=concepts[identifier],
                                  local_representation=enumerated[identifier], order=order)
    dsd.dimensions.getdefault("TIME_PERIOD", cls=common.TimeDimension, concept_identity=concepts["TIME_PERIOD"],
                              order=len(KEY) + 1, local_representation=_text(common.FacetValueType.observationalTimePeriod))
    dsd.measures.getdefault("OBS_VALUE", concept_identity=concepts["OBS_VALUE"],
                            local_representation=_text(common.FacetValueType.decimal))
    dimensions = {d.id: d for d in dsd.dimensions.components}
    per_plan = m.DimensionRelationship(dimensions=[dimensions["PLAN"]])
    per_series = m.DimensionRelationship(dimensions=[dimensions[d] for d in KEY])
    attributes = [  # id, attached to, required, representation
        ("REF_AREA", per_plan, False, enumerated["REF_AREA"]),
        ("NATURE", per_series, False, enumerated["NATURE"]),
        ("UNIT_MEASURE", per_series, False, enumerated["UNIT_MEASURE"]),
        ("TITLE", per_series, False, _text(common.FacetValueType.string)),
        ("TABLE_ROW", per_series, False, _text(common.FacetValueType.integer)),
        ("COMPARATOR", m.PrimaryMeasureRelationship(), False, enumerated["COMPARATOR"]),
        ("OBS_STATUS", m.PrimaryMeasureRelationship(), True, enumerated["OBS_STATUS"]),
        ("VALUE_TEXT", m.PrimaryMeasureRelationship(), True, _text(common.FacetValueType.string)),
    ]
    for identifier, related_to, required, representation in attributes:
        dsd.attributes.getdefault(identifier, concept_identity=concepts[identifier], related_to=related_to,
                                  local_representation=representation,
                                  usage_status=common.UsageStatus["mandatory" if required else "conditional"])
    return dsd


def _text(value_type) -> common.Representation:
    return common.Representation(non_enumerated=[common.Facet(value_type=value_type)])


def structures(store) -> Structures:
    """The structures of the build the store serves now (made once per build)."""
    return services.per_build(store, "sdmx_structures", lambda: build(store))


# SDMX's URN classes (sdmx1's own class names differ for the DSD and the dataflow)
URN_CLASSES = {m.DataStructureDefinition: "datastructure.DataStructure", m.DataflowDefinition: "datastructure.Dataflow",
               m.Codelist: "codelist.Codelist", m.ConceptScheme: "conceptscheme.ConceptScheme",
               m.AgencyScheme: "base.AgencyScheme"}
ITEM_CLASSES = {m.Codelist: "codelist.Code", m.ConceptScheme: "conceptscheme.Concept", m.AgencyScheme: "base.Agency"}


def urn(artefact, item_id: str | None = None) -> str:
    """The SDMX URN of a maintainable artefact, or of one of its items."""
    classes = ITEM_CLASSES if item_id else URN_CLASSES
    text = f"urn:sdmx:org.sdmx.infomodel.{classes[type(artefact)]}={artefact.maintainer.id}:{artefact.id}({artefact.version})"
    return f"{text}.{item_id}" if item_id else text
