"""SDMX 2.1 REST queries: which structures a structure query asks for (with `references`), and
which observations a data query asks for (flow, key, startPeriod/endPeriod). Pure: no HTTP.

Errors carry SDMX's error codes (SDMX 2.1 Standards Section 7, web services guidelines):
100 no results (HTTP 404), 140 syntax error (400), 501 not implemented.
"""

from __future__ import annotations

import re

from sdmx.model import v21 as m

from planlink.api.sdmx.structures import AGENCY_ID, FLOW_ID, KEY, Structures

# REST resource name → the model classes it selects
RESOURCES = {
    "dataflow": (m.DataflowDefinition,),
    "datastructure": (m.DataStructureDefinition,),
    "codelist": (m.Codelist,),
    "conceptscheme": (m.ConceptScheme,),
    "agencyscheme": (m.AgencyScheme,),
    "organisationscheme": (m.AgencyScheme,),
    "structure": (m.DataflowDefinition, m.DataStructureDefinition, m.Codelist, m.ConceptScheme, m.AgencyScheme),
}
REFERENCES = ("none", "parents", "parentsandsiblings", "children", "descendants", "all")
PERIOD = re.compile(r"^(\d{4})(?:-(?:\d{2}(?:-\d{2})?|[QST]\d|[AMQSTW]\d{1,2}|W\d{2}|D\d{3}))?$")


class SdmxError(Exception):
    """A query SDMX answers with an error message: `sdmx_code` is SDMX's, `status` the HTTP one."""

    def __init__(self, status: int, sdmx_code: int, message: str):
        super().__init__(message)
        self.status, self.sdmx_code, self.message = status, sdmx_code, message


def no_results(message: str) -> SdmxError:
    return SdmxError(404, 100, message)


def syntax_error(message: str) -> SdmxError:
    return SdmxError(400, 140, message)


def not_implemented(message: str) -> SdmxError:
    return SdmxError(501, 501, message)


def _matches(value: str, wanted: str | None, wildcard: str = "all") -> bool:
    return wanted in (None, "", wildcard, "*") or value in wanted.split("+")


def _version_matches(version: str, wanted: str | None) -> bool:
    return wanted in (None, "", "all", "latest", "*", "~") or version in wanted.split("+")


def select_structures(structures: Structures, resource: str, agency: str | None, resource_id: str | None,
                      version: str | None, references: str | None, detail: str | None) -> list:
    """The artefacts a structure query asks for, then those its `references` add (no duplicates)."""
    if detail not in (None, "", "full"):
        raise not_implemented(f"detail={detail} is not implemented; this service gives detail=full")
    references = (references or "none").lower()
    if references not in REFERENCES and references not in RESOURCES:
        raise syntax_error(f"references={references[:40]} is not one of {', '.join(REFERENCES + tuple(RESOURCES))}")
    matched = [a for a in structures.artefacts
               if isinstance(a, RESOURCES[resource]) and _matches(a.maintainer.id, agency)
               and _matches(a.id, resource_id) and _version_matches(a.version, version)]
    if not matched:
        raise no_results(f"no {resource} {agency or 'all'}/{resource_id or 'all'}/{version or 'latest'} here "
                         f"(agency {AGENCY_ID}, dataflow {FLOW_ID})")
    result = list(matched)
    for artefact in matched:
        result += related(structures, artefact, references)
    unique = {id(a): a for a in result}
    return list(unique.values())


def related(structures: Structures, artefact, references: str) -> list:
    children = structures.children.get(id(artefact), [])
    parents = [a for a in structures.artefacts if artefact in structures.children.get(id(a), [])]
    if references == "none":
        return []
    if references == "children":
        return children
    if references == "parents":
        return parents
    if references == "parentsandsiblings":
        return parents + [c for p in parents for c in structures.children.get(id(p), [])]
    descendants = _descendants(structures, artefact)
    if references == "descendants":
        return descendants
    everything = parents + [c for p in parents for c in structures.children.get(id(p), [])] + descendants
    if references == "all":
        return everything
    return [a for a in everything if isinstance(a, RESOURCES[references])]  # one type, e.g. codelist


def _descendants(structures: Structures, artefact) -> list:
    found, queue = [], list(structures.children.get(id(artefact), []))
    while queue:
        child = queue.pop(0)
        if all(child is not f for f in found):
            found.append(child)
            queue += structures.children.get(id(child), [])
    return found


def check_flow(flow_ref: str) -> None:
    """`FLOW`, `AGENCY,FLOW` or `AGENCY,FLOW,VERSION` (SDMX 2.1 flowRef); no results for any other flow."""
    parts = flow_ref.split(",")
    if len(parts) > 3 or not all(parts):
        raise syntax_error(f"flowRef {flow_ref[:80]!r} is not FLOW, AGENCY,FLOW or AGENCY,FLOW,VERSION")
    if len(parts) == 1:
        parts = [AGENCY_ID, *parts]
    agency, flow, version = (parts + [None])[:3]
    if not (_matches(AGENCY_ID, agency) and _matches(FLOW_ID, flow) and _version_matches("1.0", version)):
        raise no_results(f"no dataflow {flow_ref!r}; this service has {AGENCY_ID},{FLOW_ID},1.0")


def parse_key(key: str | None) -> list[set[str] | None]:
    """One set of wanted codes per dimension of KEY (None: any). `all` or empty: every series."""
    if key in (None, "", "all"):
        return [None] * len(KEY)
    parts = key.split(".")
    if len(parts) != len(KEY):
        raise syntax_error(f"the key {key[:80]!r} has {len(parts)} parts; this dataflow's key has {len(KEY)}: "
                           + ".".join(KEY))
    return [set(part.split("+")) if part else None for part in parts]


def parse_period(value: str | None, name: str) -> int | None:
    """The year of an SDMX period (2021, 2021-06, 2021-Q3, 2021-06-30 …); the tables are annual."""
    if value in (None, ""):
        return None
    found = PERIOD.match(value.strip())
    if not found:
        raise syntax_error(f"{name}={value[:40]!r} is not an SDMX time period such as 2021, 2021-06 or 2021-Q2")
    return int(found.group(1))


# ---------------------------------------------------------------- SDMX 3.0 (SDMX-REST 2.0) spellings

def v2_names(value: str | None) -> str | None:
    """SDMX-REST 2.0 wildcards and lists in the 2.1 spelling: `*` → all, `~` → latest, `a,b` → a+b."""
    if value in (None, "", "*"):
        return None
    return "latest" if value == "~" else value.replace(",", "+")


def parse_v2_key(key: str | None) -> list[set[str] | None]:
    """A 2.0 key: `*` for any dimension (or the whole key), `,` between codes of one dimension."""
    if key in (None, "", "*"):
        return [None] * len(KEY)
    return parse_key(".".join("" if part == "*" else part.replace(",", "+") for part in key.split(".")))


COMPARISONS = {"eq": lambda a, b: a == b, "ge": lambda a, b: a >= b, "gt": lambda a, b: a > b,
               "le": lambda a, b: a <= b, "lt": lambda a, b: a < b}


def parse_v2_filters(args) -> list:
    """`c[COMPONENT]=op:value+op:value` (all must hold) or `=v1,v2` (any); a test on a row."""
    tests = []
    for name, text in args.items():
        if not (name.startswith("c[") and name.endswith("]")):
            continue
        component = name[2:-1]
        if component not in (*KEY, "TIME_PERIOD"):  # not a component of this dataflow: a bad query
            raise syntax_error(f"{name[:40]}: this dataflow's components are {', '.join((*KEY, 'TIME_PERIOD'))}")
        if "," in text:
            wanted = {v.removeprefix("eq:") for v in text.split(",")}
            tests.append(lambda row, c=component, w=wanted: row["key"][c] in w)
            continue
        for clause in text.split("+"):
            operator, _, value = clause.rpartition(":")
            operator = operator or "eq"
            if operator not in COMPARISONS:
                raise not_implemented(f"{name}: operator {operator[:20]!r}; this service has {', '.join(COMPARISONS)}")
            if component == "TIME_PERIOD":
                year = parse_period(value, name)
                if year is None:
                    raise syntax_error(f"{name}={text[:40]!r}: a comparison needs a period, e.g. ge:2021")
                tests.append(lambda row, o=operator, y=year: COMPARISONS[o](int(row["key"]["TIME_PERIOD"]), y))
            elif operator == "eq":
                tests.append(lambda row, c=component, v=value: row["key"][c] == v)
            else:
                raise not_implemented(f"{name}: {operator} applies to TIME_PERIOD only here")
    return tests
