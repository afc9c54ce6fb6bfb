"""Unique values, primary keys and foreign keys, found column by column with frictionless' meaning of "equal".

Frictionless compares cast values, not text: in an integer column "7" and "07" are the same value, and a cell
that is empty or of the wrong type is None. It keeps, per value, the last row that had it, so a repeat names
the previous occurrence. Here every distinct cell is cast once (columnar.py), each cast value gets an id, rows
are compared by ids in pyarrow, and only the rows whose value occurs twice are walked in order to name the
previous row, as frictionless does. A NaN equals nothing, not even itself, so it never repeats.
"""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from .columns import Column, distinct_combinations, repeated_rows, row_ids


def is_nan(value: object) -> bool:
    try:
        return value != value
    except Exception:  # noqa: BLE001 - a value that cannot even be compared with itself never matches
        return True


class CastIds:
    """One id per cast value of a column (equal values share it), looked up by distinct cell."""

    def __init__(self, targets: list[object]):
        ids: dict[object, int] = {}
        per_code = [None if is_nan(target) else ids.setdefault(target, len(ids)) for target in targets]
        self.nan = len(ids)  # one more id stands for every NaN
        self.size = len(ids) + 1
        self.per_code = [self.nan if i is None else i for i in per_code]
        self.none_id = ids.get(None)  # the id of an empty cell or a cell of the wrong type, if there is one

    def per_row(self, column: Column) -> pa.Array:
        return column.mapped(self.per_code)


def _is(per_row: pa.Array, id: int | None) -> pa.Array:
    """Per row: does it hold this id (never, for None)?"""
    return pc.equal(per_row, pa.scalar(-1 if id is None else id, pa.int64()))


def unique_repeats(column: Column, ids: CastIds) -> list[int]:
    """Rows whose cast value (not None, not NaN) occurs on another row too."""
    per_row = ids.per_row(column)
    return repeated_rows(per_row, pc.or_(_is(per_row, ids.nan), _is(per_row, ids.none_id)))


def key_repeats(columns: list[Column], ids: list[CastIds]) -> tuple[list[int], list[int]]:
    """(rows whose key repeats on another row, rows whose key cells are all None) for a primary key."""
    per_row = [i.per_row(c) for c, i in zip(columns, ids)]
    nan, all_none = _is(per_row[0], ids[0].nan), _is(per_row[0], ids[0].none_id)
    for rows, i in zip(per_row[1:], ids[1:]):
        nan, all_none = pc.or_(nan, _is(rows, i.nan)), pc.and_(all_none, _is(rows, i.none_id))
    repeats = repeated_rows(row_ids(per_row, [i.size for i in ids]), pc.or_(nan, all_none))
    return repeats, pc.indices_nonzero(all_none).to_pylist()


class Memory:
    """Frictionless' memory of the last row number each value (or key) was seen on."""

    def __init__(self):
        self._seen: dict[object, int] = {}

    def previous(self, key: object, row_number: int) -> int | None:
        match = self._seen.get(key)
        self._seen[key] = row_number
        return match


def lookup_set(columns: list[Column | None], readers: list, row_count: int) -> set[tuple]:
    """The key tuples a foreign key may point at: the cast cells of the referenced fields, row by row, less the
    rows where they are all None (a referenced field the file lacks is None). Each distinct cell is cast anew,
    as frictionless reads the referenced file anew: its values are not the objects the referring rows hold."""
    present = [c for c in columns if c is not None]
    if not present or row_count == 0:
        return set()
    _, combos = distinct_combinations(present)
    found = set()
    for combo in combos:
        codes = iter(combo)
        cells = []
        for column, reader in zip(columns, readers):
            cells.append(None if column is None else reader(column.distinct[next(codes)])[0])
        if set(cells) != {None}:
            found.add(tuple(cells))
    return found


def foreign_key_misses(columns: list[Column], targets: list[list[object]], lookup: set[tuple]) -> dict[int, tuple]:
    """Rows whose key cells (cast) are not all None and are not in `lookup`, with those cells."""
    ids, combos = distinct_combinations(columns)
    missing = {}
    for key, combo in enumerate(combos):
        cells = tuple(t[code] for t, code in zip(targets, combo))
        if set(cells) != {None} and cells not in lookup:
            missing[key] = cells
    if not missing:
        return {}
    rows = pc.indices_nonzero(pc.is_in(ids, value_set=pa.array(list(missing), ids.type))).to_pylist()
    return {row: missing[key] for row, key in zip(rows, pc.take(ids, pa.array(rows, pa.int64())).to_pylist())}
