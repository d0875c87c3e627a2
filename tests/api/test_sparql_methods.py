"""/sparql by method and body, where the protocol leaves room: HEAD, POST without a body, empty
queries (issue 9, finding 9)."""


def test_head_sparql_answers_as_get_without_a_body(client):
    get = client.get("/sparql?query=ASK%7B%7D")
    head = client.head("/sparql?query=ASK%7B%7D")
    assert head.status_code == get.status_code == 200
    assert head.headers["Content-Type"] == get.headers["Content-Type"] and head.data == b""


def test_head_sparql_without_a_query_is_the_service_description(client):
    response = client.head("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/turtle")


def test_post_sparql_without_a_body_is_400_no_query(client):
    response = client.post("/sparql")
    assert response.status_code == 400 and response.json["message"].startswith("no query")


def test_an_empty_query_is_400_with_a_message_that_says_so(client):
    for response in (client.get("/sparql?query="), client.post("/sparql", data={"query": " "}),
                     client.post("/sparql", data="", content_type="application/sparql-query")):
        assert response.status_code == 400 and "empty" in response.json["message"]


def test_the_openapi_document_describes_what_home_and_def_answer(client):
    paths = client.get("/openapi.json").json["paths"]
    for path in ("/", "/def/", "/sparql"):
        content = paths[path]["get"]["responses"]["200"]["content"]
        assert {"text/turtle", "text/html", "application/ld+json"} <= set(content), path
    sparql = paths["/sparql"]["get"]
    assert {"application/sparql-results+json", "text/csv"} <= set(sparql["responses"]["200"]["content"])
    assert {"408", "413", "429", "503", "504"} <= set(sparql["responses"])
    assert next(p for p in sparql["parameters"] if p["name"] == "query")["schema"]["minLength"] == 1


def test_the_openapi_document_says_an_empty_plan_is_refused(client):
    parameters = client.get("/openapi.json").json["paths"]["/api/v1/indicators"]["get"]["parameters"]
    plan = next(p for p in parameters if p["name"] == "plan")
    assert plan["schema"]["minLength"] == 1 and "400" in plan["description"]
