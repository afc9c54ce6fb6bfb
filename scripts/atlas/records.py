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
    records = list(csv.reader(io.StringIO(text, newline="")))
    if len(records) == physical_lines(text):  # each record took one line, so record n starts on line n
        return list(range(1, len(records) + 1)), records
    reader = csv.reader(io.StringIO(text, newline=""))  # a quoted cell spans lines: count them record by record
    lines, records, consumed = [], [], 0
    for cells in reader:
        lines.append(consumed + 1)
        records.append(cells)
        consumed = reader.line_num
    return lines, records


def physical_lines(text: str) -> int:
    """Lines as the csv module reads them (newline=""): each ends with LF, CR LF or a lone CR."""
    ends = text.count("\n") + text.count("\r") - text.count("\r\n")
    return ends + (1 if text and text[-1] not in "\r\n" else 0)


def is_plain(text: str) -> bool:
    """True when every line is one record whose cells are the text between commas: no quote, carriage return, NUL,
    byte order mark or blank line. Any CSV reader splits such a text the same way, so a faster one may."""
    return not (any(c in text for c in '"\r\x00') or "\n\n" in text or text.startswith(("\n", "\ufeff")))


def split_plain(data: bytes, width: int) -> list | None:
    """The columns of a plain text (is_plain) as pyarrow string arrays, header row first, read by pyarrow's
    multi-threaded CSV reader; None when a row does not have `width` cells (split_records then reports it)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    ragged = []
    names = [f"c{i}" for i in range(width)]
    try:
        table = pcsv.read_csv(
            io.BytesIO(data),
            read_options=pcsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pcsv.ParseOptions(quote_char=False, ignore_empty_lines=False,
                                            invalid_row_handler=lambda row: ragged.append(row) or "skip"),
            convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowCapacityError, OverflowError):
        return None  # e.g. a row longer than a block: the csv module reads it
    return None if ragged else [column.combine_chunks() for column in table.columns]


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
