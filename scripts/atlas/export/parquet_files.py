"""Each resource as a Parquet file with Arrow types from the Table Schema, version and build date in the
file's key-value metadata, and each field's description in its field metadata.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..package import Resource
from .atomic import atomic_path
from .release import Release
from .values import json_text, typed_table

ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
               "date": pa.date32(), "year": pa.int64()}


def arrow_schema(resource: Resource, release: Release) -> pa.Schema:
    fields = [
        pa.field(f["name"], ARROW_TYPES.get(f.get("type", "string"), pa.string()),
                 nullable=not f.get("constraints", {}).get("required", False),
                 metadata={"title": f.get("title", ""), "description": f.get("description", "")})
        for f in resource.fields
    ]
    return pa.schema(fields, metadata={
        "name": resource.name,
        "title": resource.descriptor.get("title", ""),
        "package": release.name,
        "version": release.version,
        "build_date": release.build_date.isoformat(),
        "license": release.licence,
        "license_url": release.licence_url,
        "url": release.site_url,
        "table_schema": json_text(resource.schema),
    })


def arrow_table(resource: Resource, release: Release) -> pa.Table:
    """The typed columns with the file's schema; from_pydict refuses an empty cell in a required field."""
    schema = arrow_schema(resource, release)
    table = typed_table(resource)
    return pa.Table.from_pydict({name: table.column(name) for name in resource.field_names}, schema=schema)


def write_parquet(resource: Resource, release: Release, out_dir: Path) -> Path:
    final = out_dir / "parquet" / f"{resource.name}.parquet"
    table = arrow_table(resource, release)
    with atomic_path(final) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    return final
