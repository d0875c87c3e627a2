"""Content negotiation by profile: `_profile`, `Accept-Profile`, `Content-Profile`, and the
alternates profile listing every profile and media type of a resource."""

from __future__ import annotations

import pytest
from rdflib import Graph, Namespace, URIRef

from planlink.api.profiles import ALT, DCAT, PLANLINK, UnknownProfile, choose_profile

ENTITY = "/plan/jiangsu/indicator/7"
ALTR = Namespace(ALT.uri + "#")


def test_accept_profile_picks_the_most_preferred_offered_profile():
    header = f"<http://example.org/unknown>;q=1, <{ALT.uri}>;q=0.5, <{PLANLINK.uri}>;q=0.9"
    assert choose_profile(PLANLINK, None, header) == PLANLINK
    assert choose_profile(PLANLINK, None, f"<{ALT.uri}>") == ALT


def test_no_profile_asked_gets_the_resources_own():
    assert choose_profile(DCAT, None, None) == DCAT
    assert choose_profile(DCAT, None, "<http://example.org/unknown>") == DCAT


def test_profile_parameter_takes_a_token_or_a_uri():
    assert choose_profile(PLANLINK, "alt", None) == ALT
    assert choose_profile(PLANLINK, ALT.uri, "<%s>" % PLANLINK.uri) == ALT
    with pytest.raises(UnknownProfile):
        choose_profile(PLANLINK, "dcat", None)


def test_an_entity_answer_names_its_profile(client):
    response = client.get(ENTITY, headers={"Accept": "text/turtle"})
    assert response.headers["Content-Profile"] == f"<{PLANLINK.uri}>"
    assert f'<{PLANLINK.uri}>; rel="profile"' in response.headers["Link"]
    assert "Accept-Profile" in response.headers["Vary"]


def test_alt_profile_lists_every_profile_and_media_type_of_an_entity(client):
    view = client.get(ENTITY + "?_profile=alt", headers={"Accept": "application/json"}).json
    assert [p["token"] for p in view["profiles"]] == ["planlink", "alt"]
    own = view["profiles"][0]
    assert {m["media_type"] for m in own["media_types"]} == \
           {"text/turtle", "text/html", "application/ld+json", "application/n-triples", "application/rdf+xml"}
    assert view["resource"] == "http://localhost" + ENTITY


def test_accept_profile_alt_gets_the_alternates_in_turtle(client):
    response = client.get(ENTITY, headers={"Accept": "text/turtle", "Accept-Profile": f"<{ALT.uri}>"})
    assert response.headers["Content-Profile"] == f"<{ALT.uri}>"
    graph = Graph().parse(data=response.data, format="turtle")
    representations = list(graph.objects(URIRef("http://localhost" + ENTITY), ALTR.hasRepresentation))
    assert len(representations) == 5 + 6  # the entity's five media types, the alternates' six


def test_every_representation_the_alternates_list_answers_in_its_media_type(client):
    for path in (ENTITY, "/", "/.well-known/void"):
        view = client.get(path + "?_profile=alt&_mediatype=application/json").json
        for profile in view["profiles"]:
            for offer in profile["media_types"]:
                answer = client.get(offer["href"].removeprefix("http://localhost"))
                assert answer.status_code == 200, offer["href"]
                assert answer.mimetype == offer["media_type"], offer["href"]
                assert answer.headers["Content-Profile"] == f"<{profile['uri']}>", offer["href"]


def test_the_catalog_is_in_the_dcat_profile(client):
    response = client.get("/", headers={"Accept": "text/turtle"})
    assert response.headers["Content-Profile"] == f"<{DCAT.uri}>"


def test_an_unknown_profile_is_a_406_naming_the_offered_ones(client):
    response = client.get(ENTITY + "?_profile=nonesuch")
    assert response.status_code == 406 and "alt" in response.json["message"] and "planlink" in response.json["message"]


def test_the_alternates_page_is_html_for_a_browser(client):
    response = client.get(ENTITY + "?_profile=alt", headers={"Accept": "text/html"})
    assert response.mimetype == "text/html" and "_profile=planlink" in response.get_data(as_text=True)


def test_the_response_cache_keeps_profiles_apart(client):
    for _ in range(3):  # kept from the second time it is asked
        assert client.get(ENTITY, headers={"Accept": "text/turtle"}).headers["Content-Profile"] == f"<{PLANLINK.uri}>"
    response = client.get(ENTITY, headers={"Accept": "text/turtle", "Accept-Profile": f"<{ALT.uri}>"})
    assert response.headers["Content-Profile"] == f"<{ALT.uri}>"


def test_browsers_may_send_accept_profile_and_read_content_profile(client):
    response = client.options(ENTITY, headers={"Origin": "https://example.org",
                                                "Access-Control-Request-Headers": "Accept-Profile"})
    assert "Accept-Profile" in response.headers["Access-Control-Allow-Headers"]
    assert "Content-Profile" in client.get(ENTITY).headers["Access-Control-Expose-Headers"]


def test_an_entity_page_links_to_its_alternates_list(client):
    page = client.get(ENTITY, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'href="?_profile=alt"' in page
