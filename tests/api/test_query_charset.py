"""The charset of a query (issue 18, finding 11): the SPARQL 1.1 Protocol sends queries in UTF-8; a
query declared in another charset is refused 415, one that is not UTF-8 is refused 400, never read
with its bytes replaced or kept %-encoded."""

from urllib.parse import quote

import pytest

JSON = {"Accept": "application/sparql-results+json"}
ECHO = 'SELECT ?text WHERE {{ BIND("{}" AS ?text) }}'


def answered_text(response) -> str:
    return response.get_json()["results"]["bindings"][0]["text"]["value"]


def test_a_body_declared_latin_1_is_refused_415(client):
    body = ECHO.format("é").encode("iso-8859-1")
    response = client.post("/sparql", data=body, headers=JSON,
                           content_type="application/sparql-query; charset=iso-8859-1")
    assert response.status_code == 415
    assert "charset=iso-8859-1" in response.get_json()["message"] and "UTF-8" in response.get_json()["message"]


def test_a_form_declared_latin_1_is_refused_415(client):
    response = client.post("/sparql", data="query=" + quote(ECHO.format("x")), headers=JSON,
                           content_type="application/x-www-form-urlencoded; charset=iso-8859-1")
    assert response.status_code == 415


def test_a_body_that_is_not_utf8_is_refused_400(client):
    response = client.post("/sparql", data=ECHO.format("é").encode("iso-8859-1"), headers=JSON,
                           content_type="application/sparql-query")
    assert response.status_code == 400 and "not valid UTF-8" in response.get_json()["message"]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_percent_encoded_query_that_is_not_utf8_is_refused_400(client, method):
    encoded = "query=" + quote(ECHO.format("é"), encoding="iso-8859-1")
    if method == "GET":
        response = client.get("/sparql?" + encoded, headers=JSON)
    else:
        response = client.post("/sparql", data=encoded, headers=JSON, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "not valid UTF-8" in response.get_json()["message"]


@pytest.mark.parametrize("how", ["GET", "form", "body", "body with charset"])
def test_utf8_queries_with_accents_and_percent_signs_are_answered_as_sent(client, how):
    text = "é 社区 100% %E9 \ufffd"
    query = ECHO.format(text)
    if how == "GET":
        response = client.get("/sparql?query=" + quote(query), headers=JSON)
    elif how == "form":
        response = client.post("/sparql", data="query=" + quote(query), headers=JSON,
                               content_type="application/x-www-form-urlencoded")
    else:
        response = client.post("/sparql", data=query.encode(), headers=JSON, content_type=
                               "application/sparql-query" + ("; charset=UTF-8" if how == "body with charset" else ""))
    assert response.status_code == 200 and answered_text(response) == text
