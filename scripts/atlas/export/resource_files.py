"""Per-resource downloads: the CSV exactly as validated, its records as typed JSON, and its Table Schema."""
from __future__ import annotations

from pathlib import Path

from ..package import Resource
from .atomic import atomic_path, write_bytes_atomic
from .records_json import write_records_json
from .values import json_records, json_text


def write_csv(resource: Resource, out_dir: Path) -> Path:
    """Byte-for-byte copy of the committed, validated CSV (so its checksum matches the repository's file).

    This is the canonical data, for programs: formula-like text is *not* neutralised here (an apostrophe
    would change the data and its checksum). The downloads meant for spreadsheets are the XLSX workbook and
    the county CSVs, which apply values.formula_like.
    """
    return write_bytes_atomic(out_dir / f"{resource.name}.csv", resource.path.read_bytes())


def write_json(resource: Resource, out_dir: Path) -> Path:
    """An array of records in schema field order; integers as numbers, dates as ISO strings, empty as null.

    Written from the typed columns (records_json); a file that is not a table of the schema's columns keeps its
    rows' own keys, so it is written from Resource.rows.
    """
    final = out_dir / f"{resource.name}.json"
    if resource.table is None:
        text = json_text(json_records(resource.rows), indent=1) + "\n"
        return write_bytes_atomic(final, text.encode("utf-8"))
    with atomic_path(final) as tmp:
        write_records_json(resource.table, tmp)
    return final


def write_schema(resource: Resource, out_dir: Path, package_root: Path) -> Path:
    """The Table Schema the CSV was validated against (the data dictionary, machine-readable).

    A schema kept in its own file is copied byte for byte; an inline one is written out as JSON.
    """
    final = out_dir / f"{resource.name}.schema.json"
    schema_ref = resource.descriptor.get("schema")
    if isinstance(schema_ref, str):
        return write_bytes_atomic(final, (package_root / schema_ref).read_bytes())
    with atomic_path(final) as tmp:
        tmp.write_text(json_text(resource.schema, indent=2) + "\n", encoding="utf-8")
    return final
