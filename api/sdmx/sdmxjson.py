"""SDMX-JSON: structures as SDMX-JSON 2.0.0 structure messages, data as SDMX-JSON 1.0.0 data messages.

Neither sdmx1 nor pysdmx writes what is needed: sdmx1 writes no SDMX-JSON at all, pysdmx writes
structure messages only and with one name per item (labelled English). So the messages are
built here as plain dicts, from the same sdmx1 objects the SDMX-ML is written from: `name` in
Chinese where there is one (the plans print Chinese), `names` with every language. (Not chosen by
Accept-Language: the response cache keys on Accept only, and `names` lets a client choose.) The shapes
follow the SDMX-JSON field guides (sdmx-twg/sdmx-json); the tests read them back with pysdmx
(structures) and sdmx1 (data).
"""

from __future__ import annotations

from sdmx.model import common, v21 as m

from planlink.api.sdmx.structures import KEY, Structures, urn

STRUCTURE_SCHEMA = ("https://raw.githubusercontent.com/sdmx-twg/sdmx-json/develop/structure-message/tools/schemas/"
                    "2.0.0/sdmx-json-structure-schema.json")
COLLECTIONS = [(m.AgencyScheme, "agencySchemes", "agencies"), (m.Codelist, "codelists", "codes"),
               (m.ConceptScheme, "conceptSchemes", "concepts"), (m.DataStructureDefinition, "dataStructures", None),
               (m.DataflowDefinition, "dataflows", None)]


def _text(international, languages) -> str | None:
    texts = international.localizations if international is not None else {}
    return next((texts[lang] for lang in (*languages, "zh", "en") if texts.get(lang)), None)


def _nameable(thing, languages) -> dict:
    result = {"id": thing.id}
    name = _text(thing.name, languages)
    if name:
        result["name"], result["names"] = name, dict(thing.name.localizations)
    description = _text(thing.description, languages)
    if description:
        result["description"], result["descriptions"] = description, dict(thing.description.localizations)
    annotations = [{key: value for key, value in (("type", a.type), ("title", a.title),
                                                  ("text", _text(a.text, languages))) if value}
                   | ({"links": [{"href": a.url, "rel": "self"}]} if a.url else {})
                   for a in thing.annotations]
    if annotations:
        result["annotations"] = annotations
    return result


def _maintainable(artefact, languages) -> dict:
    result = _nameable(artefact, languages)
    return {"id": result.pop("id"), "agencyID": artefact.maintainer.id, "version": artefact.version,
            "isExternalReference": False, "isFinal": bool(artefact.is_final), **result}


def _representation(component) -> dict:
    representation = component.local_representation
    if representation is None:
        return {}
    if representation.enumerated is not None:
        return {"localRepresentation": {"enumeration": urn(representation.enumerated)}}
    value_type = representation.non_enumerated[0].value_type.name
    return {"localRepresentation": {"format": {"dataType": value_type[0].upper() + value_type[1:]}}}


def _component(component, scheme) -> dict:
    return {"id": component.id, "conceptIdentity": urn(scheme, component.concept_identity.id), **_representation(component)}


def _dsd(dsd, concepts) -> dict:
    dimensions = [dict(_component(d, concepts), position=d.order - 1) for d in dsd.dimensions.components
                  if not isinstance(d, common.TimeDimension)]
    time = next(d for d in dsd.dimensions.components if isinstance(d, common.TimeDimension))
    attributes = []
    for a in dsd.attributes.components:
        related = ({"dimensions": [d.id for d in a.related_to.dimensions]}
                   if isinstance(a.related_to, m.DimensionRelationship) else {"observation": {}})
        attribute = dict(_component(a, concepts), usage=a.usage_status.name if a.usage_status else "optional",
                         attributeRelationship=related)
        attribute["usage"] = "mandatory" if attribute["usage"] == "mandatory" else "optional"
        if "observation" in related:
            attribute["measureRelationship"] = [c.id for c in dsd.measures.components]
        attributes.append(attribute)
    measures = [dict(_component(x, concepts), usage="mandatory") for x in dsd.measures.components]
    return {"dataStructureComponents": {
        "dimensionList": {"id": "DimensionDescriptor", "dimensions": dimensions,
                          "timeDimension": _component(time, concepts)},
        "attributeList": {"id": "AttributeDescriptor", "attributes": attributes},
        "measureList": {"id": "MeasureDescriptor", "measures": measures}}}


def structure_message(found: Structures, artefacts: list, header, languages=("zh", "en")) -> dict:
    concepts = next(a for a in found.artefacts if isinstance(a, m.ConceptScheme) and a.id == "CS_INDICATOR_TARGETS")
    data: dict[str, list] = {}
    for cls, collection, items in COLLECTIONS:
        for artefact in (a for a in artefacts if type(a) is cls):
            entry = _maintainable(artefact, languages)
            if items:
                entry[items] = [_nameable(item, languages) for item in artefact.items.values()]
            if cls is m.DataStructureDefinition:
                entry.update(_dsd(artefact, concepts))
            if cls is m.DataflowDefinition:
                entry["structure"] = urn(artefact.structure)
            data.setdefault(collection, []).append(entry)
    return {"meta": {**_meta(header), "schema": STRUCTURE_SCHEMA, "contentLanguages": list(languages)}, "data": data}


def _meta(header) -> dict:
    return {"id": header.id, "test": False, "prepared": header.prepared.isoformat(),
            "sender": {"id": header.sender.id}}


def data_message(found: Structures, rows: list[dict], header, with_attributes=True, languages=("zh", "en")) -> dict:
    """SDMX-JSON 1.0.0 data: every dimension at the observation level, values by index."""
    dsd = found.dsd
    dimension_ids = [*KEY, "TIME_PERIOD"]
    attribute_ids = [a.id for a in dsd.attributes.components] if with_attributes else []
    dimension_values = {d: list(dict.fromkeys(row["key"][d] for row in rows)) for d in dimension_ids}
    attribute_values = {a: list(dict.fromkeys(row["attributes"][a] for row in rows if a in row["attributes"]))
                        for a in attribute_ids}
    observations = {}
    for row in rows:
        index = ":".join(str(dimension_values[d].index(row["key"][d])) for d in dimension_ids)
        observations[index] = [row["value"], *(attribute_values[a].index(row["attributes"][a])
                                               if a in row["attributes"] else None for a in attribute_ids)]
    return {
        "header": {**_meta(header), "sender": {"id": header.sender.id, "name": "planlink"}},
        "dataSets": [{"action": "Information", "observations": observations}],
        "structure": {
            "links": [{"rel": "dataflow", "urn": urn(found.flow)}, {"rel": "datastructure", "urn": urn(dsd)}],
            "name": _text(found.flow.name, languages),
            "dimensions": {"dataSet": [], "series": [], "observation": [
                _values_of(dsd.dimensions.get(d), dimension_values[d], languages, position)
                for position, d in enumerate(dimension_ids)]},
            "attributes": {"dataSet": [], "series": [], "observation": [
                _values_of(dsd.attributes.get(a), attribute_values[a], languages) for a in attribute_ids]},
        },
    }


def _values_of(component, values: list, languages, position: int | None = None) -> dict:
    """A dimension or attribute with the values used, each coded one by id and name."""
    representation = component.local_representation
    codelist = representation.enumerated if representation is not None else None
    entry = {"id": component.id, "name": _text(component.concept_identity.name, languages) or component.id}
    if position is not None:
        entry["keyPosition"] = position
        entry["role"] = "time" if component.id == "TIME_PERIOD" else None
        if entry["role"] is None:
            del entry["role"]
    entry["values"] = []
    for value in values:
        if codelist is not None:
            code = codelist.items.get(str(value))
            entry["values"].append({"id": str(value), "name": _text(code.name, languages) if code else str(value)})
        elif position is not None:
            entry["values"].append({"id": str(value), "name": str(value)})
        else:
            entry["values"].append({"name": str(value)})  # uncoded: the value itself
    return entry
