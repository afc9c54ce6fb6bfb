"""Reading ICE's three spreadsheet layouts into Sheets of Observations, one per facility and fiscal year.

Each reader checks its layout (header row, required columns) and turns cells into typed values; a cell it cannot
read becomes a flag on the observation, a layout it does not know an AtlasError. Nothing here links facilities
across files or places them in counties.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ...problems import AtlasError, Problem
from ..facility_county import zip5
from ..normalise import clean_text, is_missing, state_code
from .constants import FOIA_31121, LIST_2017, SOURCE_PREFIX, STATS

# ICE's facility type codes as the files write them -> the code stored (upper case, one spelling).
TYPE_SPELLINGS = {"OTHER": "OTHER", "USMS IGA": "USMS IGA", "USMS CDF": "USMS CDF"}


@dataclass
class Observation:
    """One facility in one fiscal year of one file, as the file gives it."""

    file: str
    line: int
    source_id: str
    fiscal_year: int
    detloc: str
    name: str
    address: str
    city: str
    state: str  # USPS, '' when unreadable or redacted
    state_raw: str
    zip: str
    zip_note: str
    county_raw: str
    type: str
    type_detailed: str
    adp: Decimal | None
    initial_book_ins: int | None
    facility_book_ins: int | None
    part_year: bool
    data_through: dt.date
    notes: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    facility_id: str = ""


@dataclass
class Sheet:
    path: Path
    kind: str
    source_id: str
    title: str
    data_date: dt.date
    observations: list[Observation]
    rows_read: int
    blank_rows: int
    footnote_rows: list[tuple[int, str]]
    problems: list[Problem]
    sheet_total_adp: dict[int, Decimal]  # fiscal year -> sum of the ADP cells as the sheet has them

def _open(path: Path):
    import openpyxl

    path = Path(path)
    if not path.exists():
        raise AtlasError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise AtlasError(f"{path}: the file is empty")
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a file that is not a workbook
        raise AtlasError(f"{path}: cannot read the workbook ({type(err).__name__}: {err})") from err


def _rows(ws) -> list[tuple]:
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def _header_index(rows: list[tuple], first: str, path: Path, sheet: str) -> int:
    for i, row in enumerate(rows[:40]):
        if row and clean_text(row[0]) == first:
            return i
    raise AtlasError(f"{path}: sheet {sheet!r}: no header row starting with {first!r} in the first 40 rows; "
                     "the layout has changed")


def _columns(header: tuple, required: list[str], path: Path, sheet: str) -> dict[str, int]:
    names = [clean_text(h) for h in header]
    cols = {}
    for i, name in enumerate(names):
        if name and name not in cols:
            cols[name] = i
    missing = [r for r in required if r not in cols]
    if missing:
        raise AtlasError(f"{path}: sheet {sheet!r}: missing column(s) {', '.join(repr(m) for m in missing)} "
                         f"(header row has: {', '.join(n for n in names if n)})")
    return cols


def _number(value, what: str, obs_flags: list[str]) -> Decimal | None:
    """A figure cell as a Decimal (6 places); None for an empty cell; a flag for text that is not a number."""
    if value is None or (isinstance(value, str) and is_missing(value)):
        return None
    if isinstance(value, bool):
        obs_flags.append(f"{what} cell {value!r} is not a number")
        return None
    if isinstance(value, (int, float)):
        return Decimal(repr(float(value))).quantize(Decimal("0.000001"))
    text = clean_text(value).replace(",", "")
    try:
        return Decimal(text).quantize(Decimal("0.000001"))
    except Exception:
        obs_flags.append(f"{what} cell {clean_text(value)!r} is not a number, left empty")
        return None


def _count(value, what: str, obs_flags: list[str]) -> int | None:
    number = _number(value, what, obs_flags)
    if number is None:
        return None
    if number != number.to_integral_value():
        obs_flags.append(f"{what} {number} is not a whole number, left empty")
        return None
    return int(number)


def _type(value) -> str:
    text = clean_text(value).upper()
    return TYPE_SPELLINGS.get(text, text)


def _name(value) -> str:
    """ICE's name without trailing spaces or a footnote marker glued to the last word ('CENTER3')."""
    text = clean_text(value)
    return re.sub(r"(?<=[A-Za-z)])\d$", "", text)


def _date(text: str) -> dt.date | None:
    m = re.search(r"(\d{1,2})/(\d{1,2})/(\d{2,4})", text)
    if not m:
        return None
    month, day, year = (int(g) for g in m.groups())
    year += 2000 if year < 100 else 0
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def fy_end(fy: int) -> dt.date:
    return dt.date(fy, 9, 30)


def source_id_for(kind: str, fiscal_year: int | None = None) -> str:
    if kind == LIST_2017:
        return f"{SOURCE_PREFIX}facility-list-2017-11-06"
    if kind == FOIA_31121:
        return f"{SOURCE_PREFIX}foia-2019-icfo-31121"
    return f"{SOURCE_PREFIX}stats-fy{fiscal_year}"


def read(path: Path) -> Sheet:
    """Read one of ICE's detention spreadsheets, recognised by its sheets; AtlasError for anything else."""
    path = Path(path)
    wb = _open(path)
    try:
        names = wb.sheetnames
        if "Facility List - Main" in names:
            return _read_list_2017(path, wb)
        if "2019-ICFO-31121" in names:
            return _read_31121(path, wb)
        facility_sheets = [n for n in names if n.strip().startswith("Facilities")]
        if len(facility_sheets) == 1:
            return _read_stats(path, wb, facility_sheets[0])
        if len(facility_sheets) > 1:
            raise AtlasError(f"{path}: more than one facilities sheet ({', '.join(facility_sheets)})")
        raise AtlasError(f"{path}: not a known ICE detention workbook: no 'Facility List - Main', '2019-ICFO-31121' "
                         f"or 'Facilities FYxx' sheet (sheets: {', '.join(names)})")
    finally:
        wb.close()


def _location(rec: tuple, cols: dict[str, int], notes: list[str], flags: list[str]) -> dict:
    state_raw = clean_text(rec[cols["State"]])
    usps = state_code(state_raw) or ""
    if not usps and state_raw.lower() != "redacted":
        flags.append(f"unknown state {state_raw!r}")
    z, note = zip5(rec[cols["Zip"]])
    if note:
        (flags if not z else notes).append(note)
    return {"state": usps, "state_raw": state_raw, "zip": z, "zip_note": note,
            "address": clean_text(rec[cols["Address"]]), "city": clean_text(rec[cols["City"]])}


def _data_rows(rows: list[tuple], start: int, width: int):
    """(line, cells) of the rows below the header; fully blank rows are counted, not returned."""
    blank = 0
    out = []
    for i in range(start, len(rows)):
        rec = tuple(rows[i][:width]) + (None,) * max(0, width - len(rows[i]))
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in rec):
            blank += 1
            continue
        out.append((i + 1, rec))
    return out, blank


def _is_footnote(rec: tuple, cols: dict[str, int], key_columns: list[str]) -> bool:
    """A text row below the data: only the first cell filled (ICE's footnotes under FY22 and FY23)."""
    others = [rec[cols[c]] for c in key_columns]
    return rec[0] is not None and all(v is None or (isinstance(v, str) and not v.strip()) for v in others)


def _facility_rows(data: list, cols: dict[str, int], key_columns: list[str], footnotes: list):
    """(line, cells, location, notes, flags) of each facility row of a sheet; a footnote row below the data goes to
    `footnotes` instead. `notes` and `flags` are the row's own lists, which the location already wrote to."""
    for line, rec in data:
        if _is_footnote(rec, cols, key_columns):
            footnotes.append((line, clean_text(rec[0])))
            continue
        notes, flags = [], []
        yield line, rec, _location(rec, cols, notes, flags), notes, flags


def _read_list_2017(path: Path, wb) -> Sheet:
    sheet = "Facility List - Main"
    rows = _rows(wb[sheet])
    h = _header_index(rows, "DETLOC", path, sheet)
    adp_years = list(range(2009, 2019))
    book_years = list(range(2015, 2019))
    required = (["DETLOC", "Name", "Address", "City", "County", "State", "Zip", "Type", "Type Detailed"]
                + [f"FY{y % 100:02d} ADP" for y in adp_years]
                + [f"FY{y % 100:02d} Facility Bookins" for y in book_years]
                + [f"FY{y % 100:02d} Initial Bookins" for y in book_years])
    cols = _columns(rows[h], required, path, sheet)
    title = " ".join(clean_text(r[0]) for r in rows[:h] if r and r[0])
    data_date = _date(next((clean_text(r[0]) for r in rows[:h] if r and "Facilities, Source" in clean_text(r[0])), "")) \
        or dt.date(2017, 11, 6)
    fy18_through = dt.date(2017, 11, 4)  # "FY2018 data: IIDS as of 11/06/2017; EID data through 11/04/2017"
    source_id = source_id_for(LIST_2017)
    data, blank = _data_rows(rows, h + 1, len(rows[h]))
    observations, footnotes, problems = [], [], []
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for line, rec, loc, notes, flags in _facility_rows(data, cols, ["Name", "State", "Type"], footnotes):
        detloc = clean_text(rec[cols["DETLOC"]])
        for fy in adp_years:
            part = fy == 2018
            row_flags = list(flags)
            adp = _number(rec[cols[f"FY{fy % 100:02d} ADP"]], f"FY{fy} ADP", row_flags)
            fb = ib = None
            if fy in book_years:
                fb = _count(rec[cols[f"FY{fy % 100:02d} Facility Bookins"]], f"FY{fy} facility book-ins", row_flags)
                ib = _count(rec[cols[f"FY{fy % 100:02d} Initial Bookins"]], f"FY{fy} initial book-ins", row_flags)
            if adp is not None:
                totals[fy] += adp
            observations.append(Observation(
                path.name, line, source_id, fy, detloc, _name(rec[cols["Name"]]), loc["address"], loc["city"],
                loc["state"], loc["state_raw"], loc["zip"], loc["zip_note"], clean_text(rec[cols["County"]]),
                _type(rec[cols["Type"]]), _type(rec[cols["Type Detailed"]]), adp, ib, fb, part,
                fy18_through if part else fy_end(fy), list(notes), row_flags))
    return Sheet(path, LIST_2017, source_id, title, data_date, observations, len(data) - len(footnotes), blank,
                 footnotes, problems, dict(totals))


def _read_31121(path: Path, wb) -> Sheet:
    sheet = "2019-ICFO-31121"
    rows = _rows(wb[sheet])
    h = _header_index(rows, "DETLOC", path, sheet)
    years = list(range(2011, 2020))
    required = (["DETLOC", "Name", "Address", "City", "State", "Zip", "Type"]
                + [f"FY{y % 100:02d} ADP" for y in years] + [f"FY{y % 100:02d} Initial Bookins" for y in years])
    header = rows[h]
    width = max(i for i, v in enumerate(header) if v is not None) + 1  # read-only mode reports empty columns
    cols = _columns(header[:width], required, path, sheet)
    title = " ".join(clean_text(r[0]) for r in rows[:h] if r and r[0])
    fy19_through = dt.date(2019, 3, 23)  # "FY2019 data: IIDS as of 03/25/2019; EID data through 03/23/2019"
    source_id = source_id_for(FOIA_31121)
    data, blank = _data_rows(rows, h + 1, width)
    observations, footnotes = [], []
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for line, rec, loc, notes, flags in _facility_rows(data, cols, ["Name", "State", "Type"], footnotes):
        for fy in years:
            part = fy == 2019
            row_flags = list(flags)
            row_notes = list(notes)
            adp = _number(rec[cols[f"FY{fy % 100:02d} ADP"]], f"FY{fy} ADP", row_flags)
            ib = _count(rec[cols[f"FY{fy % 100:02d} Initial Bookins"]], f"FY{fy} initial book-ins", row_flags)
            if fy == 2011:
                row_notes.append("ICE's file gives FY2011 ADP rounded to whole numbers.")
            if adp is not None:
                totals[fy] += adp
            observations.append(Observation(
                path.name, line, source_id, fy, clean_text(rec[cols["DETLOC"]]), _name(rec[cols["Name"]]),
                loc["address"], loc["city"], loc["state"], loc["state_raw"], loc["zip"], loc["zip_note"], "",
                _type(rec[cols["Type"]]), "", adp, ib, None, part, fy19_through if part else fy_end(fy),
                row_notes, row_flags))
    return Sheet(path, FOIA_31121, source_id, title, dt.date(2019, 3, 25), observations, len(data) - len(footnotes),
                 blank, footnotes, [], dict(totals))


def _read_stats(path: Path, wb, sheet: str) -> Sheet:
    rows = _rows(wb[sheet])
    h = _header_index(rows, "Name", path, sheet)
    levels = ["Level A", "Level B", "Level C", "Level D"]
    cols = _columns(rows[h], ["Name", "Address", "City", "State", "Zip", "Type Detailed"] + levels, path, sheet)
    above = [clean_text(r[0]) for r in rows[:h] if r and r[0] is not None]
    title = next((t for t in above if "FACILITIES DATA" in t.upper()), sheet)
    m = re.search(r"FY\s?(?:20)?(\d{2})\b", title.upper()) or re.search(r"FY\s?(?:20)?(\d{2})", sheet.upper())
    if not m:
        raise AtlasError(f"{path}: sheet {sheet!r}: cannot tell the fiscal year from the title {title!r}")
    fy = 2000 + int(m.group(1))
    source_line = next((t for t in above if re.match(r"(Data )?Source:", t) and "IIDS" in t), "")
    data_date = _date(source_line)
    if data_date is None:
        raise AtlasError(f"{path}: sheet {sheet!r}: no 'Source: ... (IIDS), MM/DD/YYYY' line above the header, "
                         "so the date of the data is unknown")
    part = data_date < fy_end(fy)
    source_id = source_id_for(STATS, fy)
    data, blank = _data_rows(rows, h + 1, len(rows[h]))
    observations, footnotes = [], []
    total = Decimal(0)
    for line, rec, loc, notes, flags in _facility_rows(data, cols, ["State", "Type Detailed"] + levels, footnotes):
        before = len(flags)
        parts = [_number(rec[cols[c]], f"FY{fy} ADP {c}", flags) for c in levels]
        adp = sum(p for p in parts if p is not None) if any(p is not None for p in parts) else None
        if len(flags) > before:  # a level that cannot be read would make the sum too small
            adp = None
            flags.append("ADP left empty because a Level cell is not a number")
        if adp is not None:
            total += adp
        notes.append("ADP is the sum of ICE's Level A-D columns (the sheet has no total).")
        observations.append(Observation(
            path.name, line, source_id, fy, "", _name(rec[cols["Name"]]), loc["address"], loc["city"], loc["state"],
            loc["state_raw"], loc["zip"], loc["zip_note"], "", "", _type(rec[cols["Type Detailed"]]), adp, None, None,
            part, data_date if part else fy_end(fy), notes, flags))
    return Sheet(path, STATS, source_id, title, data_date, observations, len(data) - len(footnotes), blank, footnotes,
                 [], {fy: total})
