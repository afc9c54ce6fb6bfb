"""The sheet importer, quirk by quirk, on small SYNTHETIC spreadsheets built by the tests."""
from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from importer_fixtures import NEW_LAYOUT, OLD_LAYOUT, PENDING_LAYOUT, d, make_sheet

from atlas.cli import cli
from atlas.importers import ice_287g
from atlas.importers.county_match import CountyIndex
from atlas.importers.history import build_agreements
from atlas.package import load_package
from atlas.problems import AtlasError

GASTON = ["NORTH CAROLINA", "Gaston County Sheriff's Office", "Jail Enforcement Model", "2020-06-09",
          "https://example.org/synthetic/gaston.pdf"]


def listings_of(path, series="participating", snapshot=dt.date(2025, 1, 1)):
    sheet = ice_287g.read(path)
    items, problems = ice_287g.normalise(sheet, snapshot, series, f"ice-287g-list-{series}-{snapshot}")
    return sheet, items, problems


def test_columns_are_found_by_name_in_an_unseen_order(tmp_path):
    headers = ["MOA", "SIGNED", "COUNTY", "SUPPORT TYPE", "STATE", "TYPE", "LAW ENFORCEMENT AGENCY"]
    path = make_sheet(tmp_path / "participatingAgencies01022025am.xlsx", headers,
                      [["https://example.org/x.pdf", d("2025-01-02"), "Gaston County", "Task Force Model",
                        "NORTH CAROLINA", "County", "Gaston County Sheriff's Office"]])
    _, [item], problems = listings_of(path)
    assert problems == []
    assert (item.state, item.agency, item.model, item.signed, item.agency_type, item.county_text, item.moa_url) == (
        "NC", "Gaston County Sheriff's Office", "task_force", dt.date(2025, 1, 2), "county", "Gaston County",
        "https://example.org/x.pdf")


def test_unknown_header_stops_the_import_naming_file_and_header(tmp_path):
    path = make_sheet(tmp_path / "participatingAgencies01022025am.xlsx",
                      ["STATE", "AGENCY NAME", "SUPPORT TYPE", "SIGNED"], [["TEXAS", "X", "Task Force Model", ""]])
    with pytest.raises(AtlasError) as err:
        ice_287g.read(path)
    assert str(err.value).startswith(f"{path}: unknown header 'AGENCY NAME' (known headers: STATE, ")


def test_missing_required_header_stops_the_import(tmp_path):
    path = make_sheet(tmp_path / "participatingAgencies01022025am.xlsx",
                      ["STATE", "LAW ENFORCEMENT AGENCY", "SIGNED"], [["TEXAS", "X", "2025-01-01"]])
    with pytest.raises(AtlasError, match=r"missing required header 'SUPPORT TYPE'") as err:
        ice_287g.read(path)
    assert str(path) in str(err.value)


def test_a_participating_list_needs_signed_but_a_pending_list_does_not(tmp_path):
    path = make_sheet(tmp_path / "participatingAgencies01022025am.xlsx", PENDING_LAYOUT,
                      [["TEXAS", "Harris County Sheriff's Office", "County", "Harris County", "Task Force Model"]])
    sheet = ice_287g.read(path)
    with pytest.raises(AtlasError, match=r"missing required header 'SIGNED'"):
        ice_287g.normalise(sheet, dt.date(2025, 1, 2), "participating", "x")
    items, _ = ice_287g.normalise(sheet, dt.date(2025, 1, 2), "pending", "x")
    assert items[0].signed is None and items[0].flags == []


def test_unreadable_file_is_a_clear_error(tmp_path):
    path = tmp_path / "participatingAgencies01022025am.xlsx"
    path.write_text("not a spreadsheet")
    with pytest.raises(AtlasError, match="cannot read the spreadsheet") as err:
        ice_287g.read(path)
    assert str(path) in str(err.value)


def test_blank_but_formatted_rows_are_skipped_and_counted(tmp_path):
    path = make_sheet(tmp_path / "pendingAgencies02272026am.xlsx", PENDING_LAYOUT,
                      [["ARKANSAS", "Franklin County Sheriff's Office", "County", "Franklin County", "Task Force Model"],
                       [None, "  ", None, None, None]], blank_formatted_rows=5)
    sheet = ice_287g.read(path)
    assert len(sheet.rows) == 1
    assert sheet.blank_rows == 6


def test_text_is_trimmed_and_states_and_models_normalised(tmp_path):
    path = make_sheet(tmp_path / "participatingAgencies01022025am.xlsx", NEW_LAYOUT,
                      [["LOUISIANA ", "  Bossier  Parish Sheriff's   Office ", "County ", "Bossier Parish ",
                        "Jail Enforcement Model ", d("2025-03-04"), "link", None]])
    _, [item], _ = listings_of(path)
    assert (item.state, item.agency, item.agency_type, item.model) == (
        "LA", "Bossier Parish Sheriff's Office", "county", "jail_enforcement")


@pytest.mark.parametrize("cell, signed, flagged", [
    (d("2025-05-08"), dt.date(2025, 5, 8), False),
    ("2016-06-08", dt.date(2016, 6, 8), False),
    ("05/08/2025", dt.date(2025, 5, 8), False),
    ("05/082025", None, True),
    ("2025-02-30", None, True),
])
def test_signing_dates_from_datetimes_text_and_malformed_text(tmp_path, cell, signed, flagged):
    row = list(GASTON)
    row[3] = cell
    path = make_sheet(tmp_path / "ParticipatingEntities-20250101000000.xlsx", OLD_LAYOUT, [row])
    _, [item], _ = listings_of(path)
    assert item.signed == signed
    assert any(f.startswith("malformed signing date:") for f in item.flags) == flagged


def test_moa_cells_hyperlinks_urls_link_pending_and_blank(tmp_path):
    safelink = ("https://gcc02.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.ice.gov%2Fdoclib%2F287gMOA"
                "%2FSynthetic.pdf&data=05")
    rows = [["NORTH CAROLINA", f"Agency {i} County Sheriff's Office", "County", "Gaston County", "Task Force Model",
             d("2025-01-01"), moa, None] for i, moa in enumerate(["link", "https://example.org/bare.pdf",
                                                                  "link pending ", None, "link"])]
    path = make_sheet(tmp_path / "participatingAgencies01022025am.xlsx", NEW_LAYOUT, rows,
                      links={(0, "MOA"): "https://example.org/linked.pdf", (4, "MOA"): safelink,
                             (0, "ADDENDUM"): "https://example.org/addendum.pdf"})
    _, items, _ = listings_of(path)
    assert [i.moa_url for i in items] == ["https://example.org/linked.pdf", "https://example.org/bare.pdf", None, None,
                                          "https://www.ice.gov/doclib/287gMOA/Synthetic.pdf"]
    assert [i.moa_pending for i in items] == [False, False, True, False, False]
    assert items[0].addendum_url == "https://example.org/addendum.pdf"


def test_type_values_and_na_county_cells(tmp_path):
    rows = [["FLORIDA", "Florida Department of Corrections", "State Agency ", "#N/A", "Task Force Model",
             d("2025-01-01"), None, None],
            ["FLORIDA", "Kissimmee Police Department", "Municipality ", "#NA", "Task Force Model",
             d("2025-01-01"), None, None]]
    path = make_sheet(tmp_path / "participatingAgencies01022025am.xlsx", NEW_LAYOUT, rows)
    _, items, _ = listings_of(path)
    assert [i.agency_type for i in items] == ["state", "municipal"]


def build(tmp_path, tiny_package, rows, headers=NEW_LAYOUT, name="participatingAgencies01022025am.xlsx"):
    path = make_sheet(tmp_path / name, headers, rows)
    _, items, _ = listings_of(path)
    counties = CountyIndex.from_package(load_package(tiny_package))
    agreements, _ = build_agreements(items, counties)
    return {a["agency"]: a for a in agreements}


def test_county_from_column_name_alias_and_state_agencies(tmp_path, tiny_package):
    rows = [
        ["VIRGINIA", "Mecklenburg County Sheriff's Office", "County", "Mecklenburg County", "Task Force Model",
         d("2025-05-13"), None, None],
        ["NORTH CAROLINA", "Gaston County Sheriff's Office", "County", "#N/A", "Task Force Model",
         d("2025-01-01"), None, None],
        ["VIRGINIA", "Hopewell County Sheriff's Office", "County", "#N/A", "Task Force Model", d("2025-01-01"), None,
         None],
        ["VIRGINIA", "Virginia Department of Corrections", "State Agency", "Richmond", "Task Force Model",
         d("2025-01-01"), None, None],
        ["FLORIDA", "Port Saint Lucie Police Department", "Municipality", "St. Luice County", "Task Force Model",
         d("2025-01-01"), None, None],
        ["GEORGIA", "Town Police Department", "Municipality", "De Kalb County", "Task Force Model", d("2025-01-01"),
         None, None],
    ]
    got = build(tmp_path, tiny_package, rows)
    assert got["Mecklenburg County Sheriff's Office"]["county_fips"] == "51117"
    assert got["Gaston County Sheriff's Office"]["county_fips"] == "37071"
    assert got["Hopewell County Sheriff's Office"]["county_fips"] == "51670"  # alias table: independent city
    assert got["Virginia Department of Corrections"]["county_fips"] == ""
    assert got["Virginia Department of Corrections"]["review_flag"] == ""
    assert got["Port Saint Lucie Police Department"]["county_fips"] == "12111"  # county_fixes.csv
    assert got["Town Police Department"]["county_fips"] == "13089"  # 'De Kalb' = 'DeKalb'


def test_same_named_counties_in_other_states_and_city_versus_county(tmp_path, tiny_package):
    rows = [
        ["NORTH CAROLINA", "Mecklenburg County Sheriff's Office", "County", "", "Jail Enforcement Model",
         d("2025-01-01"), None, None],
        ["VIRGINIA", "Fairfax County Police Department", "County", "Fairfax County", "Task Force Model",
         d("2025-01-01"), None, None],
        ["VIRGINIA", "Town of Nowhere Police Department", "Municipality", "Fairfax", "Task Force Model",
         d("2025-01-01"), None, None],
    ]
    got = build(tmp_path, tiny_package, rows)
    assert got["Mecklenburg County Sheriff's Office"]["county_fips"] == "37119"
    assert got["Fairfax County Police Department"]["county_fips"] == "51059"
    unmatched = got["Town of Nowhere Police Department"]
    assert unmatched["county_fips"] == ""
    assert unmatched["review_flag"].startswith("county not matched: Town of Nowhere Police Department (VA)")
    assert "ambiguous" in unmatched["review_flag"]


def test_an_unmatched_agency_is_kept_and_flagged(tmp_path, tiny_package):
    got = build(tmp_path, tiny_package, [["NORTH CAROLINA", "Nowhere Police Department", "Municipality", "#N/A",
                                          "Task Force Model", d("2025-01-01"), None, None]])
    row = got["Nowhere Police Department"]
    assert row["county_fips"] == "" and row["review_flag"].startswith("county not matched:")


def test_county_column_of_another_list_places_the_same_agency(tmp_path, tiny_package):
    old = make_sheet(tmp_path / "ParticipatingEntities-20210101000000.xlsx", OLD_LAYOUT,
                     [["NORTH CAROLINA", "City of Durham Police Department", "Task Force Model", "2020-01-01", None]])
    new = make_sheet(tmp_path / "participatingAgencies01022025am.xlsx", NEW_LAYOUT,
                     [["NORTH CAROLINA", "City of Durham Police Department", "Municipality", "Durham County",
                       "Warrant Service Officer", d("2025-01-01"), None, None]])
    items = listings_of(old, snapshot=dt.date(2021, 1, 1))[1] + listings_of(new)[1]
    rows, _ = build_agreements(items, CountyIndex.from_package(load_package(tiny_package)))
    assert {r["model"]: r["county_fips"] for r in rows} == {"task_force": "37063", "warrant_service_officer": "37063"}


def test_snapshot_dates_from_file_names_and_as_of():
    assert ice_287g.snapshot_date(__import__("pathlib").Path("ParticipatingEntities-20210113002027.xlsx"), {}) == \
        dt.date(2021, 1, 13)
    assert ice_287g.snapshot_date(__import__("pathlib").Path("participatingAgencies05162025am.xlsx"), {}) == \
        dt.date(2025, 5, 16)
    path = __import__("pathlib").Path("list.xlsx")
    assert ice_287g.snapshot_date(path, ice_287g.parse_as_of(["list.xlsx=2024-02-03"])) == dt.date(2024, 2, 3)
    with pytest.raises(AtlasError, match=r"pass --as-of list.xlsx=YYYY-MM-DD"):
        ice_287g.snapshot_date(path, {})


def test_cli_exits_2_with_the_header_error(tmp_path, tiny_package):
    path = make_sheet(tmp_path / "participatingAgencies01022025am.xlsx",
                      ["STATE", "LAW ENFORCEMENT AGENCY", "SUPPORT TYPE", "SIGNED", "NOTES"],
                      [["TEXAS", "X", "Task Force Model", "2025-01-01", "n"]])
    result = CliRunner().invoke(cli, ["import", "ice-287g", str(path), "--package", str(tiny_package)])
    assert result.exit_code == 2
    assert f"error: {path}: unknown header 'NOTES'" in result.output
