"""Renderings whose layout must be undone before the text can be read, part one: pages, and the
tools for undoing layout by position (scripts/position_tables.py undoes tables with them).

Pages (a PDF's text): page numbers (— 3 —, - 3 -, 第 3 页 共 16 页), running headers and footers (a line
repeated at the edge of most pages) and form feeds are removed; the sentences they cut are joined
later with every other cut (scripts/normalise.py). Every character kept comes from the rendering at
its own offset, so provenance still points into the verbatim file.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from planlink.scripts.mapped_text import MappedText

PAGE_NUMBER = re.compile(r"^[ \t]*(?:[-—–－][ \t]*\d{1,3}[ \t]*[-—–－]|第[ \t]*\d{1,3}[ \t]*页(?:[ \t]*共[ \t]*\d{1,3}[ \t]*页)?)"
                         r"[ \t]*$")


class Pieces:
    """Text put together from pieces of a MappedText, each character keeping its offset."""

    def __init__(self, source: MappedText):
        self.source, self.text, self.pos = source, [], []

    def take(self, start: int, end: int) -> "Pieces":
        self.text.append(self.source.text[start:end])
        self.pos += self.source.pos[start:end]
        return self

    def put(self, text: str, at: int) -> "Pieces":
        """Text that is not in the source (a tab between cells), placed at offset `at` of the source."""
        self.text.append(text)
        self.pos += [self.source.pos[at]] * len(text)
        return self

    def mapped(self) -> MappedText:
        text = "".join(self.text)
        return MappedText(text, self.pos + [self.pos[-1] if self.pos else 0])


def lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out, at = [], 0
    for line in text.split("\n"):
        out.append((at, line))
        at += len(line) + 1
    return out


def width(text: str) -> int:
    """Display columns: a Chinese character takes two, as terminals and pandoc count them."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def joined(pieces: Pieces, parts: list[tuple[int, int]], room: int | None = None) -> Pieces:
    """Pieces of wrapped text joined. A piece that filled its room (a cell's width) was cut wherever
    the room ended, inside a word or a number (率达1 / 00%): nothing goes between; one that stopped
    short was wrapped at a space, which goes back (推进 15 / 分钟), unless Chinese meets Chinese."""
    text = pieces.source.text
    for k, (a, b) in enumerate(parts):
        if k:
            before = parts[k - 1]
            full = room is not None and width(text[before[0]:before[1]]) >= room - 2
            if not full and not (_wide(text[a]) and _wide(text[before[1] - 1])):
                pieces.put(" ", a)
        pieces.take(a, b)
    return pieces


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF" or char in "，。、；：？！“”（）《》"


def strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in " \t\u3000":
        a += 1
    while b > a and text[b - 1] in " \t\u3000":
        b -= 1
    return a, b


# --------------------------------------------------------------------------------- pages

def undo_pages(t: MappedText) -> MappedText:
    """Page numbers, running headers and footers, and form feeds removed."""
    if "\f" not in t.text and not PAGE_NUMBER.search(t.text):
        return t
    lines = lines_with_offsets(t.text)
    pages: list[list[int]] = [[]]  # line indexes of each page's non-blank lines
    for i, (at, line) in enumerate(lines):
        for _ in range(line.count("\f")):
            pages.append([])
        if line.strip(" \t\f"):
            pages[-1].append(i)
    edges = [i for n, page in enumerate(pages) for i in (page[:2] if n else []) + page[-2:]]
    seen = Counter(lines[i][1].strip(" \t\f") for i in set(edges))
    repeated = {s for s, count in seen.items() if count >= max(3, len(pages) // 2) and len(s) <= 40}
    gone = {i for i in edges if lines[i][1].strip(" \t\f") in repeated}
    gone |= {i for i, (_, line) in enumerate(lines) if PAGE_NUMBER.match(line.strip("\f"))}
    edits = []
    for i, (at, line) in enumerate(lines):
        if i in gone:
            edits.append((at, at + len(line), Pieces(t).mapped()))
        elif "\f" in line:
            kept = Pieces(t)
            for a, b in _runs_without(line, "\f"):
                kept.take(at + a, at + b)
            edits.append((at, at + len(line), kept.mapped()))
    return t.splice(edits)


def _runs_without(line: str, char: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(f"[^{char}]+", line)]
