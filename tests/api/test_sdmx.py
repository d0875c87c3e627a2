"""The SDMX 2.1 REST service under /sdmx/, read by real SDMX clients (sdmx1 and pysdmx) from a live
`planlink serve` over the real build, and its HTTP semantics through the test client.

What the clients read is compared with the JSON API over the same build (the graph decides), plus
the facts a user checks by eye in the printed tables.
"""

from __future__ import annotations

import io
import math

import pytest
import requests

from tests.api.conftest import planlink_server

FLOW = "INDICATOR_TARGETS"
WORKERS = "community-workers-per-10000-urban-residents"
ML_STRUCTURE = "application/vnd.sdmx.structure+xml;version=2.1"
JSON_STRUCTURE = "application/vnd.sdmx.structure+json;version=2.0.0"
SS_DATA = "application/vnd.sdmx.structurespecificdata+xml;version=2.1"
GENERIC_DATA = "application/vnd.sdmx.genericdata+xml;version=2.1"
JSON_DATA = "application/vnd.sdmx.data+json;version=1.0.0"
CSV_1 = "application/vnd.sdmx.data+csv;version=1.0.0"
CSV_2 = "application/vnd.sdmx.data+csv;version=2.0.0"


@pytest.fixture(scope="module")
def server(real_store, tmp_path_factory):
    running = planlink_server(tmp_path_factory.mktemp("sdmx"), "--store", str(real_store), "--workers", "1")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def client(real_client):
    return real_client


@pytest.fixture(scope="module")
def indicators(client) -> list[dict]:
    """Every indicator target, from the JSON API: what SDMX must carry."""
    return client.get("/api/v1/indicators?limit=500").json["items"]


def printed(indicators) -> dict:
    """{(plan, measure, kind, year): (value, unit, text)} for every baseline and target."""
    return {(i["plan"], i["measure"]["id"], kind, str(i[kind]["year"])): (i[kind]["value"], i["unit"], i[kind]["text"])
            for i in indicators for kind in ("baseline", "target") if i[kind]}


@pytest.fixture(scope="module")
def flow(client, indicators) -> dict:
    """Every observation of the flow, from the JSON API: each table's baselines and targets (printed),
    and the status figures on a measure (OBS_KIND status, from the measures' series)."""
    reported = {(p["plan"], m["id"], "status", str(p["year"])): (p["value"], p["unit"], p["text"])
                for m in client.get("/api/v1/measures?limit=500").json["items"]
                for p in m["series"] if p["kind"] == "status"}
    return {**printed(indicators), **reported}


# ---------------------------------------------------------------- sdmx1, the client of sdmx1 on PyPI

@pytest.fixture(scope="module")
def sdmx1(server):
    import sdmx

    sdmx.add_source({"id": "PLANLINK", "url": server.url + "/sdmx", "name": "planlink"}, override=True)
    return sdmx.Client("PLANLINK")


@pytest.fixture(scope="module")
def sdmx1_dsd(sdmx1):
    return sdmx1.datastructure("DSD_INDICATOR_TARGETS").structure["DSD_INDICATOR_TARGETS"]


def sdmx1_data(sdmx1, dsd, params=None, **key):
    """sdmx1 keeps the DSD for parsing (and so reads the attributes) only for a key given as a dict;
    with no key, every observation kind the DSD's codelist has."""
    key = key or {"OBS_KIND": list(dsd.dimensions.get("OBS_KIND").local_representation.enumerated.items)}
    return sdmx1.data(FLOW, key=key, dsd=dsd, params=params or {})


def sdmx1_rows(message) -> dict:
    """{(plan, measure, kind, year): (value or None, {attribute: value})} from an sdmx1 data message."""
    rows = {}
    for observation in message.data[0].obs:
        values = {kv.id: str(kv.value) for kv in observation.key.values.values()}
        key = (values["PLAN"], values["INDICATOR"], values["OBS_KIND"], values["TIME_PERIOD"])
        value = observation.value
        if value is not None and isinstance(value, float) and math.isnan(value):
            value = None
        rows[key] = (None if value is None else float(value),
                     {k: str(getattr(v.value, "id", v.value)) for k, v in observation.attached_attribute.items()})
    return rows


def test_sdmx1_reads_the_dataflow_and_its_structure(sdmx1, sdmx1_dsd):
    flows = sdmx1.dataflow(FLOW)
    assert list(flows.dataflow) == [FLOW]
    assert [d.id for d in sdmx1_dsd.dimensions] == ["PLAN", "INDICATOR", "OBS_KIND", "TIME_PERIOD"]
    assert {"UNIT_MEASURE", "COMPARATOR", "NATURE", "VALUE_TEXT", "OBS_STATUS", "REF_AREA"} <= \
        {a.id for a in sdmx1_dsd.attributes}


def test_sdmx1_reads_the_plan_and_measure_codelists_with_the_graphs_ids(sdmx1, client):
    plans = sdmx1.codelist("CL_PLAN").codelist["CL_PLAN"]
    measures = sdmx1.codelist("CL_MEASURE").codelist["CL_MEASURE"]
    assert set(plans.items) == {p["id"] for p in client.get("/api/v1/plans").json["items"]}
    assert set(measures.items) == {m["id"] for m in client.get("/api/v1/measures?limit=500").json["items"]}
    assert str(measures[WORKERS].name["zh"]) == "每万城镇常住人口拥有社区工作者"


def test_sdmx1_reads_the_binding_and_expected_codelist(sdmx1):
    natures = sdmx1.codelist("CL_NATURE").codelist["CL_NATURE"]
    assert {code: str(natures[code].name["zh"]) for code in natures.items} == {"binding": "约束性", "expected": "预期性"}


def test_sdmx1_reads_the_regions_units_and_comparators(sdmx1, client, indicators):
    regions = sdmx1.codelist("CL_REGION").codelist["CL_REGION"]
    assert set(regions.items) == {r["id"] for r in client.get("/api/v1/regions").json["items"]}
    units = sdmx1.codelist("CL_UNIT").codelist["CL_UNIT"]
    assert {str(code.name["zh"]) for code in units.items.values()} == {i["unit"] for i in indicators if i["unit"]}
    comparators = sdmx1.codelist("CL_COMPARATOR").codelist["CL_COMPARATOR"]
    assert set(comparators.items) == {"ge", "gt", "eq", "le", "lt"}


def test_sdmx1_reads_the_measures_as_a_concept_scheme_in_chinese_and_english(sdmx1):
    scheme = sdmx1.conceptscheme("CS_MEASURES").concept_scheme["CS_MEASURES"]
    workers = scheme[WORKERS]
    assert str(workers.name["en"]) == "community workers per 10 000 urban residents"
    assert "ten thousand" in str(workers.description["en"])


def test_sdmx1_reads_the_agency_scheme(sdmx1):
    agencies = sdmx1.agencyscheme(agency_id="SDMX").organisation_scheme["AGENCIES"]
    assert "PLANLINK" in agencies.items


def test_sdmx1_gets_every_target_and_baseline_with_unit_and_period(sdmx1, sdmx1_dsd, flow):
    rows = sdmx1_rows(sdmx1_data(sdmx1, sdmx1_dsd))
    units = {code.id: str(code.name["zh"]) for code in sdmx1.codelist("CL_UNIT").codelist["CL_UNIT"].items.values()}
    expected = flow
    assert set(rows) == set(expected)
    for key, (value, unit, text) in expected.items():
        got_value, attributes = rows[key]
        assert got_value == (None if value is None else float(value)), key
        assert units.get(attributes.get("UNIT_MEASURE")) == unit and attributes["VALUE_TEXT"] == text, key


def test_jiangsu_has_12_indicator_rows_in_sdmx(sdmx1, sdmx1_dsd):
    rows = [key for key in sdmx1_rows(sdmx1_data(sdmx1, sdmx1_dsd, PLAN="jiangsu")) if key[2] != "status"]
    assert len({key[1] for key in rows}) == 12 and len(rows) == 24


def test_jiangsu_7_targets_at_least_18_persons_in_2025_from_16_8_in_2021(sdmx1, sdmx1_dsd):
    rows = sdmx1_rows(sdmx1_data(sdmx1, sdmx1_dsd, PLAN="jiangsu", INDICATOR=WORKERS))
    value, attributes = rows[("jiangsu", WORKERS, "target", "2025")]
    assert (value, attributes["COMPARATOR"], attributes["UNIT_MEASURE"], attributes["VALUE_TEXT"]) == (18, "ge", "PS", "≥18人")
    assert rows[("jiangsu", WORKERS, "baseline", "2021")][0] == 16.8


def test_a_dash_has_no_value_status_o_and_the_dash_as_printed(sdmx1, sdmx1_dsd):
    rows = sdmx1_rows(sdmx1_data(sdmx1, sdmx1_dsd, PLAN="shanghai", INDICATOR=WORKERS, OBS_KIND="baseline"))
    (value, attributes), = rows.values()
    assert value is None and attributes["OBS_STATUS"] == "O" and attributes["VALUE_TEXT"] == "—"


def test_start_period_2025_gives_only_the_targets(sdmx1, sdmx1_dsd, indicators):
    rows = sdmx1_rows(sdmx1_data(sdmx1, sdmx1_dsd, {"startPeriod": "2025"}))
    assert {key[2] for key in rows} == {"target"}
    assert len(rows) == sum(1 for i in indicators if i["target"] and i["target"]["year"] >= 2025)


def test_end_period_2020_gives_shanghais_baselines(sdmx1, sdmx1_dsd):
    rows = sdmx1_rows(sdmx1_data(sdmx1, sdmx1_dsd, {"endPeriod": "2020"}))
    assert {(key[0], key[2], key[3]) for key in rows} == {("shanghai", "baseline", "2020"), ("shanghai", "status", "2015"),
                                                          ("shanghai", "status", "2020"), ("jiangsu", "status", "2020")}


def test_sdmx1_reads_sdmx_json_data(server, flow):
    import sdmx

    response = requests.get(server.url + "/sdmx/data/" + FLOW, headers={"Accept": JSON_DATA}, timeout=10)
    rows = sdmx1_rows(sdmx.read_sdmx(io.BytesIO(response.content), format="JSON"))
    assert {key: value for key, (value, _) in rows.items()} == \
        {key: (None if v is None else float(v)) for key, (v, _, _) in flow.items()}


def test_sdmx1_reads_sdmx_csv_2(server, sdmx1_dsd, flow):
    import sdmx

    response = requests.get(server.url + "/sdmx/data/" + FLOW, headers={"Accept": CSV_2}, timeout=10)
    message = sdmx.read_sdmx(io.BytesIO(response.content), format="CSV", structure=sdmx1_dsd)
    assert len(message.data[0].obs) == len(flow)


# ---------------------------------------------------------------- pysdmx (validates against the SDMX schemas)

@pytest.fixture(scope="module")
def pysdmx_service(server):
    from pysdmx.api.qb import ApiVersion, RestService
    from pysdmx.api.qb.data import DataFormat
    from pysdmx.api.qb.structure import StructureFormat

    def service(structure_format=StructureFormat.SDMX_ML_2_1, data_format=DataFormat.SDMX_ML_2_1_STR):
        return RestService(server.url + "/sdmx", ApiVersion.V1_5_0, structure_format=structure_format,
                           data_format=data_format, timeout=30)
    return service


def pysdmx_structures(service, references="all") -> str:
    from pysdmx.api.qb import StructureQuery, StructureReference, StructureType

    query = StructureQuery(StructureType.DATAFLOW, agency_id="PLANLINK", resource_id=FLOW,
                           references=StructureReference(references))
    return service.structure(query).decode("utf-8")


EVERY_STRUCTURE = {("Dataflow", FLOW), ("DataStructureDefinition", "DSD_INDICATOR_TARGETS"),
                   ("ConceptScheme", "CS_MEASURES"), ("ConceptScheme", "CS_INDICATOR_TARGETS"),
                   *(("Codelist", c) for c in ("CL_PLAN", "CL_MEASURE", "CL_OBS_KIND", "CL_REGION", "CL_NATURE",
                                               "CL_UNIT", "CL_COMPARATOR", "CL_OBS_STATUS"))}


def test_pysdmx_reads_every_structure_as_sdmx_ml(pysdmx_service):
    from pysdmx.io import read_sdmx

    message = read_sdmx(pysdmx_structures(pysdmx_service()))  # validated against the SDMX-ML 2.1 schemas
    assert {(type(s).__name__, s.id) for s in message.structures} == EVERY_STRUCTURE


def test_pysdmx_reads_every_structure_as_sdmx_json(pysdmx_service):
    from pysdmx.api.qb.structure import StructureFormat
    from pysdmx.io import read_sdmx

    # validated against the SDMX-JSON 2.0.0 structure schema
    message = read_sdmx(pysdmx_structures(pysdmx_service(structure_format=StructureFormat.SDMX_JSON_2_0_0)))
    assert {(type(s).__name__, s.id) for s in message.structures} == EVERY_STRUCTURE


def pysdmx_rows(service, key="all") -> dict:
    from pysdmx.api.qb import DataContext, DataQuery
    from pysdmx.io import get_datasets

    query = DataQuery(context=DataContext.DATAFLOW, agency_id="PLANLINK", resource_id=FLOW, key=key)
    dataset, = get_datasets(service.data(query).decode("utf-8"), pysdmx_structures(service, "descendants"))
    return {(r["PLAN"], r["INDICATOR"], r["OBS_KIND"], str(r["TIME_PERIOD"])): r for r in dataset.data.to_dict("records")}


@pytest.mark.parametrize("data_format", ["SDMX_ML_2_1_STR", "SDMX_ML_2_1_GEN", "SDMX_CSV_1_0_0", "SDMX_CSV_2_0_0"])
def test_pysdmx_gets_every_target_and_baseline_with_unit_and_period(pysdmx_service, flow, data_format):
    from pysdmx.api.qb.data import DataFormat
    from pysdmx.api.qb.structure import StructureFormat
    from pysdmx.io import read_sdmx

    service = pysdmx_service(data_format=DataFormat[data_format])
    rows = pysdmx_rows(service)
    # pysdmx keeps one name per code: from SDMX-ML the English one, from SDMX-JSON the one the service
    # gives first (Chinese, the unit as printed, unless the client asks for English)
    json_service = pysdmx_service(structure_format=StructureFormat.SDMX_JSON_2_0_0)
    unit_list = next(s for s in read_sdmx(pysdmx_structures(json_service)).structures if s.id == "CL_UNIT")
    units = {code.id: code.name for code in unit_list}
    expected = flow
    assert set(rows) == set(expected)
    for key, (value, unit, text) in expected.items():
        row = rows[key]
        assert blank_to_none(row["OBS_VALUE"]) == (None if value is None else float(value)), key
        assert units.get(blank_to_none(row["UNIT_MEASURE"], float_=False)) == unit and row["VALUE_TEXT"] == text, key


def blank_to_none(value, float_=True):
    """pysdmx gives a missing value as None, NaN or an empty string, depending on the format."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value) if float_ else value


def test_pysdmx_reads_jiangsu_7s_target(pysdmx_service):
    rows = pysdmx_rows(pysdmx_service(), key=f"jiangsu.{WORKERS}.target")
    row = rows[("jiangsu", WORKERS, "target", "2025")]
    assert (float(row["OBS_VALUE"]), row["COMPARATOR"], row["UNIT_MEASURE"]) == (18, "ge", "PS")


def test_pysdmx_reads_the_no_results_error(server):
    from pysdmx.io import read_sdmx

    response = requests.get(server.url + "/sdmx/codelist/PLANLINK/CL_NOTHING", timeout=10)
    assert response.status_code == 404
    with pytest.raises(Exception, match="100|CL_NOTHING"):
        read_sdmx(response.text)


# ---------------------------------------------------------------- HTTP semantics (test client)

def test_structures_answer_sdmx_ml_by_default_and_vary_on_accept(client):
    response = client.get("/sdmx/dataflow")
    assert response.status_code == 200 and response.content_type == ML_STRUCTURE
    assert "Accept" in response.headers["Vary"]


def test_an_unknown_codelist_is_sdmx_no_results(client):
    response = client.get("/sdmx/codelist/PLANLINK/CL_NOTHING")
    assert response.status_code == 404 and b'code="100"' in response.data


def test_no_results_for_a_json_client_is_the_json_error(client):
    response = client.get("/sdmx/data/INDICATOR_TARGETS/atlantis..", headers={"Accept": JSON_DATA})
    assert response.status_code == 404 and response.json["code"] == 404


@pytest.mark.parametrize("accept", ["text/html", "application/vnd.sdmx.structure+xml;version=3.0.0",
                                    "application/vnd.sdmx.structure+json;version=1.0.0"])
def test_a_structure_format_not_offered_is_406(client, accept):
    assert client.get("/sdmx/codelist", headers={"Accept": accept}).status_code == 406


def test_a_data_format_not_offered_is_406(client):
    assert client.get("/sdmx/data/INDICATOR_TARGETS", headers={"Accept": "application/pdf"}).status_code == 406


@pytest.mark.parametrize("url", ["/sdmx/data/INDICATOR_TARGETS/jiangsu.target", "/sdmx/data/INDICATOR_TARGETS?startPeriod=soon",
                                 "/sdmx/codelist?references=cousins", "/sdmx/data/INDICATOR_TARGETS?colour=red",
                                 "/sdmx/data/A,B,C,D"])
def test_a_malformed_query_is_a_400_syntax_error(client, url):
    response = client.get(url)
    assert response.status_code == 400 and b'code="140"' in response.data


@pytest.mark.parametrize("url", ["/sdmx/data/INDICATOR_TARGETS?lastNObservations=1", "/sdmx/codelist?detail=allstubs",
                                 "/sdmx/data/INDICATOR_TARGETS?dimensionAtObservation=TIME_PERIOD"])
def test_what_is_not_implemented_is_501(client, url):
    assert client.get(url).status_code == 501


def test_another_dataflow_is_no_results(client):
    assert client.get("/sdmx/data/ECB,EXR,1.0/all").status_code == 404


def test_dataflow_children_is_its_dsd(client):
    from pysdmx.io import read_sdmx

    message = read_sdmx(client.get("/sdmx/dataflow/PLANLINK/INDICATOR_TARGETS?references=children").data.decode())
    assert {type(s).__name__ for s in message.structures} == {"Dataflow", "DataStructureDefinition"}


def test_the_parents_of_the_unit_codelist_is_the_dsd(client):
    import sdmx  # pysdmx needs a DSD's codelists in the same message; sdmx1 takes references to others

    message = sdmx.read_sdmx(io.BytesIO(client.get("/sdmx/codelist/PLANLINK/CL_UNIT/1.0?references=parents").data))
    given = [c for c in message.codelist.values() if not c.is_external_reference]  # the others are references
    assert ([c.id for c in given], list(message.structure)) == (["CL_UNIT"], ["DSD_INDICATOR_TARGETS"])


def test_sdmx_csv_keeps_the_chinese_as_utf_8(client):
    response = client.get("/sdmx/data/INDICATOR_TARGETS/jiangsu..", headers={"Accept": CSV_1})
    assert "charset=utf-8" in response.headers["Content-Type"]
    assert "每万城镇常住人口拥有社区工作者" in response.data.decode("utf-8")


def test_format_parameter_gives_csv_to_a_browser(client):
    response = client.get("/sdmx/data/INDICATOR_TARGETS?format=csv", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.data.startswith(b"DATAFLOW,")


def test_sdmx_json_names_the_codes_in_chinese_and_english(client):
    body = client.get("/sdmx/codelist/PLANLINK/CL_NATURE", headers={"Accept": JSON_STRUCTURE}).json
    codes = body["data"]["codelists"][0]["codes"]
    assert {c["id"]: c["name"] for c in codes} == {"binding": "约束性", "expected": "预期性"}
    assert {c["id"]: c["names"]["en"] for c in codes} == {"binding": "binding", "expected": "expected"}


def test_the_measure_codes_carry_their_iris(client):
    body = client.get("/sdmx/codelist/PLANLINK/CL_MEASURE", headers={"Accept": JSON_STRUCTURE}).json
    code = next(c for c in body["data"]["codelists"][0]["codes"] if c["id"] == WORKERS)
    iri = client.get(f"/api/v1/measures/{WORKERS}").json["iri"]
    assert {"type": "IRI", "title": iri, "links": [{"href": iri, "rel": "self"}]} in code["annotations"]


def test_every_entry_point_the_index_lists_answers(client):
    index = client.get("/sdmx/").json
    for url in index["structures"] + [index["data"]] + index["sdmx_rest_2"]:
        assert client.get(url.replace("http://localhost", "")).status_code == 200, url


# ---------------------------------------------------------------- SDMX 3.0: SDMX-REST 2.0 paths under /sdmx/v2/

@pytest.fixture(scope="module")
def pysdmx_v2(server):
    from pysdmx.api.qb import ApiVersion, DataFormat, RestService

    return RestService(server.url + "/sdmx/v2", ApiVersion.V2_0_0, data_format=DataFormat.SDMX_CSV_2_0_0, timeout=30)


def v2_structures(service) -> str:
    from pysdmx.api.qb import StructureQuery, StructureReference, StructureType

    return service.structure(StructureQuery(StructureType.DATAFLOW, "PLANLINK", FLOW,
                                            references=StructureReference.DESCENDANTS)).decode("utf-8")


def test_pysdmx_reads_every_structure_over_sdmx_rest_2(pysdmx_v2):
    from pysdmx.io import read_sdmx

    assert {(type(s).__name__, s.id) for s in read_sdmx(v2_structures(pysdmx_v2)).structures} == EVERY_STRUCTURE


def test_pysdmx_filters_the_2025_targets_over_sdmx_rest_2(pysdmx_v2, indicators):
    from pysdmx.api.dc.query import NumberFilter, Operator
    from pysdmx.api.qb import DataContext, DataQuery
    from pysdmx.io import get_datasets

    query = DataQuery(DataContext.DATAFLOW, "PLANLINK", FLOW, key="*",
                      components=NumberFilter(field="TIME_PERIOD", operator=Operator.GREATER_THAN_OR_EQUAL, value=2025))
    dataset, = get_datasets(pysdmx_v2.data(query).decode("utf-8"), v2_structures(pysdmx_v2))
    rows = dataset.data.to_dict("records")
    assert {(r["PLAN"], r["INDICATOR"], r["OBS_KIND"]) for r in rows} == \
        {(i["plan"], i["measure"]["id"], "target") for i in indicators if i["target"]["year"] >= 2025}


def test_sdmx_rest_2_key_and_component_filters_give_the_same_baselines(client, indicators):
    by_key = client.get("/sdmx/v2/data/dataflow/PLANLINK/INDICATOR_TARGETS/1.0/jiangsu,shanghai.*.baseline")
    by_filter = client.get("/sdmx/v2/data/dataflow/*/*/*/*?c[OBS_KIND]=baseline&c[PLAN]=jiangsu,shanghai")
    assert by_key.status_code == by_filter.status_code == 200 and by_key.data == by_filter.data
    baselines = [i for i in indicators if i["plan"] in ("jiangsu", "shanghai") and i["baseline"]]
    assert len(by_key.data.decode("utf-8").splitlines()) == 1 + len(baselines)


def test_sdmx_rest_2_offers_no_sdmx_ml_3(client):
    response = client.get("/sdmx/v2/structure/codelist/*/CL_PLAN",
                          headers={"Accept": "application/vnd.sdmx.structure+xml;version=3.0.0"})
    assert response.status_code == 406


def test_jiangsus_certified_social_workers_have_a_2020_status_before_the_2021_baseline(sdmx1, sdmx1_dsd):
    rows = sdmx1_rows(sdmx1_data(sdmx1, sdmx1_dsd, PLAN="jiangsu", INDICATOR="certified-community-workers"))
    assert sorted((key[2], key[3], value) for key, (value, _) in rows.items()) == [
        ("baseline", "2021", 2.5), ("status", "2020", 2.2), ("target", "2025", 3.0)]
    assert rows[("jiangsu", "certified-community-workers", "status", "2020")][1]["VALUE_TEXT"] == "2.2万人"


def test_the_observation_kinds_are_status_baseline_and_target(sdmx1):
    kinds = sdmx1.codelist("CL_OBS_KIND").codelist["CL_OBS_KIND"]
    assert {code: str(kinds[code].name["en"]) for code in kinds.items} == {
        "baseline": "baseline", "target": "target", "status": "status"}

