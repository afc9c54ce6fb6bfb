"""The Pennsylvania detainer importer: SYNTHETIC records in the real layout (good and bad input), then the real file."""
from __future__ import annotations

import csv
import shutil
from collections import Counter

import pytest
from click.testing import CliRunner
from importer_fixtures import write_csv

from atlas.cli import EXIT_CANNOT_RUN, cli
from atlas.importers import pa_detainers
from atlas.paths import PACKAGE_DIR, SHARED_SOURCES
from atlas.problems import AtlasError

HEADER = ["date", "lift_reason", "det_facility", "city", "state", "detainer_type"]
REAL = SHARED_SOURCES / "pa-detainers-eads" / "pa_detainers.csv"


def rows(package, name):
    with (package / "data" / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def pa_package(tiny_package):
    """The tiny package plus Pennsylvania and two of its counties (real codes)."""
    with (tiny_package / "data" / "states.csv").open("a", encoding="utf-8") as fh:
        fh.write("42,PA,Pennsylvania\n")
    with (tiny_package / "data" / "counties.csv").open("a", encoding="utf-8") as fh:
        fh.write("42091,42,Montgomery County,Montgomery,,,,\n42119,42,Union County,Union,,,,\n")
    return tiny_package


def synthetic(tmp_path, records=None, header=HEADER):
    """SYNTHETIC detainer records in the layout of pa_detainers.csv (made-up dates and outcomes)."""
    records = records if records is not None else [
        ("2007-10-02 00:00:00", "Case Closed", "MONTGOMERY CNTY JAIL, PA", "NORRISTOWN", "PENNSYLVANIA", ""),
        ("2008-09-30 00:00:00", "Detainer Declined by LEA", "MONTGOMERY CNTY JAIL, PA", "NORRISTOWN", "PENNSYLVANIA", ""),
        ("2008-10-01 00:00:00", "", "MONTGOMERY CNTY JAIL, PA", "NORRISTOWN", "PENNSYLVANIA", ""),
        ("2008-10-02 00:00:00", "Booked into Detention", "LEWISBURG U.S. PEN.", "LEWISBURG", "PENNSYLVANIA", ""),
        ("2008-10-03 00:00:00", "Detainer Declined by LEA", "SOMEWHERE UNKNOWN", "NOWHERE TOWN", "PENNSYLVANIA", ""),
    ]
    path = tmp_path / "pa_detainers.csv"
    write_csv(path, header, records)
    return path


def test_counts_by_county_and_fiscal_year(pa_package, tmp_path):
    report = pa_detainers.run(synthetic(tmp_path), package_dir=pa_package)
    assert report.ok and report.dropped == 0
    stats = {(r["county_fips"], r["fiscal_year"], r["metric"]): r["value"] for r in rows(pa_package, "enforcement_stats")}
    assert stats[("42091", "2008", "ice_detainers_issued")] == "2"  # 2 Oct 2007 and 30 Sep 2008 are FY2008
    assert stats[("42091", "2008", "ice_detainers_declined_by_lea")] == "1"
    assert stats[("42091", "2008", "ice_detainers_issued_local")] == "2"
    assert stats[("42091", "2009", "ice_detainers_no_lift_reason")] == "1"  # 1 Oct 2008 starts FY2009
    # A federal prison is counted in its county, but not in the _local metrics.
    assert stats[("42119", "2009", "ice_detainers_issued")] == "1"
    assert ("42119", "2009", "ice_detainers_issued_local") not in stats
    # A facility with no county is kept: its detainers are counted under an empty county, flagged.
    unplaced = [r for r in rows(pa_package, "enforcement_stats") if r["county_fips"] == ""]
    assert {r["metric"]: r["value"] for r in unplaced}["ice_detainers_declined_by_lea"] == "1"
    assert all(r["review_flag"] for r in unplaced)
    facilities = {r["name"]: r for r in rows(pa_package, "detainer_facilities")}
    assert facilities["LEWISBURG U.S. PEN."]["kind"] == "federal_prison"
    assert facilities["MONTGOMERY CNTY JAIL, PA"]["county_method"] == "name"
    assert "kind not known" in facilities["SOMEWHERE UNKNOWN"]["review_flag"]
    assert sum(int(r["detainers"]) for r in facilities.values()) == 5
    # Every metric used is defined.
    assert {r["metric"] for r in rows(pa_package, "enforcement_stats")} <= {r["id"] for r in rows(pa_package, "metrics")}


def test_reimport_is_a_no_op(pa_package, tmp_path):
    path = synthetic(tmp_path)
    pa_detainers.run(path, package_dir=pa_package)
    before = {p.name: p.read_bytes() for p in (pa_package / "data").glob("*.csv")}
    report = pa_detainers.run(path, package_dir=pa_package)
    assert (report.added, report.changed, report.removed) == (0, 0, 0)
    assert before == {p.name: p.read_bytes() for p in (pa_package / "data").glob("*.csv")}


def test_changed_header_and_empty_file_are_clear_errors(pa_package, tmp_path):
    with pytest.raises(AtlasError, match="missing: \\['lift_reason'\\]"):
        pa_detainers.run(synthetic(tmp_path, header=["date", "reason", *HEADER[2:]]), package_dir=pa_package)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(AtlasError, match="empty"):
        pa_detainers.run(empty, package_dir=pa_package)
    only_header = tmp_path / "header.csv"
    only_header.write_text(",".join(HEADER) + "\n", encoding="utf-8")
    with pytest.raises(AtlasError, match="no detainer records"):
        pa_detainers.run(only_header, package_dir=pa_package)
    result = CliRunner().invoke(cli, ["import", "pa-detainers", str(empty), "--package", str(pa_package)])
    assert result.exit_code == EXIT_CANNOT_RUN and "error:" in result.output


def test_undated_record_is_reported_not_silently_dropped(pa_package, tmp_path):
    records = [("not a date", "", "MONTGOMERY CNTY JAIL, PA", "NORRISTOWN", "PENNSYLVANIA", ""),
               ("2009-01-05 00:00:00", "", "MONTGOMERY CNTY JAIL, PA", "NORRISTOWN", "PENNSYLVANIA", "")]
    report = pa_detainers.run(synthetic(tmp_path, records), package_dir=pa_package)
    assert [(p.id, p.line) for p in report.problems if p.id != "unused-fix"] == [("undated-detainer", 2)]
    assert report.extra["records without a readable date (in no fiscal year)"] == 1
    facility = rows(pa_package, "detainer_facilities")[0]
    assert facility["detainers"] == "2"


@pytest.mark.shared
def test_real_file_every_record_counted_once(tmp_path):
    package = tmp_path / "datapackage"
    shutil.copytree(PACKAGE_DIR, package)
    report = pa_detainers.run(REAL, package_dir=package)
    assert report.ok and report.dropped == 0
    assert report.files[0].rows_read == 32757
    stats = [r for r in rows(package, "enforcement_stats") if r["source_id"] == pa_detainers.SOURCE_ID]
    issued = Counter()
    for r in stats:
        if r["metric"] == "ice_detainers_issued":
            issued[r["fiscal_year"]] += int(r["value"])
    assert sum(issued.values()) == 32757 and sorted(issued) == [str(y) for y in range(2008, 2016)]
    declined = sum(int(r["value"]) for r in stats if r["metric"] == "ice_detainers_declined_by_lea")
    booked = sum(int(r["value"]) for r in stats if r["metric"] == "ice_detainers_lifted_booked_into_detention")
    blank = sum(int(r["value"]) for r in stats if r["metric"] == "ice_detainers_no_lift_reason")
    assert (declined, booked, blank) == (225, 18143, 11229)  # MANIFEST.md's lift_reason counts
    facilities = rows(package, "detainer_facilities")
    assert len(facilities) == 118 and sum(int(f["detainers"]) for f in facilities) == 32757
    kinds = {f["name"]: f["kind"] for f in facilities}
    assert kinds["MONTGOMERY CNTY JAIL, PA"] == "county_jail" and kinds["CAMPHILL SCI, PA"] == "state_prison"
    assert kinds["USP CANAAN"] == "federal_prison"
    fy2015 = [r for r in stats if r["fiscal_year"] == "2015"]
    assert fy2015 and all("2015-07-18" in r["notes"] for r in fy2015)
