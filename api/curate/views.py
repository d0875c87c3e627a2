"""The review's pages: the queue, an item beside its candidates, an English label, and what changed
after a build. Every decision is a POST through the one writer the CLI gave (ReviewConfig)."""

from __future__ import annotations

import statistics
import threading
import time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from planlink.api.curate.queue import Review
from planlink.api.store import open_store

bp = Blueprint("review", __name__, template_folder="templates")
RELATIONS = ("exact", "close", "broader", "related")


class Session:
    """What the review holds while it runs: the build it reads, the state it started from (to show
    what changed), and each decision with the seconds it took."""

    def __init__(self, config):
        self.config = config
        self.lock = threading.Lock()
        self.store = open_store(config.store)
        self.review = self._read()
        self.before = _state(self.review)
        self.shown: dict[str, float] = {}
        self.decisions: list[dict] = []
        self.builds = 0

    def _read(self) -> Review:
        return Review(self.store, self.config.mapping_set, self.config.translations, self.config.curated,
                      self.config.sources)

    def reread(self) -> None:
        self.store.close()
        self.store = open_store(self.config.store)
        self.review = self._read()


def refused(error):
    return render_template("refused.html", message=error.description), error.code


def init_app(app) -> None:
    app.extensions["review"] = Session(app.config["REVIEW"])
    app.secret_key = app.config["REVIEW"].token  # the flashed messages' cookie
    for code in (400, 403, 404, 405, 413):
        app.register_error_handler(code, refused)


def session() -> Session:
    return current_app.extensions["review"]


@bp.get("/")
def queue():
    s = session()
    return render_template("queue.html", entries=s.review.queue(s.config.limit),
                           reviewed=s.review.queue(reviewed=True), labels=s.review.labels()[:50],
                           labels_left=len(s.review.labels()), config=s.config, decisions=len(s.decisions))


@bp.get("/link/<subject>")
def link(subject):
    s = session()
    entry = s.review.entries.get(subject)
    if entry is None:
        abort(404, f"no provincial item {subject!r} in the mapping set")
    s.shown[subject] = time.monotonic()
    entity = s.review.entity(subject) or {}
    parent = s.review.entity(entity.get("parent") or "") or {}
    national = {c.id: s.review.national.get(c.id, {}) for c in entry.candidates if c.id}
    return render_template("link.html", entry=entry, entity=entity, parent=parent, national=national,
                           context=s.review.context(subject), decisions=s.review.decisions(subject),
                           relations=RELATIONS, config=s.config, next_id=_next(s, subject))


@bp.post("/link/<subject>")
def decide(subject):
    s = session()
    form = request.form
    action = form.get("action", "")
    if subject not in s.review.entries:
        abort(404, f"no provincial item {subject!r} in the mapping set")
    entry = s.review.entries[subject]
    following = form.get("next") or _next(s, subject)
    if action == "accept":  # the first link stays first (confirm), another is put first (correct)
        first = entry.first
        action = "confirm" if first is not None and first.id == form.get("object") else "correct"
    try:
        with s.lock:
            row = s.config.record_link(subject, action, s.config.curator, reason=form.get("reason", ""),
                                       object_id=form.get("object") or None, relation=form.get("relation") or None)
    except s.config.refusals as e:
        flash(str(e), "error")
        return redirect(url_for("review.link", subject=subject))
    entry.reviewed = True  # out of the queue; the next build shows the decision in the graph
    shown = s.shown.pop(subject, None)
    s.decisions.append({"subject": subject, "decision": row["decision"], "object": row["object_id"],
                        "reason": row["note"], "seconds": round(time.monotonic() - shown, 1) if shown else None})
    flash(f"written to {s.config.curated.name}: {row['decision']} {row['object_id'] or '(no counterpart)'}", "ok")
    return redirect(url_for("review.link", subject=following) if following and following != subject
                    else url_for("review.queue"))


@bp.get("/label")
def label():
    s = session()
    kind, zh = request.args.get("kind", ""), request.args.get("zh", "")
    row = next((r for r in s.review.labels() + s.review.labels(reviewed=True)
                if r["kind"] == kind and r["zh"] == zh), None)
    if row is None:
        abort(404, "no such English label")
    return render_template("label.html", row=row, config=s.config)


@bp.post("/label")
def judge_label():
    s = session()
    form = request.form
    try:
        with s.lock:
            s.config.record_label(form.get("kind", ""), form.get("zh", ""), form.get("verdict", ""),
                                  s.config.curator, better=form.get("better", ""), note=form.get("reason", ""))
    except s.config.refusals as e:
        flash(str(e), "error")
        return redirect(url_for("review.label", kind=form.get("kind", ""), zh=form.get("zh", "")))
    s.decisions.append({"subject": f"{form.get('kind')}: {form.get('zh')}", "decision": form.get("verdict"),
                        "object": form.get("better", ""), "reason": form.get("reason", ""), "seconds": None})
    flash(f"written to {s.config.translations.name}: {form.get('verdict')}", "ok")
    following = next(iter(s.review.labels()), None)
    return redirect(url_for("review.label", kind=following["kind"], zh=following["zh"]) if following
                    else url_for("review.queue"))


@bp.post("/build")
def build():
    """Build the graph again, so it applies the decisions; then show what changed."""
    s = session()
    if s.config.rebuild is None:
        abort(400, "this review was started without its sources: run `planlink build`, then reload")
    with s.lock:
        try:
            s.config.rebuild()
        except s.config.refusals as e:
            flash(f"the build failed, the graph is as it was: {e}", "error")
            return redirect(url_for("review.changes"))
        s.reread()
        s.builds += 1
    return redirect(url_for("review.changes"))


@bp.get("/changes")
def changes():
    """Since the review started: each item whose links changed (before → now), the gaps opened and
    closed, and the decisions with the seconds each took."""
    s = session()
    now = _state(s.review)
    items = [{"id": sid, "before": s.before["links"].get(sid, []), "now": links}
             for sid, links in sorted(now["links"].items()) if links != s.before["links"].get(sid, [])]
    seconds = [d["seconds"] for d in s.decisions if d["seconds"] is not None]
    return render_template("changes.html", items=items, opened=sorted(now["gaps"] - s.before["gaps"]),
                           closed=sorted(s.before["gaps"] - now["gaps"]), decisions=s.decisions, builds=s.builds,
                           median=statistics.median(seconds) if seconds else None, config=s.config,
                           entries=s.review.entries)


def _state(review: Review) -> dict:
    """{"links": {item: [(national id, relation, status, who)] its asserted links and rejections},
    "gaps": {(plan, national id)}}: what /changes compares."""
    links = {sid: [(c.id, c.relation, c.status, c.author)
                   for c in e.candidates if c.status in ("asserted", "rejected", "no_counterpart", "unsure")]
             for sid, e in review.entries.items()}
    return {"links": links, "gaps": review.national_gaps()}


def _next(s: Session, subject: str) -> str | None:
    """The item after `subject` in the queue (the first when it is not in it)."""
    ids = [e.id for e in s.review.queue(s.config.limit)]
    if subject in ids:
        at = ids.index(subject)
        return ids[at + 1] if at + 1 < len(ids) else None
    return ids[0] if ids else None
