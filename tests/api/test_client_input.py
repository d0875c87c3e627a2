"""What a client sends never makes a 500 (issue 9): found by schemathesis against the live server."""


def test_a_def_path_that_is_not_an_iri_is_404_not_500(client):
    response = client.get("/def/%12%3E%F0%B9%BA%AD?_mediatype=application/n-triples")
    assert response.status_code == 404 and response.json["code"] == 404
