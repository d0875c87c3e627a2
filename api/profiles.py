"""Content negotiation by profile (W3C, "Content Negotiation by Profile", as pyLDAPI and Prez do).

A resource is offered in one profile of its own (the model its description follows) and in the
alternates profile `alt`, which lists every profile and media type of the resource. A client asks
by `?_profile=` (a token or the profile's URI) or by the `Accept-Profile` header
(`<uri>;q=0.9, <uri2>`); the answer says which it got in `Content-Profile` and in a `Link` with
rel="profile", and its `Link` alternates carry each one's profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from flask import Response, render_template, request
from werkzeug.http import parse_list_header, parse_options_header

from planlink.api.errors import ApiError
from planlink.api.negotiate import choose, override_url
from planlink.api.store import PREFIXES


@dataclass(frozen=True)
class Profile:
    token: str
    uri: str
    title: str


ALT = Profile("alt", "http://www.w3.org/ns/dx/conneg/altr",
              "Alternate representations: every profile and media type of this resource")
PLANLINK = Profile("planlink", PREFIXES["pl"],
                   "planlink: the description the planlink ontology defines (ontology/MODEL.md)")
DCAT = Profile("dcat", "http://www.w3.org/ns/dcat", "DCAT: the service as a data catalog")
VOID = Profile("void", "http://rdfs.org/ns/void", "VoID: the dataset's figures, partitions and access points")
SERVICE_DESCRIPTION = Profile("sd", "http://www.w3.org/ns/sparql-service-description",
                              "SPARQL 1.1 Service Description")
# The media types the alternates list itself is offered in.
ALT_MEDIA_TYPES = ["text/html", "application/json", "text/turtle", "application/ld+json",
                   "application/n-triples", "application/rdf+xml"]


class UnknownProfile(LookupError):
    """`?_profile=` names a profile the resource is not offered in (answer 406)."""


def _same(a: str, b: str) -> bool:
    return a.rstrip("/#") == b.rstrip("/#")


def choose_profile(own: Profile, requested: str | None, accept_profile: str | None) -> Profile:
    """The profile to answer in: `_profile` (a token or URI; UnknownProfile when not offered), else
    the most preferred offered profile of Accept-Profile, else the resource's own."""
    offered = [own, ALT]
    if requested:
        for profile in offered:
            if requested == profile.token or _same(requested, profile.uri):
                return profile
        raise UnknownProfile(requested)
    if accept_profile:
        preferences = []
        for position, item in enumerate(parse_list_header(accept_profile)):
            value, options = parse_options_header(item)
            try:
                q = float(options.get("q", 1))
            except ValueError:
                q = 0.0
            preferences.append((-q, position, value.strip().strip("<>")))
        for q, _, uri in sorted(preferences):
            if q < 0:
                for profile in offered:
                    if _same(uri, profile.uri):
                        return profile
    return own


def url_for_profile(url: str, profile: Profile, media_type: str) -> str:
    return f"{url}?_profile={profile.token}&_mediatype={quote(media_type, safe='')}"


def alternates(own: Profile, media_types: list[str]) -> list[tuple[Profile, list[str]]]:
    """Every (profile, its media types) of a resource offered as `media_types` in `own`."""
    return [(own, media_types), (ALT, ALT_MEDIA_TYPES)]


def link_header(url: str, own: Profile, media_types: list[str], chosen: Profile, chosen_type: str) -> str:
    """The profile part of the `Link` header: the profile answered in, every other media type of
    the resource's own profile (by `_mediatype` alone, as before), and the alternates list as a
    page and as JSON (its RDF syntaxes are in the list itself: a Link header with a second
    `type="text/turtle"` would read as another Turtle of the resource)."""
    links = [f'<{chosen.uri}>; rel="profile"']
    for profile, types in ((own, media_types), (ALT, ALT_MEDIA_TYPES[:2])):
        for media_type in types:
            if profile == chosen and media_type == chosen_type:
                continue
            target = override_url(url, media_type) if profile == own else url_for_profile(url, profile, media_type)
            links.append(f'<{target}>; rel="alternate"; type="{media_type}"; profile="{profile.uri}"')
    return ", ".join(links)


def alternates_view(url: str, own: Profile, media_types: list[str]) -> dict:
    """The alternates profile's content: the resource, its default, every profile and media type."""
    return {"resource": url, "default_profile": own.token, "default_media_type": media_types[0],
            "profiles": [{"token": profile.token, "uri": profile.uri, "title": profile.title,
                          "media_types": [{"media_type": media_type, "href": url_for_profile(url, profile, media_type)}
                                          for media_type in types]}
                         for profile, types in alternates(own, media_types)]}


def alternates_renderers(url: str, own: Profile, media_types: list[str]) -> dict:
    """{media type: render} for the alternates view, in each of ALT_MEDIA_TYPES."""
    import json

    view = alternates_view(url, own, media_types)
    rdf_formats = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
                   "application/rdf+xml": "xml"}
    renderers = {"text/html": lambda _: render_template("alternates.html", view=view),
                 "application/json": lambda _: json.dumps(view, ensure_ascii=False, indent=2)}
    for media_type, rdf_format in rdf_formats.items():
        renderers[media_type] = lambda _, f=rdf_format: alternates_graph(view).serialize(format=f, encoding="utf-8")
    return renderers


def alternates_graph(view: dict):
    """The alternates view in the W3C alternate-representations vocabulary (altr) and PROF."""
    from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, PROF

    altr = Namespace(ALT.uri + "#")
    graph = Graph()
    graph.bind("altr", altr)
    graph.bind("prof", PROF)
    graph.bind("dcterms", DCTERMS)
    resource = URIRef(view["resource"])
    for profile in view["profiles"]:
        uri = URIRef(profile["uri"])
        graph.add((uri, RDF.type, PROF.Profile))
        graph.add((uri, PROF.hasToken, Literal(profile["token"])))
        graph.add((uri, RDFS.label, Literal(profile["title"], lang="en")))
        for offer in profile["media_types"]:
            representation = URIRef(offer["href"])
            graph.add((resource, altr.hasRepresentation, representation))
            graph.add((representation, RDF.type, altr.Representation))
            graph.add((representation, DCTERMS.conformsTo, uri))
            graph.add((representation, DCTERMS.format, Literal(offer["media_type"])))
            if profile["token"] == view["default_profile"] and offer["media_type"] == view["default_media_type"]:
                graph.add((resource, altr.hasDefaultRepresentation, representation))
    return graph


def negotiated_response(offered: list[str], renderers: dict, canonical: str | None = None,
                        name: str = "this resource", profile=None):
    """The Flask response for a resource offered in several media types: the type chosen by
    Accept (or `?_mediatype=`) rendered by `renderers[type](type)` (str or bytes), `Vary: Accept`,
    `Link` to the alternates (and to the canonical IRI); a 406 ApiError when nothing fits.
    Several types may share one renderer (every RDF syntax: one graph, serialised).

    By profile too: the resource in its own `profile` (planlink's model by
    default) or, by `?_profile=alt` or Accept-Profile, the list of its profiles and media types;
    `Content-Profile` says which, `Vary: Accept-Profile`."""
    own = profile or PLANLINK
    try:
        chosen_profile = choose_profile(own, request.args.get("_profile"), request.headers.get("Accept-Profile"))
    except UnknownProfile as e:
        raise ApiError(406, f"{name} has no profile {str(e)!r}; its profiles are "
                            f"{own.token} <{own.uri}> and alt <{ALT.uri}>") from None
    media_types, render = offered, renderers
    if chosen_profile == ALT:
        media_types = ALT_MEDIA_TYPES
        render = alternates_renderers(request.base_url, own, offered)
    chosen = choose(request.headers.get("Accept"), media_types, request.args.get("_mediatype"))
    if chosen is None:
        raise ApiError(406, f"{name} is offered as " + ", ".join(media_types))
    response = Response(render[chosen](chosen), mimetype=chosen)
    response.vary.add("Accept")
    response.vary.add("Accept-Profile")
    response.headers["Content-Profile"] = f"<{chosen_profile.uri}>"
    link = link_header(request.base_url, own, offered, chosen_profile, chosen)
    if canonical:
        link += f', <{canonical}>; rel="canonical"'
    response.headers["Link"] = link
    return response
