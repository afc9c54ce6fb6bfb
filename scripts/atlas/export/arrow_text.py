"""Small pyarrow helpers for writing text column by column: a Python function over distinct values only, and the
bytes of a string column as one run, to write to a file without a Python string per row.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

CHUNK_ROWS = 1 << 16  # rows turned into text at a time: bounds the memory of a 400,000-row table


def map_distinct(column: pa.Array, fn: Callable[[object], str]) -> pa.Array:
    """fn(value) for every non-null value of `column`, called once per distinct value; nulls stay null."""
    encoded = column.dictionary_encode()
    return pa.array([fn(v) for v in encoded.dictionary.to_pylist()], pa.string()).take(encoded.indices)


def where(mask: pa.Array, column: pa.Array, fn: Callable[[object], str], fast: pa.Array) -> pa.Array:
    """`fast`, except in the rows `mask` selects, which get fn(value of `column`) (the exact, slower path)."""
    rows = pc.indices_nonzero(mask.fill_null(False))
    if len(rows) == 0:
        return fast
    slow = [fn(v) for v in column.take(rows).to_pylist()]
    return pc.replace_with_mask(fast, mask.fill_null(False), pa.array(slow, pa.string()))


def join(*parts, separator: str = "") -> pa.Array:
    """Row by row, the parts (string arrays or plain strings) joined; a null part makes the row null."""
    return pc.binary_join_element_wise(*parts, separator)


def run_of(column: pa.Array) -> pa.Buffer:
    """The bytes of every value of a string column without nulls, end to end (no copy)."""
    if len(column) == 0:
        return pa.py_buffer(b"")
    _, offsets, data = column.buffers()
    offsets = memoryview(offsets).cast("i")  # int32: a string (not large_string) array
    return data[offsets[column.offset]: offsets[column.offset + len(column)]]


def chunks(table: pa.Table) -> Iterator[tuple[int, list[pa.Array]]]:
    """(first row, columns) pieces of at most CHUNK_ROWS rows, each column one contiguous array."""
    for start in range(0, table.num_rows, CHUNK_ROWS):
        yield start, [column.combine_chunks() for column in table.slice(start, CHUNK_ROWS).columns]
