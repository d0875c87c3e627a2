"""The curators' review site (`planlink curate`): one curator, on loopback, never part of the public
app (api.create_app registers nothing of it, and has no route that writes).

Safe by construction:
- it listens on 127.0.0.1 only and answers only requests whose Host is that address (or
  localhost) and its port, so a web page cannot reach it through a name of its own (DNS rebinding);
- it answers only a browser holding its session token: `planlink curate` prints an address with the
  token, which the site exchanges for a cookie (HttpOnly, SameSite=Strict) and drops from the address;
- a request that writes must be a POST carrying the token in its form as well and, when the browser
  says where it comes from (Origin), coming from the site itself: another site can neither read the
  token nor send the cookie, so no cross-site request can write;
- it writes only the crosswalk and the English labels, through scripts/link/review.py (given to it by
  the CLI, so api/ imports nothing of scripts/; the errors they raise come with them).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from flask import Flask, abort, current_app, g, redirect, request

COOKIE = "planlink_review"
HOSTS = ("127.0.0.1", "localhost")


@dataclass
class ReviewConfig:
    store: Path                   # the built store the review reads
    mapping_set: Path             # the build's SSSOM file (dumps/planlink.sssom.tsv)
    curated: Path                 # graph_data/links/curated.csv
    translations: Path            # graph_data/links/translations.csv
    curator: str                  # who decides: a name or an ORCID iD
    record_link: Callable         # scripts.link.review.record_link_decision
    record_label: Callable        # scripts.link.review.record_translation_verdict
    rebuild: Callable | None = None  # builds the store again from the sources (the next build applies decisions)
    refusals: tuple = (ValueError,)  # what those callables raise for a decision they refuse (the CLI: PlanlinkError)
    sources: Path | None = None   # the plan texts, to show each item in its context
    port: int = 5050
    limit: int | None = None      # the queue's length (the N most uncertain)
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))


def create_review_app(config: ReviewConfig) -> Flask:
    from planlink.api.curate import views

    here = Path(__file__).resolve().parent
    app = Flask(__name__, root_path=str(here), instance_path=str(here / "instance"))
    app.config["REVIEW"] = config
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024  # a decision is a few fields
    app.before_request(_guard)
    app.after_request(_headers)
    app.register_blueprint(views.bp)
    views.init_app(app)
    return app


def _guard():
    """Host, token, origin: see the module's docstring."""
    config = _config()
    host, _, port = (request.host or "").rpartition(":")
    if host not in HOSTS or port != str(config.port):
        abort(403, "this review answers on 127.0.0.1 only")
    given = request.args.get("token")
    if given is not None and request.method == "GET":
        if not _same(given, config.token):
            abort(403, "that is not this review's token: open the address `planlink curate` printed")
        response = redirect(request.path)
        response.set_cookie(COOKIE, config.token, httponly=True, samesite="Strict", path="/")
        return response
    if not _same(request.cookies.get(COOKIE, ""), config.token):
        abort(403, "open the address `planlink curate` printed (it carries this review's token)")
    if request.method not in ("GET", "HEAD"):
        origin = request.headers.get("Origin")
        if origin is not None and origin not in {f"http://{h}:{config.port}" for h in HOSTS}:
            abort(403, "a decision must come from the review's own page")
        if not _same(request.form.get("token", ""), config.token):
            abort(403, "a decision must carry the review's token (send it from the review's own page)")
    g.token = config.token


def _config() -> ReviewConfig:
    return current_app.config["REVIEW"]


def _same(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode(), token.encode())


def _headers(response):
    response.headers["Cache-Control"] = "no-store"
    # same-origin: no Referer leaves the site (nor the token it once carried); "no-referrer" would make
    # browsers send "Origin: null" with the review's own forms
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = ("default-src 'none'; style-src 'self' 'unsafe-inline'; "
                                                   "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    return response
