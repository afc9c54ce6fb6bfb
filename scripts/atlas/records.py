"""How a CSV of the data package is read: the one reader behind validation, pages, exports, diff and importers.

Every record keeps its raw text (as committed), its values cast by the Table Schema and the physical line it
starts on (a quoted cell may span lines). Casting is strict and never raises: a cell that is empty or does not
parse by the schema's type is None, and the validator reports it (frictionless and the atlas' own rules).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

# The one way each type is written in the committed CSVs (ASCII digits only: `\d` would also take "١٢").
STRICT_SYNTAX = {
    "integer": re.compile(r"-?[0-9]+"),
    "number": re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"),
    "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
}
# As large as frictionless allows (it sets the same limit when it loads), so both read the same rows.
FIELD_SIZE_LIMIT = 2147483646
DEFAULT_TRUE = ["true", "True", "TRUE", "1"]
DEFAULT_FALSE = ["false", "False", "FALSE", "0"]
EXTRA_CELLS = "(cells beyond the header)"  # where a row's stray cells are kept, so a draft's extra cell still shows


@dataclass(frozen=True)
class Record:
    """One data row: the line it starts on, its cells as written, and its values cast by the schema."""
    line: int
    raw: dict[str, str]
    values: dict[str, object]


def cast(value: str, fdef: dict) -> object:
    """A cell by its Table Schema field (frictionless' defaults, the schema's true/false values); None when empty
    or not castable."""
    if value == "":
        return None
    kind = fdef.get("type", "string")
    if kind in STRICT_SYNTAX and not STRICT_SYNTAX[kind].fullmatch(value):
        return None
    try:
        if kind == "date":
            return dt.date.fromisoformat(value)
        if kind == "integer":
            return int(value)
        if kind == "number":
            return float(value)
        if kind == "boolean":
            if value in fdef.get("trueValues", DEFAULT_TRUE):
                return True
            if value in fdef.get("falseValues", DEFAULT_FALSE):
                return False
            return None
    except ValueError:
        return None
    return value


def split_records(text: str) -> tuple[list[int], list[list[str]]]:
    """Every CSV record (blank lines included, as frictionless counts them) with the line it starts on."""
    csv.field_size_limit(FIELD_SIZE_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""))
    lines, records, consumed = [], [], 0
    for cells in reader:
        lines.append(consumed + 1)
        records.append(cells)
        consumed = reader.line_num
    return lines, records


def read_records(path: Path, fields: list[dict]) -> list[Record]:
    """The data records of a committed CSV (UTF-8, header first), cells by the header's names. Cells in columns
    the schema does not know are kept raw; missing cells read as empty."""
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:  # newline="": a CR inside a cell stays a CR
        text = fh.read()
    lines, records = split_records(text)
    if not records:
        return []
    header, fdefs = records[0], {f["name"]: f for f in fields}
    out = []
    for line, cells in zip(lines[1:], records[1:]):
        if not cells:  # a blank line: frictionless reports it; it holds no data
            continue
        raw = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
        if len(cells) > len(header):
            raw[EXTRA_CELLS] = ",".join(cells[len(header):])
        out.append(Record(line, raw, {k: cast(v, fdefs[k]) if k in fdefs else v for k, v in raw.items()}))
    return out
