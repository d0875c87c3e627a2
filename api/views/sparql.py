"""/sparql: the SPARQL 1.1 Protocol for queries, read-only."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, render_template, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from api import negotiate
from api.errors import ApiError
from api.store import (GRAPH_TYPES, RESULT_TYPES, UpdateRefused, get_store, graph_from_turtle,
                       is_graph_form, query_form)

blp = Blueprint("sparql", __name__, description="SPARQL 1.1 Protocol (queries only; read-only, no SERVICE)")

# What a client may ask for, canonical types first (the first is the default), then aliases.
RESULT_OFFER = list(RESULT_TYPES) + ["application/json", "application/xml", "text/xml"]
GRAPH_OFFER = list(GRAPH_TYPES) + ["application/json", "text/plain", "application/xml", "text/xml"]
ALIASES = {
    False: {"application/json": "application/sparql-results+json",
            "application/xml": "application/sparql-results+xml", "text/xml": "application/sparql-results+xml"},
    True: {"application/json": "application/ld+json", "text/plain": "application/n-triples",
           "application/xml": "application/rdf+xml", "text/xml": "application/rdf+xml"},
}
READ_ONLY = "this endpoint is read-only: SPARQL Update is not accepted"
NO_QUERY = "no query: send a form field `query`"
SERVICE_DESCRIPTION = """\
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    dcterms:title "planlink SPARQL endpoint (read-only)" ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,
        formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:JSON-LD, formats:RDF_XML ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


def read_query(request) -> str | None:
    """The query of a protocol request (GET ?query=, POST form, POST application/sparql-query);
    None when there is none. Refuses updates and dataset parameters. `request` is a werkzeug
    Request: Flask's, or the fast path's own."""
    if request.method == "GET":
        params = request.args
        text = params.get("query")
    elif request.mimetype == "application/sparql-query":
        params, text = request.args, request.get_data(as_text=True)
    elif request.mimetype == "application/x-www-form-urlencoded":
        params = request.form
        text = params.get("query")
    elif request.mimetype == "application/sparql-update":
        raise UpdateRefused(READ_ONLY)
    else:
        raise ApiError(415, "send the query as ?query=, as a form field `query`, "
                            "or as a body of type application/sparql-query")
    if "update" in params or "update" in request.args:
        raise UpdateRefused(READ_ONLY)
    if "default-graph-uri" in params or "named-graph-uri" in params:
        raise ApiError(400, "default-graph-uri and named-graph-uri are not supported: "
                            "queries run over the store's default graph")
    return text


def run_query(request, text: str, store, on_overrun=None) -> tuple[bytes, str]:
    """The answer to a user's query and its media type, chosen by Accept (or `_mediatype`).
    Raises ApiError (406) or the store's QueryError (syntax, update, SERVICE, timeout, size).
    on_overrun(error): how to answer the client from another thread (see LocalStore.sparql)."""
    graph = is_graph_form(query_form(text))
    offered = GRAPH_OFFER if graph else RESULT_OFFER
    args = request.args  # (`in` first: a missing key costs werkzeug an exception)
    override = args["_mediatype"] if "_mediatype" in args else None
    chosen = negotiate.choose(request.environ.get("HTTP_ACCEPT"), offered, override)
    if chosen is None:
        raise ApiError(406, "none of the accepted media types can be served; offered: " +
                       ", ".join(GRAPH_TYPES if graph else RESULT_TYPES))
    media_type = ALIASES[graph].get(chosen, chosen)
    return store.sparql(text, media_type, on_overrun), media_type


def _respond(body: bytes, media_type: str) -> Response:
    response = Response(body, mimetype=media_type)
    response.vary.add("Accept")
    return response


@blp.route("/sparql")
class Sparql(MethodView):
    @blp.doc(parameters=[{"in": "query", "name": "query", "schema": {"type": "string"},
                          "description": "a SPARQL 1.1 query; without it, the service description"}],
             responses={"200": {"description": "results (JSON, XML, CSV, TSV) or a graph (Turtle, N-Triples, "
                                               "JSON-LD, RDF/XML) by Accept"},
                        "400": {"description": "syntax error (the parser's message)"},
                        "403": {"description": "update or SERVICE refused"},
                        "406": {"description": "no acceptable format"},
                        "422": {"description": "result larger than the cap, or the query stopped at the memory limit"},
                        "504": {"description": "query stopped at the time limit"}})
    def get(self):
        """Run a query (GET ?query=), or describe the service"""
        text = read_query(request)
        if text is None:
            return _service_description()
        return _respond(*run_query(request, text, get_store()))

    @blp.doc(requestBody={"content": {
        "application/sparql-query": {"schema": {"type": "string"}},
        "application/x-www-form-urlencoded": {"schema": {"type": "object",
                                                          "properties": {"query": {"type": "string"}}}}}})
    def post(self):
        """Run a query (POST form or application/sparql-query)"""
        text = read_query(request)
        if text is None:
            raise ApiError(400, NO_QUERY)
        return _respond(*run_query(request, text, get_store()))


def _service_description() -> Response:
    endpoint = quote(url_for("sparql.Sparql", _external=True), safe=":/?#[]@!$&'()*+,;=%")
    page = lambda _: render_template("sparql.html", endpoint=endpoint)  # noqa: E731
    rdf = lambda media_type: graph_from_turtle(SERVICE_DESCRIPTION.format(endpoint=endpoint)).serialize(media_type)  # noqa: E731
    offered = ["text/turtle", *GRAPH_TYPES, "text/html"]
    return negotiate.negotiated_response(list(dict.fromkeys(offered)),
                                         {t: page if t == "text/html" else rdf for t in offered},
                                         name="the service description")
