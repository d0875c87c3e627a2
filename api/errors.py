"""One exception family and one handler: every error is JSON `{"code", "status", "message"}`."""

from __future__ import annotations

import json
import logging
import socket
from http import HTTPStatus

from flask import jsonify
from werkzeug.exceptions import HTTPException

from api import services, store

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


def handle(error: Exception):
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
        return error_response(code, str(error), {"Retry-After": "1"} if isinstance(error, store.ServerBusy) else None)
    log.exception("unexpected error")
    return error_response(500, "internal error: the server could not answer this request")


def raw_response(code: int, message: str) -> bytes:
    """A whole HTTP/1.1 error answer in the JSON shape, for a server writing to a client's socket
    itself (gunicorn's own errors, the watchdog's 504): CORS on, not cached, connection closed."""
    body = json.dumps({"code": code, "status": HTTPStatus(code).phrase, "message": message},
                      ensure_ascii=False).encode("utf-8")
    from api.middleware import CORS_HEADERS  # (middleware imports this module)

    head = "".join(f"{name}: {value}\r\n" for name, value in CORS_HEADERS)
    return (f"HTTP/1.1 {code} {HTTPStatus(code).phrase}\r\nConnection: close\r\nCache-Control: no-store\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n{head}\r\n").encode("latin-1") + body


def answer_on_socket(sock: socket.socket, error: Exception) -> None:
    """Answer a request whose thread is busy elsewhere (a query past its limit) straight on the
    client's socket, and end the connection."""
    sock.settimeout(5.0)
    sock.sendall(raw_response(status_of(error), str(error)))
    sock.shutdown(socket.SHUT_RDWR)


def init_app(app):
    app.register_error_handler(Exception, handle)
    app.register_error_handler(HTTPException, handle)  # replaces flask-smorest's handler
