"""Fixtures for the importer tests: spreadsheets built by the tests themselves and a tiny package.

All rows here are SYNTHETIC test data (made-up signing dates and links); they never reach datapackage/.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from pathlib import Path

import openpyxl
from openpyxl.styles import PatternFill

from atlas.paths import PACKAGE_DIR

# A few real county equivalents (fips, state_fips, name, short_name), enough for the quirks under test.
COUNTIES = [
    ("37071", "37", "Gaston County", "Gaston"),
    ("37119", "37", "Mecklenburg County", "Mecklenburg"),
    ("37063", "37", "Durham County", "Durham"),
    ("51117", "51", "Mecklenburg County", "Mecklenburg"),
    ("51059", "51", "Fairfax County", "Fairfax"),
    ("51600", "51", "Fairfax city", "Fairfax"),
    ("51031", "51", "Campbell County", "Campbell"),
    ("51670", "51", "Hopewell city", "Hopewell"),
    ("22015", "22", "Bossier Parish", "Bossier"),
    ("12111", "12", "St. Lucie County", "St. Lucie"),
    ("12031", "12", "Duval County", "Duval"),
    ("13089", "13", "DeKalb County", "DeKalb"),
    ("02150", "02", "Kodiak Island Borough", "Kodiak Island"),
    ("05047", "05", "Franklin County", "Franklin"),
]
STATES = [("02", "AK", "Alaska"), ("05", "AR", "Arkansas"), ("12", "FL", "Florida"), ("13", "GA", "Georgia"),
          ("22", "LA", "Louisiana"), ("34", "NJ", "New Jersey"), ("37", "NC", "North Carolina"),
          ("51", "VA", "Virginia")]

OLD_LAYOUT = ["STATE", "LAW ENFORCEMENT AGENCY", "SUPPORT TYPE", "SIGNED", "MOA"]
NEW_LAYOUT = ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE", "SIGNED", "MOA", "ADDENDUM"]
PENDING_LAYOUT = ["STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE"]


def make_sheet(path: Path, headers: list, rows: list[list], links: dict[tuple[int, str], str] | None = None,
               blank_formatted_rows: int = 0) -> Path:
    """Write an xlsx like ICE's: headers in row 1; links maps (data row index, header) -> hyperlink target."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    for (index, header), target in (links or {}).items():
        ws.cell(row=index + 2, column=headers.index(header) + 1).hyperlink = target
    fill = PatternFill("solid", fgColor="FFFF00")
    for extra in range(blank_formatted_rows):
        for col in range(1, len(headers) + 1):
            ws.cell(row=len(rows) + 2 + extra, column=col).fill = fill
    wb.save(path)
    return path


def write_csv(path: Path, header: list[str], rows: list[tuple]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def build_tiny_package(tmp_path: Path) -> Path:
    """The real descriptor and schemas with a handful of counties and otherwise empty tables."""
    root = tmp_path / "datapackage"
    shutil.copytree(PACKAGE_DIR / "schemas", root / "schemas")
    shutil.copy(PACKAGE_DIR / "datapackage.json", root / "datapackage.json")
    (root / "data").mkdir()
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor["resources"]:
        schema = json.loads((root / res["schema"]).read_text(encoding="utf-8"))
        write_csv(root / res["path"], [f["name"] for f in schema["fields"]], [])
    write_csv(root / "data" / "counties.csv",
              ["fips", "state_fips", "name", "short_name", "valid_from", "valid_to", "successor_fips", "notes"],
              [(*c, "", "", "", "") for c in COUNTIES])
    write_csv(root / "data" / "states.csv", ["fips", "usps", "name"], STATES)
    return root


def d(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


STATS_HEADER = ["state", "agency", "agency_short", "fiscal_year", "fy_start", "fy_end", "identified", "removed",
                "attests_active", "source_footnote", "latitude", "longitude", "address", "agency_raw", "source"]
ROSTER_HEADER = ["snapshot_ts", "capture_date", "caption", "caption_n", "content_asof", "asof_basis", "state",
                 "agency", "support_type", "date_signed", "moa_file"]


def stats_file(tmp_path):
    """A SYNTHETIC FOIA table: four agencies in North Carolina, a blank and a zero count."""
    rows = [
        ("NORTH CAROLINA", "Gaston County Sheriff Office", "Gaston County Sheriff", 2008, "", "", 10, "", "TRUE",
         "FALSE", "", "", "", "Gaston County Sheriff Office", "synthetic"),
        ("NORTH CAROLINA", "Gaston County Sheriff Office", "Gaston County Sheriff", 2009, "", "", 0, 0, "FALSE",
         "TRUE", "", "", "", "Gaston County Sheriff Office*", "synthetic"),
        ("NORTH CAROLINA", "NC Department of Public Safety", "", 2009, "", "", 5, 4, "TRUE", "FALSE", "", "", "",
         "", "synthetic"),
        ("NORTH CAROLINA", "Nowhere Police Department", "", 2009, "", "", 1, 1, "TRUE", "FALSE", "", "", "", "",
         "synthetic"),
    ]
    path = tmp_path / "pre2018-ice-removals-long.csv"
    write_csv(path, STATS_HEADER, rows)
    return path


def roster_file(tmp_path):
    """A SYNTHETIC roster: two captures of three North Carolina agreements."""
    def row(ts, date, agency, signed, state="NORTH CAROLINA"):
        return (ts, date, "", "", date, "capture date (caption stale)", state, agency, "Jail Enforcement", signed,
                "r_synthetic.pdf")
    rows = [
        row("20160611000000", "2016-06-11", "Mecklenburg County Sheriff's Office", "2013-12-30"),
        row("20160611000000", "2016-06-11", "Gaston County Sheriff's Office", "2016-06-08"),
        row("20160611000000", "2016-06-11", "Wake County Sheriff's Office", "2013-06-28"),
        row("20170801000000", "2017-08-01", "Mecklenburg County Sheriff's Office", "2017-02-28"),
        row("20170801000000", "2017-08-01", "Gaston County Sheriff's Office", "2016-06-08"),
    ]
    path = tmp_path / "pre2018-roster-long.csv"
    write_csv(path, ROSTER_HEADER, rows)
    return path
