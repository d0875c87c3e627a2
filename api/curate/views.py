"""The review's pages: the queue (a batch that ends), an item beside its candidates and the national
outline, the English labels, what changed after a build. Every decision is a POST through the one
writer the CLI gave (ReviewConfig)."""

from __future__ import annotations

import re
import statistics
import time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from planlink.api.curate.session import Session, state

bp = Blueprint("review", __name__, template_folder="templates")
RELATIONS = ("exact", "close", "broader", "related")
SENTENCE_END = re.compile(r"(?<=[。；！？])")


class Refused(Exception):
    """A decision the page itself refuses (the writer's refusals come from the CLI, ReviewConfig.refusals)."""


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
    batch = [s.review.entries[sid] for sid in s.batch if sid in s.review.entries]
    return render_template("queue.html", batch=batch, decided=s.decided, left=len(s.left()),
                           reviewed=s.review.queue(reviewed=True), labels_left=len(s.review.labels()),
                           config=s.config, decisions=len(s.decisions))


@bp.get("/labels")
def labels():
    s = session()
    return render_template("labels.html", labels=s.review.labels(), judged=s.review.labels(reviewed=True),
                           config=s.config)


@bp.get("/done")
def done():
    s = session()
    if s.left():
        return redirect(url_for("review.link", subject=s.left()[0]))
    seconds = [d["seconds"] for d in s.decisions if d["seconds"] is not None]
    return render_template("done.html", size=len(s.batch), decisions=s.decisions, config=s.config,
                           median=statistics.median(seconds) if seconds else None)


@bp.get("/link/<subject>")
def link(subject):
    s = session()
    entry = s.review.entries.get(subject)
    if entry is None:
        abort(404, f"no provincial item {subject!r} in the mapping set")
    s.shown[subject] = time.monotonic()
    entity = s.review.entity(subject) or {}
    links = s.review.links(subject)
    national = {nid: {**n, "children": s.review.national_children(nid), "sentences": said(s, nid)}
                for nid, n in s.review.national.items()}
    return render_template("link.html", entry=entry, entity=entity, links=links, national=national,
                           parent=s.review.entity(entity.get("parent") or "") or {},
                           children=s.review.children(subject), outline=s.review.outline(),
                           context=s.review.context(subject), decisions=s.review.decisions(subject),
                           relations=RELATIONS, config=s.config, next_id=s.following(subject),
                           batch=s.batch, left=len(s.left()))


@bp.post("/link/<subject>")
def decide(subject):
    """A decision on one candidate: accept (confirm the first link, give it another relation, or put
    another first), reject, unsure; or no national counterpart."""
    s, form = session(), request.form
    entry = s.review.entries.get(subject)
    if entry is None:
        abort(404, f"no provincial item {subject!r} in the mapping set")
    action, object_id, relation = form.get("action", ""), form.get("object") or None, form.get("relation") or None
    first, previous = entry.first, ""
    if action == "accept":
        if first is not None and first.id == object_id and relation == first.relation:
            action = "confirm"
        else:  # another candidate first, or the first one with another relation: both are corrections
            action = "correct"
            previous = f"{first.id} {first.relation}" if first else "(no counterpart)"
    try:
        evidence = _evidence(s, object_id, form.get("evidence", "")) if action in ("confirm", "correct") else ""
        with s.lock:
            row = s.config.record_link(subject, action, s.config.curator, reason=form.get("reason", ""),
                                       object_id=object_id, relation=relation, evidence=evidence,
                                       previous=previous)
    except (Refused, *s.config.refusals) as e:
        flash(str(e), "error")
        return redirect(url_for("review.link", subject=subject))
    summary = _summary(row)
    s.record(subject, [row], summary)
    flash(f"written to {s.config.curated.name}: {summary}", "ok")
    return _onwards(s, subject)


@bp.post("/link/<subject>/outline")
def choose(subject):
    """The item's counterparts chosen from the whole national outline: one or several chapters or
    sections, offered as candidates or not."""
    s, form = session(), request.form
    entry = s.review.entries.get(subject)
    if entry is None:
        abort(404, f"no provincial item {subject!r} in the mapping set")
    chosen = form.getlist("object")
    unknown = [o for o in chosen if o not in s.review.national]
    if unknown:
        abort(400, f"not a chapter or section of the national outline: {', '.join(unknown)}")
    chosen = [nid for nid in s.review.national if nid in chosen]  # in outline order: the first is the counterpart
    links = s.review.links(subject)
    first = entry.first
    try:
        evidence = {nid: _evidence(s, nid, form.get(f"evidence-{nid}") or (links.get(nid) or {}).get("evidence") or "")
                    for nid in chosen}
        with s.lock:
            rows = s.config.record_counterparts(
                subject, chosen, form.get("relation", ""), s.config.curator, form.get("reason", ""),
                evidence=evidence, previous=f"{first.id} {first.relation}" if first else "(no counterpart)")
    except (Refused, *s.config.refusals) as e:
        flash(str(e), "error")
        return redirect(url_for("review.link", subject=subject))
    summary = _summary(rows[0]) + (f" and {', '.join(r['object_id'] for r in rows[1:])}" if rows[1:] else "")
    s.record(subject, rows, summary)
    flash(f"written to {s.config.curated.name}: {summary}", "ok")
    return _onwards(s, subject)


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
                        "summary": f"{form.get('verdict')} {form.get('better', '')}".strip(), "objects": [],
                        "reason": form.get("reason", ""), "evidence": [], "previous": "", "seconds": None})
    flash(f"written to {s.config.translations.name}: {form.get('verdict')}", "ok")
    following = next(iter(s.review.labels()), None)
    return redirect(url_for("review.label", kind=following["kind"], zh=following["zh"]) if following
                    else url_for("review.labels"))


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
    """Since the review started: the decisions with the seconds each took, each item whose links
    changed in the graph (before → now), the gaps opened and closed."""
    s = session()
    now = state(s.review)
    items = [{"id": sid, "before": s.before["links"].get(sid, []), "now": links}
             for sid, links in sorted(now["links"].items()) if links != s.before["links"].get(sid, [])]
    seconds = [d["seconds"] for d in s.decisions if d["seconds"] is not None]
    return render_template("changes.html", items=items, opened=sorted(now["gaps"] - s.before["gaps"]),
                           closed=sorted(s.before["gaps"] - now["gaps"]), decisions=s.decisions, builds=s.builds,
                           median=statistics.median(seconds) if seconds else None, config=s.config,
                           entries=s.review.entries, left=len(s.left()), size=len(s.batch))


def said(s: Session, national_id: str) -> list[str]:
    """What a national section offers as evidence (what the linker matches it by): its title and the
    sentences of its text; a chapter with no text of its own, its title and its sections' titles."""
    section = s.review.national[national_id]
    found = [part.strip() for part in SENTENCE_END.split(section["text"] or "") if len(part.strip()) > 1]
    return [section["title"]] + (found or [k["title"] for k in s.review.national_children(national_id)])


def _evidence(s: Session, national_id: str | None, sentence: str) -> str:
    """The national sentence a curator chose as evidence: one the section offers (said)."""
    sentence = " ".join((sentence or "").split())
    if sentence and (national_id not in s.review.national or
                     sentence not in " ".join(" ".join(said(s, national_id)).split())):
        raise Refused(f"the evidence must be a sentence of {national_id}")
    return sentence


def _summary(row: dict) -> str:
    """A decision in words: what it did to the item's links."""
    target = row["object_id"] or "(no national counterpart)"
    if row["decision"] == "correct":
        was = row.get("previous") or ""
        if was.split(" ")[0] == row["object_id"]:
            return f"correct: {target} stays first, relation {was.split(' ', 1)[-1]} → {row['relation']}"
        return f"correct: {target} {row['relation']} first" + (f" (was {was})" if was else "")
    if row["decision"] == "reject" and not row["object_id"]:
        return "no national counterpart"
    return f"{row['decision']} {target} {row['relation']}".strip()


def _onwards(s: Session, subject: str):
    """The next item of the batch, or the batch's end."""
    following = s.following(subject)
    return redirect(url_for("review.link", subject=following) if following else url_for("review.done"))
