"""A resource's data as typed pyarrow columns: the cells atlas.records reads, cast once per distinct value.

The typed downloads (JSON, Parquet, SQLite, XLSX) read 400,000 rows; casting them cell by cell in Python, as
Resource.rows does, took longer than writing most of the formats. Here the cells are split by the same reader
(records.split_plain for a plain file, else records.split_records), and records.cast itself judges each distinct
value of a column once, so every typed value is the one Resource.rows holds, by construction.

A file that does not have exactly the schema's header, or has a row with more cells than the header, is not
a table of the schema's columns (`atlas validate` reports it); read_table returns None for it and callers fall back
to Resource.rows.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from .records import cast, is_plain, split_plain, split_records

# Table Schema type -> the Arrow type of the values records.cast returns (other types stay text).
CAST_TYPES = {"integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32()}
BOM = b"\xef\xbb\xbf"


def arrow_type(field: dict) -> pa.DataType:
    return CAST_TYPES.get(field.get("type", "string"), pa.string())


def read_table(path: Path, fields: list[dict]) -> pa.Table | None:
    """The data rows of a committed CSV as a Table of the schema's fields, typed as records.cast types them."""
    data = Path(path).read_bytes()
    data = data[len(BOM):] if data.startswith(BOM) else data  # as records.read_records' utf-8-sig
    text = data.decode("utf-8")
    names = [f["name"] for f in fields]
    cells = _plain_columns(text, data) if is_plain(text) else None
    if cells is None:
        cells = _csv_columns(text)
    if cells is None or cells[0] != names or len(set(names)) != len(names):
        return None
    columns = [typed_column(column, f) for column, f in zip(cells[1], fields)]
    return pa.Table.from_arrays(columns, schema=pa.schema([pa.field(f["name"], arrow_type(f)) for f in fields]))


def _plain_columns(text: str, data: bytes) -> tuple[list[str], list[pa.Array]] | None:
    header = text[: text.find("\n") if "\n" in text else len(text)].split(",")
    arrays = split_plain(data, len(header))
    return None if arrays is None else (header, [a.slice(1) for a in arrays])


def _csv_columns(text: str) -> tuple[list[str], list[pa.Array]] | None:
    """Columns by the csv module (quoted cells); None for a row longer than the header (records.EXTRA_CELLS)."""
    _, records = split_records(text)
    if not records:
        return None
    header, rows = records[0], [cells for cells in records[1:] if cells]  # a blank line holds no data
    width = len(header)
    if any(len(cells) > width for cells in rows):
        return None
    if any(len(cells) < width for cells in rows):  # a missing cell reads as empty
        rows = [cells + [""] * (width - len(cells)) for cells in rows]
    return header, [pa.array(list(column), pa.string()) for column in zip(*rows)] or [pa.array([], pa.string())
                                                                                        for _ in header]


def typed_column(cells: pa.Array, field: dict) -> pa.Array:
    """A column of cells (strings) as records.cast casts them: each distinct cell is cast once, then spread."""
    kind = arrow_type(field)
    if pa.types.is_string(kind):  # cast keeps text as it is, and reads an empty cell as None
        return pc.if_else(pc.equal(cells, ""), pa.scalar(None, pa.string()), cells)
    encoded = cells.dictionary_encode()
    distinct = pa.array([cast(value, field) for value in encoded.dictionary.to_pylist()], kind)
    return distinct.take(encoded.indices)
