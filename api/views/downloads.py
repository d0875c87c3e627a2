"""Downloads and dataset descriptions: the dumps the build wrote (with ETags and conditional
GET), the VoID description at /.well-known/void, and the API's own index at /api/v1."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Response, current_app, request, send_from_directory, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from planlink.api import profiles, publication, tables
from planlink.api.errors import ApiError
from planlink.api.store import get_store
from planlink.api.views import resources

blp = Blueprint("downloads", __name__, description="Whole-graph dumps and the VoID description")

# media type → rdflib serialiser name (the descriptions are rdflib graphs)
RDF_FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
               "application/rdf+xml": "xml"}

# For the OpenAPI document: what the VoID description answers, and by which query parameters.
ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
VOID_DOC = {
    "parameters": [
        {"in": "query", "name": "_mediatype", "required": False, "schema": {"type": "string", "enum": ["", *RDF_FORMATS]},
         "description": "a media type, in place of the Accept header (empty: Accept decides)"},
        {"in": "query", "name": "_profile", "required": False,
         "schema": {"type": "string", "enum": ["", profiles.VOID.token, profiles.VOID.uri, profiles.ALT.token,
                                               profiles.ALT.uri]},
         "description": "`void` (the description) or `alt` (the list of its profiles and media types)"}],
    "responses": {
        200: {"description": "The VoID description (or, with `_profile=alt`, its alternates)",
              "content": {media_type: {"schema": {}} for media_type in dict.fromkeys([*RDF_FORMATS,
                                                                                      *profiles.ALT_MEDIA_TYPES])}},
        406: {"description": "no offered media type or profile fits", "content": ERROR}}}
JSON_OBJECT = {"schema": {"type": "object"}}


def dumps_directory() -> Path | None:
    """Where this server's dumps are: PLANLINK_DUMPS, or `dumps/` beside the embedded store (where
    `planlink build` writes them); None with a remote endpoint and no PLANLINK_DUMPS."""
    config = current_app.config
    if config.get("PLANLINK_DUMPS"):
        return Path(config["PLANLINK_DUMPS"])
    if config.get("PLANLINK_SPARQL_ENDPOINT") or not config.get("PLANLINK_STORE"):
        return None
    return Path(config["PLANLINK_STORE"]).resolve().parent / "dumps"


def available_dumps() -> list[str]:
    return publication.available_dumps(dumps_directory())


def rdf_response(graph, profile, name: str):
    """An rdflib graph, negotiated among the RDF syntaxes (Turtle by default)."""
    render = lambda media_type: graph.serialize(format=RDF_FORMATS[media_type], encoding="utf-8")  # noqa: E731
    return profiles.negotiated_response(list(RDF_FORMATS), {t: render for t in RDF_FORMATS}, profile=profile,
                                         name=name)


@blp.route("/dumps/<name>")
class Dump(MethodView):
    @blp.doc(summary="A dump of the whole graph (planlink.nq.gz, planlink.ttl.gz, planlink.jsonld.gz), the links as "
                     "an SSSOM mapping set (planlink.sssom.tsv) or SHA256SUMS",
             description="The files `planlink build` writes, gzipped (`Content-Type: application/gzip`), with their "
                         "SHA-256 as ETag; `If-None-Match` gets a 304, `Range` a part. Listed in the VoID description "
                         "and the DCAT catalog; `SHA256SUMS` checks them (`sha256sum -c`).")
    def get(self, name):
        directory = dumps_directory()
        if name == publication.CHECKSUMS and directory is not None and (directory / name).is_file():
            return send_from_directory(directory, name, mimetype="text/plain", conditional=True)
        if name not in available_dumps():
            raise ApiError(404, f"no dump {name!r} here; the dumps are: " + (", ".join(available_dumps()) or "none"))
        # the ETag is the file's SHA-256 (from the build), so a rebuild of the same graph keeps it
        digest = publication.checksums(directory).get(name)
        mimetype = "application/gzip" if name.endswith(".gz") else publication.DUMPS[name][0]  # the SSSOM TSV
        response = send_from_directory(directory, name, mimetype=mimetype, conditional=True,
                                       etag=digest or True, max_age=current_app.config["PLANLINK_MAX_AGE"])
        response.headers["Link"] = f'<{request.host_url}.well-known/void>; rel="describedby"; type="text/turtle"'
        return response


@blp.route("/.well-known/void")
class Void(MethodView):
    @blp.doc(summary="The VoID description of the dataset",
             description="Triples, entities, distinct subjects and objects, class and property partitions, the "
                         "SPARQL endpoint, the dumps (void:dataDump) and the uriSpace, counted on the store. Turtle, "
                         "JSON-LD, N-Triples or RDF/XML by Accept or `?_mediatype=`.", **VOID_DOC)
    def get(self):
        return rdf_response(publication.void(get_store(), request.host_url, available_dumps()), profiles.VOID,
                            "the VoID description")


COLLECTIONS = list(resources.COLLECTIONS)  # every JSON collection has CSV, so CSVW metadata


@blp.route(f"/api/v1/<any({', '.join(COLLECTIONS)}):collection>.csv-metadata.json")
class CsvMetadata(MethodView):
    @blp.doc(summary="The CSVW metadata of a collection's CSV: its columns, their types and meaning",
             description="CSV on the Web (W3C) table metadata for `/api/v1/{collection}?format=csv`.",
             responses={200: {"description": "The CSVW metadata", "content": {"application/csvm+json": JSON_OBJECT}},
                        404: {"description": "no such collection", "content": ERROR}})
    def get(self, collection):
        metadata = tables.csvw_metadata(resources.ITEMS[resources.COLLECTIONS[collection]],
                                        f"{request.host_url}api/v1/{collection}?format=csv", f"planlink {collection}")
        return Response(json.dumps(metadata, ensure_ascii=False, indent=2), mimetype="application/csvm+json")


@blp.route("/api/v1")
class ApiIndex(MethodView):
    @blp.doc(summary="The JSON API's index: its collections, each with its JSON and CSV URLs",
             responses={200: {"description": "The index", "content": {"application/json": JSON_OBJECT}}})
    def get(self):
        return {"title": "planlink JSON API", "openapi": url_for("api-docs.openapi_json", _external=True),
                "collections": [{"name": name,
                                 "href": f"{request.host_url}api/v1/{name}" + ("?q={q}" if name == "search" else ""),
                                 "csv": f"{request.host_url}api/v1/{name}?format=csv"} for name in COLLECTIONS],
                "void": f"{request.host_url}.well-known/void",
                "dumps": [f"{request.host_url}dumps/{name}" for name in available_dumps()]}
