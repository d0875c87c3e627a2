"""The one error handler: the JSON error (api/errors.py) for programs, the same as a page for a browser."""

from __future__ import annotations

from flask import Response, has_request_context, render_template, request
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from planlink.api.errors import json_error


def wants_page() -> bool:
    """A browser (Accept prefers HTML to JSON) gets an error page; programs get the JSON error."""
    accept = request.accept_mimetypes
    return accept.best_match(["application/json", "text/html"]) == "text/html" and \
        accept["text/html"] > accept["application/json"]


def error_page(code: int, message: str) -> Response:
    parts = request.path.strip("/").split("/")
    plan = parts[1] if code == 404 and len(parts) > 2 and parts[0] == "plan" else None  # a mistyped IRI in a plan
    try:
        page = render_template("error.html", code=code, message=message, plan=plan)
    except Exception:  # noqa: BLE001 — an error page must never fail: plain text then
        page = f"<!doctype html><title>{code}</title><h1>{code}</h1><p>{escape(message)}</p>"
    return Response(page, status=code, mimetype="text/html")


def handle(error: Exception):
    """The JSON error; a browser gets the same as a page, with the headers that matter kept."""
    response = json_error(error)
    if response.status_code >= 400 and has_request_context() and wants_page():
        page = error_page(response.status_code, response.get_json()["message"])
        page.headers.update({k: v for k, v in response.headers if k.lower() in ("allow", "retry-after", "cache-control")})
        page.vary.add("Accept")
        return page
    return response


def init_app(app):
    app.register_error_handler(Exception, handle)
    app.register_error_handler(HTTPException, handle)  # replaces flask-smorest's handler
