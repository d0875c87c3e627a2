"""/sparql: the SPARQL 1.1 Protocol for queries, read-only."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote

from flask import Response, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from planlink.api import negotiate, profiles
from planlink.api.errors import ApiError
from planlink.api.store import (GRAPH_TYPES, PREFIXES, RESULT_TYPES, UpdateRefused, get_store, graph_from_turtle,
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
EMPTY_QUERY = "the query is empty: send a SPARQL query, or no `query` at all for the service description"
SERVICE_DESCRIPTION = """\
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{endpoint}> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    dcterms:title "planlink SPARQL endpoint (read-only)" ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,
        formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:JSON-LD, formats:RDF_XML ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] ;
    rdfs:comment "The prefixes declared here by sh:declare are predeclared in every query (as the Wikidata Query Service does): a query may use them without PREFIX lines; its own PREFIX of the same name wins." ;
{declarations} .
"""
PREDECLARED = " ;\n".join(f'    sh:declare [ sh:prefix "{name}" ; sh:namespace "{namespace}"^^xsd:anyURI ]'
                           for name, namespace in PREFIXES.items())


def read_query(request) -> str | None:
    """The query of a protocol request (GET ?query=, POST form, POST application/sparql-query);
    None when there is none. Refuses updates and dataset parameters. `request` is a werkzeug
    Request: Flask's, or the fast path's own."""
    if request.method in ("GET", "HEAD"):
        params = request.args
        text = params.get("query")
        if text is not None and "%" in text:  # werkzeug keeps bytes that are not UTF-8 %-encoded, or it was sent so
            _utf8_form(request.environ.get("QUERY_STRING", "").encode("latin-1"), "the URL's query string")
    elif not request.mimetype and not request.content_length and "chunked" not in \
            request.headers.get("Transfer-Encoding", "").lower():  # a POST without a body
        params, text = request.args, None
    elif request.mimetype == "application/sparql-query":
        _utf8_declared(request)
        params, text = request.args, _utf8(request.get_data(), "the request body")
    elif request.mimetype == "application/x-www-form-urlencoded":
        _utf8_declared(request)
        body = request.get_data()  # kept: the form is parsed from it
        params = request.form
        text = params.get("query")
        if text is not None and "%" in text:  # as for a GET
            _utf8_form(body, "the form")
    elif request.mimetype == "application/sparql-update":
        raise UpdateRefused(READ_ONLY)
    else:
        raise ApiError(415, "send the query as ?query=, as a form field `query`, "
                            "or as a body of type application/sparql-query")
    if "update" in params or "update" in request.args:
        raise UpdateRefused(READ_ONLY)
    if text is not None and len(params.getlist("query")) > 1:
        raise ApiError(400, "more than one query: send one `query` parameter")
    if "default-graph-uri" in params or "named-graph-uri" in params:
        raise ApiError(400, "default-graph-uri and named-graph-uri are not supported: "
                            "queries run over the store's default graph")
    if text is not None and not text.strip():
        raise ApiError(400, EMPTY_QUERY)
    return text


NOT_UTF8 = ("{where} is not valid UTF-8 ({error}); the SPARQL 1.1 Protocol sends queries in UTF-8 "
            "(percent-encoded in a URL or a form)")


def _utf8_declared(request) -> None:
    """A body declared in another charset than UTF-8 is refused (415), not read as if it were UTF-8."""
    charset = request.mimetype_params.get("charset")
    if charset is not None and charset.strip().lower() not in ("utf-8", "utf8"):
        raise ApiError(415, f"charset={charset} is not accepted: the SPARQL 1.1 Protocol sends queries in UTF-8; "
                            "send the query as UTF-8 (charset=utf-8, or no charset)")


def _utf8(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ApiError(400, NOT_UTF8.format(where=where, error=error)) from None


def _utf8_form(encoded: bytes, where: str) -> None:
    """Percent-decodes `encoded` (a query string or a form body) strictly: a 400 if a value is not UTF-8."""
    try:
        parse_qsl(encoded.decode("ascii", "replace"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as error:
        raise ApiError(400, NOT_UTF8.format(where=where, error=error)) from None


def run_query(request, text: str, store) -> tuple[bytes, str]:
    """The answer to a user's query and its media type, chosen by Accept (or `_mediatype`).
    Raises ApiError (406) or the store's QueryError (syntax, update, SERVICE, timeout, size)."""
    graph = is_graph_form(query_form(text))
    offered = GRAPH_OFFER if graph else RESULT_OFFER
    args = request.args  # (`in` first: a missing key costs werkzeug an exception)
    override = args["_mediatype"] if "_mediatype" in args else None
    chosen = negotiate.choose(request.environ.get("HTTP_ACCEPT"), offered, override)
    if chosen is None:
        raise ApiError(406, "none of the accepted media types can be served; offered: " +
                       ", ".join(GRAPH_TYPES if graph else RESULT_TYPES))
    media_type = ALIASES[graph].get(chosen, chosen)
    return store.sparql(text, media_type), media_type


def _respond(body: bytes, media_type: str) -> Response:
    response = Response(body, mimetype=media_type)
    response.vary.add("Accept")
    return response


# The answers of /sparql, for the OpenAPI document.
def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


_ANSWERS = {
    "200": {"description": "results (JSON, XML, CSV, TSV) or a graph (Turtle, N-Triples, JSON-LD, RDF/XML) by "
                           "Accept or `_mediatype`; without a query, the service description (RDF or HTML)",
            "content": {t: {"schema": {}} for t in (*RESULT_TYPES, *GRAPH_TYPES, "text/html")}},
    "400": _error("syntax error (the parser's message), an empty query, a POST without a query, a query that is "
                  "not valid UTF-8"),
    "403": _error("update or SERVICE refused"),
    "406": _error("no acceptable format"),
    "408": _error("the request did not arrive whole in time (`planlink serve`)"),
    "413": _error("a body (chunked or not) larger than 1 MB"),
    "415": _error("a body of another type than application/sparql-query or a form, or in another charset than UTF-8"),
    "422": _error("result larger than the cap, or the query stopped at the memory limit"),
    "429": _error("this client has used its query time for now (fair use); see Retry-After"),
    "503": _error("no store to answer from, or the server is replacing a worker; see Retry-After"),
    "504": _error("query stopped at the time limit"),
}
_QUERY = {"type": "string", "minLength": 1}


@blp.route("/sparql")
class Sparql(MethodView):
    @blp.doc(parameters=[{"in": "query", "name": "query", "schema": _QUERY,
                          "description": "a SPARQL 1.1 query; without it, the service description; an empty "
                                         "one is a 400"},
                         {"in": "query", "name": "_mediatype", "schema": {"type": "string"},
                          "description": "a media type, in place of the Accept header"}],
             responses=_ANSWERS)
    def get(self):
        """Run a query (GET ?query=), or describe the service"""
        text = read_query(request)
        if text is None:
            return _service_description()
        if wants_workbench(request):  # a share link opened in a browser: the workbench runs it
            return _workbench(text)
        return _respond(*run_query(request, text, get_store()))

    @blp.doc(requestBody={"required": True, "content": {
        "application/sparql-query": {"schema": _QUERY},
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "required": ["query"],
                                                          "properties": {"query": _QUERY}}}}},
             responses=_ANSWERS)
    def post(self):
        """Run a query (POST form or application/sparql-query)"""
        text = read_query(request)
        if text is None:
            raise ApiError(400, NO_QUERY)
        return _respond(*run_query(request, text, get_store()))


def wants_workbench(request) -> bool:
    """A browser (HTML preferred to every results and graph type, no `_mediatype`) gets the workbench."""
    if "_mediatype" in request.args:
        return False
    return negotiate.choose(request.environ.get("HTTP_ACCEPT"), _ANY_ANSWER) == "text/html"


_ANY_ANSWER = list(dict.fromkeys([*RESULT_OFFER, *GRAPH_OFFER, "text/html"]))


def _endpoint() -> str:
    return quote(url_for("sparql.Sparql", _external=True), safe=":/?#[]@!$&'()*+,;=%")


def _workbench(text: str) -> Response:
    from planlink.api.views.pages import workbench_html

    response = Response(workbench_html(text, _endpoint()), mimetype="text/html")
    response.vary.add("Accept")
    return response


def _service_description() -> Response:
    from planlink.api.views.pages import workbench_html

    endpoint = _endpoint()
    page = lambda _: workbench_html(None, endpoint)  # noqa: E731
    rdf = lambda media_type: graph_from_turtle(  # noqa: E731
        SERVICE_DESCRIPTION.format(endpoint=endpoint, declarations=PREDECLARED)).serialize(media_type)
    offered = ["text/turtle", *GRAPH_TYPES, "text/html"]
    return profiles.negotiated_response(list(dict.fromkeys(offered)),
                                         {t: page if t == "text/html" else rdf for t in offered},
                                         name="the service description", profile=profiles.SERVICE_DESCRIPTION)
