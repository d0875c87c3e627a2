"""Writing a reviewer's decisions: the one code path by which `planlink curate` changes its files,
graph_data/links/curated.csv (the links) and graph_data/links/translations.csv (the English labels).

A decision replaces the earlier rows about the same thing (the same item and national section; the
same kind and Chinese text) and is written whole to a new file swapped in with os.replace, so a
reader never sees half a file; the new crosswalk is read back with load_curated before the swap, so
a decision the build could not read is refused and the old file stays.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
import threading
from datetime import date as Date
from pathlib import Path

from planlink.scripts.errors import InputError
from planlink.scripts.link.curated import CURATED_CSV, load_curated
from planlink.scripts.translations import KINDS, TRANSLATIONS_CSV, key
from planlink.scripts.vocab import ID_PATTERN, RELATIONS

LINK_COLUMNS = ["subject_id", "object_id", "relation", "decision", "evidence", "note", "reviewer", "date"]
TRANSLATION_COLUMNS = ["kind", "zh", "en", "translator", "reviewer", "verdict", "review_note"]
VERDICTS = ("right", "wrong", "better")
# what a reviewer does with a link → the crosswalk's decision (accept: confirm the first link, or put another first)
LINK_DECISIONS = ("confirm", "correct", "reject", "unsure", "none")
_LOCK = threading.Lock()  # one writer at a time within the review site


def check_curator(curator: str) -> str:
    """A reviewer is named (a name) or identified (an ORCID iD, 0000-0002-1825-0097)."""
    curator = " ".join((curator or "").split())
    if not curator or len(curator) > 100:
        raise InputError("a curator is a name or an ORCID iD (0000-0002-1825-0097), at most 100 characters")
    return curator


def record_link_decision(subject: str, decision: str, curator: str, reason: str = "", object_id: str | None = None,
                         relation: str | None = None, when: Date | None = None, path: Path = CURATED_CSV) -> dict:
    """Write one decision about a provincial item's link to national section `object_id`:
    confirm (the first link is right), correct (put this one first), reject (not this one), unsure
    (a doubt, no change), none (the national plan has no counterpart: every earlier row of the item
    goes). Returns the row written."""
    if decision not in LINK_DECISIONS:
        raise InputError(f"decision must be one of {', '.join(LINK_DECISIONS)}")
    m = ID_PATTERN.match(subject or "")
    if not m or m["plan"] == "national":
        raise InputError(f"{subject!r} is not the id of a provincial item")
    if decision == "none":
        object_id = None
    elif not object_id or not (o := ID_PATTERN.match(object_id)) or o["plan"] != "national" or o["kind"] != "s":
        raise InputError(f"{object_id!r} is not the id of a national chapter or section")
    if decision in ("confirm", "correct") and relation not in RELATIONS:
        raise InputError(f"relation must be one of {', '.join(RELATIONS)}")
    reason = " ".join((reason or "").split())
    if decision != "confirm" and not reason:
        raise InputError("say why (a reason is kept with the decision)")
    row = {"subject_id": subject, "object_id": object_id or "", "relation": relation if decision in
           ("confirm", "correct") else (relation if decision == "unsure" and relation in RELATIONS else ""),
           "decision": "reject" if decision == "none" else decision, "evidence": "", "note": reason,
           "reviewer": check_curator(curator), "date": (when or Date.today()).isoformat()}

    def earlier(old: dict) -> bool:
        """Rows the decision replaces."""
        if old["subject_id"] != subject:
            return False
        if decision == "none":
            return True  # no counterpart: nothing else about the item stands
        same = old["object_id"] == object_id
        no_counterpart = not old["object_id"] and old["decision"] == "reject"
        return same or (decision in ("confirm", "correct") and no_counterpart)

    _rewrite(path, LINK_COLUMNS, earlier, row, check=load_curated)
    return row


def record_translation_verdict(kind: str, chinese: str, verdict: str, curator: str, better: str = "",
                               note: str = "", path: Path = TRANSLATIONS_CSV) -> dict:
    """A reviewer's verdict on the English of one Chinese text: right, wrong, or better (then
    `better` is the English the build uses instead)."""
    if kind not in KINDS:
        raise InputError(f"kind must be one of {', '.join(sorted(KINDS))}")
    if verdict not in VERDICTS:
        raise InputError(f"verdict must be one of {', '.join(VERDICTS)}")
    better, note = " ".join((better or "").split()), " ".join((note or "").split())
    if verdict == "better" and not better:
        raise InputError("give the better English")
    rows = _read(path)
    found = [r for r in rows if r["kind"] == kind and key(r["zh"]) == key(chinese)]
    if not found:
        raise InputError(f"no {kind} label {chinese!r} in {Path(path).name}")
    row = {**found[0], "reviewer": check_curator(curator), "verdict": verdict,
           "review_note": better if verdict == "better" else note}
    _rewrite(path, TRANSLATION_COLUMNS, lambda old: old["kind"] == kind and key(old["zh"]) == key(chinese), row,
             in_place=True)
    return row


def _read(path: Path) -> list[dict]:
    if not Path(path).exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return [{k: v or "" for k, v in row.items() if k is not None} for row in csv.DictReader(f)]


def _rewrite(path: Path, columns: list[str], replaced, row: dict, in_place: bool = False, check=None) -> None:
    """The file with the rows `replaced` says are replaced by `row` (in the first one's place, or at
    the end), written to a temporary file, checked, then swapped in."""
    path = Path(path)
    with _LOCK:
        rows = _read(path)
        kept, at = [], None
        for old in rows:
            if replaced(old):
                at = len(kept) if at is None else at
            else:
                kept.append(old)
        kept.insert(at if in_place and at is not None else len(kept), row)
        header = list(dict.fromkeys([*columns, *(rows[0].keys() if rows else [])]))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(kept)
        fd, temporary = tempfile.mkstemp(prefix=path.name + ".", suffix=".new", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(out.getvalue())
            if check is not None:
                try:
                    check(Path(temporary))
                except ValueError as e:
                    raise InputError(f"the decision would leave {path.name} unreadable: {e}") from None
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
