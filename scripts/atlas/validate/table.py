"""Read one resource's CSV bytes once: file-level problems first, then rows with their physical lines.

Frictionless numbers rows by CSV record (the header is row 1); a quoted cell may span several physical
lines, so we keep where each record starts to turn a row number into the line a person sees in an editor.
Files are opened read-only ("rb"): validation never writes. Splitting records and casting cells is atlas.records,
the one reader every other part of the atlas uses too.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem
from ..records import cast, split_records
from .descriptor import ResourceSpec

BOM = b"\xef\xbb\xbf"


@dataclass
class Row:
    """A data row: raw strings by field name, values cast by the schema (None when empty or unparseable)."""

    number: int  # frictionless' row number (header = 1)
    line: int  # physical line where the record starts
    raw: dict[str, str]
    values: dict[str, object]
    cell_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        return self.cell_lines.get(name, self.line)


@dataclass
class Table:
    name: str
    display: str
    schema: dict
    header: list[str]
    record_lines: list[int]  # start line of record n at index n-1 (header first)
    records: list[list[str]]
    rows: list[Row]
    has_bom: bool = False

    @property
    def fields(self) -> list[dict]:
        return [f for f in self.schema.get("fields", []) if isinstance(f, dict) and "name" in f]

    def field(self, name: str) -> dict | None:
        return next((f for f in self.fields if f["name"] == name), None)

    def column(self, name: str) -> int | None:
        """1-based position of a field's column in this file's header."""
        return self.header.index(name) + 1 if name in self.header else None

    def line_of(self, row_number: int, column: int | None = None) -> int | None:
        """Physical line of a frictionless row number, or of one cell when the column is known."""
        if not 1 <= row_number <= len(self.records):
            return None
        return cell_line(self.record_lines[row_number - 1], self.records[row_number - 1], column)


def cell_line(record_line: int, cells: list[str], column: int | None) -> int:
    """Physical line where cell `column` (1-based) of a record starting on `record_line` starts."""
    cells_before = cells[: column - 1] if column else []
    return record_line + sum(c.count("\n") + c.count("\r") - c.count("\r\n") for c in cells_before)


def read_table(spec: ResourceSpec) -> tuple[Table | None, list[Problem]]:
    """File checks in the order a person would fix them; a Table only when the rows can be trusted to parse."""
    shown, file = spec.display, spec.file
    assert file is not None and spec.schema is not None
    if not file.is_file():
        return None, [Problem("missing-file", shown, f"resource {spec.name!r} names a file that does not exist",
                              hint=f"Create {spec.declared_path} with the header row from schemas, "
                                   "or correct the path in datapackage.json.", value=str(spec.declared_path))]
    data = Path(file).read_bytes()
    problems: list[Problem] = []
    has_bom = data.startswith(BOM)
    if has_bom:
        problems.append(Problem("bom", shown, "the file starts with a UTF-8 byte order mark (BOM)", line=1, column=1,
                                hint="Save the file as UTF-8 without BOM (in Excel: 'CSV UTF-8' adds one; use "
                                     "LibreOffice or a text editor, or run `atlas import`)."))
        data = data[len(BOM):]
    if not data.strip():
        return None, problems + [Problem("empty-file", shown, "the file is empty; even a table without rows needs its header",
                                         line=1, hint=f"Write the header row: {','.join(_names(spec.schema))}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        line_start = data.rfind(b"\n", 0, err.start) + 1
        # column = the field the bad byte sits in, like every other problem (the bytes before it are valid UTF-8)
        before = list(csv.reader(io.StringIO(data[line_start: err.start].decode("utf-8"), newline="")))
        column = (len(before[-1]) if before else 0) or 1
        offset = err.start + (len(BOM) if has_bom else 0)
        bad = data[err.start: err.end].hex(" ")
        return None, problems + [Problem(
            "encoding-error", shown, f"the byte at offset {offset} (0x{bad}) is not UTF-8; the file was probably saved as "
            "Windows-1252/Latin-1", line=line, column=column, value=f"0x{bad}",
            hint="Re-save the file as UTF-8 (without BOM). Accented letters like é must be stored as UTF-8.")]
    cr = text.find("\r")
    if cr >= 0:
        problems.append(Problem(
            "crlf-line-endings", shown, "lines end with CR LF (Windows) or CR; the committed format uses LF only",
            line=text.count("\n", 0, cr) + 1,
            hint="Save with LF line endings (Unix), for example `dos2unix FILE`, or set your editor's line endings to LF."))

    try:
        record_lines, records = split_records(text)
    except csv.Error as err:  # e.g. a cell beyond the csv module's size limit: the file cannot be split into rows
        return None, problems + [Problem("format-error", shown, f"the file cannot be read as CSV: {err}",
                                         hint="Open the file in a text editor and look for an unclosed quote.")]
    if records and ends_inside_quotes(text, record_lines[-1]):
        line = cell_line(record_lines[-1], records[-1], len(records[-1]))
        return None, problems + [Problem(
            "unterminated-quote", shown, f"the quote that opens the cell on line {line} is never closed, so the rest "
            "of the file reads as one cell", line=line, column=len(records[-1]), value=records[-1][-1][:40],
            hint='Close the quoted cell with a " (write a quote inside a quoted cell as ""), or remove the '
                 "opening quote.")]
    header = records[0] if records else []
    names = _names(spec.schema)
    if not set(header) & set(names):
        return None, problems + [Problem(
            "missing-header", shown, "the first line is not the header row: it names none of the schema's fields",
            line=1, value=",".join(header)[:80], hint=f"Put the header first: {','.join(names)}")]
    table = Table(spec.name, shown, spec.schema, header, record_lines, records, [], has_bom)
    fdefs = {f["name"]: f for f in table.fields}
    for number, (line, cells) in enumerate(zip(record_lines[1:], records[1:]), start=2):
        raw = {label: (cells[i] if i < len(cells) else "") for i, label in enumerate(header) if label in fdefs}
        values = {k: cast(v, fdefs[k]) for k, v in raw.items()}
        row = Row(number, line, raw, values)
        row.cell_lines = {label: table.line_of(number, i + 1) for i, label in enumerate(header) if label in fdefs}
        table.rows.append(row)
    return table, problems


def _names(schema: dict) -> list[str]:
    return [f["name"] for f in schema.get("fields", []) if isinstance(f, dict) and "name" in f]


def ends_inside_quotes(text: str, last_record_line: int) -> bool:
    """True when the last record's quoted cell is still open at the end of the file.

    Python's csv (and frictionless) then silently take the rest of the file as one cell, which shows up as
    a short row past the end of the file; the quoting rules below are the csv module's non-strict ones.
    """
    start = 0
    for _ in range(last_record_line - 1):
        start = text.find("\n", start) + 1
    quoted, at_cell_start, i = False, True, start
    while i < len(text):
        char = text[i]
        if quoted and char == '"' and text[i + 1: i + 2] == '"':
            i += 1  # an escaped quote inside a quoted cell
        elif char == '"' and (quoted or at_cell_start):
            quoted = not quoted
        at_cell_start = not quoted and char in ",\r\n"
        i += 1
    return quoted
