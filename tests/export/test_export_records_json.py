"""The JSON download written column by column (records_json) is json.dumps' text, byte for byte."""
from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atlas.export import arrow_text
from atlas.export.records_json import write_records_json
from atlas.export.values import json_records, json_text

TEXT = ["plain", 'say "hi"', "back\\slash", "new\nline", "tab\t", "\x00\x01\x1f\x7f", "\u2028\u2029", "Doña",
        "</script>", "emoji \U0001F600", ""]
VALUES = {
    "text": (pa.string(), TEXT),
    "integer": (pa.int64(), [0, -5, 2018, 2**62, -(2**63)]),
    "number": (pa.float64(), [0.0, -0.0, 0.1, 82.04023, 1e300, 5e-324, float("inf"), float("-inf"), 2.0]),
    "flag": (pa.bool_(), [True, False]),
    "day": (pa.date32(), [dt.date(1, 1, 1), dt.date(999, 12, 31), dt.date(2026, 11, 28)]),
    "empty": (pa.string(), []),
}


def _table(n: int, text: list[str] = TEXT) -> pa.Table:
    def cycle(values):
        values = list(values) + [None]
        return [values[i % len(values)] for i in range(n)]
    return pa.table({name: pa.array(cycle(text if name == "text" else values), kind)
                     for name, (kind, values) in VALUES.items()})


def _assert_same(table: pa.Table, tmp_path):
    write_records_json(table, tmp_path / "out.json")
    expected = json_text(json_records(table.to_pylist()), indent=1) + "\n"
    assert (tmp_path / "out.json").read_bytes() == expected.encode("utf-8")


@pytest.mark.parametrize("rows", [0, 1, 2, 30])
def test_every_type_gives_json_dumps_bytes(rows, tmp_path):
    _assert_same(_table(rows), tmp_path)


def test_records_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(arrow_text, "CHUNK_ROWS", 4)
    for rows in (3, 4, 5, 8, 23):
        _assert_same(_table(rows), tmp_path)


def test_odd_keys_and_no_columns(tmp_path):
    _assert_same(pa.table({'a "quoted"\nkey': pa.array([1, None]), "ключ": pa.array(["x", "y"])}), tmp_path)
    _assert_same(pa.table({}), tmp_path)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=12), min_size=1, max_size=12))
def test_any_text_gives_json_dumps_bytes(tmp_path_factory, text):
    _assert_same(_table(len(text) + 1, text), tmp_path_factory.mktemp("json"))
