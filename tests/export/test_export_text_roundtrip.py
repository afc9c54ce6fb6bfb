"""Any text a CSV cell can hold comes back unchanged from every typed format (property-based)."""
from __future__ import annotations

import re
import sqlite3

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atlas.export import export_all
from atlas.export.workbook import xlsx_text
from atlas.package import load_package
from export_roundtrip import json_rows, parquet_rows, sqlite_rows, xlsx_rows
from export_synthetic import BUILD_DATE, ROWS, SITE_URL, build_package

# Any Unicode text but surrogates (not encodable in UTF-8) and "_" (see test_literal_ooxml_escape_is_protected).
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="_\x00"), min_size=1, max_size=30)
_ESC = re.compile(r"_x([0-9A-F]{4})_")


def _unescape(value):
    """What Excel shows for an OOXML `_xHHHH_` escape (openpyxl's reader leaves escapes as they are)."""
    return _ESC.sub(lambda m: chr(int(m.group(1), 16)), value) if isinstance(value, str) else value


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=TEXT, name=TEXT)
def test_text_survives_every_format(tmp_path_factory, notes, name):
    rows = dict(ROWS)
    rows["counties"] = [{**ROWS["counties"][0], "notes": notes, "name": name}] + ROWS["counties"][1:]
    pkg_dir = build_package(tmp_path_factory.mktemp("pkg"), rows)
    out = tmp_path_factory.mktemp("out")
    export_all(pkg_dir, out, site_url=SITE_URL, build_date=BUILD_DATE)
    res = load_package(pkg_dir)["counties"]
    assert res.rows[0]["notes"] == notes  # the CSV itself keeps the text
    assert json_rows(out, res) == res.rows
    assert parquet_rows(out, res) == res.rows
    db = sqlite3.connect(out / "ice-cooperation-atlas.sqlite")
    try:
        assert sqlite_rows(db, res) == res.rows
    finally:
        db.close()
    wb = openpyxl.load_workbook(out / "ice-cooperation-atlas.xlsx")
    back = [{k: _unescape(v) for k, v in r.items()} for r in xlsx_rows(wb, res)]
    assert back == res.rows


def test_control_characters_become_ooxml_escapes():
    assert xlsx_text("a\x0bb\x1fc") == "a_x000B_b_x001F_c"


def test_literal_ooxml_escape_is_protected():
    assert xlsx_text("_x000B_") == "_x005F_x000B_"
