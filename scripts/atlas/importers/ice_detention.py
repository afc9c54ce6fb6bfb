"""Import ICE's detention-facility spreadsheets: facilities, their figures by fiscal year, and county totals.

Inputs (all ICE publications or FOIA releases; see ../shared/sources/ice-detention/MANIFEST.md):
- ICE ERO Facility List Report of 2017-11-06 (`Facility List - Main`): DETLOC, name, address, County, type,
  ADP FY2009-FY2018 (FY2018 about five weeks), facility and initial book-ins FY2015-FY2018.
- FOIA 2019-ICFO-31121: DETLOC, address, type, ADP and initial book-ins FY2011-FY2019 (FY2019 to 2019-03-23).
- ICE's yearly detention statistics (`Facilities FYxx` sheets) FY2019-FY2026: name, address, detailed type and
  ADP by classification level (ADP = Level A+B+C+D); no DETLOC, no county, no book-ins. A facility appears only
  if it held someone on the day of the data pull.
The FOIA PDF of FY2007-FY2012 ADP (detaineepopfy07-fy12.pdf) is not read.

Recipe: read(path) -> Sheet of observations (one per facility and fiscal year, as the file gives them);
link(sheets) -> facilities with stable ids (ICE's DETLOC where a file gives one, otherwise an id derived from
the address); place facilities in counties (facility_county.py); aggregate to county x fiscal year in DuckDB
(aggregate.py); write three resources and report counts in and out.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..package import load_package
from ..problems import AtlasError, Problem
from . import aggregate
from .county_match import CountyIndex
from .facility_county import FacilityCounties, zip5
from .normalise import clean_text, is_missing, state_code
from .provenance import sha256_of
from .report import FileCount, ImportReport
from .tables import PackageWrite

ICE = "U.S. Immigration and Customs Enforcement"
SOURCE_PREFIX = "ice-detention-"
METRIC_ADP = "ice_detention_adp"
METRIC_INITIAL = "ice_detention_initial_book_ins"
METRIC_FACILITY = "ice_detention_facility_book_ins"
COUNTY_METRICS = {METRIC_ADP: "ice_detention_adp_county", METRIC_INITIAL: "ice_detention_initial_book_ins_county",
                  METRIC_FACILITY: "ice_detention_facility_book_ins_county"}
FIGURE_FIELDS = {METRIC_ADP: "adp", METRIC_INITIAL: "initial_book_ins", METRIC_FACILITY: "facility_book_ins"}

LIST_2017 = "facility-list"
FOIA_31121 = "foia-31121"
STATS = "detention-stats"

# sha256 -> (repository, commit, path) of the staged copies (from ../shared/sources/ice-detention/MANIFEST.md).
_UW, _UW_C = "UWCHR/ice-facilities", "2b4457f84feb8ac03d7b109563ec20629826a055"
_VERA, _VERA_C = "vera-institute/ice-fytd-stats", "e01a6fe01b0d498f5f8095bc6366c90fab0f5273"
KNOWN_FILES = {
    "d4721ff9e4b1614e2fd898389d5dec190473106457c909fa11a43ef640406c51": (_UW, _UW_C, "import/input/ICE_Facility_List_11-06-2017-web.xlsx"),
    "1468c5ba3ca92d1ac5fc5e35a2d6eec916507383a56f184493ce2ee7bba2fb40": (_UW, _UW_C, "import/input/2019-ICFO-31121.xlsx"),
    "35b0eaf280d5df061b19e23520dfbb436325c3c4e70b72e37b1deb39df532beb": (_VERA, _VERA_C, "raw/FY2019/2019-10-06_FY19-detentionstats.xlsx"),
    "6c63df07b7b58387fcfa139738a07769a29c423c92d3a4d89ced272b3395c20c": (_VERA, _VERA_C, "raw/FY2020/2021-01-14_FY20-detentionstats.xlsx"),
    "66ce2cc482f72082c626eab08f45b8686c5ab3d7c6b8d758cc2bd6b3fcecc697": (_VERA, _VERA_C, "raw/FY2021/2021-11-13_FY21_detentionStats11122021.xlsx"),
    "e212d479190015c4b4f12226e517bb42669d5ac2d619311b65c656d5784ccdc3": (_VERA, _VERA_C, "raw/FY2022/2022-09-30_FY22_detentionStats09292022.xlsx"),
    "12185efdb1215b9e3242c9f4f4eda5b856ce3fd4978917d105e1a4edf4226129": (_VERA, _VERA_C, "raw/FY2023/2023-11-08_FY23_detentionStats10312023.xlsx"),
    "ebd4a083f33aca8d7cc717ee4b9c363ac2f4b6c0e74b9ddc54b0772a414ce29e": (_VERA, _VERA_C, "raw/FY2024/2024-10-01_FY24_detentionStats.xlsx"),
    "3b9e2d626b1e249b2c87539554758333b27bc0da64a37e5dac99944a210c0782": (_VERA, _VERA_C, "raw/FY2025/2025-10-30_FY25_detentionStats09252025.xlsx"),
    "055a59c6fc97eee8cf2bd012525c3c1c56b63ee1b0a51feecf1e5e059c1bfdba": (_VERA, _VERA_C, "raw/FY2026/2026-02-13_FY26_detentionStats_02122026.xlsx"),
}

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


# --- reading ---------------------------------------------------------------------------------------------------

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
    for line, rec in data:
        if _is_footnote(rec, cols, ["Name", "State", "Type"]):
            footnotes.append((line, clean_text(rec[0])))
            continue
        notes, flags = [], []
        loc = _location(rec, cols, notes, flags)
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
    for line, rec in data:
        if _is_footnote(rec, cols, ["Name", "State", "Type"]):
            footnotes.append((line, clean_text(rec[0])))
            continue
        notes, flags = [], []
        loc = _location(rec, cols, notes, flags)
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
    for line, rec in data:
        if _is_footnote(rec, cols, ["State", "Type Detailed"] + levels):
            footnotes.append((line, clean_text(rec[0])))
            continue
        notes, flags = [], []
        loc = _location(rec, cols, notes, flags)
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


# --- linking observations to facilities ------------------------------------------------------------------------

_ABBREVIATIONS = {"ROAD": "RD", "STREET": "ST", "DRIVE": "DR", "AVENUE": "AVE", "HIGHWAY": "HWY", "BOULEVARD": "BLVD",
                  "PARKWAY": "PKWY", "LANE": "LN", "COURT": "CT", "PLACE": "PL", "NORTH": "N", "SOUTH": "S",
                  "EAST": "E", "WEST": "W", "SUITE": "STE", "HWY.": "HWY", "FREEWAY": "FWY", "CIRCLE": "CIR",
                  "TERRACE": "TER", "SQUARE": "SQ", "MOUNT": "MT", "FORT": "FT", "SAINT": "ST", "ROUTE": "RT"}


def address_key(address: str) -> str:
    words = re.sub(r"[^A-Z0-9 ]", " ", clean_text(address).upper()).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def name_tokens(name: str) -> set[str]:
    return set(re.sub(r"[^A-Z0-9 ]", " ", clean_text(name).upper()).split())


def name_key(name: str) -> str:
    return " ".join(sorted(name_tokens(name)))


def derived_id(usps: str, zip_code: str, address: str, name: str = "") -> str:
    """Id of a facility that no file gives a DETLOC for: state, ZIP and a hash of the normalised address
    (and of the normalised name, when two facilities share that address in one year)."""
    digest = hashlib.sha1(f"{address_key(address)}|{name_key(name)}".encode()).hexdigest()[:6]
    return f"{(usps or 'xx').lower()}-{zip_code or '00000'}-{digest}"


def _pick_by_name(name: str, candidates: list[str], names: dict[str, set[str]]) -> str | None:
    tokens = name_tokens(name)
    scored = sorted(((len(tokens & t) / max(1, len(tokens | t)), c) for c in candidates
                     for t in [set().union(*(name_tokens(n) for n in names[c]))]), reverse=True)
    if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def link(sheets: list[Sheet]) -> tuple[dict[str, list[Observation]], Counter]:
    """Give every observation a facility id; returns id -> observations and counts of how each was linked."""
    how: Counter = Counter()
    by_detloc: dict[str, list[Observation]] = defaultdict(list)
    for sheet in sheets:
        if sheet.kind == STATS:
            continue
        seen_in_file: dict[str, int] = {}
        for obs in sheet.observations:
            detloc = obs.detloc
            if detloc.lower() == "redacted" or not detloc:
                # ICE redacted every identifying cell of its ORR rows: the row is kept under its place in the file.
                obs.facility_id = f"redacted-{sheet.source_id.removeprefix(SOURCE_PREFIX)}-line{obs.line}"
                obs.flags.append("identity redacted by ICE (no DETLOC, name or location in the file)")
                how["redacted (no DETLOC)"] += 1
            elif not re.fullmatch(r"[A-Z0-9]{2,10}", detloc):
                obs.facility_id = derived_id(obs.state, obs.zip, obs.address, obs.name)
                obs.flags.append(f"DETLOC {detloc!r} is not a facility code; id derived from the address")
                how["DETLOC unreadable"] += 1
            else:
                first_line = seen_in_file.setdefault(detloc, obs.line)
                if first_line != obs.line:
                    obs.facility_id = f"{detloc}-line{obs.line}"
                    obs.flags.append(f"DETLOC {detloc} is listed twice in {sheet.path.name} (also line {first_line}); "
                                     "kept as a separate facility for review")
                    how["DETLOC listed twice"] += 1
                else:
                    obs.facility_id = detloc
                    how["DETLOC"] += 1
            by_detloc[obs.facility_id].append(obs)
    # Indexes of the DETLOC facilities by address and by name, for the yearly statistics (which have no DETLOC).
    by_address: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_name: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    for fid, observations in by_detloc.items():
        if fid.startswith("redacted-"):
            continue
        for obs in observations:
            by_address[(obs.state, address_key(obs.address))].add(fid)
            by_name[(obs.state, address_key(obs.city), name_key(obs.name))].add(fid)
            names[fid].add(obs.name)
    stats_obs = [o for s in sheets if s.kind == STATS for o in s.observations]
    # An address where one file lists two differently named facilities holds two facilities (LA PALMA and
    # 'LA PALMA ... - APSO'): there a row joins a DETLOC only by its exact name, in every year.
    names_at: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for obs in stats_obs:
        names_at[(obs.source_id, obs.state, address_key(obs.address))].add(name_key(obs.name))
    shared_address = {(state, addr) for (_, state, addr), found in names_at.items() if len(found) > 1}
    unmatched: list[Observation] = []
    # First the rows that carry a DETLOC facility's exact name: their addresses join the address index, so a later
    # year's respelling at the same address ('EDEN DETENTION CTR') finds the same facility.
    for obs in stats_obs:
        exact = by_name.get((obs.state, address_key(obs.city), name_key(obs.name)), set())
        if len(exact) == 1:
            by_address[(obs.state, address_key(obs.address))].add(next(iter(exact)))
    for obs in stats_obs:
        exact = by_name.get((obs.state, address_key(obs.city), name_key(obs.name)), set())
        at_address = sorted(by_address.get((obs.state, address_key(obs.address)), set()))
        if (obs.state, address_key(obs.address)) in shared_address and len(exact) != 1:
            at_address = []
        if len(exact) == 1:
            obs.facility_id = next(iter(exact))
            how["statistics: DETLOC by name, city and state"] += 1
        elif len(at_address) == 1:
            obs.facility_id = at_address[0]
            how["statistics: DETLOC by address"] += 1
        elif len(at_address) > 1 and (pick := _pick_by_name(obs.name, at_address, names)):
            obs.facility_id = pick
            how["statistics: DETLOC by address, several at the address, closest name"] += 1
        else:
            if len(at_address) > 1:
                obs.notes.append(f"Several ICE facility codes share this address ({', '.join(at_address)}) and "
                                 "none has a name like this one; given its own id.")
            unmatched.append(obs)
    # Facilities only in the yearly statistics: one per address, unless one year lists several names there.
    groups: dict[tuple[str, str], list[Observation]] = defaultdict(list)
    for obs in unmatched:
        groups[(obs.state, address_key(obs.address))].append(obs)
    for (usps, _), observations in groups.items():
        per_year = Counter(o.fiscal_year for o in observations)
        split = (any(n > 1 for n in per_year.values()) or (usps, _) in shared_address) \
            and len({name_key(o.name) for o in observations}) > 1
        for obs in observations:
            obs.facility_id = derived_id(usps, obs.zip or observations[0].zip, obs.address,
                                         obs.name if split else "")
            how["statistics: id derived from the address" + (" and name" if split else "")] += 1
    out: dict[str, list[Observation]] = defaultdict(list)
    for obs in [o for s in sheets for o in s.observations]:
        out[obs.facility_id].append(obs)
    # The same facility twice in one year of one file: keep both, the later one under its own id, flagged.
    for fid in list(out):
        seen: dict[tuple[str, int], Observation] = {}
        for obs in list(out[fid]):
            key = (obs.source_id, obs.fiscal_year)
            if key in seen:
                first = seen[key]
                out[fid].remove(obs)
                obs.facility_id = f"{fid}-line{obs.line}"
                obs.flags.append(f"listed twice in {obs.file} for FY{obs.fiscal_year} (same facility as line "
                                 f"{first.line}: {first.name!r}); kept as a separate row for review")
                out[obs.facility_id].append(obs)
                how["listed twice in one year (kept, flagged)"] += 1
            else:
                seen[key] = obs
    return dict(out), how


# --- rows -------------------------------------------------------------------------------------------------------

def _latest(observations: list[Observation]) -> Observation:
    """The observation from the most recent data: later data date, then later fiscal year."""
    return max(observations, key=lambda o: (o.data_through, o.fiscal_year, o.source_id))


def _has_figure(obs: Observation) -> bool:
    return any(v not in (None, 0) for v in (obs.adp, obs.initial_book_ins, obs.facility_book_ins))


def facility_rows(facilities: dict[str, list[Observation]], placer: FacilityCounties) -> list[dict]:
    rows = []
    for fid in sorted(facilities):
        observations = facilities[fid]
        latest = _latest(observations)
        located = [o for o in observations if o.state]
        where = _latest(located) if located else latest
        county_raw = next((o.county_raw for o in sorted(observations, key=lambda o: o.data_through, reverse=True)
                           if o.county_raw), "")
        flags = sorted({f for o in observations for f in o.flags if "listed twice" in f or "redacted" in f
                        or "DETLOC" in f})
        if fid.startswith("redacted-"):
            placement_fips, method, evidence = "", "", "ICE redacted the facility's name and location"
        else:
            placement = placer.place(where.state, where.zip, where.city, where.address, county_raw)
            placement_fips, method, evidence = placement.county_fips, placement.method, placement.evidence
            if placement.review_flag:
                flags.append(placement.review_flag)
        typed = [o for o in observations if o.type_detailed or o.type]
        type_latest = _latest(typed) if typed else latest
        used = sorted({o.fiscal_year for o in observations if _has_figure(o)})
        other_names = sorted({o.name for o in observations if o.name and o.name != latest.name})
        zips = sorted({o.zip_note for o in observations if o.zip_note and o.zip})
        rows.append({
            "facility_id": fid, "detloc": fid if re.fullmatch(r"[A-Z0-9]{2,10}", fid) else "",
            "name": latest.name, "other_names": " | ".join(other_names),
            "address": where.address, "city": where.city, "state": where.state, "zip": where.zip,
            "county_fips": placement_fips, "county_method": method, "county_evidence": evidence,
            "ice_county": county_raw,
            "type": type_latest.type_detailed or type_latest.type,
            "type_fiscal_year": type_latest.fiscal_year,
            "first_fiscal_year": used[0] if used else "", "last_fiscal_year": used[-1] if used else "",
            "source_ids": " ".join(sorted({o.source_id for o in observations})),
            "notes": " ".join(zips),
            "review_flag": "; ".join(f.replace("; ", ", ") for f in flags),
        })
    return rows


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


# Flags about the facility as a whole (its facility row carries them), not about a year's cells.
FACILITY_LEVEL_FLAGS = ("identity redacted", "DETLOC", "listed twice")


def year_rows(facilities: dict[str, list[Observation]]) -> tuple[list[dict], int]:
    """One row per facility, fiscal year and source, for every facility a source gives a non-zero figure in some
    year (its zeros in the other years are written: a reported zero is not a missing figure). Facilities whose
    every figure in a source is zero or empty get no year rows from it (the facility row still lists them);
    their facility-years are counted and returned."""
    rows, zero = [], 0
    used = {(o.facility_id, o.source_id) for obs in facilities.values() for o in obs if _has_figure(o)}
    for fid in sorted(facilities):
        for obs in sorted(facilities[fid], key=lambda o: (o.fiscal_year, o.source_id)):
            if (fid, obs.source_id) not in used and not [f for f in obs.flags if not f.startswith(FACILITY_LEVEL_FLAGS)]:
                zero += 1
                continue
            rows.append({
                "facility_id": fid, "fiscal_year": obs.fiscal_year, "source_id": obs.source_id,
                "name": obs.name, "type": obs.type, "type_detailed": obs.type_detailed,
                "adp": _fmt(obs.adp), "initial_book_ins": "" if obs.initial_book_ins is None else obs.initial_book_ins,
                "facility_book_ins": "" if obs.facility_book_ins is None else obs.facility_book_ins,
                "part_year": "true" if obs.part_year else "false", "data_through": obs.data_through.isoformat(),
                "notes": " ".join(dict.fromkeys(obs.notes)),
                "review_flag": "; ".join(dict.fromkeys(f.replace("; ", ", ") for f in obs.flags)),
            })
    return rows, zero


def county_rows(con, facilities: dict[str, list[Observation]], placed: dict[str, dict]) -> tuple[list[dict], list[dict]]:
    """County x fiscal year sums in DuckDB; returns (rows, the facility figures that went in)."""
    figures = []
    for fid, observations in facilities.items():
        fac = placed[fid]
        for obs in observations:
            for metric, attr in FIGURE_FIELDS.items():
                value = getattr(obs, attr)
                if value is None or value == 0:  # zeros add nothing; a county row means some facility had a figure
                    continue
                figures.append({"facility_id": fid, "source_id": obs.source_id, "fiscal_year": obs.fiscal_year,
                                "state": fac["state"], "county_fips": fac["county_fips"], "metric": metric,
                                "value": str(value)})
    part = {(o.source_id, o.fiscal_year): o.part_year for obs in facilities.values() for o in obs}
    through = {(o.source_id, o.fiscal_year): o.data_through for obs in facilities.values() for o in obs}
    rows = []
    for r in aggregate.county_facility_totals(con, figures):
        key = (r["source_id"], r["fiscal_year"])
        notes = []
        if part.get(key):
            notes.append(f"Part year: the source's data run to {through[key].isoformat()}.")
        flag = ""
        if not r["county_fips"]:
            flag = ("facilities not placed in a county: their figures are summed here so that no figure leaves "
                    "the totals" if r["state"] else "facilities whose location ICE redacted")
        rows.append({"state": r["state"], "county_fips": r["county_fips"], "fiscal_year": r["fiscal_year"],
                     "metric": COUNTY_METRICS[r["metric"]], "value": _fmt(r["value"]), "facilities": r["facilities"],
                     "source_id": r["source_id"], "part_year": "true" if part.get(key) else "false",
                     "notes": " ".join(notes), "review_flag": flag})
    return rows, figures


# --- sources and metrics ------------------------------------------------------------------------------------------

def source_row(sheet: Sheet) -> dict:
    sha = sha256_of(sheet.path)
    known = KNOWN_FILES.get(sha)
    url = archived = ""
    origin = f"File {sheet.path.name} (sha256 below); its origin is not recorded in the atlas."
    if known:
        repo, commit, path = known
        url = f"https://github.com/{repo}/blob/{commit}/{path}"
        archived = url
        origin = f"Read from {repo}, {path} at commit {commit}."
    if sheet.kind == LIST_2017:
        return {"id": sheet.source_id, "title": "ICE ERO Facility List Report, 6 November 2017 (ICE_Facility_List_11-06-2017-web.xlsx)",
                "publisher": ICE, "author": "", "url": url or "https://immigrantjustice.org/", "published": "2017-11-06",
                "retrieved": "", "archived_url": archived, "kind": "foia-release", "sha256": sha,
                "notes": ("ICE's list of every facility ERO recorded since FY2003 (1,685 rows), released under FOIA to the "
                          "National Immigrant Justice Center, which published it in November 2017. Gives each facility's "
                          "DETLOC code, address, County, type, ADP FY2009-FY2018 and book-ins FY2015-FY2018. FY2018 "
                          "covers 1 October to 4 November 2017 only. ICE redacted the name and location of its 207 ORR "
                          "rows. " + origin)}
    if sheet.kind == FOIA_31121:
        return {"id": sheet.source_id, "title": "2019-ICFO-31121: Authorized DMCP and JFRMU Detention Facilities List",
                "publisher": ICE, "author": "", "url": url, "published": "2019-03-25", "retrieved": "",
                "archived_url": archived, "kind": "foia-release", "sha256": sha,
                "notes": ("ICE FOIA release 2019-ICFO-31121 (ERO Custody Management Division): the 214 authorized "
                          "facilities with DETLOC, address, type, ADP and initial book-ins FY2011-FY2019. FY2019 data "
                          "run to 23 March 2019 (part year); FY2011 ADP is rounded to whole numbers. Authorized "
                          "facilities only, not every facility ICE used. " + origin)}
    fy = next(iter(sheet.sheet_total_adp))
    return {"id": sheet.source_id, "title": f"ICE detention statistics FY{fy}: {sheet.title.strip()} ({sheet.path.name})",
            "publisher": ICE, "author": "", "url": url or "https://www.ice.gov/detain/detention-management",
            "published": sheet.data_date.isoformat(), "retrieved": "", "archived_url": archived,
            "kind": "government-data", "sha256": sha,
            "notes": (f"ICE's yearly detention statistics workbook, facilities sheet, data as of IIDS "
                      f"{sheet.data_date.isoformat()}" + (" (part of the fiscal year)" if sheet.data_date < fy_end(fy) else "")
                      + ". Published by ICE at ice.gov/detain/detention-management; this copy was archived by the Vera "
                      "Institute of Justice (only ICE's untouched file is used, none of Vera's processed data). Lists "
                      "only facilities with at least one person in them on the day of the data pull. Gives each "
                      "facility's name, address, detailed type and ADP by classification level; no facility code, no "
                      "county, no book-ins. " + origin)}


PLACE_NOTE = ("It counts people where ICE held them, not where they were arrested or where they live.")


def metric_rows(source_ids: set[str] | None = None) -> list[dict]:
    """The six metrics; their wording follows the 2017 Facility List's field definitions (when it was imported)."""
    list_2017 = source_id_for(LIST_2017) if source_ids is None or source_id_for(LIST_2017) in source_ids else ""
    return [
        {"id": METRIC_ADP, "label": "Average daily population in ICE detention (facility)", "unit": "people",
         "source_id": list_2017,
         "definition": ("Average daily population (ADP) of people held in ICE detention at one facility in one federal "
                        "fiscal year (1 October to 30 September), as ICE reports it: the average number of ICE detainees "
                        "in the facility per day. " + PLACE_NOTE + " For a part year (FY2018 in the 2017 Facility List, "
                        "FY2019 in FOIA 2019-ICFO-31121, the yearly statistics pulled before 30 September, and FY2026) "
                        "it is the average over the days covered, shown by part_year and data_through. From the yearly "
                        "statistics it is the sum of ICE's Level A-D columns; those files list only facilities with at "
                        "least one person in them on the day of the data pull, so a facility with real use but empty "
                        "that day is missing. ICE's statistics exclude ORR facilities and, from FY2019 on, U.S. "
                        "Marshals Service prisoners.")},
        {"id": METRIC_INITIAL, "label": "Initial book-ins to ICE detention (facility)", "unit": "book-ins",
         "source_id": list_2017,
         "definition": ("Initial book-ins at one facility in one federal fiscal year, as ICE reports them: the number of "
                        "detention stays that began at this facility (the first facility of a stay). People transferred "
                        "in from another facility are not counted, so transfer hubs show few. " + PLACE_NOTE
                        + " Given by the 2017 Facility List (FY2015-FY2018) and FOIA 2019-ICFO-31121 (FY2011-FY2019); "
                        "FY2018 in the first and FY2019 in the second are part years.")},
        {"id": METRIC_FACILITY, "label": "Facility book-ins to ICE detention (facility)", "unit": "book-ins",
         "source_id": list_2017,
         "definition": ("Facility book-ins at one facility in one federal fiscal year, as ICE's 2017 Facility List reports "
                        "them (FY2015-FY2018; FY2018 to 4 November 2017 only): every booking of an ICE detainee into the "
                        "facility, including transfers in, so one detention stay can be counted at several facilities. "
                        + PLACE_NOTE)},
        {"id": COUNTY_METRICS[METRIC_ADP], "label": "Average daily population in ICE detention in the county",
         "unit": "people", "source_id": list_2017,
         "definition": ("Sum, over the facilities of one source file located in the county, of their average daily "
                        "population in ICE detention in the fiscal year (see ice_detention_adp). " + PLACE_NOTE
                        + " It includes every facility type ICE lists there (county jails, private and federal "
                        "facilities, hold rooms); facilities the atlas could not place in a county are summed under an "
                        "empty county in their state. Figures of different source files are never added together. "
                        "From the yearly statistics only facilities holding someone on the day of the data pull are "
                        "included.")},
        {"id": COUNTY_METRICS[METRIC_INITIAL], "label": "Initial book-ins to ICE detention in the county",
         "unit": "book-ins", "source_id": list_2017,
         "definition": ("Sum, over the facilities of one source file located in the county, of initial book-ins in the "
                        "fiscal year (see ice_detention_initial_book_ins). " + PLACE_NOTE + " Every facility type is "
                        "included; figures of different source files are never added together.")},
        {"id": COUNTY_METRICS[METRIC_FACILITY], "label": "Facility book-ins to ICE detention in the county",
         "unit": "book-ins", "source_id": list_2017,
         "definition": ("Sum, over the facilities of the 2017 Facility List located in the county, of facility book-ins "
                        "in the fiscal year (see ice_detention_facility_book_ins); a person moved between two facilities "
                        "of the county is counted at both. " + PLACE_NOTE)},
    ]


# --- run ----------------------------------------------------------------------------------------------------------

def run(files: list[Path], package_dir: Path) -> ImportReport:
    package = load_package(package_dir)
    for name in ("detention_facilities", "detention_facility_years", "detention_county_stats"):
        if name not in package.resources:
            raise AtlasError(f"{package_dir}/datapackage.json has no resource {name!r}")
    counties = CountyIndex.from_package(package)
    if len(counties) == 0:
        raise AtlasError("counties.csv has no rows; it is needed to place facilities in counties")
    report = ImportReport("atlas import ice-detention", "detention_facilities")
    sheets = [read(Path(f)) for f in sorted(files, key=lambda p: Path(p).name)]
    ids = Counter(s.source_id for s in sheets)
    for sid, n in ids.items():
        if n > 1:
            raise AtlasError(f"{n} files are the same source {sid}: give each fiscal year's statistics once")
    placer = FacilityCounties.committed(counties)
    facilities, how = link(sheets)
    fac_rows = facility_rows(facilities, placer)
    placed = {r["facility_id"]: r for r in fac_rows}
    years, zero_years = year_rows(facilities)
    con = aggregate.connect()
    county, figures = county_rows(con, facilities, placed)

    for sheet in sheets:
        fc = FileCount(sheet.path.name, sheet.data_date.isoformat(), sheet.kind, sheet.rows_read, sheet.blank_rows,
                       sheet.source_id)
        report.files.append(fc)
        for line, text in sheet.footnote_rows:
            report.problems.append(Problem("footnote-row", sheet.path.name, f"text row below the data, not a "
                                           f"facility: {text[:80]!r}", line=line, severity="warning"))
        fids = {o.facility_id for o in sheet.observations}
        methods = Counter(placed[f]["county_method"] or "unplaced" for f in fids)
        label = sheet.path.name
        report.extra[f"{label}: facilities"] = len(fids)
        for method, n in sorted(methods.items()):
            report.extra[f"{label}: facilities " + ("not placed in a county" if method == "unplaced"
                                                     else f"placed by {method}")] = n
        for fy, total in sorted(sheet.sheet_total_adp.items()):
            after = sum((Decimal(r["value"]) for r in county if r["source_id"] == sheet.source_id
                         and r["fiscal_year"] == fy and r["metric"] == COUNTY_METRICS[METRIC_ADP]), Decimal(0))
            before = sum((Decimal(f["value"]) for f in figures if f["source_id"] == sheet.source_id
                          and f["fiscal_year"] == fy and f["metric"] == METRIC_ADP), Decimal(0))
            report.extra[f"{label}: FY{fy} ADP sheet {_fmt(total)} facilities {_fmt(before)} counties {_fmt(after)}"] = \
                int(before == after == total)
            if not (before == after == total):
                report.problems.append(Problem("totals-differ", label, f"FY{fy} ADP: sheet {total}, facilities "
                                               f"{before}, counties {after}"))
    for kind, n in sorted(how.items()):
        report.extra[f"observations linked: {kind}"] = n
    report.extra["facility-years of facilities with no non-zero figure in that file (not written as rows)"] = zero_years
    report.extra["facility-years written"] = len(years)
    report.extra["county x fiscal year rows written"] = len(county)
    for key in placer.unused_fixes():
        report.problems.append(Problem("unused-fix", "facility_county_fixes.csv", f"fix for {key} matched no "
                                       "facility (the source may have corrected itself)", severity="warning"))
    n_obs = sum(len(s.observations) for s in sheets)
    report.dropped = n_obs - sum(len(v) for v in facilities.values())
    before = {r["facility_id"]: r for r in package["detention_facilities"].raw_rows()}
    after = {r["facility_id"]: {k: ("" if v is None else str(v)) for k, v in r.items()} for r in fac_rows}
    report.compare(before, after)
    report.rows_written = len(fac_rows)
    report.matched = sum(1 for r in fac_rows if r["county_fips"])
    report.count_flags(fac_rows)
    report.status_counts = dict(Counter(r["county_method"] or "unplaced" for r in fac_rows))

    sources = [source_row(s) for s in sheets]
    mine = {m["id"] for m in metric_rows()}
    write = PackageWrite(package)  # every file or none, and only if the package stays valid
    write.replace_owned_rows(package["metrics"], lambda r: r["id"] in mine, metric_rows({s["id"] for s in sources}))
    write.replace_all_rows(package["detention_facilities"], fac_rows)
    write.replace_all_rows(package["detention_facility_years"], years)
    write.replace_all_rows(package["detention_county_stats"], county)
    report.problems += write.replace_owned_sources(lambda r: r["id"].startswith(SOURCE_PREFIX), sources)
    write.commit()
    return report
