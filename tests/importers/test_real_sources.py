"""The importers over the real files in ../shared/sources (numbers from its MANIFEST.md), on a temp copy of the package."""
from __future__ import annotations

import csv
import shutil

import pytest

from atlas.importers import ice_287g, ice_287g_stats
from atlas.paths import PACKAGE_DIR, SHARED_SOURCES

pytestmark = pytest.mark.shared

SHEETS = SHARED_SOURCES / "ice-287g-sheets"
DDP = SHARED_SOURCES / "ddp-ice-287g"
# Data rows per list, as MANIFEST.md documents them.
MANIFEST_ROWS = {
    "ParticipatingEntities-20210113002027.xlsx": 150,
    "ParticipatingEntities-20241229010544.xlsx": 135,
    "participatingAgencies-20250221214937.xlsx": 151,
    "participatingAgencies05162025am.xlsx": 571,
    "pendingAgencies05152025am.xlsx": 92,
    "participatingAgencies05182026am.xlsx": 1843,
    "pendingAgencies02272026am.xlsx": 2,
}


def sheet_paths():
    return sorted(SHEETS.glob("*.xlsx"))


def stats_path():
    full = DDP / "pre2018-ice-removals-long.csv"
    return full if full.exists() else DDP / "pre2018-ice-removals-long.NC-excerpt.csv"


def roster_path():
    path = DDP / "pre2018-roster-long.csv"
    return path if path.exists() else None


def snapshot_bytes(package):
    return {p.name: p.read_bytes() for p in sorted((package / "data").glob("*.csv"))}


def rows(package, name):
    with (package / "data" / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """A copy of the committed package after importing every sheet, the FOIA table and the roster."""
    root = tmp_path_factory.mktemp("real")
    pristine = root / "pristine"  # one copy of the committed package, so concurrent edits cannot skew comparisons
    shutil.copytree(PACKAGE_DIR, pristine)
    package = root / "datapackage"
    shutil.copytree(pristine, package)
    sheets = ice_287g.run(sheet_paths(), package_dir=package)
    stats = ice_287g_stats.run(stats_path(), package_dir=package, roster=roster_path())
    return package, sheets, stats


def test_rows_read_per_sheet_match_the_manifest_and_none_is_dropped(imported):
    _, report, _ = imported
    assert {f.file: f.rows_read for f in report.files} == MANIFEST_ROWS
    assert report.dropped == 0 and report.ok
    assert report.extra["listings read"] == sum(MANIFEST_ROWS.values())


def test_mecklenburg_virginia_is_51117_and_no_list_makes_a_mecklenburg_nc_agreement(imported):
    package, _, _ = imported
    imported_rows = [r for r in rows(package, "agreements_287g") if r["source_id"].startswith("ice-287g-list-")]
    va = [r for r in imported_rows if r["state"] == "VA" and r["agency"].startswith("Mecklenburg County")]
    assert [(r["county_fips"], r["model"], r["signed"], r["status"]) for r in va] == [
        ("51117", "task_force", "2025-05-13", "active")]
    assert not [r for r in imported_rows if r["county_fips"] == "37119"]


def test_the_malformed_signing_date_is_flagged(imported):
    package, report, _ = imported
    [campbell] = [r for r in rows(package, "agreements_287g") if r["id"].startswith("va-campbell-county-sheriffs")]
    assert campbell["review_flag"].startswith("malformed signing date: '05/082025' in participatingAgencies05162025am")
    assert report.extra["malformed signing dates"] == 1


def test_every_imported_row_cites_a_source_that_exists(imported):
    package, _, _ = imported
    source_ids = {r["id"] for r in rows(package, "sources")}
    for name in ("agreements_287g", "enforcement_stats"):
        for row in rows(package, name):
            assert row["source_id"] in source_ids
            assert set(row.get("other_source_ids", "").split()) <= source_ids


def test_reimport_is_a_no_op(imported, tmp_path):
    package, _, _ = imported
    before = snapshot_bytes(package)
    again = ice_287g.run(sheet_paths(), package_dir=package)
    ice_287g_stats.run(stats_path(), package_dir=package, roster=roster_path())
    assert snapshot_bytes(package) == before
    assert (again.added, again.changed, again.removed) == (0, 0, 0)


def test_any_order_gives_the_same_result(imported, tmp_path):
    package, _, _ = imported
    other = tmp_path / "datapackage"
    shutil.copytree(package.parent / "pristine", other)
    ice_287g_stats.run(stats_path(), package_dir=other, roster=roster_path())
    ice_287g.run(list(reversed(sheet_paths())), package_dir=other)
    assert snapshot_bytes(other) == snapshot_bytes(package)


def test_foia_figures(imported):
    package, _, report = imported
    stats = [r for r in rows(package, "enforcement_stats") if r["source_id"].startswith("ice-287g-foia-")]
    assert report.dropped == 0
    assert len(stats) == 2 * report.files[0].rows_read
    removed = {int(r["fiscal_year"]): r["value"] for r in stats
               if r["agency"] == "Mecklenburg County Sheriff Office" and r["metric"] == "ice_287g_removed"}
    assert removed == {2006: "319", 2007: "1474", 2008: "1866", 2009: "1813", 2010: "1142", 2011: "956",
                       2012: "434", 2013: "444"}
    assert {r["county_fips"] for r in stats if r["agency"] == "Mecklenburg County Sheriff Office"} == {"37119"}
    if report.files[0].rows_read == 584:  # the full table: MANIFEST's blank counts
        blank = {m: sum(1 for r in stats if r["metric"] == m and r["value"] == "")
                 for m in ("ice_287g_identified", "ice_287g_removed")}
        assert blank == {"ice_287g_identified": 166, "ice_287g_removed": 171}


@pytest.mark.skipif(roster_path() is None, reason="roster file not staged")
def test_roster_history_and_mecklenburg_nc_hand_row(imported):
    package, _, report = imported
    agreements = rows(package, "agreements_287g")
    assert report.files[1].rows_read == 1472
    mecklenburg_nc = [r for r in agreements if r["state"] == "NC" and r["agency"].startswith("Mecklenburg")]
    assert all(not r["source_id"].startswith("ice-287g-") for r in mecklenburg_nc)
    hand = [r for r in agreements if r["id"] == "nc-mecklenburg-county-sheriffs-office-jail-enforcement-2006-02-27"]
    if hand:  # entered by another engineer: the roster's three Mecklenburg NC signings are skipped, not duplicated
        assert report.extra["roster: skipped, covered by a hand-entered row"] == 3
    etowah = {r["signed"]: r for r in agreements if r["id"].startswith("al-etowah-county-sheriffs-office-jail")}
    assert etowah["2016-06-08"]["first_listed"] == "2016-08-20"  # roster capture, folded into the 2021 sheet row
    assert etowah["2016-06-08"]["last_listed"] == "2021-01-13"


def test_validate_passes_after_the_import(imported):
    validate = pytest.importorskip("atlas.validate")
    package, _, _ = imported
    result = validate.validate_package(package)
    errors = [p for p in getattr(result, "problems", []) if getattr(p, "severity", "error") == "error"]
    assert result.ok, errors[:5]
