"""What an SDMX client sends never makes a 500, and a value outside those the OpenAPI document lists
is a 400, while a value SDMX defines that this service does not offer is a 501 (found by
schemathesis once the /sdmx/ routes were described, issue 9)."""

from __future__ import annotations

import pytest

ML_STRUCTURE = "application/vnd.sdmx.structure+xml;version=2.1"


def test_control_character_in_an_sdmx_ml_query_is_a_404_error_message(client):
    # the error message quotes the id; XML cannot hold U+000B, so it was a 500
    response = client.get("/sdmx/codelist/G%0BX", headers={"Accept": ML_STRUCTURE})
    assert response.status_code == 404 and b'code="100"' in response.data


@pytest.mark.parametrize("url", ["/sdmx/codelist?detail=xyz", "/sdmx/data/INDICATOR_TARGETS?detail=xyz",
                                 "/sdmx/data/INDICATOR_TARGETS?dimensionAtObservation=xyz",
                                 "/sdmx/data/INDICATOR_TARGETS?includeHistory=maybe",
                                 "/sdmx/v2/data/dataflow/PLANLINK/INDICATOR_TARGETS/1.0/*?attributes=xyz",
                                 "/sdmx/v2/data/dataflow/PLANLINK/INDICATOR_TARGETS/1.0/*?measures=xyz"])
def test_a_value_sdmx_does_not_define_is_a_400(client, url):
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("url", ["/sdmx/data/INDICATOR_TARGETS?detail=serieskeysonly",
                                 "/sdmx/v2/data/dataflow/PLANLINK/INDICATOR_TARGETS/1.0/*?attributes=series"])
def test_a_value_sdmx_defines_but_this_service_does_not_offer_is_a_501(client, url):
    assert client.get(url).status_code == 501


def test_include_history_true_gives_the_same_data_as_without(client):
    url = "/sdmx/data/INDICATOR_TARGETS/all?format=csv"
    assert client.get(url + "&includeHistory=true").data == client.get(url).data


def test_a_time_period_comparison_without_a_period_is_a_400(client):
    # c[TIME_PERIOD]=ge: compared each year with nothing: a 500
    assert client.get("/sdmx/v2/data/dataflow/*/*/*/*?c[TIME_PERIOD]=ge:").status_code == 400


def test_a_filter_on_a_component_the_dataflow_has_not_is_a_400(client):
    assert client.get("/sdmx/v2/data/dataflow/*/*/*/*?c[COLOUR]=red").status_code == 400


@pytest.mark.parametrize("empty", ["startPeriod=", "detail=", "format=", "includeHistory=", "dimensionAtObservation="])
def test_an_empty_parameter_is_as_if_absent(client, empty):
    url, csv = "/sdmx/data/INDICATOR_TARGETS/all", {"Accept": "application/vnd.sdmx.data+csv;version=1.0.0"}
    answer = client.get(f"{url}?{empty}", headers=csv)
    assert answer.status_code == 200 and answer.data == client.get(url, headers=csv).data


def test_an_empty_component_filter_is_no_filter(client):
    url = "/sdmx/v2/data/dataflow/*/*/*/*"
    assert client.get(url + "?c[PLAN]=").data == client.get(url).data
