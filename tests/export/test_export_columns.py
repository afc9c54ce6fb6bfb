"""atlas.columns: the typed columns the downloads are written from hold exactly Resource.rows' values."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from atlas.columns import read_table
from atlas.package import Resource, load_package
from atlas.records import read_records

FIELDS = [{"name": "a", "type": "string"}, {"name": "n", "type": "integer"}, {"name": "x", "type": "number"},
          {"name": "d", "type": "date"}, {"name": "b", "type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]},
          {"name": "c", "type": "boolean"}, {"name": "y", "type": "year"}]
HEADER = b"a,n,x,d,b,c,y\n"
ROWS = [r.encode("utf-8") for r in [
    "plain,12,1.5,2019-09-30,yes,true,2020", ",-0,1e999,2020-02-30,no,0,", "x,007,-0.0,0001-01-01,maybe,TRUE,x",
    "Doña,١٢,.5,2019-9-30,,1,", "z,+1,1e-400,9999-12-31,yes,False,1999", "w,99999999999999999999,1_0,,,,"]]


def _same_as_rows(path, fields=FIELDS):
    table = read_table(path, fields)
    assert table is not None
    assert table.column_names == [f["name"] for f in fields]
    assert table.to_pylist() == [r.values for r in read_records(path, fields)]
    return table


def test_a_plain_file_casts_as_records_cast(tmp_path):
    (tmp_path / "t.csv").write_bytes(HEADER + b"\n".join(ROWS[:-1]) + b"\n")
    _same_as_rows(tmp_path / "t.csv")


@pytest.mark.parametrize("extra", [b'q,"quoted, cell",,,,,\n', b'"multi\nline",1,,,,,\n', b"short,1\n", b"\n"])
def test_quoted_short_and_blank_rows_read_as_records_reads_them(tmp_path, extra):
    (tmp_path / "t.csv").write_bytes(b"\xef\xbb\xbf" + HEADER + b"\n".join(ROWS[:-1]) + b"\n" + extra + ROWS[0])
    _same_as_rows(tmp_path / "t.csv")


def test_an_integer_beyond_64_bits_is_refused(tmp_path):
    (tmp_path / "t.csv").write_bytes(HEADER + ROWS[-1] + b"\n")
    with pytest.raises(OverflowError):
        read_table(tmp_path / "t.csv", FIELDS)


@pytest.mark.parametrize("data", [b"n,a,x,d,b,c,y\n1,2,,,,,\n", b"a,n\n1,2\n", HEADER + b"1,2,,,,,,extra\n",
                                  b"a,n,x,d,b,c,y,z\n1,2,,,,,,\n", b""])
def test_a_file_that_is_not_the_schemas_table_is_left_to_rows(tmp_path, data):
    (tmp_path / "t.csv").write_bytes(data)
    assert read_table(tmp_path / "t.csv", FIELDS) is None


def test_the_committed_package_reads_the_same_both_ways(package_dir):
    for resource in load_package(package_dir).resources.values():
        assert resource.table is not None, resource.name
        assert resource.table.to_pylist() == [r.values for r in resource.records()], resource.name


def _resource(tmp_path, data: bytes) -> Resource:
    (tmp_path / "t.csv").write_bytes(data)
    return Resource("t", {}, {"fields": FIELDS}, tmp_path / "t.csv")


def test_rows_are_read_through_the_table_when_the_file_is_one(tmp_path):
    resource = _resource(tmp_path, HEADER + b"\n".join(ROWS[:-1]) + b"\n")
    assert resource.rows == [r.values for r in resource.records()]
    assert resource.rows[0] == {"a": "plain", "n": 12, "x": 1.5, "d": dt.date(2019, 9, 30), "b": True, "c": True,
                                "y": "2020"}


@pytest.mark.parametrize("data", [HEADER + ROWS[-1] + b"\n", HEADER + b"1,2,,,,,,extra\n",
                                  b"n,a,x,d,b,c,y\n1,2,,,,,\n", b"a,n\n1,2\n"])
def test_rows_of_a_file_that_is_not_the_schemas_table_keep_every_cell(tmp_path, data):
    """A 64-bit overflow, a stray cell, columns out of order or missing: read record by record, as validated."""
    resource = _resource(tmp_path, data)
    assert resource.rows == [r.values for r in read_records(tmp_path / "t.csv", FIELDS)]
    assert resource.rows[0]


_CELL = st.one_of(st.sampled_from(["", "0", "-7", "007", "1.5", "1e3", "2019-09-30", "2019-02-30", "true", "yes", "no",
                                   "TRUE", "١٢", " 1", "1 ", '"', '""', ",", "\n", "\r\n", "\r", "\ufeff", "x,y"]),
                  st.text(max_size=6))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_CELL, min_size=0, max_size=7), max_size=12), bom=st.booleans(),
       crlf=st.booleans(), long_row=st.booleans())
def test_rows_are_the_records_values_for_any_text(tmp_path, rows, bom, crlf, long_row):
    """Every reader of the package (validation rules, pages, importers, diff) gets Resource.rows: through the typed
    table or record by record, the values are the ones atlas.records casts, whatever the cells hold (quotes,
    commas, line breaks, a byte order mark, short and long rows, blank lines)."""
    import csv
    import io

    out = io.StringIO()
    rows = rows + [["a"] * 8] if long_row else rows  # a cell beyond the header: not a table, read record by record
    csv.writer(out, lineterminator="\r\n" if crlf else "\n").writerows([[f["name"] for f in FIELDS], *rows])
    try:
        data = (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate cannot be written to a file
        return
    (tmp_path / "t.csv").write_bytes(data)
    resource = Resource("t", {}, {"fields": FIELDS}, tmp_path / "t.csv")
    expected = [r.values for r in read_records(tmp_path / "t.csv", FIELDS)]
    assert (resource.table is None) == long_row
    assert resource.rows == expected
    assert resource.row_count == len(expected)
