"""The OpenAPI document (/openapi.json) as a client generator reads it: valid OpenAPI 3 by the
reference validator, every route of the app in it, and for the SDMX, VoID, CSVW and index routes
the media types and query parameters they answer (issue 9: "describes every route, content type
and parameter as served"). schemathesis then checks the live server against it."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

ML_STRUCTURE = "application/vnd.sdmx.structure+xml;version=2.1"
JSON_STRUCTURE = "application/vnd.sdmx.structure+json;version=2.0.0"
CSV_2 = "application/vnd.sdmx.data+csv;version=2.0.0"
SS_DATA = "application/vnd.sdmx.structurespecificdata+xml;version=2.1"


@pytest.fixture(scope="module")
def document(app):
    return app.test_client().get("/openapi.json").get_json()


def operation(document, path):
    return document["paths"][path]["get"]


def ok_types(document, path):
    return set(operation(document, path)["responses"]["200"]["content"])


def query_parameters(document, path):
    return {p["name"]: p for p in operation(document, path).get("parameters", []) if p["in"] == "query"}


def test_openapi_document_is_valid_by_openapi_spec_validator(document):
    validate(document)  # raises OpenAPIValidationError on any violation of the OpenAPI 3.0 schema


def test_every_api_route_is_in_the_openapi_document(app, document):
    # left out: the HTML pages (api/views/pages.py), the document and its viewer, the static files
    left_out = {"pages", "api-docs", "swagger_ui_assets", "static"}
    routes = {re.sub(r"<(?:[^:>]*:)?([^>]+)>", r"{\1}", rule.rule) for rule in app.url_map.iter_rules()
              if rule.endpoint.split(".")[0] not in left_out and "GET" in rule.methods}
    assert len(routes) > 30
    assert routes - set(document["paths"]) == set()


def test_sdmx_structure_query_lists_sdmx_ml_and_sdmx_json(document):
    assert {ML_STRUCTURE, JSON_STRUCTURE} <= ok_types(document, "/sdmx/{resource}/{agency}/{resource_id}/{version}")


def test_sdmx_data_query_lists_structure_specific_data_and_sdmx_csv(document):
    assert {SS_DATA, CSV_2} <= ok_types(document, "/sdmx/data/{flow}/{key}/{provider}")


def test_sdmx_error_lists_sdmx_ml_error_message_and_json(document):
    errors = operation(document, "/sdmx/data/{flow}")["responses"]["404"]["content"]
    assert set(errors) == {"application/xml", "application/json"}


def test_sdmx_structure_query_documents_references_detail_and_format(document):
    parameters = query_parameters(document, "/sdmx/{resource}")
    assert "descendants" in parameters["references"]["schema"]["enum"] and {"detail", "format"} <= set(parameters)


def test_sdmx_data_query_documents_start_and_end_period_as_sdmx_periods(document):
    parameters = query_parameters(document, "/sdmx/data/{flow}/{key}")
    assert re.match(parameters["startPeriod"]["schema"]["pattern"], "2021-Q3") \
        and re.match(parameters["endPeriod"]["schema"]["pattern"], "2025")


def test_sdmx_rest_2_data_query_documents_component_filters(document):
    filters = query_parameters(document, "/sdmx/v2/data/{context}/{agency}/{resource_id}/{version}/{key}")["c"]
    assert filters["style"] == "deepObject" and "TIME_PERIOD" in filters["schema"]["properties"]


def test_void_lists_turtle_and_json_ld(document):
    assert {"text/turtle", "application/ld+json"} <= ok_types(document, "/.well-known/void")


def test_csvw_metadata_is_application_csvm_json(document):
    assert ok_types(document, "/api/v1/{collection}.csv-metadata.json") == {"application/csvm+json"}


def test_api_index_is_json(document):
    assert ok_types(document, "/api/v1") == {"application/json"}
