"""What every domain rule receives, one way to point a Problem at a cell, and one way to find cells fast."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from ...problems import Problem
from ..columns import distinct_combinations
from ..table import Row, Table


@dataclass
class Context:
    tables: dict[str, Table]
    today: dt.date
    descriptor_display: str = "datapackage/datapackage.json"  # where a crash no table explains is reported

    def table(self, name: str) -> Table | None:
        return self.tables.get(name)


def cell_problem(table: Table, row: Row, id: str, field: str, message: str, hint: str,
                 value: object = None, severity: str = "error") -> Problem:
    raw = row.raw.get(field, "") if value is None else value
    return Problem(id, table.display, message, hint=hint, line=row.line_of(field), column=table.column(field),
                   field=field, value=str(raw), severity=severity)


def tokens(text: str | None) -> list[str]:
    """Space-separated ids or codes (other_source_ids, successor_fips)."""
    return (text or "").split()


def cells_where(table: Table, names: list[str], test: Callable[[str, str], object]) -> Iterator[tuple[Row, str, str, object]]:
    """(row, field, raw value, what `test` returned) for each cell of the fields `names` where test(field, value)
    is truthy, in file order: row by row, then in the order of `names`, as a loop over table.rows would find them.

    `test` runs once per distinct value of a column (a column of 400,000 county codes holds about 3,000), so it
    must depend on the field and the value alone. A field the header lacks reads "" on every row, as
    Row.raw.get(name, "") does. If `test` raises, the cells before the first cell it fails on are yielded and
    then the exception is raised with that `row` in hand, as the loop would (guard.py names its line).
    """
    hits, crashes = [], []
    for order, name in enumerate(names):
        column = table.raw_column(name)
        values = [""] if column is None else ["" if v is None else v for v in column.distinct]  # missing cell: ""
        passed, failed = {}, {}
        for code, value in enumerate(values):
            try:
                found = test(name, value)
            except Exception as exc:  # noqa: BLE001 - re-raised below, at the row a loop would have reached
                failed[code] = exc
                continue
            if found:
                passed[code] = (value, found)
        if column is None:
            hits.extend((r, order, name, *passed[0]) for r in range(table.row_count) if passed)
            crashes.extend((0, order, failed[0]) for _ in range(1) if failed and table.row_count)
            continue
        hits.extend((r, order, name, *passed[column.code(r)]) for r in column.rows_with(passed))
        if failed:
            first = column.rows_with(failed)[0]
            crashes.append((first, order, failed[column.code(first)]))
    crash = min(crashes, key=lambda c: c[:2]) if crashes else None
    hits.sort(key=lambda hit: hit[:2])
    for r, order, name, value, found in hits:
        if crash is not None and (r, order) > crash[:2]:
            break
        yield table.rows[r], name, value, found
    if crash is not None:
        row = table.rows[crash[0]]  # noqa: F841 - read by guard._where from this frame
        raise crash[2]


def rows_where(table: Table, names: list[str], test: Callable[..., bool]) -> Iterator[Row]:
    """The rows, in file order, whose raw cells in `names` pass test(*cells); a missing cell or a field the header
    lacks reads "". `test` runs once per distinct combination of cells, so it must depend on them alone."""
    columns = [table.raw_column(name) for name in names]
    present = [c for c in columns if c is not None]
    if not present:
        yield from (table.rows if table.row_count and test(*["" for _ in names]) else [])
        return
    ids, combos = distinct_combinations(present)
    passing = []
    for key, combo in enumerate(combos):
        codes = iter(combo)
        if test(*["" if c is None else (c.distinct[next(codes)] or "") for c in columns]):
            passing.append(key)
    if passing:
        wanted = pa.array(passing, ids.type)
        for r in pc.indices_nonzero(pc.is_in(ids, value_set=wanted)).to_pylist():
            yield table.rows[r]
