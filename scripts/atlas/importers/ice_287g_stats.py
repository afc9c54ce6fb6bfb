"""Import ICE's FOIA statistics of 287(g) identifications and removals (FY2006-FY2013) into enforcement_stats
(and, with --roster, the 2011-2017 roster through its own importer, ice_287g_roster, in the same write).

Recipe: read(path) -> raw rows; normalise(raw, counties) -> stats rows with flags (two metrics per agency and
fiscal year; a blank cell stays an empty value, never a zero); run() merges them into the package and reports.
"""
from __future__ import annotations

from pathlib import Path

from ..package import load_package
from ..problems import AtlasError, Problem
from . import history, ice_287g_roster
from .csv_source import read_csv
from .county_match import CountyIndex
from .ice_287g import is_importer_source
from .normalise import agency_type_from_name, clean_text, state_code
from .provenance import describe, sha256_of
from .report import FileCount, ImportReport
from .tables import PackageWrite

FOIA_PREFIX = "ice-287g-foia-"
METRIC_IDENTIFIED = "ice_287g_identified"
METRIC_REMOVED = "ice_287g_removed"
STATS_HEADERS = {"state", "agency", "fiscal_year", "identified", "removed"}
STATS_OPTIONAL = {"agency_short", "fy_start", "fy_end", "attests_active", "source_footnote", "latitude", "longitude",
                  "address", "agency_raw", "source"}
DDP_REPO_FILE = "https://github.com/deportationdata/ice-287g/blob/main/data/pre2018-ice-removals-long.csv"


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
        agreements_rows, roster_sources = ice_287g_roster.stage(package, Path(roster), counties, report,
                                                                other_sources=sources)
        sources += roster_sources
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
