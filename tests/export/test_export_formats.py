"""Round trips: every typed format read back equals the validated CSV, value for value (typed)."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zipfile

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from frictionless import validate

from atlas.package import load_package
from export_roundtrip import json_rows, parquet_rows, sqlite_rows, xlsx_rows
from export_synthetic import RESOURCES


@pytest.fixture(scope="module")
def package(synthetic_package):
    return load_package(synthetic_package)


@pytest.mark.parametrize("name", RESOURCES)
def test_csv_download_is_the_validated_file_byte_for_byte(exported, package, name):
    assert (exported.out_dir / f"{name}.csv").read_bytes() == package[name].path.read_bytes()


@pytest.mark.parametrize("name", RESOURCES)
def test_json_records_are_typed_and_equal_the_csv(exported, package, name):
    assert json_rows(exported.out_dir, package[name]) == package[name].rows
    records = json.loads((exported.out_dir / f"{name}.json").read_text(encoding="utf-8"))
    assert [list(r) for r in records] == [package[name].field_names] * len(records)  # schema field order


def test_json_keeps_integers_as_numbers_and_empty_as_null(exported):
    stats = json.loads((exported.out_dir / "enforcement_stats.json").read_text(encoding="utf-8"))
    assert [r["value"] for r in stats] == [345, 64, None, 0]
    assert stats[0]["fiscal_year"] == 2018 and stats[3]["county_fips"] is None


@pytest.mark.parametrize("name", RESOURCES)
def test_schema_download_is_the_table_schema(exported, synthetic_package, name):
    assert (exported.out_dir / f"{name}.schema.json").read_bytes() == \
        (synthetic_package / "schemas" / f"{name}.json").read_bytes()


# --- SQLite -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def db(exported):
    con = sqlite3.connect(f"file:{exported.out_dir / 'ice-cooperation-atlas.sqlite'}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    yield con
    con.close()


@pytest.mark.parametrize("name", RESOURCES)
def test_sqlite_rows_equal_the_csv(db, package, name):
    assert sqlite_rows(db, package[name]) == package[name].rows


def test_sqlite_column_types_follow_the_schema(db):
    cols = {r["name"]: r["type"] for r in db.execute("PRAGMA table_info(enforcement_stats)")}
    assert cols["fiscal_year"] == "INTEGER" and cols["value"] == "INTEGER" and cols["state"] == "TEXT"
    assert db.execute("SELECT typeof(value) FROM enforcement_stats WHERE fiscal_year = 2018").fetchone()[0] == "integer"


def test_sqlite_has_primary_and_foreign_keys(db):
    pk = [r["name"] for r in sorted(db.execute("PRAGMA table_info(enforcement_stats)"), key=lambda r: r["pk"])
          if r["pk"]]
    assert pk == ["state", "county_fips", "agency", "fiscal_year", "metric", "source_id"]
    fks = {(r["from"], r["table"], r["to"]) for r in db.execute("PRAGMA foreign_key_list(enforcement_stats)")}
    assert fks == {("state", "states", "usps"), ("county_fips", "counties", "fips"), ("metric", "metrics", "id"),
                   ("source_id", "sources", "id")}
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sqlite_indexes_county_fips_everywhere(db):
    for table in ("agreements_287g", "detainer_policies", "enforcement_stats"):
        indexed = {db.execute(f"PRAGMA index_info('{r['name']}')").fetchone()["name"]
                   for r in db.execute(f"PRAGMA index_list('{table}')")}
        assert "county_fips" in indexed, table
    plan = " ".join(r[3] for r in db.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM enforcement_stats WHERE county_fips = '37119'"))
    assert "INDEX" in plan


def test_sqlite_enforces_the_schema_enums(exported, tmp_path):
    con = sqlite3.connect(exported.out_dir / "ice-cooperation-atlas.sqlite")
    try:
        with pytest.raises(sqlite3.IntegrityError):
            con.execute("UPDATE agreements_287g SET model = 'not_a_model'")
    finally:
        con.close()


def test_sqlite_metadata_and_data_dictionary(db, package):
    meta = dict(db.execute("SELECT key, value FROM metadata").fetchall())
    assert meta["version"] == "0.1.0" and meta["build_date"] == "2026-11-28" and meta["license"] == "CC-BY-4.0"
    fields = {(r[0], r[1]) for r in db.execute("SELECT resource, field FROM data_dictionary")}
    assert fields == {(res.name, f) for res in package.resources.values() for f in res.field_names}


# --- XLSX ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def workbook(exported):
    return openpyxl.load_workbook(exported.out_dir / "ice-cooperation-atlas.xlsx")


@pytest.mark.parametrize("name", RESOURCES)
def test_xlsx_sheet_equals_the_csv(workbook, package, name):
    res = package[name]
    assert [c.value for c in workbook[name][1]] == res.field_names
    assert xlsx_rows(workbook, res) == res.rows


def test_xlsx_has_the_data_dictionary_in_spanish_too(workbook, package):
    """The LÉAME sheet (issue 16): the README in Spanish, each enum value with its Spanish label and definition."""
    assert workbook.sheetnames[:2] == ["README", "LÉAME"]
    text = [[c for c in row if c is not None] for row in workbook["LÉAME"].iter_rows(values_only=True)]
    flat = " ".join(str(c) for row in text for c in row)
    assert ["Versión", "0.1.0"] in text and "Diccionario de datos" in flat
    assert "honors_detainers: Cumple las órdenes de retención — Se cumplen las órdenes de retención" in flat
    # each field's title and description in Spanish too
    assert "Política sobre órdenes de retención" in flat and "What the policy says about ICE detainers" not in flat
    pairs = {(row[0], row[1]) for row in text if len(row) >= 2}
    for res in package.resources.values():
        for f in res.field_names:
            assert (res.name, f) in pairs, (res.name, f)


def test_xlsx_readme_has_every_field_licence_version_and_date(workbook, package):
    assert workbook.sheetnames[0] == "README"
    text = [[c for c in row if c is not None] for row in workbook["README"].iter_rows(values_only=True)]
    flat = " ".join(str(c) for row in text for c in row)
    assert "CC-BY-4.0" in flat and "public domain" in flat and "ISC" in flat
    assert ["Version", "0.1.0"] in text
    assert ["Build date", dt.datetime(2026, 11, 28)] in text
    pairs = {(row[0], row[1]) for row in text if len(row) >= 2}
    for res in package.resources.values():
        for f in res.field_names:
            assert (res.name, f) in pairs, (res.name, f)


def test_xlsx_text_that_looks_like_a_formula_stays_text(workbook):
    cell = workbook["sources"]["B2"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_xlsx_document_properties_carry_version_and_date(workbook):
    assert workbook.properties.version == "0.1.0"
    assert workbook.properties.modified == dt.datetime(2026, 11, 28)


# --- Parquet ------------------------------------------------------------------------------------

ARROW = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32(), "boolean": pa.bool_()}


@pytest.mark.parametrize("name", RESOURCES)
def test_parquet_equals_the_csv_with_schema_types(exported, package, name):
    table = pq.read_table(exported.out_dir / "parquet" / f"{name}.parquet")
    res = package[name]
    assert table.column_names == res.field_names
    assert [table.schema.field(f["name"]).type for f in res.fields] == [ARROW[f.get("type", "string")] for f in res.fields]
    assert parquet_rows(exported.out_dir, res) == res.rows


def test_parquet_metadata_names_version_and_build_date(exported):
    meta = pq.read_schema(exported.out_dir / "parquet" / "counties.parquet").metadata
    assert meta[b"version"] == b"0.1.0" and meta[b"build_date"] == b"2026-11-28"
    assert json.loads(meta[b"table_schema"])["primaryKey"] == ["fips"]


# --- zip ----------------------------------------------------------------------------------------

def test_zip_validates_with_frictionless(exported):
    report = validate(str(exported.out_dir / "ice-cooperation-atlas-0.1.0.zip"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert len(report.tasks) == len(RESOURCES)


def test_zip_holds_the_validated_csvs_sorted_with_the_build_date(exported, package):
    with zipfile.ZipFile(exported.out_dir / "ice-cooperation-atlas-0.1.0.zip") as zf:
        names = zf.namelist()
        assert names == sorted(names)
        assert {i.date_time for i in zf.infolist()} == {(2026, 11, 28, 0, 0, 0)}
        for res in package.resources.values():
            assert zf.read(f"data/{res.name}.csv") == res.path.read_bytes()
        descriptor = json.loads(zf.read("datapackage.json"))
    assert descriptor["version"] == "0.1.0" and descriptor["created"] == "2026-11-28T00:00:00Z"
