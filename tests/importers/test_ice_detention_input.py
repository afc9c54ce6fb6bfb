"""The ICE detention importer on SYNTHETIC workbooks in the real layouts: good input and every kind of bad input
ends in a clear error (AtlasError, exit 2) or a flagged row, never a traceback or a silently dropped row."""
from __future__ import annotations

import csv
from decimal import Decimal

import pytest
from click.testing import CliRunner
from detention_fixtures import FOIA_HEADER, LIST_2017_HEADER, STATS_HEADER, foia_31121, list_2017, stats

from atlas.cli import EXIT_CANNOT_RUN, cli
from atlas.importers import ice_detention
from atlas.importers.facility_county import zip5
from atlas.problems import AtlasError


def rows(package, name):
    with (package / "data" / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def three_files(tmp_path):
    return [list_2017(tmp_path / "list.xlsx"), foia_31121(tmp_path / "foia.xlsx"), stats(tmp_path / "fy22.xlsx")]


def test_good_files_import_with_every_row_kept_and_totals_equal(tiny_package, three_files):
    report = ice_detention.run(three_files, package_dir=tiny_package)
    assert report.ok and report.dropped == 0
    facilities = {r["facility_id"]: r for r in rows(tiny_package, "detention_facilities")}
    # DETLOC where the file gives one; the statistics row for the same address joins it; the NJ CDF gets a derived id.
    assert {"SYNMKNC", "SYNNJXX", "SYNZERO"} <= facilities.keys()
    derived = [f for f in facilities if f.startswith("nj-07201-")]
    assert len(derived) == 1
    mk = facilities["SYNMKNC"]
    assert (mk["county_fips"], mk["county_method"]) == ("37119", "zip")
    assert "MECKLENBURG" in mk["county_evidence"] and "28202" in mk["county_evidence"]
    assert mk["type"] == "USMS IGA" and mk["type_fiscal_year"] == "2022"
    assert mk["source_ids"].split() == sorted(mk["source_ids"].split()) and len(mk["source_ids"].split()) == 3
    # The NJ ZIP lost its leading zero in the spreadsheet; it is restored and the notes say so.
    assert facilities["SYNNJXX"]["zip"] == "07105" and "07105" in facilities["SYNNJXX"]["notes"]
    assert facilities[derived[0]]["zip"] == "07201"
    # Counties outside the tiny package's list stay unplaced and flagged, never dropped.
    assert facilities["SYNNJXX"]["county_fips"] == "" and "county not placed" in facilities["SYNNJXX"]["review_flag"]
    # A footnote digit glued to the name is removed.
    assert facilities[derived[0]]["name"] == "SYNTHETIC PROCESSING CENTER"


def test_years_part_years_zero_and_county_totals(tiny_package, three_files):
    ice_detention.run(three_files, package_dir=tiny_package)
    years = rows(tiny_package, "detention_facility_years")
    mk = {(r["fiscal_year"], r["source_id"]): r for r in years if r["facility_id"] == "SYNMKNC"}
    fy18 = mk[("2018", "ice-detention-facility-list-2017-11-06")]
    assert (fy18["adp"], fy18["part_year"], fy18["data_through"]) == ("3.5", "true", "2017-11-04")
    assert (fy18["facility_book_ins"], fy18["initial_book_ins"]) == ("100", "90")
    fy19 = mk[("2019", "ice-detention-foia-2019-icfo-31121")]
    assert (fy19["adp"], fy19["part_year"], fy19["data_through"]) == ("1.25", "true", "2019-03-23")
    fy22 = mk[("2022", "ice-detention-stats-fy2022")]
    assert (fy22["adp"], fy22["type_detailed"], fy22["part_year"]) == ("2", "USMS IGA", "true")
    # The never-used facility has a facility row but no year rows.
    assert not [r for r in years if r["facility_id"] == "SYNZERO"]
    county = rows(tiny_package, "detention_county_stats")
    for source in {r["source_id"] for r in years}:
        for fy in {r["fiscal_year"] for r in years if r["source_id"] == source}:
            facility_sum = sum(Decimal(r["adp"] or 0) for r in years if r["source_id"] == source and r["fiscal_year"] == fy)
            county_sum = sum(Decimal(r["value"]) for r in county if r["source_id"] == source and r["fiscal_year"] == fy
                             and r["metric"] == "ice_detention_adp_county")
            assert facility_sum == county_sum, (source, fy)


def test_reimport_is_a_no_op(tiny_package, three_files):
    ice_detention.run(three_files, package_dir=tiny_package)
    before = {p.name: p.read_bytes() for p in (tiny_package / "data").glob("*.csv")}
    report = ice_detention.run(list(reversed(three_files)), package_dir=tiny_package)
    assert (report.added, report.changed, report.removed) == (0, 0, 0)
    assert before == {p.name: p.read_bytes() for p in (tiny_package / "data").glob("*.csv")}


def test_changed_header_is_a_clear_error(tiny_package, tmp_path):
    header = [h if h != "Level C" else "Level Cee" for h in STATS_HEADER]
    path = stats(tmp_path / "bad.xlsx", header=header)
    with pytest.raises(AtlasError, match="missing column.*Level C"):
        ice_detention.run([path], package_dir=tiny_package)
    header = [h if h != "FY12 ADP" else "FY 12 ADP" for h in LIST_2017_HEADER]
    with pytest.raises(AtlasError, match="FY12 ADP"):
        ice_detention.run([list_2017(tmp_path / "bad2.xlsx", header=header)], package_dir=tiny_package)
    header = [h if h != "DETLOC" else "Facility code" for h in FOIA_HEADER]
    with pytest.raises(AtlasError, match="no header row"):
        ice_detention.read(_foia_with_header(tmp_path / "bad3.xlsx", header))


def _foia_with_header(path, header):
    foia_31121(path)
    import openpyxl

    wb = openpyxl.load_workbook(path)
    for c, name in enumerate(header, start=1):
        wb.active.cell(row=7, column=c, value=name)
    wb.save(path)
    return path


def test_missing_sheet_is_a_clear_error(tiny_package, tmp_path):
    path = list_2017(tmp_path / "renamed.xlsx", sheet="Main")
    with pytest.raises(AtlasError, match="not a known ICE detention workbook"):
        ice_detention.run([path], package_dir=tiny_package)


def test_missing_data_date_is_a_clear_error(tiny_package, tmp_path):
    path = stats(tmp_path / "nodate.xlsx", source_line="")
    with pytest.raises(AtlasError, match="date of the data"):
        ice_detention.run([path], package_dir=tiny_package)


def test_footnote_rows_are_reported_not_read_as_facilities(tiny_package, tmp_path):
    path = stats(tmp_path / "fy22.xlsx", footnotes=["[1] (SYNTHETIC) houses single adults", "*Subject to change"])
    report = ice_detention.run([path], package_dir=tiny_package)
    assert report.files[0].rows_read == 2
    assert [(p.id, p.line) for p in report.problems if p.id == "footnote-row"] == [("footnote-row", 10),
                                                                                  ("footnote-row", 11)]
    assert len(rows(tiny_package, "detention_facilities")) == 2


def test_zip_as_float_text_and_number(tiny_package, tmp_path):
    assert zip5(27253.0) == ("27253", "")
    assert zip5(7105)[0] == "07105" and "leading zero" in zip5(7105)[1]
    assert zip5("07105") == ("07105", "")
    assert zip5("28202-1234") == ("28202", "")
    assert zip5(None) == ("", "")
    assert zip5("N/A") == ("", "")
    assert zip5(2.5)[0] == "" and "not a ZIP" in zip5(2.5)[1]
    assert zip5("abc")[0] == ""


def test_unreadable_zip_and_figure_are_flagged_rows(tiny_package, tmp_path):
    bad = ["SYNTHETIC TEXT JAIL", "5 SYNTHETIC LANE", "CHARLOTTE", "NC", "not a zip", "ATL", "IGSA", "Male", 1,
           "n/a", "seven", 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    report = ice_detention.run([stats(tmp_path / "fy22.xlsx", rows=[bad])], package_dir=tiny_package)
    assert report.dropped == 0
    year = rows(tiny_package, "detention_facility_years")
    assert len(year) == 1 and "not a number" in year[0]["review_flag"] and "ZIP cell" in year[0]["review_flag"]
    assert year[0]["adp"] == ""  # Level B 'seven' cannot be read, so no sum is given (it would be too small)
    assert rows(tiny_package, "detention_facilities")[0]["zip"] == ""


def test_facility_listed_twice_in_one_year_is_kept_and_flagged(tiny_package, tmp_path):
    row = ["SYNTHETIC TWICE JAIL", "7 SYNTHETIC COURT", "CHARLOTTE", "NC", 28202, "ATL", "IGSA", "Male", 1,
           1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    report = ice_detention.run([stats(tmp_path / "fy22.xlsx", rows=[row, list(row)])], package_dir=tiny_package)
    assert report.dropped == 0
    facilities = rows(tiny_package, "detention_facilities")
    assert len(facilities) == 2
    flagged = [f for f in facilities if "listed twice" in f["review_flag"]]
    assert len(flagged) == 1 and flagged[0]["facility_id"].endswith("-line9")
    county = [r for r in rows(tiny_package, "detention_county_stats") if r["metric"] == "ice_detention_adp_county"]
    assert [(r["county_fips"], r["value"], r["facilities"]) for r in county] == [("37119", "4", "2")]


def test_empty_and_non_workbook_files_are_clear_errors(tiny_package, tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(AtlasError, match="empty"):
        ice_detention.run([empty], package_dir=tiny_package)
    text = tmp_path / "text.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(AtlasError, match="cannot read the workbook"):
        ice_detention.run([text], package_dir=tiny_package)


def test_cli_exit_2_with_a_message_not_a_traceback(tiny_package, tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    result = CliRunner().invoke(cli, ["import", "ice-detention", str(empty), "--package", str(tiny_package)])
    assert result.exit_code == EXIT_CANNOT_RUN
    assert "error:" in result.output and "Traceback" not in result.output


def test_the_same_year_twice_is_a_clear_error(tiny_package, tmp_path):
    with pytest.raises(AtlasError, match="same source"):
        ice_detention.run([stats(tmp_path / "a.xlsx"), stats(tmp_path / "b.xlsx")], package_dir=tiny_package)
