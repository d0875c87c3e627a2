"""Every JSON collection as CSV, with a CSVW metadata file describing its columns.

The columns come from the item's marshmallow schema (the one definition of the JSON), so every
page of a collection has the same header, empty lists included:

- a plain field is a column (`name`, `unit`);
- a nested object is one column per field, dotted (`target.value`, `target.comparator`);
- a list of plain values is one column, the values joined by "; " (`issuers`);
- a list of objects (`national_counterparts`, `peers`) is one column per plain field of its
  items, dotted, each cell the items' values joined by " | " in list order, so the n-th value of
  `national_counterparts.id` and of `national_counterparts.relation` belong to the same link.
  Deeper objects inside list items are left to the JSON.

Two kinds of CSV, decided here once for the API and the pages alike:

- for programs and CSV-on-the-Web readers: plain UTF-8 (RFC 4180, CRLF, header row), no byte-order
  mark. A CSVW reader takes a leading mark as part of the first header (`"\ufeffid"`), so the
  `id` column it was told about goes missing; `/api/v1/{collection}.csv` is this kind, and the one
  its CSVW description (`csvw_metadata`) describes.
- for spreadsheets: the same bytes after a UTF-8 byte-order mark (`bom=true`), offered as a file to
  save. Excel reads a CSV without the mark in the machine's legacy code page, GBK on a Chinese
  Windows, and garbles every Chinese character. Every link meant for people who open the file in
  a spreadsheet carries `bom=true` and says so.
"""

from __future__ import annotations

import csv
import io

from marshmallow import fields

LIST_SEPARATOR = " | "
VALUES_SEPARATOR = "; "
BOM = "\ufeff"
CSVW_TYPES = {fields.Integer: "integer", fields.Float: "double", fields.Boolean: "boolean"}


def columns(schema) -> list[tuple[str, tuple, str, str]]:
    """(column name, path, kind, description) for every column of the schema's items;
    kind: "value", "object" (inside nested objects), "values" (list of plain values) or "list"."""
    result = []
    for name, field in schema.fields.items():
        description = field.metadata.get("description", "")
        if isinstance(field, fields.Nested):
            for sub, path, kind, sub_description in columns(field.schema):
                if kind in ("value", "object"):
                    result.append((f"{name}.{sub}", (name, *path), "object", sub_description))
        elif isinstance(field, fields.List) and isinstance(field.inner, fields.Nested):
            for sub, sub_field in field.inner.schema.fields.items():
                if not isinstance(sub_field, (fields.Nested, fields.List)):
                    result.append((f"{name}.{sub}", (name, sub), "list",
                                   sub_field.metadata.get("description", "") or description))
        elif isinstance(field, fields.List):
            result.append((name, (name,), "values", description))
        else:
            result.append((name, (name,), "value", description))
    return result


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _cell(item: dict, path: tuple, kind: str) -> str:
    if kind == "list":
        return LIST_SEPARATOR.join(_text((entry or {}).get(path[1])) for entry in item.get(path[0]) or [])
    if kind == "values":
        return VALUES_SEPARATOR.join(_text(v) for v in item.get(path[0]) or [])
    value = item
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return _text(value)


def to_csv(schema, items: list[dict]) -> str:
    """The dumped items as CSV text: header row, one row per item, CRLF line ends (RFC 4180)."""
    cols = columns(schema)
    return write_rows([name for name, _, _, _ in cols],
                      ([_cell(item, path, kind) for _, path, kind, _ in cols] for item in items))


def write_rows(header: list[str], rows) -> str:
    """CSV text (RFC 4180: CRLF line ends, quoted where needed) of a header row and rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


class BadBom(ValueError):
    """`bom=` is neither true nor false."""


def wants_bom(args) -> bool:
    """Whether `bom=` asks for the spreadsheet kind (true/1/yes; false/0/no/empty or absent: not)."""
    value = (args.get("bom") or "").strip().lower()
    if value in ("true", "1", "yes"):
        return True
    if value in ("", "false", "0", "no"):
        return False
    raise BadBom(f"bom must be true or false, not {value[:20]!r}")


def encoded(text: str, bom: bool) -> bytes:
    """The CSV as UTF-8, after a byte-order mark when it is meant for a spreadsheet."""
    return ((BOM if bom else "") + text).encode("utf-8")


def csv_response(text: str, bom: bool, filename: str):
    """A CSV answer: `text/csv; charset=utf-8; header=present`; the spreadsheet kind (bom) offered as
    a file to save, the other shown inline."""
    from flask import Response

    response = Response(encoded(text, bom), content_type="text/csv; charset=utf-8; header=present")
    response.headers["Content-Disposition"] = f'{"attachment" if bom else "inline"}; filename="{filename}.csv"'
    return response


def _datatype(schema, path: tuple, kind: str) -> str:
    if kind in ("list", "values"):
        return "string"
    field = None
    current = schema
    for key in path:
        field = current.fields.get(key)
        current = getattr(field, "schema", None)
    if field is not None and field.metadata.get("type") == "number":  # a Raw that holds ints and decimals
        return "number"
    return CSVW_TYPES.get(type(field), "string")


def row_identity(schema) -> dict:
    """What identifies a row and what it is about: `id` and the entity's IRI, unless the schema names
    another key column (`csv_row_key`: a gap row is the gap, its own IRI, while its `id` names the
    section it concerns, once per plan)."""
    key = getattr(schema, "csv_row_key", "id")
    return {"primaryKey": key, "aboutUrl": "{+iri}" if key == "id" else "{+%s}" % key}


def csvw_metadata(schema, csv_url: str, title: str) -> dict:
    """The CSVW metadata (W3C Metadata Vocabulary for Tabular Data) of the collection's CSV file at
    `csv_url` (the kind without a byte-order mark)."""
    cols = []
    for name, path, kind, description in columns(schema):
        column = {"name": name.replace(".", "_"), "titles": name, "datatype": _datatype(schema, path, kind)}
        if kind == "list":
            column["separator"] = LIST_SEPARATOR
        elif kind == "values":
            column["separator"] = VALUES_SEPARATOR
        if description:
            column["dc:description"] = description
        cols.append(column)
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "en"}],
        "url": csv_url,
        "dc:title": title,
        "dialect": {"encoding": "utf-8", "header": True, "headerRowCount": 1, "lineTerminators": ["\r\n"]},
        "tableSchema": {"columns": cols, **row_identity(schema)},
    }
