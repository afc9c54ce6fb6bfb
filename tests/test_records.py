"""atlas.records, the one CSV reader: cells exactly as written, strict casts, the line each record starts on."""
from __future__ import annotations

import datetime as dt

from atlas.records import EXTRA_CELLS, cast, read_records

FIELDS = [{"name": "a", "type": "string"}, {"name": "n", "type": "integer"}, {"name": "d", "type": "date"},
          {"name": "b", "type": "boolean", "trueValues": ["yes"], "falseValues": ["no"]}]


def test_cells_keep_cr_and_crlf_and_records_keep_their_first_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b'a,n,d,b\n"x\ry",1,2019-09-30,yes\n"p\r\nq",2,,no\n\nlast,3,bad,maybe,extra\n')
    records = read_records(path, FIELDS)
    assert [r.raw["a"] for r in records] == ["x\ry", "p\r\nq", "last"]
    # a CR counts as a line break, as the validator's line numbers count it (and as editors show it)
    assert [r.line for r in records] == [2, 4, 7]
    assert records[0].values == {"a": "x\ry", "n": 1, "d": dt.date(2019, 9, 30), "b": True}
    assert records[1].values["d"] is None and records[1].values["b"] is False
    assert records[2].values["d"] is None and records[2].values["b"] is None  # the validator reports these
    assert records[2].raw[EXTRA_CELLS] == "extra"


def test_casts_are_strict():
    integer = {"type": "integer"}
    assert [cast(v, integer) for v in ("12", "-3", "1_000", " 12", "+12", "12.0", "١٢")] == [12, -3] + [None] * 5
    assert cast("nan", {"type": "number"}) is None and cast("1.5e3", {"type": "number"}) == 1500.0
