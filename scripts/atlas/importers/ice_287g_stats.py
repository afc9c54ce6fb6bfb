"""Import ICE's FOIA statistics of 287(g) identifications and removals (FY2006-FY2013) into enforcement_stats,
and, with --roster, ICE's 2011-2017 roster captures into agreements_287g.

Recipe for the statistics: read(path) -> raw rows; normalise(raw, counties) -> stats rows with flags (two
metrics per agency and fiscal year; a blank cell stays an empty value, never a zero); run() merges them
into the package and reports. The roster goes through the same history model as ICE's sheets (history.py):
one agreement per state + agency + model + signing date, first and last listed, inferred ends.
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from ..package import load_package
from ..problems import AtlasError, Problem
from . import history
from .county_match import CountyIndex, NameFixes
from .history import Listing, build_agreements, cited_ids, covered_by_hand_row, finalise, keep_series, overlay
from .ice_287g import _fill_counts, is_importer_source, list_dates
from .normalise import agency_type_from_name, clean_text, model_code, parse_date, state_code
from .provenance import ICE, describe, sha256_of
from .report import FileCount, ImportReport
from .tables import PackageWrite

FOIA_PREFIX = "ice-287g-foia-"
METRIC_IDENTIFIED = "ice_287g_identified"
METRIC_REMOVED = "ice_287g_removed"
STATS_HEADERS = {"state", "agency", "fiscal_year", "identified", "removed"}
STATS_OPTIONAL = {"agency_short", "fy_start", "fy_end", "attests_active", "source_footnote", "latitude", "longitude",
                  "address", "agency_raw", "source"}
ROSTER_HEADERS = {"snapshot_ts", "capture_date", "state", "agency", "support_type", "date_signed"}
ROSTER_OPTIONAL = {"caption", "caption_n", "content_asof", "asof_basis", "moa_file"}
DDP_REPO_FILE = "https://github.com/deportationdata/ice-287g/blob/main/data/pre2018-ice-removals-long.csv"
# ICE's fact-sheet address in the roster era, per deportationdata/ice-287g inputs/historical/SOURCES.csv.
ROSTER_PAGE_2011_2014 = "http://www.ice.gov/news/library/factsheets/287g.htm"
ROSTER_PAGE_2015_2017 = "http://www.ice.gov/factsheets/287g"


def read_csv(path: Path, required: set[str], optional: set[str]) -> list[dict[str, str]]:
    """Rows of a CSV as strings, after checking its headers (unknown or missing ones stop the import)."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            headers = [h.strip() for h in (reader.fieldnames or [])]
            for name in headers:
                if name not in required | optional:
                    raise AtlasError(f"{path}: unknown header {name!r} (known headers: "
                                     f"{', '.join(sorted(required | optional))})")
            for name in sorted(required):
                if name not in headers:
                    raise AtlasError(f"{path}: missing required header {name!r}")
            return [{(k or "").strip(): (v or "") for k, v in row.items()} for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise AtlasError(f"{path}: cannot read the file ({err})") from err


def read(path: Path) -> list[dict[str, str]]:
    """The FOIA table's rows (one per agency and fiscal year)."""
    return read_csv(path, STATS_HEADERS, STATS_OPTIONAL)


def foia_source_id(path: Path) -> str:
    """The full table and its North Carolina excerpt are different files, so different sources."""
    excerpt = "excerpt" in Path(path).name.lower()
    return f"{FOIA_PREFIX}ddp-identifications-removals-fy2006-2013" + ("-nc-excerpt" if excerpt else "")


def place(counties: CountyIndex, usps: str, agency: str) -> tuple[str, str, str]:
    """(county_fips, review_flag, note) of an agency of the FOIA table: alias table, state agency, or name."""
    alias = counties.alias(usps, agency)
    if alias is not None and alias.how == "alias":
        return alias.fips or "", "", f"County from the atlas' alias table: {alias.reason}"
    if alias is not None and alias.how == "multiple":
        return "", f"serves several counties: {agency} ({usps}): {alias.reason}", ""
    if (alias is not None and alias.how == "state-agency") or agency_type_from_name(agency, usps) == "state":
        return "", "", "State agency: no county."
    found = counties.from_agency_name(usps, agency)
    if found is not None and found.fips:
        return found.fips, "", ""
    why = found.reason if found is not None else "no county in the name and no alias"
    return "", f"county not matched: {agency} ({usps}): {why}", ""


def normalise(raw: list[dict[str, str]], counties: CountyIndex, source_id: str, file: str) -> tuple[list[dict], list[Problem]]:
    """Two rows (identified, removed) per agency and fiscal year; blank stays empty, with a note that says so."""
    rows, problems = [], []
    for line, rec in enumerate(raw, start=2):
        usps = state_code(rec["state"])
        agency = clean_text(rec["agency"])
        if usps is None:
            problems.append(Problem("unknown-state", file, f"unknown state {rec['state']!r}", line=line,
                                    field="state", value=rec["state"]))
        try:
            year = int(clean_text(rec["fiscal_year"]))
        except ValueError:
            raise AtlasError(f"{file}: line {line}: fiscal_year {rec['fiscal_year']!r} is not a year") from None
        fips, flag, place_note = place(counties, usps or "", agency)
        flag = flag.replace("; ", ", ")  # '; ' separates flags, never splits one
        footnote = clean_text(rec.get("source_footnote")).upper() == "TRUE"
        for metric, column in ((METRIC_IDENTIFIED, "identified"), (METRIC_REMOVED, "removed")):
            text = clean_text(rec[column])
            notes = []
            value: int | str = ""
            if text == "" or text.upper() == "NA":
                notes.append("Not reported: the source's cell is blank, which means no figure, not zero.")
            else:
                try:
                    value = int(float(text))
                except ValueError:
                    problems.append(Problem("not-a-count", file, f"{column} {text!r} is not a count", line=line,
                                            field=column, value=text))
                    notes.append(f"The source's cell reads {text!r}, which is not a count.")
            if footnote:
                notes.append("ICE's table marks this agency with a footnote (an asterisk after its name); "
                             "the footnote's text is not in the file.")
            if place_note:
                notes.append(place_note)
            raw_name = clean_text(rec.get("agency_raw"))
            if raw_name and raw_name.rstrip("*").strip() != agency:
                notes.append(f"ICE's table names the agency {raw_name!r}.")
            rows.append({
                "state": usps or "", "county_fips": fips, "agency": agency, "fiscal_year": year, "metric": metric,
                "value": value, "source_id": source_id, "notes": " ".join(notes),
                "review_flag": flag if flag else ("value is not a count" if notes and "not a count" in notes[0] else ""),
            })
    return rows, problems


def foia_source_row(path: Path, source_id: str) -> dict:
    sha = sha256_of(path)
    notes, archived = describe(sha, Path(path).name)
    return {
        "id": source_id,
        "title": "287(g) identifications and removals by agency and fiscal year, FY2006-FY2013 "
                 "(pre2018-ice-removals-long.csv)",
        "publisher": "Deportation Data Project", "author": "", "url": DDP_REPO_FILE, "published": "",
        "retrieved": "", "archived_url": archived, "kind": "foia-release", "sha256": sha,
        "notes": ("ICE's statistics of people identified and removed through each agency's 287(g) program, "
                  "released under the Freedom of Information Act (FY2006-2010 from ICE's 287g-masterstats, "
                  "FY2011-2013 from MuckRock FOIA releases) and compiled by the Deportation Data Project. "
                  "Only agencies with a 287(g) agreement are listed; a blank cell means no figure was reported. "
                  + notes),
    }


def metric_rows(source_id: str) -> list[dict]:
    """The two metrics, defined in the source's own terms."""
    return [
        {"id": METRIC_IDENTIFIED, "label": "Identified through 287(g)", "unit": "people", "source_id": source_id,
         "definition": ("People ICE counts as identified through one agency's 287(g) program (by the agency's "
                        "287(g)-trained officers) in one federal fiscal year, from ICE's 287(g) identification "
                        "and removal statistics FY2006-FY2013, released under FOIA. Only identifications ICE "
                        "attributes to the 287(g) program are counted, not other ICE arrests in the county. "
                        "An empty value means ICE reported no figure for that agency and year, not zero.")},
        {"id": METRIC_REMOVED, "label": "Removed after 287(g) identification", "unit": "people",
         "source_id": source_id,
         "definition": ("People ICE counts as removed from the United States in one federal fiscal year after "
                        "identification through one agency's 287(g) program, from ICE's 287(g) identification and "
                        "removal statistics FY2006-FY2013, released under FOIA. The source does not say whether a "
                        "removal counted in a year follows an identification of the same year; some agencies "
                        "have more removals than identifications in a year. An empty value means ICE reported no "
                        "figure, not zero.")},
    ]


# --- the 2011-2017 roster -----------------------------------------------------------------------------------

def roster_source_id(capture: dt.date) -> str:
    return f"{history.ROSTER_PREFIX}{capture.isoformat()}"


def read_roster(path: Path) -> list[dict[str, str]]:
    return read_csv(path, ROSTER_HEADERS, ROSTER_OPTIONAL)


def roster_listings(raw: list[dict[str, str]], file: str, name_fixes: NameFixes) -> tuple[list[Listing], list[Problem]]:
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


def roster_source_rows(raw: list[dict[str, str]], path: Path) -> list[dict]:
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


def merge_roster(existing: list[dict], built: list[dict], dates: dict[str, str]) -> tuple[list[dict], list, int]:
    """Fold roster agreements into the package's agreement rows.

    Old roster rows are replaced. A roster agreement with the id of a row from ICE's sheets is not written twice:
    the sheet row also cites the roster captures (first_listed moves back). A roster agreement that a hand-entered
    row covers (same state, agency and model, overlapping period: Mecklenburg NC 2006-2018) is skipped and
    reported. Returns (rows, skipped, folded).
    """
    hand = [r for r in existing if not history.is_list_row(r)]
    sheet_rows = {}
    for row in existing:
        if history.is_sheet_row(row):
            stripped = keep_series(row, {"participating", "pending"}, dates)
            sheet_rows[row["id"]] = stripped if stripped is not None else row
    out_roster, skipped, folded = [], [], 0
    for row in built:
        cover = next((h for h in hand if h["id"] == row["id"]), None) or covered_by_hand_row(row, hand)
        if cover is not None:
            skipped.append((row, cover))
        elif row["id"] in sheet_rows:
            sheet = sheet_rows[row["id"]]
            merged = overlay(sheet, cited_ids(row), dates)
            merged["review_flag"] = "; ".join(dict.fromkeys(
                f for f in (sheet.get("review_flag") or "").split("; ") + row["review_flag"].split("; ") if f))
            sheet_rows[row["id"]] = merged
            folded += 1
        else:
            out_roster.append(row)
    return list(sheet_rows.values()) + out_roster, skipped, folded


def run(file: Path, package_dir: Path, roster: Path | None = None) -> ImportReport:
    """Import the FOIA statistics (and the roster, when given); rewrite this importer's rows; report.

    Every file is written together or not at all, and only if the package stays valid (AtlasError otherwise);
    a source this run no longer writes stays while another table cites it.
    """
    package = load_package(package_dir)
    counties = CountyIndex.from_package(package)
    if len(counties) == 0:
        raise AtlasError(f"{package['counties'].path}: counties.csv has no rows; it is needed to match counties")
    file = Path(file)
    report = ImportReport("atlas import ice-287g-stats", "enforcement_stats")
    raw = read(file)
    source = foia_source_row(file, foia_source_id(file))
    stats, problems = normalise(raw, counties, source["id"], file.name)
    report.problems += problems
    report.files.append(FileCount(file.name, "", "foia", len(raw), 0, source["id"]))
    keys = {}
    resource = package["enforcement_stats"]
    pk = resource.primary_key
    for i, row in enumerate(stats):
        key = tuple(str(row[k]) for k in pk)
        if key in keys:
            report.problems.append(Problem("duplicate-key", file.name, f"two rows for {key}", line=i // 2 + 2))
        keys[key] = row
    is_mine_stat = lambda r: (r.get("source_id") or "").startswith(FOIA_PREFIX)  # noqa: E731
    before = {tuple(r[k] for k in pk): r for r in resource.raw_rows() if is_mine_stat(r)}
    after = {tuple(str(r[k]) for k in pk): {k: ("" if v is None else str(v)) for k, v in r.items()} for r in stats}
    report.compare(before, after)
    report.rows_written = len(stats)
    report.dropped = 2 * len(raw) - len(stats)
    report.matched = sum(1 for r in stats if r["county_fips"] or not r["review_flag"])
    report.count_flags(stats)
    report.extra["values not reported (blank, kept empty)"] = sum(1 for r in stats if r["value"] == "")
    report.extra["values reported as zero"] = sum(1 for r in stats if r["value"] == 0)
    report.extra["agencies"] = len({(r["state"], r["agency"]) for r in stats})

    sources = [source]
    agreements_rows = None
    if roster is not None:
        roster = Path(roster)
        raw_roster = read_roster(roster)
        listings, problems = roster_listings(raw_roster, roster.name, NameFixes.committed())
        report.problems += problems
        roster_sources = roster_source_rows(raw_roster, roster)
        sources += roster_sources
        report.files.append(FileCount(roster.name, "", "roster", len(raw_roster), 0,
                                      f"{history.ROSTER_PREFIX}* ({len(roster_sources)} captures)"))
        built, members = build_agreements(listings, counties)
        other_sources = [r for r in package["sources"].raw_rows() if not _is_mine_source(r)]
        dates = list_dates(other_sources + sources)
        agreements = package["agreements_287g"]
        existing = agreements.raw_rows()
        merged, skipped, folded = merge_roster(existing, built, dates)
        agreements_rows = finalise(merged, dates)
        sub = ImportReport("roster", "agreements_287g")
        _fill_counts(sub, agreements_rows, {r["id"]: r for r in existing if history.is_list_row(r)})
        written_ids = {r["id"] for r in agreements_rows}
        skipped_ids = {r["id"] for r, _ in skipped}
        report.dropped += sum(len(v) for k, v in members.items() if k not in written_ids and k not in skipped_ids)
        for row, cover in skipped:
            report.problems.append(Problem(
                "covered-by-hand-row", str(agreements.path), f"roster agreement {row['id']} not written: the "
                f"hand-entered row {cover['id']} covers the same agreement", severity="warning", value=row["id"]))
        report.extra.update({
            "roster: listings read": len(listings),
            "roster: agreements built": len(built),
            "roster: agreements written as roster rows": sum(1 for r in agreements_rows if history.is_roster_row(r)),
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

    write = PackageWrite(package)
    write.replace_owned_rows(package["metrics"], lambda r: r["id"] in {METRIC_IDENTIFIED, METRIC_REMOVED},
                             metric_rows(source["id"]))
    write.replace_owned_rows(resource, is_mine_stat, stats)
    if agreements_rows is not None:
        write.replace_owned_rows(package["agreements_287g"], history.is_list_row, agreements_rows)
    is_mine_source = _is_mine_source if roster is not None else (lambda r: r["id"].startswith(FOIA_PREFIX))
    report.problems += write.replace_owned_sources(is_mine_source, sources, sort_with=is_importer_source)
    write.commit()
    return report


def _is_mine_source(row: dict) -> bool:
    return row["id"].startswith((FOIA_PREFIX, history.ROSTER_PREFIX))
