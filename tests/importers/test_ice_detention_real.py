"""The ICE detention importer over the real files in ../shared/sources/ice-detention, on a temp copy of the package.
Numbers from that folder's MANIFEST.md."""
from __future__ import annotations

import csv
import re
import shutil
from collections import defaultdict
from decimal import Decimal

import openpyxl
import pytest

from atlas.importers import ice_detention
from atlas.paths import PACKAGE_DIR, SHARED_SOURCES

pytestmark = pytest.mark.shared

DETENTION = SHARED_SOURCES / "ice-detention"
# Data rows per file (MANIFEST.md), footnote rows excluded.
MANIFEST_ROWS = {
    "ICE_Facility_List_11-06-2017-web.xlsx": 1685,
    "2019-ICFO-31121.xlsx": 214,
    "2019-10-06_FY19-detentionstats.xlsx": 213,
    "2021-01-14_FY20-detentionstats.xlsx": 170,
    "2021-11-13_FY21_detentionStats11122021.xlsx": 135,
    "2022-09-30_FY22_detentionStats09292022.xlsx": 130,
    "2023-11-08_FY23_detentionStats10312023.xlsx": 115,
    "2024-10-01_FY24_detentionStats.xlsx": 109,
    "2025-10-30_FY25_detentionStats09252025.xlsx": 189,
    "2026-02-13_FY26_detentionStats_02122026.xlsx": 220,
}
# "Sum of listed ADP" per yearly statistics file (MANIFEST.md), rounded to the unit.
MANIFEST_ADP = {2019: 49142, 2020: 32979, 2021: 18292, 2022: 21344, 2023: 28148, 2024: 36277, 2025: 47551,
                2026: 67141}


def rows(package, name):
    with (package / "data" / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("detention")
    package = root / "datapackage"
    shutil.copytree(PACKAGE_DIR, package)
    report = ice_detention.run(sorted(DETENTION.glob("*.xlsx")), package_dir=package)
    return package, report


def sheet_adp_sums(path) -> dict[int, Decimal]:
    """ADP summed straight from the workbook's cells, independently of the importer's reader."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if "Facility List - Main" in wb.sheetnames or "2019-ICFO-31121" in wb.sheetnames:
            ws = wb["Facility List - Main"] if "Facility List - Main" in wb.sheetnames else wb["2019-ICFO-31121"]
            data = list(ws.iter_rows(values_only=True))
            h = next(i for i, r in enumerate(data) if r and r[0] == "DETLOC")
            cols = {str(name): i for i, name in enumerate(data[h]) if name}
            sums = defaultdict(Decimal)
            for r in data[h + 1:]:
                if r[0] is None:
                    continue
                for name, i in cols.items():
                    if name.endswith(" ADP") and name.startswith("FY") and len(name) == 8 and isinstance(r[i], (int, float)):
                        sums[2000 + int(name[2:4])] += Decimal(repr(float(r[i])))
            return dict(sums)
        ws = wb[next(n for n in wb.sheetnames if n.strip().startswith("Facilities"))]
        data = list(ws.iter_rows(values_only=True))
        h = next(i for i, r in enumerate(data) if r and r[0] == "Name")
        cols = [i for i, name in enumerate(data[h]) if name in ("Level A", "Level B", "Level C", "Level D")]
        total = sum((Decimal(repr(float(r[i]))) for r in data[h + 1:] for i in cols if isinstance(r[i], (int, float))),
                    Decimal(0))
        fy = int(re.search(r"FY\s?(?:20)?(\d{2})", ws.title.upper()).group(1))
        return {2000 + fy: total}
    finally:
        wb.close()


def test_rows_read_match_the_manifest_and_nothing_is_dropped(imported):
    _, report = imported
    assert {f.file: f.rows_read for f in report.files} == MANIFEST_ROWS
    assert report.dropped == 0 and report.ok


def test_national_adp_over_facilities_equals_the_source_sheet_for_every_year(imported):
    package, _ = imported
    years = rows(package, "detention_facility_years")
    county = rows(package, "detention_county_stats")
    sources = {r["id"]: r for r in rows(package, "sources")}
    for path in sorted(DETENTION.glob("*.xlsx")):
        sheet = sheet_adp_sums(path)
        source_id = next(s for s, r in sources.items() if r["sha256"] and r["title"] and path.name in
                         (r["title"] + r["notes"] + r["url"]))
        for fy, total in sheet.items():
            facilities = sum(Decimal(r["adp"] or 0) for r in years
                             if r["source_id"] == source_id and r["fiscal_year"] == str(fy))
            counties = sum(Decimal(r["value"]) for r in county if r["source_id"] == source_id
                           and r["fiscal_year"] == str(fy) and r["metric"] == "ice_detention_adp_county")
            assert abs(facilities - total) < Decimal("0.001") * 300, (path.name, fy, facilities, total)
            assert counties == facilities, (path.name, fy)
            if source_id.startswith("ice-detention-stats-"):
                assert round(total) == MANIFEST_ADP[fy], (path.name, fy)


def test_mecklenburg_jail_stewart_and_alamance(imported):
    package, _ = imported
    facilities = {r["facility_id"]: r for r in rows(package, "detention_facilities")}
    years = rows(package, "detention_facility_years")

    def adp(fid, source):
        return {int(r["fiscal_year"]): float(r["adp"]) for r in years
                if r["facility_id"] == fid and r["source_id"] == source and r["adp"]}
    meck = facilities["MECKLNC"]
    assert (meck["county_fips"], meck["county_method"], meck["type"]) == ("37119", "zip", "USMS IGA")
    listed = adp("MECKLNC", "ice-detention-facility-list-2017-11-06")
    assert listed[2009] == 93 and listed[2010] == 50 and 1 <= listed[2018] <= 4
    foia = adp("MECKLNC", "ice-detention-foia-2019-icfo-31121")
    assert 1 <= foia[2019] <= 4 and round(foia[2018], 2) == 3.68
    assert not [r for r in years if r["facility_id"] == "MECKLNC" and r["source_id"].startswith("ice-detention-stats")]
    stewart = facilities["STWRTGA"]
    assert (stewart["county_fips"], stewart["type"]) == ("13259", "DIGSA")
    series = {int(r["fiscal_year"]): round(float(r["adp"]), 1) for r in years
              if r["facility_id"] == "STWRTGA" and r["source_id"].startswith("ice-detention-stats-")}
    assert series == {2019: 1910.5, 2020: 1351.8, 2021: 768.8, 2022: 1076.1, 2023: 1232.0, 2024: 1533.6,
                      2025: 1920.7, 2026: 2009.4}
    alamance = facilities["ALAMCNC"]
    assert alamance["county_fips"] == "37001"
    series = {int(r["fiscal_year"]): round(float(r["adp"]), 1) for r in years
              if r["facility_id"] == "ALAMCNC" and r["source_id"].startswith("ice-detention-stats-")}
    assert series == {2019: 34.6, 2020: 28.2, 2021: 3.9, 2022: 7.2, 2023: 17.5, 2024: 21.2, 2025: 24.2}
    types = {(r["fiscal_year"], r["source_id"]): r["type"] or r["type_detailed"] for r in years
             if r["facility_id"] == "STWRTGA"}
    assert types[("2019", "ice-detention-foia-2019-icfo-31121")] == "IGSA"
    assert types[("2019", "ice-detention-stats-fy2019")] == "DIGSA"


def test_every_facility_is_kept_and_unplaced_ones_say_why(imported):
    package, report = imported
    facilities = rows(package, "detention_facilities")
    assert len({f["facility_id"] for f in facilities}) == len(facilities) == report.rows_written
    for f in facilities:
        if not f["county_fips"]:
            assert f["review_flag"], f["facility_id"]
        else:
            assert f["county_method"] in {"zip", "city", "hand"} and f["county_evidence"]
    assert sum(1 for f in facilities if f["facility_id"].startswith("redacted-")) == 207
    assert all(len(f["zip"]) == 5 for f in facilities if f["zip"])


def test_reimport_is_a_no_op(imported):
    package, _ = imported
    before = {p.name: p.read_bytes() for p in (package / "data").glob("*.csv")}
    report = ice_detention.run(sorted(DETENTION.glob("*.xlsx")), package_dir=package)
    assert (report.added, report.changed, report.removed) == (0, 0, 0)
    assert before == {p.name: p.read_bytes() for p in (package / "data").glob("*.csv")}
