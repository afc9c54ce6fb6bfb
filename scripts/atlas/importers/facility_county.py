"""Place a detention facility (or any place given by street address, city, state and ZIP) in a county.

The county comes from a maintained package, not a hand table: PyPI `zipcodes` (MIT; its data merge
unitedstateszipcodes.org's ZIP database, USPS ZIP Locale Detail and GeoNames, refreshed monthly) gives the county
of a ZIP code; the county name and state are then matched to a FIPS code with the package's counties.csv
(CountyIndex). In order:

  hand  a row of the committed fix table aliases/facility_county_fixes.csv, keyed on the location as the source
        wrote it (state, ZIP, city, address); a fix stops applying as soon as the source changes that location.
  zip   the county `zipcodes` gives for the facility's ZIP. A ZIP can cross a county line; the package gives the
        ZIP's main county. Where the source has its own County column (ICE's 2017 list), it is compared; when the
        two disagree the facility is left unplaced and flagged.
  city  the facility's ZIP has no county in `zipcodes` (PO boxes, unique ZIPs, missing ZIP), but every ZIP of its
        city in that state lies in one county.
Anything else stays unplaced (county_fips empty) with a review flag saying why. Nothing is dropped.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .county_match import ALIASES_DIR, CountyIndex, name_key, read_commented_csv
from .normalise import USPS_TO_FIPS, clean_text, is_missing

FACILITY_COUNTY_FIXES = ALIASES_DIR / "facility_county_fixes.csv"
METHODS = ("zip", "city", "hand")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def zipcodes_version() -> str:
    import zipcodes

    return getattr(zipcodes, "__version__", "unknown")


def zip5(value, usps: str = "") -> tuple[str, str]:
    """(five-character ZIP, note) from a ZIP cell: int 7105 -> '07105', float 27253.0 -> '27253',
    '28202-1234' -> '28202'. An unreadable cell gives ('', note saying what it was)."""
    if value is None:
        return "", ""
    if isinstance(value, bool):
        return "", f"ZIP cell {value!r} is not a ZIP code"
    if isinstance(value, float):
        if not value.is_integer():
            return "", f"ZIP cell {value!r} is not a ZIP code"
        value = int(value)
    if isinstance(value, int):
        if not 0 < value < 100000:
            return "", f"ZIP cell {value!r} is not a ZIP code"
        text = str(value)
        if len(text) < 5:
            return text.zfill(5), f"ZIP {value} restored to {text.zfill(5)} (the spreadsheet stored it as a number and lost the leading zero)"
        return text, ""
    text = clean_text(value)
    if is_missing(text):
        return "", ""
    m = re.fullmatch(r"(\d{3,5})(?:\.0+)?(?:-\d{4})?", text)
    if not m:
        return "", f"ZIP cell {text!r} is not a ZIP code"
    digits = m.group(1)
    if len(digits) < 5:
        return digits.zfill(5), f"ZIP {text} restored to {digits.zfill(5)} (leading zero lost upstream)"
    return digits, ""


@lru_cache(maxsize=None)
def _zip_record(z: str) -> tuple[str, str] | None:
    """(state, county name) that `zipcodes` gives for a ZIP, or None when it has no county for it."""
    import zipcodes

    try:
        found = zipcodes.matching(z)
    except (TypeError, ValueError):
        return None
    if not found:
        return None
    rec = found[0]
    county = clean_text(rec.get("county"))
    return (rec.get("state") or "", county) if county else None


@lru_cache(maxsize=None)
def _city_counties(city: str, usps: str) -> tuple[str, ...]:
    import zipcodes

    found = zipcodes.filter_by(city=city.title(), state=usps)
    found += [z for z in zipcodes.filter_by(state=usps)
              if city.upper() in {c.upper() for c in z.get("acceptable_cities") or []}]
    return tuple(sorted({clean_text(z.get("county")) for z in found if clean_text(z.get("county"))}))


def location_key(usps: str, zip_code: str, city: str, address: str) -> tuple[str, str, str, str]:
    return (usps.upper(), zip_code, name_key(city), name_key(address))


@dataclass(frozen=True)
class Placement:
    county_fips: str  # '' when unplaced
    method: str  # zip | city | hand | '' (unplaced)
    evidence: str
    review_flag: str = ""


class FacilityCounties:
    """County placement of facilities: fix table, then ZIP, then city; cross-checked with a County column."""

    def __init__(self, counties: CountyIndex, fixes: list[dict] | None = None):
        self.counties = counties
        self.fixes = {location_key(r["state"], r["zip"], r["city"], r["address"]): r for r in (fixes or [])}
        self.used_fixes: set[tuple[str, str, str, str]] = set()
        # zipcodes writes names without accents ('Dona Ana County', 'Bayamon Municipio'); counties.csv has them.
        self.ascii_names: dict[tuple[str, str], set[str]] = {}
        for (state, _), rows in counties.by_full.items():
            for row in rows:
                self.ascii_names.setdefault((state, name_key(_ascii(row["name"]))), set()).add(row["fips"])

    @classmethod
    def committed(cls, counties: CountyIndex) -> FacilityCounties:
        return cls(counties, read_commented_csv(FACILITY_COUNTY_FIXES))

    def _fips(self, usps: str, county_name: str) -> tuple[str, str]:
        found = self.counties.lookup(usps, county_name)
        if not found.fips and _ascii(county_name) == county_name:
            state = USPS_TO_FIPS.get(usps, "")
            candidates = self.ascii_names.get((state, name_key(county_name)), set())
            if len(candidates) == 1:
                return next(iter(candidates)), ""
        return (found.fips or "", found.reason)

    def place(self, usps: str, zip_code: str, city: str, address: str, source_county: str = "") -> Placement:
        version = zipcodes_version()
        key = location_key(usps, zip_code, city, address)
        fix = self.fixes.get(key)
        if fix is not None:
            self.used_fixes.add(key)
            target = fix["county_fips"].strip()
            if target and target not in self.counties.fips:
                return Placement("", "", "", f"fix table gives {target!r}, which is not in counties.csv")
            return Placement(target, "hand" if target else "", f"fix table: {fix['reason']}",
                             "" if target else f"county not placed: {fix['reason']}")
        ice_fips, ice_note = ("", "")
        if not is_missing(source_county):
            ice_fips, ice_note = self._fips(usps, source_county)
        ice_text = f"ICE's County column reads {clean_text(source_county)!r}" if not is_missing(source_county) else ""
        by_zip = _zip_record(zip_code) if zip_code else None
        if by_zip is not None:
            z_state, z_county = by_zip
            if z_state != usps:
                return Placement("", "", f"ZIP {zip_code} is in {z_state} in zipcodes {version}",
                                 f"county not placed: ZIP {zip_code} belongs to {z_state}, not {usps}")
            fips, why = self._fips(usps, z_county)
            evidence = f"ZIP {zip_code} -> {z_county}, {usps} (zipcodes {version})"
            if fips and ice_fips and fips != ice_fips:
                return Placement("", "", f"{evidence}; {ice_text} ({ice_fips})",
                                 f"county not placed: ZIP gives {fips}, ICE's County column gives {ice_fips}")
            if fips:
                if ice_fips:
                    evidence += f"; agrees with {ice_text}"
                elif ice_text:
                    evidence += f"; {ice_text}, which matches no county ({ice_note})"
                return Placement(fips, "zip", evidence)
            zip_problem = f"{evidence}, which matches no county in counties.csv ({why})"
        else:
            zip_problem = f"ZIP {zip_code} has no county in zipcodes {version}" if zip_code else "no ZIP"
        city_text = clean_text(city)
        if city_text and usps:
            names = _city_counties(city_text, usps)
            if len(names) == 1:
                fips, why = self._fips(usps, names[0])
                evidence = f"{zip_problem}; every ZIP of {city_text.title()}, {usps} is in {names[0]} (zipcodes {version})"
                if fips and ice_fips and fips != ice_fips:
                    return Placement("", "", f"{evidence}; {ice_text} ({ice_fips})",
                                     f"county not placed: city gives {fips}, ICE's County column gives {ice_fips}")
                if fips:
                    return Placement(fips, "city", evidence + (f"; agrees with {ice_text}" if ice_fips else ""))
            elif len(names) > 1:
                zip_problem += f"; {city_text.title()}, {usps} spans {len(names)} counties"
            else:
                zip_problem += f"; no ZIP of {city_text.title()}, {usps} in zipcodes"
        hint = f"; {ice_text}" if ice_text else ""
        return Placement("", "", zip_problem + hint, f"county not placed: {zip_problem}{hint}")

    def unused_fixes(self) -> list[tuple[str, str, str, str]]:
        return sorted(set(self.fixes) - self.used_fixes)
