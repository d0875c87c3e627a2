"""One exception family and one table: every error is JSON `{"code", "status", "message"}`.

The handler that turns errors into answers, JSON or a page for a browser, is registered by
`api/views/error_pages.py`: the table does not depend on the page that renders it."""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from flask import jsonify
from werkzeug.exceptions import HTTPException

from planlink.api import services, store

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error with an HTTP status, raised anywhere below a view."""

    def __init__(self, code: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.code, self.message, self.headers = code, message, headers or {}


# Errors of the layers below HTTP, and the status each one means.
STATUS = {
    services.NotFound: 404,
    services.UnknownPlan: 400,
    store.QuerySyntaxError: 400,
    store.UpdateRefused: 403,
    store.ServiceRefused: 403,
    store.ResultTooLarge: 422,
    store.EngineFault: 422,
    store.BackendError: 502,
    store.StoreMissing: 503,
    store.ServerBusy: 503,
    store.QueryTimeout: 504,
}


def error_response(code: int, message: str, headers: dict | None = None, errors=None):
    body = {"code": code, "status": HTTPStatus(code).phrase, "message": message}
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = code
    response.headers.update(headers or {})
    response.headers["Cache-Control"] = "no-store"
    return response


def _validation_message(messages) -> str:
    """webargs' {"query": {"limit": ["Must be …"]}} as "limit: Must be …"."""
    parts = []
    for fields in (messages or {}).values():
        if isinstance(fields, dict):
            for field, problems in fields.items():
                problems = problems if isinstance(problems, list) else [problems]
                parts.append(f"{field}: {' '.join(map(str, problems))}")
    return "; ".join(parts) or "invalid request"


def status_of(error: Exception) -> int | None:
    """The HTTP status an error of the layers below means (STATUS), or None."""
    return next((code for kind, code in STATUS.items() if isinstance(error, kind)), None)


def json_error(error: Exception):
    """The JSON error answer for any exception (pages for browsers are api/views/error_pages.py's)."""
    if isinstance(error, ApiError):
        return error_response(error.code, error.message, error.headers)
    if isinstance(error, HTTPException):
        data = getattr(error, "data", None) or {}
        if "messages" in data:  # webargs validation of query arguments
            return error_response(400, _validation_message(data["messages"]), errors=data["messages"])
        headers = {k: v for k, v in error.get_headers() if k.lower() == "allow"}
        return error_response(error.code or 500, data.get("message") or error.description, headers)
    code = status_of(error)
    if code is not None:
        retry = {"Retry-After": "1"} if isinstance(error, (store.ServerBusy, store.StoreMissing)) else None
        return error_response(code, str(error), retry)
    log.exception("unexpected error")
    return error_response(500, "internal error: the server could not answer this request")


def error_json(code: int, message: str) -> bytes:
    """The JSON error body, for answers written outside Flask (api/serve.py, api/fair_use.py)."""
    return json.dumps({"code": code, "status": HTTPStatus(code).phrase, "message": message},
                      ensure_ascii=False).encode("utf-8")
