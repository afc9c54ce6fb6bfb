"""The workbook's data rows written column by column (sheet_rows) are the bytes openpyxl writes cell by cell."""
from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from atlas.export import arrow_text
from atlas.export.sheet_rows import SPACE, Styles
from atlas.export.workbook import _put
from atlas.export.xlsx_archive import StampedZip

TEXT = ["plain", "=1+1", "=HYPERLINK(\"x\")", "+1", "-5", "-x", "@SUM(A1)", "＝1", " lead", "trail ", "   ", "\t=1",
        "a\rb", "a\nb", "a\x01b", "\x0b", "x\ufffey", "_x0041_", "a_x004A_b", "a&b<c>d", "\u3000x", "x\u2028",
        "\u00a0", "Doña Ana", "tab\tinside", "x" * 40000, "é" * 32766 + "_x0041_", "]]></t><f>1</f>", "'quoted'"]
INTS = [0, 1, -5, 2018, 2**53, -(2**53), 2**53 + 1, -(2**53) - 1, -(2**60), 10**18, -(2**63), 2**63 - 1]
FLOATS = [0.0, 0.1, 82.04023, -0.0, 1e300, 1e-300, 123456789.123456789, float("inf"), float("-inf"), 2.0]
DATES = [dt.date(1900, 1, 1), dt.date(1900, 2, 28), dt.date(1900, 3, 1), dt.date(1899, 12, 30),
         dt.date(1899, 12, 29), dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2026, 11, 28)]


def _columns(n: int, text: list) -> dict[str, pa.Array]:
    """Columns of every type, each holding nulls and its edge cases, cycled to n rows."""
    def cycle(values):
        values = list(values) + [None]
        return [values[i % len(values)] for i in range(n)]
    return {"text": pa.array(cycle(text), pa.string()), "integer": pa.array(cycle(INTS), pa.int64()),
            "number": pa.array(cycle(FLOATS), pa.float64()), "flag": pa.array(cycle([True, False]), pa.bool_()),
            "day": pa.array(cycle(DATES), pa.date32()), "empty_day": pa.nulls(n, pa.date32()),
            "empty": pa.nulls(n, pa.string())}


def _xlsx(table: pa.Table, by_columns: bool) -> dict[str, bytes]:
    """Every member of a workbook whose first sheet holds a date (as the README's build date) and whose second holds
    the table: cell by cell through workbook._put, or its header only plus sheet_rows."""
    wb = Workbook()
    wb.properties.created = wb.properties.modified = dt.datetime(2026, 11, 28)  # not the clock
    _put(wb.active, 1, 1, dt.date(2026, 11, 28))
    sheet = wb.create_sheet("data")
    for c, name in enumerate(table.column_names, start=1):
        _put(sheet, 1, c, name)
    if not by_columns:
        for r, row in enumerate(table.to_pylist(), start=2):
            for c, value in enumerate(row.values(), start=1):
                if value is not None:
                    _put(sheet, r, c, value)
    buffer = io.BytesIO()
    data_rows = {"xl/worksheets/sheet2.xml": (table, Styles(sheet))} if by_columns else {}
    with StampedZip(buffer, "w", zipfile.ZIP_DEFLATED, data_rows=data_rows) as archive:
        ExcelWriter(wb, archive).save()
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _assert_same(table: pa.Table):
    expected, got = _xlsx(table, by_columns=False), _xlsx(table, by_columns=True)
    assert list(got) == list(expected)
    for name in expected:
        assert got[name] == expected[name], name


@pytest.mark.parametrize("rows", [0, 1, 7, 50])
def test_every_type_and_edge_case_gives_openpyxls_bytes(rows):
    _assert_same(pa.table(_columns(rows, TEXT)))


def test_rows_across_chunks_and_trailing_empty_rows(monkeypatch):
    monkeypatch.setattr(arrow_text, "CHUNK_ROWS", 4)
    table = pa.table(_columns(23, TEXT))
    empty = pa.table({field.name: pa.nulls(3, field.type) for field in table.schema})
    _assert_same(pa.concat_tables([empty, table, empty]))


def test_a_sheet_without_formula_like_text_adds_no_style():
    _assert_same(pa.table(_columns(20, ["plain", "a&b"])))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12), min_size=1,
                max_size=12))
def test_any_text_gives_openpyxls_bytes(text):
    _assert_same(pa.table(_columns(len(text) + 1, text)))


def test_the_white_space_list_is_what_str_strip_strips():
    assert set(SPACE) == {c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()}
