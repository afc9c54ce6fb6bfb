"""Load the data package once and give typed access to its resources.

The Table Schemas are the contract: field types, enum values and their definitions are read
from them here, never repeated in code.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .paths import PACKAGE_DIR
from .records import Record, read_records


@dataclass
class Resource:
    name: str
    descriptor: dict
    schema: dict
    path: Path

    @property
    def fields(self) -> list[dict]:
        return self.schema["fields"]

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    def field(self, name: str) -> dict:
        for f in self.fields:
            if f["name"] == name:
                return f
        raise KeyError(f"{self.name} has no field {name!r}")

    def enum_definitions(self, name: str) -> dict[str, str]:
        """The words that define each allowed value of an enum field, from the schema."""
        f = self.field(name)
        return {v: f.get("enumDefinitions", {}).get(v, "") for v in f.get("constraints", {}).get("enum", [])}

    @property
    def primary_key(self) -> list[str]:
        pk = self.schema.get("primaryKey", [])
        return [pk] if isinstance(pk, str) else list(pk)

    def records(self) -> list[Record]:
        """Every data row with its line, raw cells and cast values (atlas.records: the one reader)."""
        return read_records(self.path, self.fields)

    def raw_rows(self) -> list[dict[str, str]]:
        """Rows as strings, exactly as in the CSV (read anew: importers read, then write)."""
        return [r.raw for r in self.records()]

    @cached_property
    def rows(self) -> list[dict]:
        """Rows with values cast by the schema (dates as date, integers as int; empty or unparseable as None).

        Read through the typed table when the file is one (each distinct value cast once: 400,000 enforcement rows
        in 0.7 s instead of 4 s); the same values, by construction of atlas.columns. A file that is not a table of
        the schema's columns (or holds an integer beyond 64 bits) is read record by record, its stray cells kept."""
        table = self.table
        return [r.values for r in self.records()] if table is None else table.to_pylist()

    @property
    def row_count(self) -> int:
        """How many data rows (Resource.rows) the file holds, without making them into dicts when it is a table."""
        table = self.table
        return len(self.rows) if table is None else table.num_rows

    @cached_property
    def table(self):
        """The rows as a pyarrow Table of the schema's fields, the values `rows` holds (atlas.columns: cast once per
        distinct value, for the typed downloads); None when the file is not a table of exactly those columns."""
        from .columns import read_table  # pyarrow is imported only by the commands that need it

        try:
            return read_table(self.path, self.fields)
        except OverflowError:  # an integer beyond 64 bits (`atlas validate` reports it)
            return None


@dataclass
class AtlasPackage:
    root: Path
    descriptor: dict
    resources: dict[str, Resource] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Resource:
        return self.resources[name]

    @property
    def version(self) -> str:
        return self.descriptor.get("version", "")


def load_package(root: Path | str = PACKAGE_DIR) -> AtlasPackage:
    """Read datapackage.json and each resource's schema (not validated: run `atlas validate` for that)."""
    root = Path(root)
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    package = AtlasPackage(root=root, descriptor=descriptor)
    for res in descriptor.get("resources", []):
        schema = res.get("schema", {})
        if isinstance(schema, str):
            schema = json.loads((root / schema).read_text(encoding="utf-8"))
        package.resources[res["name"]] = Resource(res["name"], res, schema, root / res["path"])
    return package


def write_rows(resource: Resource, rows: list[dict]) -> None:
    """Write rows back in schema field order, LF line endings, UTF-8 without BOM (the committed format)."""
    names = resource.field_names
    tmp = resource.path.with_suffix(".csv.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=names, lineterminator="\n", extrasaction="raise")
        # csv quotes a cell only for the delimiter, quote or "\n"; a bare "\r" would end the row for every reader,
        # so rows holding one are written fully quoted.
        quoted = csv.DictWriter(fh, fieldnames=names, lineterminator="\n", quoting=csv.QUOTE_ALL)
        writer.writeheader()
        for row in rows:
            cells = {k: _format(row.get(k)) for k in names}
            (quoted if any("\r" in v for v in cells.values()) else writer).writerow(cells)
    tmp.replace(resource.path)


def _format(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
