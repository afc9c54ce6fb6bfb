"""SYNTHETIC workbooks in the layouts of ICE's detention spreadsheets (see ../shared/sources/ice-detention/MANIFEST.md).

The layouts are the real ones (title block, merged group-header row, header row, data, footnote rows below);
every facility row and figure is made up for the tests and never reaches datapackage/.
"""
from __future__ import annotations

from pathlib import Path

import openpyxl

LIST_2017_HEADER = (["DETLOC", "Name", "Address", "City", "County", "State", "Zip", "Circuit", "AOR", "Docket", "Type",
                     "Type Detailed"]
                    + [f"FY{y:02d} ADP" for y in range(18, 8, -1)]
                    + [f"FY{y:02d} Facility Bookins" for y in range(18, 14, -1)]
                    + [f"FY{y:02d} Initial Bookins" for y in range(18, 14, -1)])
FOIA_HEADER = (["DETLOC", "Name", "Address", "City", "State", "Zip", "AOR", "Type"]
               + [f"FY{y:02d} ADP" for y in range(19, 10, -1)]
               + ["Male Crim", "Male Non-Crim", "Female Crim", "Female Non-Crim"]
               + [f"FY{y:02d} Initial Bookins" for y in range(19, 10, -1)]
               + ["Authorization Status", "Authorizing Authority"])
STATS_HEADER = ["Name", "Address", "City", "State", "Zip", "AOR", "Type Detailed", "Male/Female", "FY22 ALOS",
                "Level A", "Level B", "Level C", "Level D", "Male Crim", "Male Non-Crim", "Female Crim",
                "Female Non-Crim", "ICE Threat Level 1", "ICE Threat Level 2", "ICE Threat Level 3",
                "No ICE Threat Level", "Mandatory", "Guaranteed Minimum"]


def _save(wb, path: Path) -> Path:
    wb.save(path)
    return path


def list_2017(path: Path, rows: list[list] | None = None, header: list[str] | None = None,
              sheet: str = "Facility List - Main") -> Path:
    """The 2017 Facility List: title rows 1-6, group header row 8, header row 9, data from row 10."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    wb.create_sheet("Notes")
    ws["A1"] = "ERO Custody Management Division"
    ws["A2"] = "Facility List Report"
    ws["A3"] = "3 Facilities, Source: ICE Integrated Decision Support (IIDS), 11/06/2017"
    ws["A5"] = "FY2018 data: IIDS as of 11/06/2017; EID data through 11/04/2017"
    ws["A8"] = "Facility Information"
    ws.merge_cells("A8:L8")
    header = header or LIST_2017_HEADER
    for c, name in enumerate(header, start=1):
        ws.cell(row=9, column=c, value=name)
    if rows is None:
        rows = [
            # DETLOC, Name, Address, City, County, State, Zip, ..., Type, Type Detailed, FY18..FY09 ADP, book-ins
            ["SYNMKNC", "SYNTHETIC COUNTY JAIL NORTH", "1 SYNTHETIC DRIVE", "CHARLOTTE", "MECKLENBURG",
             "NC", 28202, 4, "ATL", "ATL", "USMS IGA", "USMS IGA",
             3.5, 2.25, 1, 1, 1, 1, 2, 20, 50, 90, 100, 300, 300, 280, 90, 400, 300, 270],
            ["SYNNJXX", "SYNTHETIC NEWARK HOLD", "2 SYNTHETIC STREET", "NEWARK", "ESSEX",
             "NJ", 7105, 3, "NEW", "NEW", "Other", "HOLD",
             0, 1.5, 0, 0, 0, 0, 0, 0, 0, 0, 5, 10, 0, 0, 5, 10, 0, 0],
            ["SYNZERO", "SYNTHETIC NEVER USED JAIL", "3 SYNTHETIC ROAD", "GASTONIA", "GASTON",
             "NC", 28052, 4, "ATL", "ATL", "IGSA", "IGSA"] + [0] * 18,
        ]
    for r, row in enumerate(rows, start=10):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    return _save(wb, path)


def foia_31121(path: Path, rows: list[list] | None = None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2019-ICFO-31121"
    ws["A1"] = "ERO Custody Management Division"
    ws["A2"] = "2019-ICFO-31121: Authorized DMCP and JFRMU Detention Facilities List"
    ws["A3"] = "FY2019 data: IIDS as of 03/25/2019; EID data through 03/23/2019"
    ws["A6"] = "Facility Information"
    ws.merge_cells("A6:H6")
    for c, name in enumerate(FOIA_HEADER, start=1):
        ws.cell(row=7, column=c, value=name)
    rows = rows if rows is not None else [
        ["SYNMKNC", "SYNTHETIC COUNTY JAIL NORTH", "1 SYNTHETIC DRIVE", "CHARLOTTE", "NC", 28202, "ATL", "USMS IGA",
         1.25, 3.75, 2.25, 1, 1, 1, 1, 2, 20, 0, 1, 0, 0, 100, 600, 400, 300, 280, 400, 300, 700, 1900,
         "AUTHORIZED", "DMCP"],
    ]
    for r, row in enumerate(rows, start=8):
        for c, value in enumerate(row, start=1):
            ws.cell(row=r, column=c, value=value)
    return _save(wb, path)


def stats(path: Path, rows: list[list] | None = None, fy: int = 22, header: list[str] | None = None,
          footnotes: list[str] = (), sheet: str | None = None, source_line: str | None = None) -> Path:
    """A yearly detentionStats workbook: 'Facilities FYxx' with title rows, group header row 5, header row 7."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Header"
    fs = wb.create_sheet(sheet or f"Facilities FY{fy}")
    wb.create_sheet("Footnotes")
    fs["A1"] = "U.S. Immigration and Customs Enforcement"
    fs["A3"] = f"ICE FACILITIES DATA, FY{fy} "
    fs["A5"] = "Facility Information"
    fs.merge_cells("A5:H5")
    fs["A6"] = source_line if source_line is not None else "Source: ICE Integrated Decision Support (IIDS), 09/19/2022"
    for c, name in enumerate(header or STATS_HEADER, start=1):
        fs.cell(row=7, column=c, value=name)
    rows = rows if rows is not None else [
        ["SYNTHETIC COUNTY JAIL NORTH", "1 SYNTHETIC DRIVE", "CHARLOTTE", "NC", 28202.0, "ATL", "USMS IGA", "Male",
         10, 1.5, 0.25, 0.25, 0, 1, 1, 0, 0, 0, 0, 0, 2, 1, "N/A"],
        ["SYNTHETIC PROCESSING CENTER3", "9 SYNTHETIC WAY", "ELIZABETH", "NJ", 7201, "NEW", "CDF", "Male",
         30, 100.5, 50, 25, 24.5, 100, 100, 0, 0, 50, 50, 50, 50, 150, 200],
    ]
    r = 8
    for row in rows:
        for c, value in enumerate(row, start=1):
            fs.cell(row=r, column=c, value=value)
        r += 1
    for text in footnotes:
        fs.cell(row=r, column=1, value=text)
        r += 1
    return _save(wb, path)
