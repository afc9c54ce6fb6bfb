"""Import ICE detainer records (I-247) lodged in Pennsylvania, FY2008-FY2015, as county x fiscal-year counts.

Input: pa_detainers.csv (eads/geocode-pa-detainers; ICE FOIA records), one row per detainer with the date, the
lift reason, the facility where it was lodged and its city. No licence is stated; the content is a government
record, cited as an ICE FOIA release (../shared/sources/MANIFEST.md).

Recipe: read(path) -> records; facilities(records) -> one row per facility with its kind (county jail, state
prison, federal prison, ...) read from its name, and its county (county named in the facility's name, or the one
county every ZIP of its city lies in, from PyPI zipcodes; a fix table for the rest); county x fiscal-year counts
in DuckDB (aggregate.detainer_sql, the same SQL bench/aggregate.py times); rows into enforcement_stats, facilities
into detainer_facilities, and a report. Records are never dropped: a record whose facility has no county is
counted under an empty county_fips of its state, flagged.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pyarrow as pa

from ..domain.fiscal import fiscal_year
from ..package import load_package
from ..problems import AtlasError, Problem
from . import aggregate
from .county_match import ALIASES_DIR, CountyIndex, read_commented_csv
from .county_match import name_key as county_name_key
from .facility_county import _city_counties, zipcodes_version
from .normalise import clean_text, slugify, state_code
from .provenance import sha256_of
from .report import FileCount, ImportReport
from .tables import PackageWrite

SOURCE_ID = "ice-foia-pa-detainers-fy2008-2015"
HEADERS = ["date", "lift_reason", "det_facility", "city", "state", "detainer_type"]
FIXES = ALIASES_DIR / "detainer_facility_fixes.csv"
KNOWN_SHA256 = "50e4f3e3d94ff600d36e9d68817ece298713cf751c4d080145935fceae73f525"
REPO_URL = ("https://github.com/eads/geocode-pa-detainers/blob/ecc87ce3bda4eb3d7bc5cfa9cb943eb319d405d2/"
            "pa_detainers.csv")

# Facility kinds, read from the facility's name (first match wins). Local = held by a county or city.
KIND_PATTERNS = [
    ("juvenile", r"\bJUV|JUVENILE|YOUTH|CHILDREN"),
    ("family_residential", r"FAMILY SHELTER"),
    ("state_prison", r"\bS\.?\s?C\.?\s?I\b|\bSRCF\b|CAMPHILL SCI"),
    ("federal_prison", r"\bFCI\b|FED\.?\s?CORR|U\.?\s?S\.?\s?PEN|\bUSP\b|\bFDC\b|FED\.?\s?PRISON|ALLENWOOD HOLD"),
    ("us_marshals", r"MARSHAL"),
    ("ice_office", r"DISTRICT OFFICE"),
    ("police", r"POLICE"),
    ("county_jail", r"\b(COUNTY|CNTY|CO\.?)\b.*\b(JAIL|PRISON|CORR|C\.C\.)|\b(JAIL|PRISON)\b"),
]
LOCAL_KINDS = aggregate.LOCAL_KINDS
METRICS = {
    "ice_detainers_issued": "ice_detainers_issued",
    "ice_detainers_declined_by_lea": "ice_detainers_declined_by_lea",
    "ice_detainers_lifted_booked_into_detention": "ice_detainers_lifted_booked_into_detention",
    "ice_detainers_no_lift_reason": "ice_detainers_no_lift_reason",
    "ice_detainers_issued_local": "ice_detainers_issued_local",
    "ice_detainers_declined_by_lea_local": "ice_detainers_declined_by_lea_local",
}
_COUNTY_IN_NAME = re.compile(r"^(.+?)\s+(COUNTY|CNTY|CO\.?)(?=\s|,|$)", re.I)


def read(path: Path) -> list[dict[str, str]]:
    """The detainer records as strings, after checking the header; AtlasError for an unreadable or empty file."""
    path = Path(path)
    if not path.exists():
        raise AtlasError(f"{path}: no such file")
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = [clean_text(h) for h in (reader.fieldnames or [])]
            if not header:
                raise AtlasError(f"{path}: the file is empty (no header row)")
            missing = [h for h in HEADERS if h not in header]
            unknown = [h for h in header if h not in HEADERS]
            if missing or unknown:
                raise AtlasError(f"{path}: header {header} differs from the expected {HEADERS} "
                                 f"(missing: {missing or 'none'}; unknown: {unknown or 'none'})")
            return [{clean_text(k): (v or "") for k, v in row.items() if k is not None} for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise AtlasError(f"{path}: cannot read the file ({err})") from err


def parse_date(text: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?", clean_text(text))
    if not m:
        return None
    try:
        return dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None


def facility_kind(name: str) -> tuple[str, str]:
    """(kind, the words of the name that decided it); 'unknown' when the name says none of them."""
    text = clean_text(name).upper()
    for kind, pattern in KIND_PATTERNS:
        m = re.search(pattern, text)
        if m:
            return kind, m.group(0).strip()
    return "unknown", ""


def facility_id(usps: str, name: str, city: str) -> str:
    return slugify(usps, name, city)


class DetainerFacilityCounties:
    """County of a facility of the detainer records: fix table, the county its name names, or its city's county."""

    def __init__(self, counties: CountyIndex, fixes: list[dict]):
        self.counties = counties
        self.fixes = {(r["state"], county_name_key(r["facility"]), county_name_key(r["city"])): r for r in fixes}
        self.used: set = set()

    def place(self, usps: str, name: str, city: str) -> tuple[str, str, str, str]:
        """(county_fips, method, evidence, review_flag)."""
        key = (usps, county_name_key(name), county_name_key(city))
        if key not in self.fixes or not self.fixes[key]["county_fips"].strip() and self.fixes[key].get("kind"):
            key = (usps, "", county_name_key(city)) if (usps, "", county_name_key(city)) in self.fixes else key
        fix = self.fixes.get(key)
        if fix is not None and (fix["county_fips"].strip() or not fix.get("kind")):
            self.used.add(key)
            fips = fix["county_fips"].strip()
            if fips and fips not in self.counties.fips:
                return "", "", "", f"fix table gives {fips!r}, which is not in counties.csv"
            return fips, "hand" if fips else "", f"fix table: {fix['reason']}", "" if fips else \
                f"county not placed: {fix['reason']}"
        by_name = by_city = ""
        evidence = []
        m = _COUNTY_IN_NAME.match(clean_text(name).replace(",", " "))
        if m:
            found = self.counties.lookup(usps, f"{m.group(1)} County")
            if found.fips:
                by_name = found.fips
                evidence.append(f"the name names {m.group(1).title()} County")
            else:
                evidence.append(f"the name names {m.group(1).title()} County, which is not a county of {usps}")
        names = _city_counties(clean_text(city), usps) if clean_text(city) else ()
        if len(names) == 1:
            found = self.counties.lookup(usps, names[0])
            by_city = found.fips or ""
            evidence.append(f"every ZIP of {clean_text(city).title()}, {usps} is in {names[0]} (zipcodes "
                            f"{zipcodes_version()})")
        elif len(names) > 1:
            evidence.append(f"{clean_text(city).title()}, {usps} spans {len(names)} counties in zipcodes")
        else:
            evidence.append(f"no ZIP of {clean_text(city).title()}, {usps} in zipcodes {zipcodes_version()}")
        text = "; ".join(evidence)
        if by_name and by_city and by_name != by_city:
            return "", "", text, f"county not placed: the name gives {by_name}, the city gives {by_city}"
        if by_name:
            return by_name, "name", text + ("; they agree" if by_city else ""), ""
        if by_city:
            return by_city, "city", text, ""
        return "", "", text, f"county not placed: {text}"

    def kind(self, usps: str, name: str, city: str) -> tuple[str, str] | None:
        """(kind, reason) from the fix table's kind column, or None."""
        key = (usps, county_name_key(name), county_name_key(city))
        fix = self.fixes.get(key)
        if fix is not None and fix.get("kind"):
            self.used.add(key)
            return fix["kind"], fix["reason"]
        return None

    def unused(self) -> list:
        return sorted(set(self.fixes) - self.used)


def metric_rows() -> list[dict]:
    place = ("It counts detainers where ICE lodged them (the facility holding the person), not where the person "
             "was arrested or lives. ")
    scope_all = ("Every facility located in the county is included, whatever its kind: county jails and city police "
                 "lock-ups, but also state prisons (SCI), federal prisons and U.S. Marshals offices, which are not "
                 "county jails; detainer_facilities gives each facility's kind. ")
    scope_local = ("Only facilities run by the county or a city are included: county jails and prisons "
                   "(including Philadelphia's) and city police districts (facility kinds county_jail and police in "
                   "detainer_facilities); state prisons, federal prisons, U.S. Marshals, ICE offices, juvenile and "
                   "family facilities are left out. ")
    source = ("From ICE's detainer records for Pennsylvania released under FOIA (one record per I-247 detainer, "
              "FY2008-FY2015; FY2015 runs only to 18 July 2015). A federal fiscal year runs from 1 October to "
              "30 September; a detainer is counted in the year of its date. ")
    return [
        {"id": "ice_detainers_issued", "label": "ICE detainers issued (all facilities in the county)",
         "unit": "detainers", "source_id": SOURCE_ID,
         "definition": "Number of ICE immigration detainers (I-247) lodged with facilities located in the county in "
                       "the fiscal year. " + place + scope_all + source},
        {"id": "ice_detainers_declined_by_lea", "label": "ICE detainers declined by the local agency (all facilities)",
         "unit": "detainers", "source_id": SOURCE_ID,
         "definition": "Number of the detainers counted in ice_detainers_issued whose lift reason in ICE's records is "
                       "'Detainer Declined by LEA' (declined by the law enforcement agency holding the person). It "
                       "is a count of records with that lift reason, not of a county policy; most records have "
                       "another lift reason or none. " + place + scope_all + source},
        {"id": "ice_detainers_lifted_booked_into_detention",
         "label": "ICE detainers ending in a book-in to ICE detention (all facilities)", "unit": "detainers",
         "source_id": SOURCE_ID,
         "definition": "Number of the detainers counted in ice_detainers_issued whose lift reason in ICE's records is "
                       "'Booked into Detention'. " + place + scope_all + source},
        {"id": "ice_detainers_no_lift_reason", "label": "ICE detainers with no lift reason recorded (all facilities)",
         "unit": "detainers", "source_id": SOURCE_ID,
         "definition": "Number of the detainers counted in ice_detainers_issued whose lift reason is blank in ICE's "
                       "records (the detainer was not lifted, or no reason was entered; the records do not say "
                       "which). " + place + scope_all + source},
        {"id": "ice_detainers_issued_local", "label": "ICE detainers issued to county jails and city police",
         "unit": "detainers", "source_id": SOURCE_ID,
         "definition": "Number of ICE immigration detainers (I-247) lodged with county jails and city police "
                       "facilities located in the county in the fiscal year. " + place + scope_local + source},
        {"id": "ice_detainers_declined_by_lea_local",
         "label": "ICE detainers declined by county jails and city police", "unit": "detainers",
         "source_id": SOURCE_ID,
         "definition": "Number of the detainers counted in ice_detainers_issued_local whose lift reason in ICE's "
                       "records is 'Detainer Declined by LEA'. " + place + scope_local + source},
    ]


def source_row(path: Path) -> dict:
    sha = sha256_of(path)
    known = sha == KNOWN_SHA256
    return {"id": SOURCE_ID,
            "title": "ICE immigration detainers (I-247) lodged in Pennsylvania, FY2008-FY2015 (pa_detainers.csv)",
            "publisher": "U.S. Immigration and Customs Enforcement (FOIA release; republished by David Eads)",
            "author": "", "url": REPO_URL if known else "", "published": "2015",
            "retrieved": "", "archived_url": REPO_URL if known else "", "kind": "foia-release", "sha256": sha,
            "notes": ("ICE detainer records for Pennsylvania released under the Freedom of Information Act: one row "
                      "per detainer with its date (2 Oct 2007 to 18 Jul 2015), lift reason, facility and city; no "
                      "county. Republished by David Eads in eads/geocode-pa-detainers (2016), which states no "
                      "licence; the records are government records. "
                      + ("Read from eads/geocode-pa-detainers, pa_detainers.csv at commit "
                         "ecc87ce3bda4eb3d7bc5cfa9cb943eb319d405d2." if known else
                         f"File {Path(path).name}; its origin is not recorded in the atlas."))}


def run(file: Path, package_dir: Path) -> ImportReport:
    package = load_package(package_dir)
    for name in ("detainer_facilities", "enforcement_stats", "metrics", "sources"):
        if name not in package.resources:
            raise AtlasError(f"{package_dir}/datapackage.json has no resource {name!r}")
    counties = CountyIndex.from_package(package)
    if len(counties) == 0:
        raise AtlasError("counties.csv has no rows; it is needed to place facilities in counties")
    file = Path(file)
    records = read(file)
    if not records:
        raise AtlasError(f"{file}: no detainer records below the header")
    report = ImportReport("atlas import pa-detainers", "enforcement_stats")
    blank = 0
    placer = DetainerFacilityCounties(counties, read_commented_csv(FIXES))
    facilities: dict[str, dict] = {}
    rows_for_sql = []
    undated = 0
    for line, rec in enumerate(records, start=2):
        if not any(clean_text(v) for v in rec.values()):
            blank += 1
            continue
        usps = state_code(rec["state"]) or ""
        name, city = clean_text(rec["det_facility"]), clean_text(rec["city"])
        fid = facility_id(usps or "xx", name or "no facility", city)
        fac = facilities.get(fid)
        if fac is None:
            kind, why = facility_kind(name)
            why = f"name contains {why!r}" if why else ""
            hand_kind = placer.kind(usps, name, city)
            if hand_kind is not None:
                kind, why = hand_kind[0], f"fix table: {hand_kind[1]}"
            fips, method, evidence, flag = placer.place(usps, name, city) if usps else \
                ("", "", "", f"county not placed: unknown state {rec['state']!r}")
            flags = [flag] if flag else []
            if kind == "unknown":
                flags.append("kind not known: the facility's name does not say what kind of facility it is")
            fac = facilities[fid] = {
                "facility_id": fid, "name": name, "city": city, "state": usps, "kind": kind,
                "kind_evidence": why, "county_fips": fips,
                "county_method": method, "county_evidence": evidence, "detainers": 0, "first_date": None,
                "last_date": None, "source_id": SOURCE_ID, "review_flag": "; ".join(flags)}
        fac["detainers"] += 1
        day = parse_date(rec["date"])
        if day is None:
            undated += 1
            report.problems.append(Problem("undated-detainer", file.name, f"date {rec['date']!r} is not a date: "
                                           "the record is in no fiscal year's count", line=line, field="date",
                                           value=rec["date"], severity="warning"))
            continue
        fac["first_date"] = min(filter(None, [fac["first_date"], day]))
        fac["last_date"] = max(filter(None, [fac["last_date"], day]))
        rows_for_sql.append({"detainer_date": day, "state": usps, "county_fips": fac["county_fips"],
                             "facility_kind": fac["kind"], "lift_reason": clean_text(rec["lift_reason"])})
    table = pa.Table.from_pylist(rows_for_sql, schema=pa.schema([
        ("detainer_date", pa.date32()), ("state", pa.string()), ("county_fips", pa.string()),
        ("facility_kind", pa.string()), ("lift_reason", pa.string())]))
    con = aggregate.connect()
    con.register("detainers", table)
    counts = aggregate.county_detainer_counts(con, "detainers")
    last_day = max(r["detainer_date"] for r in rows_for_sql)
    stats = []
    for r in counts:
        part = r["fiscal_year"] == fiscal_year(last_day) and last_day < dt.date(r["fiscal_year"], 9, 30)
        note = f"Part year: the records end on {last_day.isoformat()}." if part else ""
        flag = "" if r["county_fips"] else "detainers at facilities not placed in a county (see detainer_facilities)"
        for metric in METRICS:
            if metric.endswith("_local") and r["ice_detainers_issued_local"] == 0:
                continue
            stats.append({"state": r["state"], "county_fips": r["county_fips"], "agency": "",
                          "fiscal_year": r["fiscal_year"], "metric": metric, "value": r[metric],
                          "source_id": SOURCE_ID, "notes": note, "review_flag": flag})
    fac_rows = []
    for fid in sorted(facilities):
        f = dict(facilities[fid])
        f["first_date"] = f["first_date"].isoformat() if f["first_date"] else ""
        f["last_date"] = f["last_date"].isoformat() if f["last_date"] else ""
        fac_rows.append(f)

    # Counts in and out: every record is in exactly one facility, and every dated record in one county x FY.
    issued = sum(r["ice_detainers_issued"] for r in counts)
    report.files.append(FileCount(file.name, "", "detainer-records", len(records) - blank, blank, SOURCE_ID))
    report.dropped = (len(records) - blank) - sum(f["detainers"] for f in fac_rows)
    if issued + undated != len(records) - blank:
        report.problems.append(Problem("totals-differ", file.name, f"{len(records) - blank} records read, "
                                       f"{issued} counted in county x FY rows, {undated} undated"))
    resource = package["enforcement_stats"]
    pk = resource.primary_key
    before = {tuple(r[k] for k in pk): r for r in resource.raw_rows() if r["source_id"] == SOURCE_ID}
    after = {tuple(str(r[k]) for k in pk): {k: ("" if v is None else str(v)) for k, v in r.items()} for r in stats}
    report.compare(before, after)
    report.rows_written = len(stats)
    report.matched = sum(1 for r in stats if r["county_fips"])
    report.count_flags(stats)
    by_kind = Counter()
    for f in fac_rows:
        by_kind[f["kind"]] += f["detainers"]
    report.extra.update({
        "records read": len(records) - blank,
        "records counted in county x FY rows": issued,
        "records without a readable date (in no fiscal year)": undated,
        "records at facilities placed in a county": sum(f["detainers"] for f in fac_rows if f["county_fips"]),
        "records at facilities not placed": sum(f["detainers"] for f in fac_rows if not f["county_fips"]),
        "facilities": len(fac_rows),
        "declined by LEA (all facilities)": sum(r["ice_detainers_declined_by_lea"] for r in counts),
    })
    for kind, n in sorted(by_kind.items()):
        report.extra[f"records by facility kind: {kind}"] = n
    for method, n in sorted(Counter(f["county_method"] or "unplaced" for f in fac_rows).items()):
        report.extra["facilities not placed in a county" if method == "unplaced" else f"facilities placed by {method}"] = n
    for fy in sorted({r["fiscal_year"] for r in counts}):
        report.extra[f"FY{fy} records before aggregation"] = sum(1 for r in rows_for_sql if fiscal_year(r["detainer_date"]) == fy)
        report.extra[f"FY{fy} detainers issued after aggregation"] = sum(
            r["ice_detainers_issued"] for r in counts if r["fiscal_year"] == fy)
    for key in placer.unused():
        report.problems.append(Problem("unused-fix", FIXES.name, f"fix for {key} matched no facility",
                                       severity="warning"))

    write = PackageWrite(package)  # every file or none, and only if the package stays valid
    write.replace_owned_rows(package["metrics"], lambda r: r["id"] in METRICS, metric_rows())
    write.replace_owned_rows(resource, lambda r: r["source_id"] == SOURCE_ID, stats)
    write.replace_all_rows(package["detainer_facilities"], fac_rows)
    report.problems += write.replace_owned_sources(lambda r: r["id"] == SOURCE_ID, [source_row(file)])
    write.commit()
    return report
