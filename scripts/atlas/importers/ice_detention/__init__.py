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

Modules: sheets.py reads the files, linking.py gives facilities their ids, rows.py makes the table rows,
metadata.py the sources and metrics rows; constants.py holds the names they share; run() below ties them together.
"""
from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

from ...package import load_package
from ...problems import AtlasError, Problem
from .. import aggregate
from ..county_match import CountyIndex
from ..facility_county import FacilityCounties
from ..report import FileCount, ImportReport
from ..tables import PackageWrite
from .constants import COUNTY_METRICS, METRIC_ADP, SOURCE_PREFIX
from .linking import address_key, derived_id, link, name_key, name_tokens
from .metadata import metric_rows, source_row
from .rows import _fmt, county_rows, facility_rows, year_rows
from .sheets import Observation, Sheet, fy_end, read, source_id_for

# The functions and classes of the former single module; its constants live where they are used.
__all__ = ["Observation", "Sheet", "address_key", "county_rows", "derived_id", "facility_rows", "fy_end", "link",
           "metric_rows", "name_key", "name_tokens", "read", "run", "source_id_for", "source_row", "year_rows"]


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
