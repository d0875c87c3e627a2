"""SDMX messages as bytes: SDMX-ML 2.1 (structure, structure-specific and generic data), SDMX-CSV.

Written by `sdmx1` (`sdmx.to_xml`, `sdmx.to_csv`), whose information model keeps every name in
Chinese and English (pysdmx's writers take one name and label it English). Where its output
misses what the SDMX-ML 2.1 schemas require, the tree is completed here, not rewritten:
the data header's `namespace`/`dimensionAtObservation`, and for generic data the root element and
no ObsValue for a dash. The error message is three elements written with lxml, since sdmx1
writes errors with a header the schema does not allow.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

import pandas
import sdmx
from lxml import etree
from sdmx import message
from sdmx.format.csv import v1 as csv_v1, v2 as csv_v2
from sdmx.model import common, v21 as m

from planlink.api.sdmx.structures import AGENCY_ID, Structures, urn

MES = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
COM = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"
GEN = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic"


def header(request_id: str) -> message.Header:
    """A message header: an id made from the request (same request, same id), now, this service."""
    digest = hashlib.sha256(request_id.encode("utf-8")).hexdigest()[:16].upper()
    return message.Header(id="IREF" + digest, prepared=datetime.now(timezone.utc).replace(microsecond=0),
                          sender=m.Agency(id=AGENCY_ID))


def structure_xml(artefacts: list, request_id: str) -> bytes:
    structure_message = message.StructureMessage(header=header(request_id))
    for artefact in artefacts:
        structure_message.add(artefact)
    return sdmx.to_xml(structure_message, pretty_print=True)


def data_xml(found: Structures, dataset, request_id: str) -> bytes:
    data_message = message.DataMessage(header=header(request_id), data=[dataset], dataflow=found.flow,
                                       observation_dimension=common.AllDimensions)
    tree = etree.fromstring(sdmx.to_xml(data_message))
    for structure in tree.iterfind(f"{{{MES}}}Header/{{{MES}}}Structure"):
        structure.set("dimensionAtObservation", "AllDimensions")
        if isinstance(dataset, m.StructureSpecificDataSet):
            structure.set("namespace", f"{urn(found.dsd)}:ObsLevelDim:AllDimensions")
    if isinstance(dataset, m.GenericDataSet):
        tree.tag = f"{{{MES}}}GenericData"  # sdmx1 names every data message StructureSpecificData
        for value in tree.iterfind(f".//{{{GEN}}}ObsValue[@value='None']"):
            value.getparent().remove(value)  # a dash: no value (sdmx1 would print "None")
    return etree.tostring(tree, xml_declaration=True, encoding="utf-8", pretty_print=True)


def data_csv(dataset, version: str) -> bytes:
    """SDMX-CSV 1.0.0 or 2.0.0: one row per observation, every attribute a column, UTF-8."""
    options = csv_v1.FormatOptions() if version == "1" else csv_v2.FormatOptions()
    frame = sdmx.to_csv(dataset, rtype=pandas.DataFrame, attributes="dsgo", format_options=options)
    frame["OBS_VALUE"] = frame["OBS_VALUE"].map(_number)  # pandas holds them as floats: 18 would be "18.0"
    return frame.to_csv(index=False).encode("utf-8")


def _number(value) -> str:
    if value is None or pandas.isna(value):
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def error_xml(sdmx_code: int, text: str) -> bytes:
    """An SDMX-ML 2.1 error message (mes:Error/mes:ErrorMessage/com:Text)."""
    root = etree.Element(f"{{{MES}}}Error", nsmap={"mes": MES, "com": COM})
    entry = etree.SubElement(root, f"{{{MES}}}ErrorMessage", code=str(sdmx_code))
    etree.SubElement(entry, f"{{{COM}}}Text", {"{http://www.w3.org/XML/1998/namespace}lang": "en"}).text = text
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
