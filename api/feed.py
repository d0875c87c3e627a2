"""The releases as an Atom feed (RFC 4287): what a feed reader, or a system that syncs, subscribes to
in order to hear of each new release. Each entry links the release (JSON), its changes (rel
"related") and its triples added and removed (gzipped N-Quads, as enclosures with their size).

Written by feedgenerator (Django's feed writer, maintained on its own): feedgen 1.0.0 drops every
attribute but href from an entry's links (lkiesow/python-feedgen#135, open), so its enclosures and
related links would lose their rel and type.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import feedgenerator

from planlink.api.services import releases

MEDIA_TYPE = "application/atom+xml"
ENTRIES = 50  # the newest releases; the JSON list has them all


class _ReleaseFeed(feedgenerator.Atom1Feed):
    """Atom, with a "related" link to each release's changes, and the date of the newest release
    (not the clock) as the date of a feed with no entries, so the same releases give the same bytes."""

    def __init__(self, *args, empty_date: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_date = empty_date

    def latest_post_date(self):
        return super().latest_post_date() if self.items else self.empty_date

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("changes_href"):
            handler.addQuickElement("link", "", {"rel": "related", "href": item["changes_href"],
                                                 "type": "application/json", "title": "what changed"})


def atom(records: list[dict], directory: Path | None, feed_url: str, list_url: str, publisher: str,
         empty_date: datetime) -> bytes:
    """The feed of `records` (newest first, as the JSON gives them: with their IRI and links)."""
    feed = _ReleaseFeed(title="planlink releases", link=list_url, feed_url=feed_url, feed_guid=list_url,
                        description="Each build of the linked data of the 14th Five-Year community-service plans "
                                    "that this server publishes, with what changed since the one before",
                        language="en", author_name=publisher, empty_date=empty_date)
    for record in records[:ENTRIES]:
        enclosures = []
        if record.get("changes_href"):
            for which in ("added", "removed"):
                path = directory / record["id"] / releases.NQUADS[which]
                if path.is_file():
                    enclosures.append(feedgenerator.Enclosure(record[f"nquads_{which}"], str(path.stat().st_size),
                                                              "application/gzip"))
        date = releases.date_of(record)
        feed.add_item(title=title(record), link=record["iri"], unique_id=record["iri"], pubdate=date,
                      updateddate=date, description=releases.notes(record), enclosures=enclosures,
                      changes_href=record.get("changes_href"))
    return feed.writeString("utf-8").encode("utf-8")


def title(record: dict) -> str:
    counts = record.get("changes")
    plans = ", ".join(counts.get("plans") or []) if counts else ""
    return f"Release {record['id']}" + (f": {plans}" if plans else "")
