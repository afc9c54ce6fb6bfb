"""The FOIA statistics and roster importer on SYNTHETIC CSVs built by the tests."""
from __future__ import annotations

import csv

import pytest
from importer_fixtures import NEW_LAYOUT, d, make_sheet, roster_file, stats_file, write_csv

from atlas.importers import ice_287g, ice_287g_stats
from atlas.problems import AtlasError

def read(package, name):
    with (package / "data" / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_two_metrics_per_row_blank_kept_empty_not_zero(tmp_path, tiny_package):
    report = ice_287g_stats.run(stats_file(tmp_path), package_dir=tiny_package)
    rows = read(tiny_package, "enforcement_stats")
    assert len(rows) == 8 and report.dropped == 0
    blank = next(r for r in rows if r["fiscal_year"] == "2008" and r["metric"] == "ice_287g_removed")
    assert blank["value"] == "" and blank["notes"].startswith("Not reported")
    zero = next(r for r in rows if r["fiscal_year"] == "2009" and r["metric"] == "ice_287g_removed"
                and r["agency"].startswith("Gaston"))
    assert zero["value"] == "0" and "footnote" in zero["notes"]
    assert report.extra["values not reported (blank, kept empty)"] == 1


def test_counties_state_agencies_and_unmatched_agencies(tmp_path, tiny_package):
    report = ice_287g_stats.run(stats_file(tmp_path), package_dir=tiny_package)
    by_agency = {r["agency"]: r for r in read(tiny_package, "enforcement_stats")}
    assert by_agency["Gaston County Sheriff Office"]["county_fips"] == "37071"
    state = by_agency["NC Department of Public Safety"]
    assert (state["county_fips"], state["review_flag"]) == ("", "")
    assert by_agency["Nowhere Police Department"]["review_flag"].startswith("county not matched:")
    assert report.flagged == 2


def test_metrics_and_source_rows(tmp_path, tiny_package):
    path = stats_file(tmp_path)
    ice_287g_stats.run(path, package_dir=tiny_package)
    metrics = {r["id"]: r for r in read(tiny_package, "metrics")}
    assert set(metrics) == {"ice_287g_identified", "ice_287g_removed"}
    assert all("not zero" in m["definition"] for m in metrics.values())
    [source] = read(tiny_package, "sources")
    assert (source["id"], source["kind"]) == ("ice-287g-foia-ddp-identifications-removals-fy2006-2013", "foia-release")
    assert source["url"] == "https://github.com/deportationdata/ice-287g/blob/main/data/pre2018-ice-removals-long.csv"


def test_unknown_header_in_the_foia_table(tmp_path, tiny_package):
    path = tmp_path / "stats.csv"
    write_csv(path, ["state", "agency", "fiscal_year", "identified", "removed", "county"], [])
    with pytest.raises(AtlasError, match=rf"^{path}: unknown header 'county'"):
        ice_287g_stats.run(path, package_dir=tiny_package)


HAND_ROW = ("nc-mecklenburg-county-sheriffs-office-jail-enforcement-2006-02-27,Mecklenburg County Sheriff's Office,"
            "county,NC,37119,jail_enforcement,2006-02-27,,,2018-12-05,ended,,hand-source,,Entered by hand.,,\n")
HAND_SOURCE = "hand-source,A source entered by hand,Someone,,https://example.org,2019,,,news-report,,synthetic\n"


def test_roster_skips_agreements_a_hand_row_covers_and_folds_into_sheet_rows(tmp_path, tiny_package):
    with (tiny_package / "data" / "agreements_287g.csv").open("a", encoding="utf-8") as fh:
        fh.write(HAND_ROW)
    with (tiny_package / "data" / "sources.csv").open("a", encoding="utf-8") as fh:
        fh.write(HAND_SOURCE)  # the hand row cites it: imports refuse to leave a package that fails validation
    sheet = make_sheet(tmp_path / "ParticipatingEntities-20210113002027.xlsx",
                       ["STATE", "LAW ENFORCEMENT AGENCY", "SUPPORT TYPE", "SIGNED", "MOA"],
                       [["NORTH CAROLINA", "Gaston County Sheriff's Office", "Jail Enforcement Model", "2016-06-08",
                         None]])
    ice_287g.run([sheet], package_dir=tiny_package)
    report = ice_287g_stats.run(stats_file(tmp_path), package_dir=tiny_package, roster=roster_file(tmp_path))
    rows = {r["id"]: r for r in read(tiny_package, "agreements_287g")}
    mecklenburg = [r for r in rows if "mecklenburg" in r]
    assert mecklenburg == ["nc-mecklenburg-county-sheriffs-office-jail-enforcement-2006-02-27"]
    assert report.extra["roster: skipped, covered by a hand-entered row"] == 2
    assert [p.id for p in report.problems] == ["covered-by-hand-row", "covered-by-hand-row"]
    gaston = rows["nc-gaston-county-sheriffs-office-jail-enforcement-2016-06-08"]
    assert (gaston["first_listed"], gaston["last_listed"], gaston["status"]) == ("2016-06-11", "2021-01-13", "active")
    assert gaston["source_id"] == "ice-287g-list-participating-2021-01-13"
    assert gaston["other_source_ids"] == "ice-287g-list-roster-2016-06-11 ice-287g-list-roster-2017-08-01"
    wake = rows["nc-wake-county-sheriffs-office-jail-enforcement-2013-06-28"]
    assert wake["status"] == "ended" and wake["notes"].endswith(
        "Ended between 2016-06-11 and 2017-08-01: listed by ICE on 2016-06-11, not on the next list in the atlas "
        "(2017-08-01); no source gives the date (inferred).")
    assert HAND_ROW in (tiny_package / "data" / "agreements_287g.csv").read_text(encoding="utf-8")


def test_sheets_and_roster_in_either_order_give_the_same_bytes(tmp_path, tiny_package):
    import shutil
    other = tmp_path / "other"
    shutil.copytree(tiny_package, other)
    sheet = make_sheet(tmp_path / "participatingAgencies05162025am.xlsx", NEW_LAYOUT, [
        ["NORTH CAROLINA", "Gaston County Sheriff's Office", "County", "Gaston County", "Jail Enforcement Model",
         d("2016-06-08"), None, None]])
    stats, roster = stats_file(tmp_path), roster_file(tmp_path)
    ice_287g.run([sheet], package_dir=tiny_package)
    ice_287g_stats.run(stats, package_dir=tiny_package, roster=roster)
    ice_287g_stats.run(stats, package_dir=other, roster=roster)
    ice_287g.run([sheet], package_dir=other)
    for name in ("agreements_287g", "sources", "enforcement_stats", "metrics"):
        assert (tiny_package / "data" / f"{name}.csv").read_bytes() == (other / "data" / f"{name}.csv").read_bytes()
