"""planlink HTTP API: JSON resources, a SPARQL 1.1 endpoint and dereferenceable IRIs.

`create_app(config=None)` builds the app (no I/O: the store opens on first use, once per
process). Config keys: PLANLINK_STORE (store directory), PLANLINK_DUMPS (the dumps' directory;
default dumps/ beside the store), PLANLINK_RELEASES (the releases' directory; default releases/ beside
the store), PLANLINK_SPARQL_ENDPOINT (read from a SPARQL 1.1 endpoint
instead), PLANLINK_QUERY_TIMEOUT (s), PLANLINK_MAX_RESULT_BYTES, PLANLINK_IN_MEMORY_MAX_BYTES (a
store up to this size on disk is queried from a copy in memory; 0: always from disk),
PLANLINK_CACHE_BYTES (0 turns the response cache off),
PLANLINK_QUERY_BUDGET (s of /sparql time per client per minute, 0: no budget; api/fair_use.py),
PLANLINK_REQUEST_TIMEOUT (s for a request to arrive whole under `planlink serve`),
PLANLINK_PROXIES (proxies in front whose X-Forwarded-For is believed; 0: none).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, send_from_directory
from flask_smorest import Api

DEFAULTS = {
    "PLANLINK_STORE": "graph_data/build/store",
    "PLANLINK_SPARQL_ENDPOINT": None,
    # The dumps `planlink build` writes (None: `dumps/` beside PLANLINK_STORE).
    "PLANLINK_DUMPS": None,
    # The releases `planlink build` records (None: `releases/` beside PLANLINK_STORE; none for an endpoint).
    "PLANLINK_RELEASES": None,
    "PLANLINK_QUERY_TIMEOUT": 10.0,
    "PLANLINK_MAX_RESULT_BYTES": 32 * 1024 * 1024,
    # A query process past this is stopped; under `planlink serve`, a worker that grows past it
    # while queries run in its threads stops them.
    "PLANLINK_QUERY_MEMORY_BYTES": 2 * 1024 * 1024 * 1024,
    # A store up to this size on disk is served from a copy in each process's memory (0: never).
    "PLANLINK_IN_MEMORY_MAX_BYTES": 16 * 1024 * 1024,
    "PLANLINK_CACHE_BYTES": 64 * 1024 * 1024,
    # Fair use: each client (address) may spend this much /sparql time a minute, then gets 429 (two
    # queries stopped at the default 10 s limit; thousands of light ones).
    "PLANLINK_QUERY_BUDGET": 20.0,
    # Proxies in front of planlink that append the client's address to X-Forwarded-For (the nginx
    # of deploy/: 1). Only then is the header believed (werkzeug's ProxyFix): a client's query
    # budget is its own, not the proxy's; with 0 a client cannot escape its budget by sending one.
    "PLANLINK_PROXIES": 0,
    # Under `planlink serve`: a request (head and body) not received whole by then is answered 408.
    "PLANLINK_REQUEST_TIMEOUT": 5.0,
    "PLANLINK_MAX_AGE": 300,
    # No request body (a SPARQL query, a form) needs more; a larger one is refused with 413.
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "API_TITLE": "planlink",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": "/docs/static/",
    "API_SPEC_OPTIONS": {"info": {"description": "China's 14th Five-Year community-service plans "
                                                 "(national, Shanghai, Jiangsu) as linked data. "
                                                 "[The site](/) · [SPARQL workbench](/sparql) · "
                                                 "[Comparisons](/compare/)"}},
}


def create_app(config: dict | None = None) -> Flask:
    from planlink.api import middleware, store
    from planlink.api.views import downloads, error_pages, linked_data, pages, resources, sdmx, sparql

    # instance_path given: Flask's own search for it fails on a namespace package (`planlink`)
    # under setuptools' editable finder; planlink keeps nothing there
    app = Flask(__name__, instance_path=str(Path(__file__).resolve().parent / "instance"))
    app.config.from_mapping(DEFAULTS)
    if config:
        app.config.update(config)
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    store.init_app(app)
    api = Api(app)
    error_pages.init_app(app)  # after Api: one handler for everything, JSON or a page
    for blueprint in (resources.blp, sparql.blp, downloads.blp, linked_data.blp, sdmx.blp):
        api.register_blueprint(blueprint)
    app.register_blueprint(pages.bp)  # HTML pages (not part of the OpenAPI description)

    @app.get("/docs/static/<path:filename>")
    def swagger_ui_assets(filename):
        import swagger_ui_bundle

        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)

    middleware.init_app(app)
    if app.config["PLANLINK_QUERY_BUDGET"]:
        from planlink.api.fair_use import Budget, FairUse

        # made here, before gunicorn forks: every worker charges the same table
        budget = app.extensions["planlink.fair_use"] = Budget(app.config["PLANLINK_QUERY_BUDGET"])
        app.wsgi_app = FairUse(app.wsgi_app, budget)
    if app.config["PLANLINK_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = int(app.config["PLANLINK_PROXIES"])  # outermost: fair use and the server see the client
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    return app
