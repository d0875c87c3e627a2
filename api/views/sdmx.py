"""The SDMX 2.1 REST API under /sdmx/, read-only: structure queries and data queries.

    /sdmx/{dataflow|datastructure|codelist|conceptscheme|agencyscheme|structure}/{agency}/{id}/{version}
        ?references=none|parents|parentsandsiblings|children|descendants|all|<type>
    /sdmx/data/{flowRef}/{key}/{providerRef}?startPeriod=&endPeriod=&detail=full|dataonly

and the SDMX 3.0 spelling of both (SDMX-REST 2.0) under /sdmx/v2/ (at the end of this file).
Formats by Accept as SDMX 2.1 REST names them (api/sdmx/formats.py), or `?format=`. Errors are
SDMX error messages for SDMX-ML clients, the JSON error shape for the rest: 404 for no results
(SDMX code 100), 400 for a bad query (140), 406 when no offered format fits, 501 for what this
service does not implement.
"""

from __future__ import annotations

import json
import re

from flask import Response, current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from planlink.api.errors import error_response
from planlink.api.sdmx import data, messages, queries, sdmxjson, updated
from planlink.api.sdmx.formats import DATA, FORMAT_PARAMETER, STRUCTURE, by_name, choose
from planlink.api.sdmx.structures import AGENCY_ID, FLOW_ID, KEY, structures
from planlink.api.services import releases
from planlink.api.views import sdmx_openapi as doc
from planlink.api.store import get_store

blp = Blueprint("sdmx", __name__, url_prefix="/sdmx",
                description="SDMX 2.1 REST: the indicator tables' structures and their baselines and targets")

RESOURCE = "any(" + ", ".join(queries.RESOURCES) + "):resource"
STRUCTURE_PARAMETERS = {"references", "detail", "format"}
DATA_PARAMETERS = {"startPeriod", "endPeriod", "dimensionAtObservation", "detail", "format", "includeHistory",
                   "updatedAfter"}
# what XML 1.0 cannot hold (control characters, lone surrogates): an error message may quote the query
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
NOT_IMPLEMENTED = {"firstNObservations", "lastNObservations"}
# values SDMX defines that this service does not offer (501); any other unlisted value is a 400
SDMX_DETAILS = {"allstubs", "referencestubs", "referencepartial", "allcompletestubs", "referencecompletestubs",
                "serieskeysonly", "nodata"}


class Negotiated(Exception):
    """No offered format fits the request (406)."""


def negotiate(offered: list[tuple[str, str]]) -> tuple[str, str]:
    wanted = request.args.get("format") or None  # empty: as if absent, as every parameter here
    if wanted is not None:
        name = FORMAT_PARAMETER.get(wanted)
        if name is None or all(name != offer[1] for offer in offered):
            raise Negotiated(f"format={wanted[:40]} is not offered here; use one of "
                             + ", ".join(k for k, v in FORMAT_PARAMETER.items() if any(v == o[1] for o in offered)))
        return by_name(name, offered)
    chosen = choose(request.headers.get("Accept"), offered)
    if chosen is None:
        raise Negotiated("no offered format fits the Accept header; offered: "
                         + ", ".join(media_type for media_type, _ in offered))
    return chosen


def check_parameters(allowed: set[str]) -> None:
    for name in request.args:
        if name in NOT_IMPLEMENTED:
            raise queries.not_implemented(f"{name} is not implemented by this service")
        if name not in allowed:
            raise queries.syntax_error(f"unknown parameter {name[:40]!r}; this query takes " + ", ".join(sorted(allowed)))


def check_value(name: str, default: str, offered: tuple[str, ...], sdmx_defined=()) -> str:
    """The query parameter `name` (or `default`): one of `offered`; one SDMX defines but this service
    does not offer is a 501, anything else a 400. Empty is as if absent."""
    value = request.args.get(name) or default
    if value in offered:
        return value
    if value in sdmx_defined:
        raise queries.not_implemented(f"{name}={value[:40]} is not implemented; this service gives "
                                      + " or ".join(offered))
    raise queries.syntax_error(f"{name}={value[:40]!r} is not one of " + ", ".join(offered))


def answer(body: bytes, media_type: str) -> Response:
    if media_type.startswith("text/") or "csv" in media_type:
        media_type += "; charset=utf-8"
    response = Response(body, status=200, content_type=media_type)
    response.vary.add("Accept")
    return response


def failure(error: Exception, offered: list[tuple[str, str]]) -> Response:
    """An SDMX-ML error message for a client that takes SDMX-ML, else the JSON error shape."""
    if isinstance(error, Negotiated):
        response = error_response(406, str(error))
    else:
        try:
            name = negotiate(offered)[1]
        except Negotiated:
            name = "json"
        if name.endswith("-xml"):
            response = Response(messages.error_xml(error.sdmx_code, NOT_XML.sub("\ufffd", error.message)),
                                status=error.status,
                                content_type="application/xml")
        else:
            response = error_response(error.status, error.message)
    response.vary.add("Accept")
    return response


@blp.route("/")
class Index(MethodView):
    @blp.doc(summary="What this SDMX service offers (JSON)",
             responses={200: {"description": "The entry points", "content": {"application/json": {
                 "schema": {"type": "object"}}}}})
    def get(self):
        """The entry points, for a person who opens /sdmx/ (SDMX itself defines no such resource)."""
        root = request.url_root.rstrip("/") + "/sdmx"
        return {"agency": AGENCY_ID, "dataflow": FLOW_ID, "key": ".".join(KEY),
                "structures": [f"{root}/{resource}/{AGENCY_ID}/all/latest" for resource in queries.RESOURCES
                               if resource not in ("organisationscheme", "agencyscheme")]
                              + [f"{root}/agencyscheme/SDMX/AGENCIES/1.0"],
                "data": f"{root}/data/{FLOW_ID}/all?startPeriod=2020&endPeriod=2025",
                "sdmx_rest_2": [f"{root}/v2/structure/dataflow/{AGENCY_ID}/{FLOW_ID}/~?references=all",
                                f"{root}/v2/data/dataflow/{AGENCY_ID}/{FLOW_ID}/~/*?c[TIME_PERIOD]=ge:2025"],
                "formats": {"structure": [t for t, _ in STRUCTURE], "data": [t for t, _ in DATA]}}


@blp.route("/<" + RESOURCE + ">", defaults={"agency": None, "resource_id": None, "version": None})
@blp.route("/<" + RESOURCE + ">/<agency>", defaults={"resource_id": None, "version": None},
           parameters=[doc.AGENCY_PATH])
@blp.route("/<" + RESOURCE + ">/<agency>/<resource_id>", defaults={"version": None},
           parameters=[doc.AGENCY_PATH, doc.ID_PATH])
@blp.route("/<" + RESOURCE + ">/<agency>/<resource_id>/<version>",
           parameters=[doc.AGENCY_PATH, doc.ID_PATH, doc.VERSION_PATH])
class StructureQuery(MethodView):
    @blp.doc(summary="SDMX structures (agency scheme, concept schemes, codelists, DSD, dataflow)",
             description=f"SDMX-ML 2.1 (`application/vnd.sdmx.structure+xml;version=2.1`, the default) or SDMX-JSON "
                         f"2.0.0 (`application/vnd.sdmx.structure+json;version=2.0.0`). Agency `{AGENCY_ID}` (or "
                         "`all`), id or `all`, version `1.0`/`latest`/`all`; `+` joins several. `references` adds "
                         "what the matches reference or are referenced by.", **doc.STRUCTURE_DOC)
    def get(self, resource, agency, resource_id, version):
        return structure_answer(STRUCTURE, resource, agency, resource_id, version)


def structure_answer(offered, resource, agency, resource_id, version) -> Response:
    try:
        check_parameters(STRUCTURE_PARAMETERS)
        media_type, name = negotiate(offered)
        check_value("detail", "full", ("full",), SDMX_DETAILS)
        found = structures(get_store())
        artefacts = queries.select_structures(found, resource, agency, resource_id, version,
                                              request.args.get("references"), request.args.get("detail"))
        if name == "structure-json":
            body = json.dumps(sdmxjson.structure_message(found, artefacts, messages.header(request.full_path)),
                              ensure_ascii=False).encode("utf-8")
        else:
            body = messages.structure_xml(artefacts, request.full_path)
        return answer(body, media_type)
    except (queries.SdmxError, Negotiated) as error:
        return failure(error, offered)


@blp.route("/data/<flow>", defaults={"key": None, "provider": None}, parameters=[doc.FLOW_PATH])
@blp.route("/data/<flow>/<key>", defaults={"provider": None}, parameters=[doc.FLOW_PATH, doc.KEY_PATH])
@blp.route("/data/<flow>/<key>/", defaults={"provider": None}, endpoint="DataQueryNoProvider",  # pysdmx's short form
           parameters=[doc.FLOW_PATH, doc.KEY_PATH])
@blp.route("/data/<flow>/<key>/<provider>", parameters=[doc.FLOW_PATH, doc.KEY_PATH])
class DataQuery(MethodView):
    @blp.doc(summary="SDMX data: every plan's indicator baselines and targets",
             description=f"Flow `{FLOW_ID}` (or `{AGENCY_ID},{FLOW_ID}[,1.0]`); key `PLAN.INDICATOR.OBS_KIND` "
                         "(`+` for several codes, empty for any, `all`), e.g. `jiangsu..target`; `startPeriod`/"
                         "`endPeriod` (years). SDMX-ML 2.1 structure-specific (the default) or generic data, "
                         "SDMX-JSON 1.0.0, SDMX-CSV 1.0.0 or 2.0.0. A value printed as a dash has no OBS_VALUE, "
                         "OBS_STATUS `O` and the dash in VALUE_TEXT.", **doc.DATA_DOC)
    def get(self, flow, key, provider):
        def parse():
            check_parameters(DATA_PARAMETERS)
            if provider not in (None, "", "all"):
                raise queries.no_results(f"no data provider {provider[:40]!r}; this service has none (use all)")
            detail = check_value("detail", "full", ("full", "dataonly"), SDMX_DETAILS)
            queries.check_flow(flow)
            start = queries.parse_period(request.args.get("startPeriod"), "startPeriod")
            end = queries.parse_period(request.args.get("endPeriod"), "endPeriod")
            return queries.parse_key(key), start, end, updated_after(), detail == "full"
        return data_answer(DATA, parse)


def updated_after() -> tuple:
    """The test of `updatedAfter` (the observations changed since then: api/sdmx/updated.py), if asked."""
    text = request.args.get("updatedAfter")
    if not text:  # empty: as if absent
        return ()
    return (updated.updated_after(get_store(), releases.directory_of(current_app.config), text),)


def data_answer(offered, parse) -> Response:
    """The observations `parse()` → (key, start, end, tests, with attributes) selects, in the format asked."""
    try:
        media_type, name = negotiate(offered)
        check_value("dimensionAtObservation", "AllDimensions", ("AllDimensions",), (*KEY, "TIME_PERIOD"))
        check_value("includeHistory", "false", ("true", "false"))
        key_filter, start, end, tests, with_attributes = parse()
        store = get_store()
        found = structures(store)
        rows = data.select(data.observations(store), key_filter, start, end, tests)
        if name == "data-json":
            body = json.dumps(sdmxjson.data_message(found, rows, messages.header(request.full_path), with_attributes),
                              ensure_ascii=False).encode("utf-8")
        elif name.startswith("csv"):
            body = messages.data_csv(data.dataset(found, rows, with_attributes=with_attributes), name[-1])
        else:
            dataset = data.dataset(found, rows, generic=name == "generic-xml", with_attributes=with_attributes)
            body = messages.data_xml(found, dataset, request.full_path)
        return answer(body, media_type)
    except (queries.SdmxError, Negotiated) as error:
        return failure(error, offered)


# ---------------------------------------------------------------- SDMX 3.0: SDMX-REST 2.0 paths under /sdmx/v2/
# The same structures and observations; the formats of SDMX 3.0 this service writes: SDMX-JSON 2.0.0
# structures and SDMX-CSV 2.0.0 data (no SDMX-ML 3.0 or SDMX-JSON 2.0 data: no library here writes them).

V2_STRUCTURE = [pair for pair in STRUCTURE if pair[1] == "structure-json"]
V2_DATA = [pair for pair in DATA if pair[1] == "csv-2"] + [("text/csv", "csv-2")]
V2_TYPES = "any(dataflow, datastructure, codelist, conceptscheme, agencyscheme, structure):kind"
V2_FLOW = [doc.V2_AGENCY_PATH, doc.V2_ID_PATH, doc.V2_VERSION_PATH]  # for the OpenAPI document
V2_DATA_PARAMETERS = {"dimensionAtObservation", "attributes", "measures", "includeHistory", "updatedAfter"}


@blp.route("/v2/structure/<" + V2_TYPES + ">", defaults={"agency": None, "resource_id": None, "version": None})
@blp.route("/v2/structure/<" + V2_TYPES + ">/<agency>", defaults={"resource_id": None, "version": None},
           parameters=[doc.V2_AGENCY_PATH])
@blp.route("/v2/structure/<" + V2_TYPES + ">/<agency>/<resource_id>", defaults={"version": None},
           parameters=[doc.V2_AGENCY_PATH, doc.V2_ID_PATH])
@blp.route("/v2/structure/<" + V2_TYPES + ">/<agency>/<resource_id>/<version>", parameters=V2_FLOW)
class StructureQueryV2(MethodView):
    @blp.doc(summary="SDMX 3.0 (SDMX-REST 2.0) structure queries, as SDMX-JSON 2.0.0",
             description="`*` for any agency, id or version, `~` for the latest, `,` between several.",
             **doc.V2_STRUCTURE_DOC)
    def get(self, kind, agency, resource_id, version):
        return structure_answer(V2_STRUCTURE, kind, queries.v2_names(agency), queries.v2_names(resource_id),
                                queries.v2_names(version))


@blp.route("/v2/data/<context>/<agency>/<resource_id>/", defaults={"version": None, "key": None},  # short forms
           parameters=[doc.V2_CONTEXT_PATH, doc.V2_AGENCY_PATH, doc.V2_ID_PATH])
@blp.route("/v2/data/<context>/<agency>/<resource_id>/<version>/", defaults={"key": None},
           endpoint="DataQueryV2Version", parameters=[doc.V2_CONTEXT_PATH, *V2_FLOW])
@blp.route("/v2/data/<context>/<agency>/<resource_id>/<version>", defaults={"key": None},
           parameters=[doc.V2_CONTEXT_PATH, *V2_FLOW])
@blp.route("/v2/data/<context>/<agency>/<resource_id>/<version>/<key>",
           parameters=[doc.V2_CONTEXT_PATH, *V2_FLOW, doc.V2_KEY_PATH])
class DataQueryV2(MethodView):
    @blp.doc(summary="SDMX 3.0 (SDMX-REST 2.0) data queries, as SDMX-CSV 2.0.0",
             description="Context `dataflow`; key with `*` and `,`; `c[TIME_PERIOD]=ge:2021+le:2025` and "
                         "`c[PLAN]=jiangsu,shanghai` filters; `attributes=none` leaves the attributes out.",
             **doc.v2_data_doc(V2_DATA))
    def get(self, context, agency, resource_id, version, key):
        def parse():
            for name in request.args:
                if name in NOT_IMPLEMENTED or name in ("offset", "limit", "sort", "asOf"):
                    raise queries.not_implemented(f"{name} is not implemented by this service")
                if name not in V2_DATA_PARAMETERS and not name.startswith("c["):
                    raise queries.syntax_error(f"unknown parameter {name[:40]!r}")
            if context not in ("dataflow", "*"):
                raise queries.no_results(f"no {context[:40]} here; this service has one dataflow")
            queries.check_flow(",".join(queries.v2_names(part) or "all" for part in (agency, resource_id, version)))
            attributes = check_value("attributes", "dsd", ("dsd", "none"), ("msd", "dataset", "series", "obs", "all"))
            check_value("measures", "all", ("all",), ("none",))
            filters = {name: value for name, value in request.args.items() if value != ""}  # empty: no filter
            return (queries.parse_v2_key(key), None, None, (*queries.parse_v2_filters(filters), *updated_after()),
                    attributes != "none")
        return data_answer(V2_DATA, parse)
