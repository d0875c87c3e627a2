"""What the OpenAPI document says of the SDMX routes (api/views/sdmx.py): the media types each
answers, its query parameters and its errors. Written from the same lists the views negotiate
with (api/sdmx/formats.py), so the document cannot list a format the service does not write."""

from __future__ import annotations

from planlink.api.sdmx import queries
from planlink.api.sdmx.formats import DATA, FORMAT_PARAMETER, STRUCTURE
from planlink.api.sdmx.structures import AGENCY_ID, FLOW_ID, KEY

ERROR = {"$ref": "#/components/schemas/Error"}
# An SDMX-ML client gets an SDMX error message (XML), any other the JSON error shape.
ERROR_CONTENT = {"application/json": {"schema": ERROR}, "application/xml": {"schema": {"type": "string"}}}
ERRORS = {400: "A bad query (SDMX error 140): an unknown parameter, a value outside those listed",
          404: "No results (SDMX error 100): no structure or observation matches",
          501: "Not implemented here (SDMX error 501): an SDMX option this service does not offer"}
NOT_ACCEPTABLE = {"description": "No offered format fits the Accept header or `format`",
                  "content": {"application/json": {"schema": ERROR}}}


def _query(name: str, description: str, **schema) -> dict:
    """A query parameter; empty is as if absent (the default), so an enum lists "" too."""
    if "enum" in schema:
        schema["enum"] = ["", *schema["enum"]]
    return {"in": "query", "name": name, "required": False, "description": description,
            "schema": {"type": "string", **schema}}


def _formats(offered: list[tuple[str, str]]) -> list[str]:
    names = {name for _, name in offered}
    return [word for word, name in FORMAT_PARAMETER.items() if name in names]


def _responses(offered: list[tuple[str, str]], what: str) -> dict:
    ok = {"description": what, "content": {media_type: {"schema": {"type": "object" if "json" in media_type
                                                                   else "string"}} for media_type, _ in offered}}
    return {200: ok, 406: NOT_ACCEPTABLE,
            **{status: {"description": text, "content": ERROR_CONTENT} for status, text in ERRORS.items()}}


def _format(offered) -> dict:
    return _query("format", "The format by name, for a client that cannot set Accept; it wins over Accept.",
                  enum=_formats(offered))


def _path(name: str, description: str, example: str, pattern: str | None = None) -> dict:
    schema = {"type": "string", "minLength": 1} if pattern is None else {"type": "string", "pattern": pattern}
    return {"in": "path", "name": name, "required": True, "description": description, "example": example,
            "schema": schema}


ID = r"[A-Za-z0-9_@$.\-]+"  # an SDMX id or version (1.0)
CODES = r"[A-Za-z0-9_@$+\-]*"  # one dimension of a key: codes joined by + (empty: any)
FLOW_PATH = _path("flow", "The dataflow: `FLOW`, `AGENCY,FLOW` or `AGENCY,FLOW,VERSION` (`all` for any part)",
                  FLOW_ID, rf"^{ID}(,{ID}){{0,2}}$")
KEY_PATH = _path("key", f"`all`, or one part per dimension ({'.'.join(KEY)}), codes joined by `+`, empty for any",
                 "jiangsu..target", rf"^(all|{CODES}(\.{CODES}){{{len(KEY) - 1}}})$")
V2_CODES = r"[A-Za-z0-9_@$,*\-]*"
V2_KEY_PATH = _path("key", f"`*`, or one part per dimension ({'.'.join(KEY)}), codes joined by `,`, `*` for any",
                    "jiangsu.*.target", rf"^(\*|{V2_CODES}(\.{V2_CODES}){{{len(KEY) - 1}}})$")
# the parts of a structure query (SDMX 2.1: `all`, `latest`, `+`; SDMX-REST 2.0: `*`, `~`, `,`)
AGENCY_PATH = _path("agency", f"The maintenance agency: `{AGENCY_ID}` (or `all`; `SDMX` for the agency scheme)",
                    AGENCY_ID)
ID_PATH = _path("resource_id", "The artefact's id (or `all`)", "all")
VERSION_PATH = _path("version", "`1.0`, `latest` or `all`", "latest")
V2_AGENCY_PATH = _path("agency", f"`{AGENCY_ID}` or `*`", AGENCY_ID)
V2_ID_PATH = _path("resource_id", "The artefact's id or `*`", FLOW_ID)
V2_VERSION_PATH = _path("version", "`1.0`, `~` (the latest) or `*`", "~")
V2_CONTEXT_PATH = _path("context", "`dataflow` (or `*`)", "dataflow")
PERIOD = {"pattern": "^$|" + queries.PERIOD.pattern}  # empty: no bound, as if absent
DETAIL_STRUCTURE = _query("detail", "`full` only here (stubs are not implemented: 501).", enum=["full"])
REFERENCES = _query("references", "Add the artefacts the matches reference (`children`, `descendants`), are "
                    "referenced by (`parents`, `parentsandsiblings`), both (`all`), or those of one type.",
                    enum=list(queries.REFERENCES) + list(queries.RESOURCES))

UPDATED_AFTER = _query("updatedAfter", "Only the observations changed in a release published after this time "
                       "(xs:dateTime, e.g. `2025-01-31T08:00:00Z`; `+` as `%2B`), by the releases of /api/v1/releases: "
                       "404 when none changed; 501 from a replica of a remote engine given no releases; empty: "
                       "every observation.", anyOf=[{"format": "date-time"}, {"enum": [""]}])
STRUCTURE_DOC = {"responses": _responses(STRUCTURE, "An SDMX structure message"),
                 "parameters": [REFERENCES, DETAIL_STRUCTURE, _format(STRUCTURE)]}

DATA_DOC = {"responses": _responses(DATA, "An SDMX data message"),
            "parameters": [
                _query("startPeriod", "The first year wanted (an SDMX period: 2021, 2021-06, 2021-Q2 …); empty: no bound",
                       **PERIOD),
                _query("endPeriod", "The last year wanted (an SDMX period); empty: no bound", **PERIOD),
                _query("detail", "`full` (with attributes) or `dataonly`; SDMX's `serieskeysonly` and `nodata` "
                       "are not implemented (501).", enum=["full", "dataonly"]),
                _query("dimensionAtObservation", "`AllDimensions` (a flat data set) only; a dimension's id is "
                       "not implemented (501).", enum=["AllDimensions"]),
                _query("includeHistory", "Accepted; the tables have no history, so both give the same data.",
                       enum=["true", "false"]),
                UPDATED_AFTER,
                _format(DATA)]}

V2_STRUCTURE_DOC = {"responses": _responses([pair for pair in STRUCTURE if pair[1] == "structure-json"],
                                            "An SDMX-JSON 2.0.0 structure message"),
                    "parameters": [REFERENCES, DETAIL_STRUCTURE]}


def v2_data_doc(offered: list[tuple[str, str]]) -> dict:
    filters = {"in": "query", "name": "c", "required": False, "style": "deepObject", "explode": True,
               "description": "Filters on components: `c[TIME_PERIOD]=ge:2021+le:2025` (all must hold), "
                              "`c[PLAN]=jiangsu,shanghai` (any of them); empty: no filter.",
               "schema": {"type": "object", "additionalProperties": False,
                          "properties": {name: {"type": "string"} for name in (*KEY, "TIME_PERIOD")}}}
    return {"responses": _responses(offered, "SDMX-CSV 2.0.0 data"),
            "parameters": [
                _query("attributes", "`dsd` (every attribute, the default) or `none`", enum=["dsd", "none"]),
                _query("measures", "`all` (the default): the one measure, OBS_VALUE", enum=["all"]),
                _query("dimensionAtObservation", "`AllDimensions` only (a flat data set)", enum=["AllDimensions"]),
                _query("includeHistory", "Accepted; the tables have no history.", enum=["true", "false"]),
                UPDATED_AFTER,
                filters]}
