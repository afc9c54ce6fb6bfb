"""Import ICE's "287(g) participating agencies" and "pending agencies" spreadsheets into agreements_287g.

Recipe: read(path) -> Sheet (cells by header name, hyperlinks kept); normalise(sheet, ...) -> Listings with
flags; build_agreements (history.py) groups them into agreements; history.fold(...) folds them into the rows
already in the package; run() does the I/O and returns the report.

Columns are found by header name, never by position: ICE's layouts changed several times (2021-2024 page
captures: STATE, LAW ENFORCEMENT AGENCY, SUPPORT TYPE, SIGNED, MOA; 2025 files add TYPE, COUNTY; 2026 adds
ADDENDUM; pending lists have no SIGNED).
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..package import load_package
from ..problems import AtlasError, Problem
from . import history
from .county_match import CountyIndex, NameFixes
from .history import Listing, build_agreements, finalise, fold
from .normalise import (agency_type_from_ice, clean_text, is_missing, model_code, parse_date, state_code,
                        url_or_none)
from .provenance import ICE, ICE_287G_PAGE, describe, sha256_of
from .report import FileCount, ImportReport
from .tables import PackageWrite

KNOWN_HEADERS = ("STATE", "LAW ENFORCEMENT AGENCY", "TYPE", "COUNTY", "SUPPORT TYPE", "SIGNED", "MOA", "ADDENDUM")
REQUIRED = ("STATE", "LAW ENFORCEMENT AGENCY", "SUPPORT TYPE")
REQUIRED_PARTICIPATING = ("SIGNED",)


@dataclass(frozen=True)
class Cell:
    value: object
    hyperlink: str | None = None


@dataclass
class Sheet:
    """The data rows of one spreadsheet, each a dict header -> Cell; blank-but-formatted rows are counted."""

    path: Path
    headers: list[str]
    rows: list[tuple[int, dict[str, Cell]]] = field(default_factory=list)  # (row number, cells)
    blank_rows: int = 0


def read(path: Path) -> Sheet:
    """Read the first worksheet. Raises AtlasError (naming the file and header) for an unreadable file,
    an unknown header, a repeated header or a column that holds data under no header."""
    import openpyxl

    path = Path(path)
    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise AtlasError(f"{path}: cannot read the spreadsheet ({err})") from err
    except Exception as err:  # noqa: BLE001 - openpyxl raises its own InvalidFileException and others
        raise AtlasError(f"{path}: cannot read the spreadsheet ({type(err).__name__}: {err})") from err
    ws = workbook.worksheets[0]
    rows = ws.iter_rows()
    header_cells = None
    for cells in rows:
        if any(not is_blank(c.value) for c in cells):
            header_cells = cells
            break
    if header_cells is None:
        raise AtlasError(f"{path}: the spreadsheet is empty (no header row)")
    headers = [clean_text(c.value).upper() for c in header_cells]
    header_row = header_cells[0].row
    seen = set()
    for name in headers:
        if not name:
            continue
        if name not in KNOWN_HEADERS:
            raise AtlasError(f"{path}: unknown header {name!r} (known headers: {', '.join(KNOWN_HEADERS)})")
        if name in seen:
            raise AtlasError(f"{path}: header {name!r} appears twice")
        seen.add(name)
    for name in REQUIRED:
        if name not in seen:
            raise AtlasError(f"{path}: missing required header {name!r}")
    sheet = Sheet(path, [h for h in headers if h])
    for cells in rows:
        values = [c.value for c in cells]
        if all(is_blank(v) for v in values):
            sheet.blank_rows += 1
            continue
        record = {}
        for col, cell in enumerate(cells):
            name = headers[col] if col < len(headers) else ""
            if not name:
                if not is_blank(cell.value):
                    raise AtlasError(f"{path}: column {col + 1} holds data in row {cell.row} but has no header")
                continue
            link = cell.hyperlink.target if cell.hyperlink is not None and cell.hyperlink.target else None
            record[name] = Cell(cell.value, link)
        sheet.rows.append((cells[0].row if cells else header_row, record))
    return sheet


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and clean_text(value) == "")


_STAMP14 = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})\d{6}(?!\d)")
_ISO = re.compile(r"(?<!\d)(20\d{2})-(\d{2})-(\d{2})(?!\d)")
_MDY = re.compile(r"(?<!\d)(\d{2})(\d{2})(20\d{2})(?:am|pm)?(?!\d)", re.I)


def snapshot_date(path: Path, as_of: dict[str, dt.date]) -> dt.date:
    """Date of a list: --as-of FILE=DATE first, else the file name ('...-20210113002027', '...05162025am')."""
    for key in (str(path), path.name):
        if key in as_of:
            return as_of[key]
    name = path.stem
    for pattern, order in ((_STAMP14, (0, 1, 2)), (_ISO, (0, 1, 2)), (_MDY, (2, 0, 1))):
        match = pattern.search(name)
        if match:
            parts = [int(g) for g in match.groups()]
            try:
                return dt.date(parts[order[0]], parts[order[1]], parts[order[2]])
            except ValueError:
                continue
    raise AtlasError(f"{path}: cannot tell the date of this list from its name; pass --as-of {path.name}=YYYY-MM-DD")


def parse_as_of(values: list[str]) -> dict[str, dt.date]:
    out = {}
    for value in values:
        file, sep, date = value.rpartition("=")
        try:
            out[file] = dt.date.fromisoformat(date.strip())
        except ValueError:
            sep = ""
        if not sep or not file:
            raise AtlasError(f"--as-of {value!r}: expected FILE=YYYY-MM-DD")
    return out


def series_of_sheet(sheet: Sheet) -> str:
    """'pending' or 'participating': from the file name, else from the layout (pending lists have no SIGNED)."""
    name = sheet.path.name.lower()
    if "pending" in name:
        return "pending"
    if "participating" in name:
        return "participating"
    return "participating" if "SIGNED" in sheet.headers else "pending"


def source_id_for(series: str, snapshot: dt.date) -> str:
    return f"{history.LIST_PREFIX}{series}-{snapshot.isoformat()}"


def normalise(sheet: Sheet, snapshot: dt.date, series: str, source_id: str,
              name_fixes: NameFixes | None = None) -> tuple[list[Listing], list[Problem]]:
    """Clean every data row into a Listing; what cannot be read cleanly becomes a flag on the row."""
    name_fixes = name_fixes or NameFixes()
    if series == "participating":
        for name in REQUIRED_PARTICIPATING:
            if name not in sheet.headers:
                raise AtlasError(f"{sheet.path}: missing required header {name!r} (a list of participating agencies)")
    listings, problems = [], []
    for line, cells in sheet.rows:
        def cell(name):
            return cells.get(name, Cell(None))

        flags = []
        state_raw = clean_text(cell("STATE").value)
        state = state_code(state_raw)
        if state is None:
            problems.append(Problem("unknown-state", str(sheet.path), f"unknown state {state_raw!r}", line=line,
                                    field="STATE", value=state_raw,
                                    hint="If it is a real state or territory, add its spelling to STATE_ALIASES in atlas.importers.normalise (names come from states.csv)."))
            flags.append(f"unknown state: {state_raw!r}")
        support = clean_text(cell("SUPPORT TYPE").value)
        model = model_code(support)
        if model is None:
            problems.append(Problem("unknown-support-type", str(sheet.path), f"unknown SUPPORT TYPE {support!r}",
                                    line=line, field="SUPPORT TYPE", value=support,
                                    hint="Map ICE's new wording to a model in atlas.importers.normalise.MODELS."))
            flags.append(f"unknown support type: {support!r}")
        signed, signed_raw = None, ""
        if series != "pending":
            raw = cell("SIGNED").value
            signed, problem = parse_date(raw)
            if problem:
                signed_raw = clean_text(raw)
                flags.append(f"{problem.replace('malformed signing date', 'malformed signing date:', 1)} in "
                             f"{sheet.path.name} row {line}, signed left empty")
            elif signed is None:
                flags.append(f"no signing date: {sheet.path.name} row {line} lists none")
        type_raw = clean_text(cell("TYPE").value)
        agency_type = agency_type_from_ice(type_raw) if type_raw else None
        if type_raw and agency_type is None and not is_missing(type_raw):
            flags.append(f"unknown TYPE: {type_raw!r}")
        moa = cell("MOA")
        moa_url = url_or_none(moa.hyperlink) or url_or_none(moa.value)
        add = cell("ADDENDUM")
        addendum_url = url_or_none(add.hyperlink) or url_or_none(add.value)
        agency = clean_text(cell("LAW ENFORCEMENT AGENCY").value)
        if not agency:
            flags.append(f"no agency name: {sheet.path.name} row {line}")
            agency = f"(no name) {sheet.path.name} row {line}"
        agency, name_note = name_fixes.apply(state or "", agency)
        listings.append(Listing(
            file=sheet.path.name, line=line, series=series, snapshot=snapshot, source_id=source_id,
            state=state or "", agency=agency, model=model or "", signed=signed, signed_raw=signed_raw,
            agency_type=agency_type, county_text=clean_text(cell("COUNTY").value),
            moa_url=moa_url, addendum_url=addendum_url,
            moa_pending="pending" in clean_text(moa.value).lower(), flags=flags,
            notes=[name_note] if name_note else [],
        ))
    return listings, problems


def source_row(path: Path, series: str, snapshot: dt.date, source_id: str) -> dict:
    """The `sources` row of one list: ICE's 287(g) page, the list's date and the exact file's sha256."""
    sha = sha256_of(path)
    notes, archived = describe(sha, path.name)
    what = "participating agencies" if series == "participating" else "pending agencies"
    return {
        "id": source_id,
        "title": f"Delegation of Immigration Authority Section 287(g): {what} (list of {snapshot.isoformat()})",
        "publisher": ICE, "author": "", "url": ICE_287G_PAGE, "published": snapshot.isoformat(),
        "retrieved": "", "archived_url": archived, "kind": "government-data", "sha256": sha,
        "notes": f"ICE's list of 287(g) {what} as of {snapshot.isoformat()}. {notes}",
    }


def list_dates(sources_rows: list[dict]) -> dict[str, str]:
    """source id -> list date, for every list source (sheets and roster captures) in `sources`."""
    return {r["id"]: r["published"] for r in sources_rows if history.series_of(r["id"]) and r.get("published")}


def run(sheets: list[Path], package_dir: Path, as_of: list[str] | None = None) -> ImportReport:
    """Import the given sheets; rewrite this importer's rows of agreements_287g and sources; report.

    Both files are written together or not at all, and only if the package stays valid (AtlasError otherwise);
    the source of a sheet not given this time stays while another table cites it.
    """
    package = load_package(package_dir)
    counties = CountyIndex.from_package(package)
    if len(counties) == 0:
        raise AtlasError(f"{package['counties'].path}: counties.csv has no rows; it is needed to match counties")
    as_of_dates = parse_as_of(list(as_of or []))
    name_fixes = NameFixes.committed()
    report = ImportReport("atlas import ice-287g", "agreements_287g")
    listings, sources, seen = [], [], {}
    for path in sorted(map(Path, sheets), key=lambda p: p.name):
        sheet = read(path)
        snapshot = snapshot_date(path, as_of_dates)
        series = series_of_sheet(sheet)
        sid = source_id_for(series, snapshot)
        if sid in seen:
            raise AtlasError(f"{path}: same list and date as {seen[sid]} ({series}, {snapshot}); import one of them")
        seen[sid] = path
        items, problems = normalise(sheet, snapshot, series, sid, name_fixes)
        listings += items
        report.problems += problems
        sources.append(source_row(path, series, snapshot, sid))
        report.files.append(FileCount(path.name, snapshot.isoformat(), series, len(sheet.rows), sheet.blank_rows, sid))

    built, members = build_agreements(listings, counties)

    is_sheet_source = lambda r: r["id"].startswith(history.SHEET_PREFIXES)  # noqa: E731
    other_sources = [r for r in package["sources"].raw_rows() if not is_sheet_source(r)]
    dates = list_dates(other_sources + sources)
    agreements = package["agreements_287g"]
    existing = agreements.raw_rows()
    before = {r["id"]: r for r in existing if history.is_list_row(r)}
    merged, skipped, _ = fold(existing, built, dates, history.SHEET_SERIES)
    rows = finalise(merged, dates)

    written = {r["id"] for r in rows}
    skipped_ids = {row["id"] for row, _ in skipped}
    report.dropped = sum(len(items) for rid, items in members.items() if rid not in written and rid not in skipped_ids)
    for row, cover in skipped:
        report.problems.append(Problem(
            "covered-by-hand-row", str(agreements.path), f"{row['id']} not written: the hand-entered row "
            f"{cover['id']} covers the same agreement", severity="warning", value=row["id"]))
    fill_agreement_counts(report, rows, before)
    report.extra["listings read"] = len(listings)
    report.extra["agreements built from the sheets"] = len(built)
    report.extra["skipped: covered by a hand-entered row"] = len(skipped)
    report.extra["malformed signing dates"] = sum(1 for i in listings if i.signed_raw)

    write = PackageWrite(package)
    write.replace_owned_rows(agreements, history.is_list_row, rows)
    report.problems += write.replace_owned_sources(is_sheet_source, sources, sort_with=is_importer_source)
    write.commit()
    return report


def is_importer_source(row: dict) -> bool:
    """Sources rows written by the 287(g) importers (lists, roster captures, FOIA): one sorted block."""
    return row["id"].startswith((history.LIST_PREFIX, "ice-287g-foia-"))


def fill_agreement_counts(report: ImportReport, rows: list[dict], before: dict[str, dict]) -> None:
    """The report's counts for the agreement rows the 287(g) list importers write."""
    report.rows_written = len(rows)
    report.matched = sum(1 for r in rows if r["county_fips"] or r["agency_type"] == "state")
    report.count_flags(rows)
    report.ended = sum(1 for r in rows if r["status"] == "ended")
    report.status_counts = {s: sum(1 for r in rows if r["status"] == s) for s in sorted({r["status"] for r in rows})}
    after = {r["id"]: {k: ("" if v is None else str(v)) for k, v in r.items()} for r in rows}
    report.compare(before, after)
    report.extra["ended since the last import"] = sum(
        1 for k, r in after.items() if r["status"] == "ended" and (before.get(k) or {}).get("status") != "ended")

