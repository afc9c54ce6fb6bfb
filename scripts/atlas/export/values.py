"""Typed values for the typed formats (JSON, SQLite, XLSX, Parquet), from the package's cast values.

One place decides how a Table Schema type is carried by each format, so the round-trip tests and
the writers agree.
"""
from __future__ import annotations

import datetime as dt
import json
import re

# Table Schema type -> SQLite column type (declared type; affinity follows from it).
SQLITE_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT",
                "datetime": "TEXT", "year": "INTEGER"}


def json_value(value):
    """JSON has no date type: dates become ISO 8601 strings; everything else is already JSON-native."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def sqlite_value(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def json_records(rows: list[dict]) -> list[dict]:
    return [{k: json_value(v) for k, v in row.items()} for row in rows]


def typed_table(resource):
    """The resource's rows as a pyarrow Table of its schema's fields (Resource.table), built from Resource.rows
    for a file that is not a table of exactly those columns (a missing field is then empty, an extra one left out,
    as the writers always did)."""
    if resource.table is not None:
        return resource.table
    import pyarrow as pa

    from ..columns import arrow_type

    schema = pa.schema([pa.field(f["name"], arrow_type(f)) for f in resource.fields])
    return pa.Table.from_pydict({n: [row.get(n) for row in resource.rows] for n in schema.names}, schema=schema)


# A lone surrogate can reach a str only through a "\ud800" escape in datapackage.json or a schema; UTF-8
# cannot encode it and strict JSON parsers reject its escape, so documents carry U+FFFD in its place.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(doc, **dumps_options) -> str:
    """JSON text of any document (UTF-8 encodable whatever its strings hold); every JSON download uses it."""
    return _LONE_SURROGATE.sub("\ufffd", json.dumps(doc, ensure_ascii=False, **dumps_options))


# --- spreadsheet (formula) injection, OWASP "CSV Injection" -------------------------------------------------
# A spreadsheet evaluates a cell that starts with = + - @ (also after leading whitespace, which Excel and
# LibreOffice skip), and older Excel versions treat a leading tab or carriage return the same way. The
# full-width forms are included because some Excel locales (East Asian IMEs) accept them as formula starts.
_FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def formula_like(value) -> bool:
    """True for text a spreadsheet could read as a formula; the one rule every spreadsheet writer applies.

    Only text is ever at risk: numbers (negative ones included) are written as numbers and never altered.
    A text cell that is just a number ("-5") cannot run anything, so it is left alone too.
    """
    if not isinstance(value, str) or not value:
        return False
    if value[0] in "\t\r":
        return True
    stripped = value.lstrip()
    return bool(stripped) and stripped[0] in _FORMULA_START and not _PLAIN_NUMBER.fullmatch(value)


def spreadsheet_csv_cell(value):
    """A cell of a CSV meant to be opened in a spreadsheet: formula-like text gets a leading apostrophe.

    OWASP's advice for CSV, which carries no types: the apostrophe makes Excel, LibreOffice and Google
    Sheets show the text rather than evaluate it; readers then see the apostrophe, the price of a format
    without types. The canonical CSVs of the data package never pass through this: they stay byte for
    byte the validated data, for programs (people who want a spreadsheet get the XLSX, which needs no
    apostrophe).
    """
    return "'" + value if formula_like(value) else value


def constraints_text(field: dict) -> str:
    """The field's constraints in words, for data dictionaries (README sheet, SQLite, pages)."""
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "pattern" in c:
        parts.append(f"pattern {c['pattern']}")
    if "minimum" in c:
        parts.append(f"minimum {c['minimum']}")
    if "maximum" in c:
        parts.append(f"maximum {c['maximum']}")
    if "enum" in c:
        parts.append("one of: " + ", ".join(str(v) for v in c["enum"]))
    if field.get("format") and field.get("format") != "default":
        parts.append(f"format {field['format']}")
    return "; ".join(parts)


def data_dictionary(package) -> list[dict]:
    """One row per field of every resource: the data dictionary shipped in the XLSX and SQLite downloads."""
    rows = []
    for res in package.resources.values():
        for position, f in enumerate(res.fields, start=1):
            defs = res.enum_definitions(f["name"]) if f.get("constraints", {}).get("enum") else {}
            rows.append({
                "resource": res.name,
                "position": position,
                "field": f["name"],
                "title": f.get("title", ""),
                "type": f.get("type", "string"),
                "required": bool(f.get("constraints", {}).get("required", False)),
                "constraints": constraints_text(f),
                "description": f.get("description", ""),
                "values": "; ".join(f"{k}: {v}" if v else k for k, v in defs.items()),
            })
    return rows
