"""Import ICE's 287(g) roster as the Wayback Machine captured it, 2011-2017 (pre2018-roster-long.csv), into
agreements_287g: the agreement history before ICE's sheets.

Recipe: read(path) -> raw rows; listings(raw) -> one Listing per row (date signed as ICE printed it at that
capture); history.build_agreements groups them (one agreement per state + agency + model + signing date, first
and last listed); history.fold merges them with the rows from ICE's sheets; finalise infers ends.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..package import AtlasPackage, load_package
from ..problems import AtlasError, Problem
from . import history
from .county_match import CountyIndex, NameFixes
from .csv_source import read_csv
from .history import Listing, build_agreements, finalise, fold
from .ice_287g import fill_agreement_counts, is_importer_source, list_dates
from .normalise import clean_text, model_code, parse_date, state_code
from .provenance import ICE, describe, sha256_of
from .report import FileCount, ImportReport
from .tables import PackageWrite

HEADERS = {"snapshot_ts", "capture_date", "state", "agency", "support_type", "date_signed"}
OPTIONAL = {"caption", "caption_n", "content_asof", "asof_basis", "moa_file"}
# ICE's fact-sheet address in the roster era, per deportationdata/ice-287g inputs/historical/SOURCES.csv.
ROSTER_PAGE_2011_2014 = "http://www.ice.gov/news/library/factsheets/287g.htm"
ROSTER_PAGE_2015_2017 = "http://www.ice.gov/factsheets/287g"


def roster_source_id(capture: dt.date) -> str:
    return f"{history.ROSTER_PREFIX}{capture.isoformat()}"


def read(path: Path) -> list[dict[str, str]]:
    return read_csv(path, HEADERS, OPTIONAL)


def listings(raw: list[dict[str, str]], file: str, name_fixes: NameFixes) -> tuple[list[Listing], list[Problem]]:
    """One Listing per roster row; date_signed is the date ICE printed at that capture (it changes at re-signings)."""
    listings, problems = [], []
    for line, rec in enumerate(raw, start=2):
        try:
            capture = dt.date.fromisoformat(clean_text(rec["capture_date"]))
        except ValueError:
            raise AtlasError(f"{file}: line {line}: capture_date {rec['capture_date']!r} is not a date") from None
        flags = []
        usps = state_code(rec["state"])
        if usps is None:
            problems.append(Problem("unknown-state", file, f"unknown state {rec['state']!r}", line=line))
            flags.append(f"unknown state: {rec['state']!r}")
        model = model_code(rec["support_type"])
        if model is None:
            problems.append(Problem("unknown-support-type", file, f"unknown support_type {rec['support_type']!r}",
                                    line=line))
            flags.append(f"unknown support type: {rec['support_type']!r}")
        signed, problem = parse_date(rec["date_signed"])
        if problem:
            flags.append(f"malformed signing date: {rec['date_signed']!r} in {file} line {line}, signed left empty")
        agency, note = name_fixes.apply(usps or "", clean_text(rec["agency"]))
        moa = clean_text(rec.get("moa_file"))
        listings.append(Listing(
            file=file, line=line, series="roster", snapshot=capture, source_id=roster_source_id(capture),
            state=usps or "", agency=agency, model=model or "", signed=signed,
            signed_raw=clean_text(rec["date_signed"]) if problem else "", flags=flags,
            notes=[n for n in (note, f"ICE's roster names the agreement file {moa}." if moa else "") if n]))
    return listings, problems


def source_rows(raw: list[dict[str, str]], path: Path) -> list[dict]:
    """One `sources` row per Wayback capture of ICE's fact sheet."""
    sha = sha256_of(path)
    notes, archived_file = describe(sha, Path(path).name)
    out = {}
    for rec in raw:
        capture = dt.date.fromisoformat(clean_text(rec["capture_date"]))
        sid = roster_source_id(capture)
        if sid in out:
            continue
        page = ROSTER_PAGE_2011_2014 if capture.year <= 2014 else ROSTER_PAGE_2015_2017
        caption = clean_text(rec.get("caption"))
        said = f"The page's caption reads {caption!r}. " if caption else "The page has no dated caption. "
        out[sid] = {
            "id": sid,
            "title": "Delegation of Immigration Authority Section 287(g) Immigration and Nationality Act "
                     f"[fact sheet]: roster of agreements as captured on {capture.isoformat()}",
            "publisher": ICE, "author": "", "url": page, "published": capture.isoformat(), "retrieved": "",
            "archived_url": f"https://web.archive.org/web/{clean_text(rec['snapshot_ts'])}/{page}",
            "kind": "government-data", "sha256": sha,
            "notes": (f"ICE's roster of 287(g) agreements in the Wayback Machine capture {clean_text(rec['snapshot_ts'])}. "
                      + said + notes + (f" ({archived_file})" if archived_file else "")),
        }
    return list(out.values())


def is_roster_source(row: dict) -> bool:
    return row["id"].startswith(history.ROSTER_PREFIX)


def stage(package: AtlasPackage, path: Path, counties: CountyIndex, report: ImportReport,
          other_sources: list[dict] | None = None) -> tuple[list[dict], list[dict]]:
    """The agreement rows (every list row, folded with ICE's sheets) and the roster's sources rows; counts and
    problems go into `report`. `other_sources`: sources rows the same write adds besides these."""
    raw = read(path)
    found, problems = listings(raw, path.name, NameFixes.committed())
    report.problems += problems
    sources = source_rows(raw, path)
    report.files.append(FileCount(path.name, "", "roster", len(raw), 0,
                                  f"{history.ROSTER_PREFIX}* ({len(sources)} captures)"))
    built, members = build_agreements(found, counties)
    kept = [r for r in package["sources"].raw_rows() if not is_roster_source(r)]
    dates = list_dates(kept + (other_sources or []) + sources)
    agreements = package["agreements_287g"]
    existing = agreements.raw_rows()
    merged, skipped, folded = fold(existing, built, dates, history.ROSTER_SERIES)
    rows = finalise(merged, dates)
    sub = ImportReport("roster", "agreements_287g")
    fill_agreement_counts(sub, rows, {r["id"]: r for r in existing if history.is_list_row(r)})
    written_ids = {r["id"] for r in rows}
    skipped_ids = {r["id"] for r, _ in skipped}
    report.dropped += sum(len(v) for k, v in members.items() if k not in written_ids and k not in skipped_ids)
    for row, cover in skipped:
        report.problems.append(Problem(
            "covered-by-hand-row", str(agreements.path), f"roster agreement {row['id']} not written: the "
            f"hand-entered row {cover['id']} covers the same agreement", severity="warning", value=row["id"]))
    report.extra.update({
        "roster: listings read": len(found),
        "roster: agreements built": len(built),
        "roster: agreements written as roster rows": sum(1 for r in rows if history.is_roster_row(r)),
        "roster: agreements folded into rows from ICE's sheets": folded,
        "roster: skipped, covered by a hand-entered row": len(skipped),
        "agreements_287g (all imported rows): written": sub.rows_written,
        "agreements_287g (all imported rows): ended": sub.ended,
        "agreements_287g (all imported rows): flagged": sub.flagged,
        "agreements_287g (all imported rows): added since the last import": sub.added,
        "agreements_287g (all imported rows): changed since the last import": sub.changed,
        "agreements_287g (all imported rows): ended since the last import": sub.extra["ended since the last import"],
    })
    report.ended = sub.ended
    return rows, sources


def run(path: Path, package_dir: Path) -> ImportReport:
    """Import the roster alone: rewrite the importers' agreement rows and the roster's sources; report.
    All files or none, and only if the package stays valid (AtlasError otherwise)."""
    package = load_package(package_dir)
    counties = CountyIndex.from_package(package)
    if len(counties) == 0:
        raise AtlasError(f"{package['counties'].path}: counties.csv has no rows; it is needed to match counties")
    report = ImportReport("atlas import ice-287g-roster", "agreements_287g")
    rows, sources = stage(package, Path(path), counties, report)
    report.rows_written = len(rows)
    write = PackageWrite(package)
    write.replace_owned_rows(package["agreements_287g"], history.is_list_row, rows)
    report.problems += write.replace_owned_sources(is_roster_source, sources, sort_with=is_importer_source)
    write.commit()
    return report
