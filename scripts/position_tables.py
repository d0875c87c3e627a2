"""Tables printed by position, as rows of tab-separated cells (every other table is read that way):
a table laid out with spaces (pdftotext -layout: 序号   指标   2021年 …, a long name over the lines
above and below its row's number), a table read out cell by cell (pdftotext: one cell per
paragraph), pandoc's multiline tables (rules of dashes, columns by position) and grid tables
(+----+ borders, | cells |, their text wrapped inside the cell; a one-cell table is a box, such as
a 专栏, and gives its paragraphs as lines). A normalisation (scripts/normalise.py runs it first),
each character kept at its own offset (scripts/layout.py's Pieces).
"""

from __future__ import annotations

import re

from planlink.scripts.layout import Pieces, joined, lines_with_offsets, strip_span, width
from planlink.scripts.mapped_text import MappedText

HEADING = re.compile(r"^[ \t]*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|专栏|表\d)")
ROW_NUMBER = re.compile(r"^\d{1,2}$")
SEPARATOR = re.compile(r"^[ \t]*-{3,}(?:[ \t]+-{3,})+[ \t]*$")   # pandoc: the dashes under a header
RULE = re.compile(r"^[ \t]*-{10,}[ \t]*$")
GRID_BORDER = re.compile(r"^[ \t]*\+(?:[-=]+\+)+[ \t]*$")
GRID_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")


def undo_tables(t: MappedText) -> MappedText:
    """Tables printed by position, as tab-separated rows."""
    for undo in (_grid_tables, _multiline_tables, _spaced_tables, _cell_by_cell_tables):
        t = undo(t)
    return t


def _grid_tables(t: MappedText) -> MappedText:
    """pandoc's grid tables: a one-cell table (a 专栏 as a box) gives its paragraphs as lines; a table
    of several columns, a line of tab-separated cells per row."""
    lines, edits, i = lines_with_offsets(t.text), [], 0
    while i < len(lines):
        if not GRID_BORDER.match(lines[i][1]):
            i += 1
            continue
        border = lines[i][1]
        bars = [width(border[:k]) for k, c in enumerate(border) if c == "+"]
        start, rows, row, j = lines[i][0], [], [], i + 1
        while j < len(lines) and (GRID_ROW.match(lines[j][1]) or GRID_BORDER.match(lines[j][1])):
            if GRID_BORDER.match(lines[j][1]):
                rows.append(row)
                row = []
            else:
                row.append(lines[j])
            j += 1
        if len(rows) == 0:
            i = j
            continue
        out = Pieces(t)
        for cells_lines in rows:
            columns = [_cells_by_column(at, line, bars) for at, line in cells_lines]
            cells = []
            for c in range(len(bars) - 1):
                paragraphs, current = [], []
                for spans in columns:
                    span = spans.get(c)
                    if span is None:
                        if current:
                            paragraphs.append(current)
                        current = []
                    else:
                        current.append(span)
                if current:
                    paragraphs.append(current)
                cells.append(paragraphs)
            rooms = [bars[c + 1] - bars[c] - 3 for c in range(len(bars) - 1)]  # between "| " and " |"
            if len(cells) == 1:
                for paragraph in cells[0]:
                    joined(out, paragraph, rooms[0]).put("\n", paragraph[-1][1] - 1)
            elif any(cells):
                for c, paragraphs in enumerate(cells):
                    if c:
                        out.put("\t", start)
                    for paragraph in paragraphs:
                        joined(out, paragraph, rooms[c])
                out.put("\n", start)
        end = lines[j - 1][0] + len(lines[j - 1][1])
        edits.append((start, end, out.mapped()))
        i = j
    return t.splice(edits) if edits else t


def _cells_by_column(at: int, line: str, bars: list[int]) -> dict[int, tuple[int, int]]:
    """{column: (start, end)} of the non-blank text of each cell of a grid row line."""
    out, column, cell_start = {}, -1, None
    for k, char in enumerate(line):
        if char == "|" and width(line[:k]) in bars:
            if cell_start is not None:
                a, b = strip_span(line, cell_start, k)
                if b > a:
                    out[column] = (at + a, at + b)
            column, cell_start = bars.index(width(line[:k])), k + 1
    return out


def _multiline_tables(t: MappedText) -> MappedText:
    """pandoc's multiline tables: a rule, header lines, dashes marking each column, rows separated
    by blank lines (a cell's text wrapped within its column), a closing rule."""
    lines, edits = lines_with_offsets(t.text), []
    for s, (at, line) in enumerate(lines):
        if not SEPARATOR.match(line) or s < 2:
            continue
        top = next((k for k in range(s - 1, -1, -1) if RULE.match(lines[k][1])), None)
        bottom = next((k for k in range(s + 1, len(lines)) if RULE.match(lines[k][1])), None)
        if top is None or bottom is None:
            continue
        columns = [(width(line[:m.start()]), width(line[:m.end()])) for m in re.finditer(r"-+", line)]
        out = Pieces(t)
        header = [lines[k] for k in range(top + 1, s) if lines[k][1].strip()]
        rows, row = [header], []
        for k in range(s + 1, bottom):
            if lines[k][1].strip():
                row.append(lines[k])
            elif row:
                rows.append(row)
                row = []
        if row:
            rows.append(row)
        for row in rows:
            cells = [[] for _ in columns]
            for line_at, text in row:
                for m in re.finditer(r"\S+(?: \S+)*", text):
                    column = _column_of(width(text[:m.start()]), columns)
                    cells[column].append((line_at + m.start(), line_at + m.end()))
            for c, parts in enumerate(cells):
                if c:
                    out.put("\t", row[0][0])
                joined(out, parts, columns[c][1] - columns[c][0])
            out.put("\n", row[0][0])
        edits.append((lines[top][0], lines[bottom][0] + len(lines[bottom][1]), out.mapped()))
    return t.splice(edits) if edits else t


def _column_of(column: int, columns: list[tuple[int, int]]) -> int:
    return max((k for k, (start, _) in enumerate(columns) if start <= column + 1), default=0)


def _spaced_tables(t: MappedText) -> MappedText:
    """A table laid out with spaces (pdftotext -layout): cells apart by two spaces or more; a name too
    long for its column printed over the lines above and below the line with its row's number."""
    lines, edits, i = lines_with_offsets(t.text), [], 0
    while i < len(lines):
        at, line = lines[i]
        header = _spaced_cells(at, line)
        if len(header) < 3 or "序号" not in line or "\t" in line or "|" in line:
            i += 1
            continue
        names = next((k for k, (a, b) in enumerate(header) if re.search("指标|名称", t.text[a:b])), 1)
        rows, pending, j, last = [], [], i + 1, i
        while j < len(lines):
            line_at, text = lines[j]
            if not text.strip():
                j += 1
                continue
            cells = _spaced_cells(line_at, text)
            if ROW_NUMBER.match(t.text[cells[0][0]:cells[0][1]]) and len(cells) >= len(header) - 1:
                rows.append({"cells": cells, "above": pending, "below": []})
                pending, last = [], j
            elif len(cells) == 1 and not HEADING.match(text) and not re.search("[，。]", text):
                pending.append((j, cells[0]))  # part of a name printed above or below its row's number
            else:
                break
            j += 1
        if not rows:
            i += 1
            continue
        nameless = [len(row["cells"]) == len(header) - 1 for row in rows]
        if nameless[-1] and pending:  # the last row's name goes on below it
            rows[-1]["below"], last, pending = pending, pending[-1][0], []
        for k in range(len(rows) - 1):  # fragments between two rows: below the first, above the second
            between = rows[k + 1]["above"]
            if nameless[k] and nameless[k + 1]:
                half = (len(between) + 1) // 2
                rows[k]["below"], rows[k + 1]["above"] = between[:half], between[half:]
            elif nameless[k]:
                rows[k]["below"], rows[k + 1]["above"] = between, []
        out = Pieces(t)
        _put_cells(out, header)
        for row in rows:
            cells = [[c] for c in row["cells"]]
            if len(cells) == len(header) - 1:
                cells.insert(names, [span for _, span in row["above"] + row["below"]])
            _put_cells(out, cells)
        end = lines[last][0] + len(lines[last][1])
        edits.append((at, end, out.mapped()))
        i = last + 1
    return t.splice(edits) if edits else t


def _spaced_cells(at: int, line: str) -> list[tuple[int, int]]:
    return [(at + m.start(), at + m.end()) for m in re.finditer(r"\S+(?: \S+)*", line)]


def _put_cells(out: Pieces, cells: list) -> None:
    first = None
    for c, cell in enumerate(cells):
        parts = cell if isinstance(cell, list) else [cell]
        if c:
            out.put("\t", first)
        if parts:
            first = first if first is not None else parts[0][0]
            joined(out, parts)
    out.put("\n", first)


def _cell_by_cell_tables(t: MappedText) -> MappedText:
    """A table read out cell by cell (pdftotext without -layout): 序号 and the other headers, then the
    cells of each row, one paragraph each (a paragraph's lines are one cell wrapped)."""
    lines, edits, i = lines_with_offsets(t.text), [], 0
    while i < len(lines):
        if lines[i][1].strip() != "序号":
            i += 1
            continue
        paragraphs, current, j = [], [], i
        while j < len(lines) and len(paragraphs) < 400:
            at, line = lines[j]
            if line.strip():
                current.append(strip_span(t.text, at, at + len(line)))
            elif current:
                paragraphs.append(current)
                current = []
            j += 1
        if current:
            paragraphs.append(current)
        text = ["".join(t.text[a:b] for a, b in p) for p in paragraphs]
        k = next((n for n, cell in enumerate(text) if cell == "1"), None)
        if k is None or k < 3 or any(re.search("[，。]", cell) for cell in text[:k]):
            i += 1
            continue
        rows, n = [paragraphs[:k]], 1  # the header's k cells, then rows of k cells numbered 1, 2, …
        while len(text) >= (n + 1) * k and text[n * k] == str(n) and \
                not any(HEADING.match(cell) for cell in text[n * k:(n + 1) * k]):
            rows.append(paragraphs[n * k:(n + 1) * k])
            n += 1
        out = Pieces(t)
        for row in rows:
            _put_cells(out, row)
        last = rows[-1][-1][-1][1]
        edits.append((lines[i][0], last, out.mapped()))
        i = next(x for x, (at, line) in enumerate(lines) if at + len(line) >= last) + 1
    return t.splice(edits) if edits else t
