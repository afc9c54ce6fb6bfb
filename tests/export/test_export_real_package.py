"""The committed package itself: every format round-trips, the zip validates, checksums hold."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3

import openpyxl
import pytest
from frictionless import validate

from atlas.export import export_all
from atlas.package import load_package
from export_roundtrip import json_rows, parquet_rows, sqlite_rows, xlsx_rows


@pytest.fixture(scope="module")
def real(package_dir, tmp_path_factory):
    """Export a snapshot of datapackage/ (so an edit during the test run cannot race the comparison)."""
    snapshot = tmp_path_factory.mktemp("real-package") / "datapackage"
    shutil.copytree(package_dir, snapshot)
    out = tmp_path_factory.mktemp("real-export")
    export = export_all(snapshot, out, build_date=dt.date(2026, 11, 28))
    return export, load_package(snapshot)


def test_every_format_reads_back_equal_to_the_csv(real):
    export, package = real
    out = export.out_dir
    db = sqlite3.connect(f"file:{out / 'ice-cooperation-atlas.sqlite'}?mode=ro", uri=True)
    workbook = openpyxl.load_workbook(out / "ice-cooperation-atlas.xlsx", read_only=True)
    try:
        for res in package.resources.values():
            assert (out / f"{res.name}.csv").read_bytes() == res.path.read_bytes(), res.name
            assert json_rows(out, res) == res.rows, f"json {res.name}"
            assert sqlite_rows(db, res) == res.rows, f"sqlite {res.name}"
            assert parquet_rows(out, res) == res.rows, f"parquet {res.name}"
            assert xlsx_rows(workbook, res) == res.rows, f"xlsx {res.name}"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()
        workbook.close()


def test_zip_of_the_real_package_validates(real):
    export, package = real
    report = validate(str(export.out_dir / export.release.zip_name))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type"])[:10]
    assert len(report.tasks) == len(package.resources)


def test_checksums_of_the_real_export_hold(real):
    export, _ = real
    lines = (export.out_dir / "SHA256SUMS").read_text(encoding="ascii").splitlines()
    assert len(lines) == len(export) - 1
    for line in lines:
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((export.out_dir / name).read_bytes()).hexdigest() == digest, name
