"""Typed values for the typed formats (JSON, SQLite, XLSX, Parquet), from the package's cast rows.

One place decides how a Table Schema type is carried by each format, so the round-trip tests and
the writers agree.
"""
from __future__ import annotations

import datetime as dt

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
