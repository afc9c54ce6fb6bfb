"""A CSV table held column by column: each column's distinct cells once, and per row the index of its cell.

Most checks depend on a cell's text alone (its type, a constraint, a control character), so they run once per
distinct value, and only the rows holding a failing value are looked at again. A county code column of 400,000
cells has about 3,000 distinct values; a fiscal year column, 22.

Why pyarrow: it is already a dependency (the exporter writes Parquet), it needs nothing else (no numpy), and its
kernels do what is needed here without leaving C++: a multi-threaded CSV reader for plain files, dictionary
encoding, `is_in`, `take` and `value_counts`. Measured on the synthetic enforcement_stats.csv (387,000 rows, 2 shared
cores): pyarrow splits it in 0.06 s (the csv module: 0.8 s; DuckDB's read_csv into Arrow: 0.1 s) and
dictionary-encodes its nine columns in 0.03 s (a Python dict: 0.24 s). DuckDB would also sniff and cast on its own
terms and hand rows back through SQL; polars is not installed. Frictionless' own cell readers still decide what each
distinct value means (columnar.py), so the columns only have to say which rows hold it.
"""
from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

MISSING = None  # the "cell" of a row that ends before this column (frictionless: a missing cell, read as None)


class Column:
    """One column of a table's data rows: `distinct` values (MISSING included when a row is short) and per row
    the index of its value in `distinct`."""

    __slots__ = ("distinct", "codes", "_list")

    def __init__(self, distinct: list[str | None], codes: pa.Array):
        self.distinct = distinct
        self.codes = codes
        self._list: list[int] | None = None

    def __len__(self) -> int:
        return len(self.codes)

    def code(self, row: int) -> int:
        """The index into `distinct` of the cell in data row `row` (0-based)."""
        if self._list is None:
            self._list = self.codes.to_pylist()
        return self._list[row]

    def value(self, row: int) -> str | None:
        return self.distinct[self.code(row)]

    def values(self) -> list[str | None]:
        """Every row's cell, in order."""
        if self._list is None:
            self._list = self.codes.to_pylist()
        return list(map(self.distinct.__getitem__, self._list))

    def rows_with(self, codes: Iterable[int]) -> list[int]:
        """Data rows (0-based, in file order) whose cell is one of the distinct values numbered `codes`."""
        wanted = sorted(set(codes))
        if not wanted:
            return []
        if len(wanted) == len(self.distinct):
            return list(range(len(self.codes)))
        mask = pc.is_in(self.codes, value_set=pa.array(wanted, pa.int32()))
        return pc.indices_nonzero(mask).to_pylist()

    def mapped(self, mapping: list[int]) -> pa.Array:
        """Per row, mapping[code]: e.g. the id of the value the cell casts to."""
        return pc.take(pa.array(mapping, pa.int64()), self.codes)


def encode(values: Iterable[str | None]) -> Column:
    """A column from its cells in row order (Python strings)."""
    seen: dict[str | None, int] = {}
    codes = [seen.setdefault(v, len(seen)) for v in values]
    return Column(list(seen), pa.array(codes, pa.int32()))


def encode_arrow(array: pa.Array) -> Column:
    """A column from a pyarrow string array without nulls."""
    encoded = array.dictionary_encode()
    return Column(encoded.dictionary.to_pylist(), encoded.indices)


def columns_of(records: list[list[str]], width: int) -> list[Column]:
    """The `width` columns of data records (header excluded) as the csv module split them; a short row's
    missing cells are MISSING, cells beyond `width` stay in the records."""
    if all(len(r) == width for r in records):
        return [encode(cells) for cells in zip(*records)] if records else [encode(()) for _ in range(width)]
    return [encode([r[i] if i < len(r) else MISSING for r in records]) for i in range(width)]


def row_ids(columns: list[pa.Array], sizes: list[int]) -> pa.Array:
    """One int64 id per row for the combination of its values in several integer columns (value i of column k
    below sizes[k]); rows share an id exactly when they agree in every column."""
    ids, bound = columns[0].cast(pa.int64()), max(sizes[0], 1)
    for column, size in zip(columns[1:], sizes[1:]):
        size = max(size, 1)
        if bound * size >= 1 << 62:  # renumber densely first: ids then stay below the row count
            ids, bound = ids.dictionary_encode().indices.cast(pa.int64()), len(ids) + 1
        ids, bound = pc.add(pc.multiply(ids, pa.scalar(size, pa.int64())), column.cast(pa.int64())), bound * size
    return ids


def repeated_rows(ids: pa.Array, exclude: pa.Array | None = None) -> list[int]:
    """Rows (0-based, in order) whose id occurs on more than one row; rows where `exclude` is true never count."""
    if exclude is not None:
        ids = pc.if_else(exclude, pa.scalar(None, pa.int64()), ids)
    counts = pc.value_counts(ids)
    values, repeats = counts.field("values"), counts.field("counts")
    repeated = pc.filter(values, pc.and_(pc.greater(repeats, 1), pc.is_valid(values)))
    if len(repeated) == 0:
        return []
    return pc.indices_nonzero(pc.is_in(ids, value_set=repeated)).to_pylist()


def distinct_combinations(columns: list[Column]) -> tuple[pa.Array, list[tuple[int, ...]]]:
    """Per row an id of its combination of cells in `columns`, and each id's combination of codes."""
    if len(columns) == 1:
        return columns[0].codes, [(code,) for code in range(len(columns[0].distinct))]
    ids = columns[0].codes.cast(pa.int64())
    combos: list[tuple[int, ...]] = [(code,) for code in range(len(columns[0].distinct))]
    for column in columns[1:]:
        size = max(len(column.distinct), 1)
        encoded = pc.add(pc.multiply(ids, pa.scalar(size, pa.int64())),
                         column.codes.cast(pa.int64())).dictionary_encode()
        combos = [combos[key // size] + (key % size,) for key in encoded.dictionary.to_pylist()]
        ids = encoded.indices.cast(pa.int64())
    return ids, combos
