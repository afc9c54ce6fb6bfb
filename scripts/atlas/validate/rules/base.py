"""What every domain rule receives, and one way to point a Problem at a cell."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ...problems import Problem
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
