"""What the review holds while it runs: the build it reads, the state it started from (to show what
changed), the batch under review, and each decision with the seconds it took."""

from __future__ import annotations

import threading
import time

from planlink.api.curate.queue import Review
from planlink.api.store import open_store


class Session:
    def __init__(self, config):
        self.config = config
        self.lock = threading.Lock()
        self.store = open_store(config.store)
        self.review = self._read()
        self.before = state(self.review)
        # --limit N: the N most uncertain items when the review started, a batch that ends; without
        # it the batch is every undecided item (the queue would otherwise roll on to the next one)
        self.batch = [e.id for e in self.review.queue(config.limit)]
        self.decided: dict[str, dict] = {}  # item → its latest decision this session
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
        for subject in self.decided:  # an item decided this session stays out of the queue
            if subject in self.review.entries:
                self.review.entries[subject].reviewed = True

    def left(self) -> list[str]:
        """The batch's items not decided yet, in queue order."""
        return [sid for sid in self.batch if sid not in self.decided]

    def following(self, subject: str) -> str | None:
        """The next undecided item of the batch after `subject` (wrapping round to those skipped), or
        None when the batch is done."""
        left = self.left()
        if not left:
            return None
        later = [sid for sid in left if subject in self.batch and self.batch.index(sid) > self.batch.index(subject)]
        return (later or left)[0]

    def record(self, subject: str, rows: list[dict], summary: str) -> None:
        """Note a decision about an item (the rows the writer wrote) with the seconds it took."""
        shown = self.shown.pop(subject, None)
        decision = {"subject": subject, "decision": rows[0]["decision"], "summary": summary,
                    "objects": [r["object_id"] for r in rows], "reason": rows[0]["note"],
                    "evidence": [r.get("evidence", "") for r in rows if r.get("evidence")],
                    "previous": rows[0].get("previous", ""),
                    "seconds": round(time.monotonic() - shown, 1) if shown else None}
        self.decisions.append(decision)
        self.decided[subject] = decision
        entry = self.review.entries.get(subject)
        if entry is not None:
            entry.reviewed = True  # out of the queue; the next build shows the decision in the graph


def state(review: Review) -> dict:
    """{"links": {item: [(national id, relation, status, who)] its asserted links and rejections},
    "gaps": {(plan, national id)}}: what /changes compares."""
    links = {sid: [(c.id, c.relation, c.status, c.author)
                   for c in e.candidates if c.status in ("asserted", "rejected", "no_counterpart", "unsure")]
             for sid, e in review.entries.items()}
    return {"links": links, "gaps": review.national_gaps()}
