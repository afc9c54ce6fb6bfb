"""The data rows of a workbook sheet as OOXML text, column by column: exactly the `<row>` elements openpyxl writes
for cells filled by workbook._put, without a cell object per value.

openpyxl in normal mode took 30 s for the 3.5 million cells of the synthetic full-coverage package, and its
write-only mode and xlsxwriter still build an element (or a format call) per cell. Here pyarrow joins each column's
cells as text; values that need more than escaping `& < >` (control characters, `_xHHHH_` look-alikes, leading or
trailing white space, formula-like text, text beyond Excel's 32,767 characters, numbers beyond 2**53 or not
integers) take cell_xml, the same rules one value at a time. tests/export/test_export_sheet_rows.py compares both
with openpyxl's own output.
"""
from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc
from openpyxl.cell import Cell
from openpyxl.utils import get_column_letter

from .arrow_text import chunks, join, map_distinct, run_of, where
from .values import formula_like

MAX_TEXT = 32767  # openpyxl cuts longer text (Excel's limit for a cell)
EXACT_INT = 2**53  # up to here "%.16g" of an integer is its digits
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0 of Excel's 1900 date system (openpyxl's WINDOWS_EPOCH)
UNIX_DAY = (dt.date(1970, 1, 1) - EXCEL_EPOCH).days
DATE_FORMAT = "yyyy-mm-dd"
# What str.strip() strips (str.isspace), as RE2 escapes; test_export_sheet_rows checks the list.
SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200b))) + \
    "\u2028\u2029\u202f\u205f\u3000"
_SPACE = "".join(f"\\x{{{ord(c):x}}}" for c in SPACE)
# Text the column path writes as it is, once `& < >` are escaped (see the module docstring for the rest).
_NOT_PLAIN = (f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\r\\x{{fffe}}\\x{{ffff}}]|_x[0-9A-Fa-f]{{4}}_"
              f"|^[{_SPACE}=+\\-@\\x{{ff1d}}\\x{{ff0b}}\\x{{ff0d}}\\x{{ff20}}]|[{_SPACE}]$")


class Styles:
    """The style ids (cellXfs) of date cells and formula-like text, taken from the workbook when first needed, as
    openpyxl numbers a style when it first writes a cell that has it."""

    def __init__(self, sheet):
        self._sheet = sheet
        self._ids: dict[str, int] = {}

    def _probe(self, kind: str) -> int:
        if kind not in self._ids:
            cell = Cell(self._sheet)  # not placed in the sheet: only its style is looked up
            if kind == "date":
                cell.number_format = DATE_FORMAT
            else:
                cell.quotePrefix = True
            self._ids[kind] = cell.style_id
        return self._ids[kind]

    @property
    def date(self) -> int:
        return self._probe("date")

    @property
    def quote(self) -> int:
        return self._probe("quote")


def xml_escape(text: str) -> str:
    """Character data as ElementTree writes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell_xml(ref: str, value, styles: Styles) -> str:
    """One cell as openpyxl writes the cell workbook._put makes of `value` (not None)."""
    from .workbook import xlsx_text  # here, as workbook imports this module

    if isinstance(value, str):
        text = xlsx_text(value)[:MAX_TEXT]
        style = f' s="{styles.quote}"' if formula_like(value) else ""
        stripped = text.strip()
        space = ' xml:space="preserve"' if stripped and text != stripped else ""
        return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{xml_escape(text)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{styles.date}" t="n">{number_xml(excel_serial(value))}</c>'
    return f'<c r="{ref}" t="n">{number_xml(value)}</c>'


def number_xml(value) -> str:
    """openpyxl's `<v>`: "%.16g", and an empty element for NaN and infinities."""
    if math.isnan(value) or math.isinf(value):
        return "<v />"
    return f"<v>{'%.16g' % value}</v>"


def excel_serial(day: dt.date) -> int:
    """Days since Excel's epoch, one less before 1 March 1900 (Excel counts a 29 February 1900)."""
    days = (day - EXCEL_EPOCH).days
    return days - 1 if 0 < days <= 60 else days


def column_cells(column: pa.Array, letter: str, rows: pa.Array, styles: Styles) -> pa.Array:
    """Each row's cell of one column as XML (null where the value is null); `rows` holds the row numbers."""
    kind = column.type
    ref = join(letter, rows)
    if pa.types.is_string(kind):
        escaped = pc.replace_substring(pc.replace_substring(pc.replace_substring(column, "&", "&amp;"), "<", "&lt;"),
                                       ">", "&gt;")
        fast = join('<c r="', ref, '" t="inlineStr"><is><t>', escaped, "</t></is></c>")
        slow = pc.or_(pc.match_substring_regex(column, _NOT_PLAIN), pc.greater(pc.utf8_length(column), MAX_TEXT))
    elif pa.types.is_integer(kind):
        fast = join('<c r="', ref, '" t="n"><v>', column.cast(pa.string()), "</v></c>")
        slow = pc.or_(pc.greater(column, EXACT_INT), pc.less(column, -EXACT_INT))
    elif pa.types.is_boolean(kind):
        fast = join('<c r="', ref, '" t="b"><v>', pc.if_else(column, "1", "0"), "</v></c>")
        slow = None
    elif pa.types.is_date(kind):
        if column.null_count == len(column):  # no date: the date style is not looked up (nor added)
            return pa.nulls(len(column), pa.string())
        days = pc.add(column.cast(pa.int32()).cast(pa.int64()), UNIX_DAY)
        days = pc.if_else(pc.and_(pc.greater(days, 0), pc.less_equal(days, 60)), pc.subtract(days, 1), days)
        fast = join('<c r="', ref, f'" s="{styles.date}" t="n"><v>', days.cast(pa.string()), "</v></c>")
        slow = None
    else:  # numbers: "%.16g" once per distinct value
        fast = join('<c r="', ref, '" t="n">', map_distinct(column, number_xml), "</c>")
        slow = None
    if slow is None:
        return fast
    return where(slow, pc.make_struct(ref, column, field_names=["ref", "value"]),
                 lambda cell: cell_xml(cell["ref"], cell["value"], styles), fast)


def last_row(table: pa.Table) -> int:
    """The sheet row of the last data row holding a value (1, the header's, when none does)."""
    filled = None
    for column in table.columns:
        valid = column.is_valid()
        filled = valid if filled is None else pc.or_(filled, valid)
    if filled is None:
        return 1
    rows = pc.indices_nonzero(filled.combine_chunks() if isinstance(filled, pa.ChunkedArray) else filled)
    return int(rows[-1].as_py()) + 2 if len(rows) else 1


def row_runs(table: pa.Table, styles: Styles) -> Iterator[pa.Buffer]:
    """The `<row>` elements of the data rows (sheet row 2 on), a run of bytes per chunk; rows without a value are
    left out, as openpyxl leaves out rows without cells."""
    letters = [get_column_letter(i) for i in range(1, table.num_columns + 1)]
    for start, columns in chunks(table):
        rows = pa.array(range(start + 2, start + 2 + len(columns[0])), pa.int64()).cast(pa.string())
        cells = [column_cells(column, letter, rows, styles) for column, letter in zip(columns, letters)]
        # "replace", not "skip": pyarrow 26 drops the rows whose parts are all null when skipping
        content = pc.binary_join_element_wise(*cells, "", null_handling="replace", null_replacement="")
        elements = join('<row r="', rows, '">', content, "</row>")
        yield run_of(elements.filter(pc.not_equal(content, "")))
