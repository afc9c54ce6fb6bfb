"""Read one resource's CSV bytes once: file-level problems first, then rows with their physical lines.

Frictionless numbers rows by CSV record (the header is row 1); a quoted cell may span several physical
lines, so we keep where each record starts to turn a row number into the line a person sees in an editor.
Files are opened read-only ("rb"): validation never writes. Splitting records and casting cells is atlas.records,
the one reader every other part of the atlas uses too.

The data rows are kept as columns (columns.py), which the checks read; a Row (raw cells by field, values cast on
first use) is made only when a rule or a message asks for one, so a 400,000-row table costs no 400,000 dicts.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..problems import Problem
from ..records import cast, is_plain, split_plain, split_records
from .columns import Column, columns_of, encode_arrow
from .descriptor import ResourceSpec

BOM = b"\xef\xbb\xbf"


class Row:
    """A data row: raw strings by field name, values cast by the schema (None when empty or unparseable).

    Built only when a rule or a message asks for it; `values` are cast on first use (atlas.records.cast)."""

    __slots__ = ("number", "line", "raw", "_table", "_values")  # cell_lines: line_of(name), computed when asked

    def __init__(self, number: int, line: int, raw: dict[str, str], table: Table):
        self.number = number  # frictionless' row number (header = 1)
        self.line = line  # physical line where the record starts
        self.raw = raw
        self._table = table
        self._values: dict[str, object] | None = None

    @property
    def values(self) -> Values:
        if self._values is None:
            self._values = Values(self.raw, self._table.fdefs)
        return self._values

    def line_of(self, name: str) -> int:
        """Physical line where the cell of field `name` starts (the last column of that name, as `raw` holds)."""
        index = self._table.raw_index.get(name)
        return self.line if index is None else self._table.line_of(self.number, index + 1)


class Values(Mapping):
    """A row's cells cast by the schema, each cast when first read: most rules read two or three of twenty."""

    __slots__ = ("_raw", "_fdefs", "_cast")

    def __init__(self, raw: dict[str, str], fdefs: dict[str, dict]):
        self._raw, self._fdefs, self._cast = raw, fdefs, {}

    def __getitem__(self, name: str) -> object:
        try:
            return self._cast[name]
        except KeyError:
            value = self._cast[name] = cast(self._raw[name], self._fdefs[name])
            return value

    def get(self, name: str, default: object = None) -> object:
        return self[name] if name in self._raw else default

    def __contains__(self, name: object) -> bool:
        return name in self._raw

    def __iter__(self):
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)


class Rows(Sequence):
    """A table's data rows, made when first asked for: the big tables are checked column by column instead."""

    def __init__(self, table: Table):
        self._table = table
        self._all: list[Row] | None = None

    def __len__(self) -> int:
        return self._table.row_count

    def __getitem__(self, index):
        if self._all is not None:
            return self._all[index]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._table.make_row(_position(index, len(self)))

    def __iter__(self):
        if self._all is None:
            self._all = self._table.make_rows()
        return iter(self._all)


class ColumnRecords(Sequence):
    """The records of a plain file (records.is_plain), header first, rebuilt from its columns when asked for."""

    def __init__(self, header: list[str], columns: list[Column], count: int):
        self._header, self._columns, self._count = header, columns, count

    def __len__(self) -> int:
        return self._count + 1

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = _position(index, len(self))
        return list(self._header) if index == 0 else [c.value(index - 1) for c in self._columns]


def _position(index: int, length: int) -> int:
    """A sequence index (negative counts from the end) as a position, or IndexError, as a list does."""
    position = index + length if index < 0 else index
    if not 0 <= position < length:
        raise IndexError(index)
    return position


class Table:
    """One resource's CSV: header, records with the lines they start on, and the data rows as columns."""

    def __init__(self, name: str, display: str, schema: dict, header: list[str], record_lines: Sequence[int],
                 records: Sequence[list[str]], columns: list[Column], has_bom: bool = False):
        self.name, self.display, self.schema, self.header = name, display, schema, header
        self.record_lines = record_lines  # start line of record n at index n-1 (header first)
        self.records = records
        self.columns = columns  # one per header cell, data rows only
        self.has_bom = has_bom
        self.row_count = len(records) - 1
        self.fdefs = {f["name"]: f for f in self.fields}
        # Row.raw holds a header label once, with the cell of its last column (a repeated label is reported once)
        self.raw_index = {label: i for i, label in enumerate(header) if label in self.fdefs}
        self.rows = Rows(self)

    @property
    def fields(self) -> list[dict]:
        return [f for f in self.schema.get("fields", []) if isinstance(f, dict) and "name" in f]

    def field(self, name: str) -> dict | None:
        return next((f for f in self.fields if f["name"] == name), None)

    def column(self, name: str) -> int | None:
        """1-based position of a field's column in this file's header."""
        return self.header.index(name) + 1 if name in self.header else None

    def raw_column(self, name: str) -> Column | None:
        """The cells Row.raw[name] holds, as a column; None when the header has no such field."""
        index = self.raw_index.get(name)
        return None if index is None else self.columns[index]

    def line_of(self, row_number: int, column: int | None = None) -> int | None:
        """Physical line of a frictionless row number, or of one cell when the column is known."""
        if not 1 <= row_number <= len(self.records):
            return None
        if isinstance(self.record_lines, range):  # a plain file: no cell spans lines
            return self.record_lines[row_number - 1]
        return cell_line(self.record_lines[row_number - 1], self.records[row_number - 1], column)

    def make_rows(self) -> list[Row]:
        """Every data row at once (make_row, column by column)."""
        if isinstance(self.records, list):
            return [self.make_row(i) for i in range(self.row_count)]
        labels, lines = list(self.raw_index), self.record_lines
        if not labels:
            return [Row(i + 2, lines[i + 1], {}, self) for i in range(self.row_count)]
        cells = [self.columns[i].values() for i in self.raw_index.values()]
        return [Row(i + 2, lines[i + 1], dict(zip(labels, values)), self) for i, values in enumerate(zip(*cells))]

    def make_row(self, index: int) -> Row:
        """Data row `index` (0-based)."""
        number = index + 2
        if isinstance(self.records, list):
            cells = self.records[index + 1]
            raw = {label: (cells[i] if i < len(cells) else "") for i, label in enumerate(self.header)
                   if label in self.fdefs}
        else:
            raw = {label: self.columns[i].value(index) for label, i in self.raw_index.items()}
        return Row(number, self.record_lines[index + 1], raw, self)


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

    names = _names(spec.schema)
    if is_plain(text):  # the common case, read by pyarrow; the same cells as split_records, faster
        header = text[: text.find("\n") if "\n" in text else len(text)].split(",")
        if not set(header) & set(names):
            return None, problems + [_missing_header(shown, header, names)]
        arrays = split_plain(data, len(header))
        if arrays is not None:
            columns = [encode_arrow(a.slice(1)) for a in arrays]
            count = len(arrays[0]) - 1
            return Table(spec.name, shown, spec.schema, header, range(1, count + 2),
                         ColumnRecords(header, columns, count), columns, has_bom), problems
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
    if not set(header) & set(names):
        return None, problems + [_missing_header(shown, header, names)]
    return Table(spec.name, shown, spec.schema, header, record_lines, records, columns_of(records[1:], len(header)),
                 has_bom), problems


def _missing_header(shown: str, header: list[str], names: list[str]) -> Problem:
    return Problem("missing-header", shown, "the first line is not the header row: it names none of the schema's fields",
                   line=1, value=",".join(header)[:80], hint=f"Put the header first: {','.join(names)}")


def _names(schema: dict) -> list[str]:
    return [f["name"] for f in schema.get("fields", []) if isinstance(f, dict) and "name" in f]


def ends_inside_quotes(text: str, last_record_line: int) -> bool:
    """True when the last record's quoted cell is still open at the end of the file.

    Python's csv (and frictionless) then silently take the rest of the file as one cell, which shows up as
    a short row past the end of the file; the quoting rules below are the csv module's non-strict ones.
    """
    if '"' not in text:
        return False
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
