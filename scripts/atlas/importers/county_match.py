"""Place an agency in a county: from ICE's COUNTY cell, from the agency's own name, or from the alias table.

Matching is always within one state, so same-named counties in different states (Mecklenburg VA 51117,
Mecklenburg NC 37119) can never be mixed up. A name that matches two county equivalents of one state
(Virginia's 'Fairfax County' and 'Fairfax city' both have the short name 'Fairfax') is ambiguous and
is not guessed.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from .normalise import USPS_TO_FIPS, clean_text, is_missing

ALIASES_DIR = Path(__file__).parent / "aliases"
AGENCY_ALIASES = ALIASES_DIR / "agency_aliases.csv"
COUNTY_FIXES = ALIASES_DIR / "county_fixes.csv"
AGENCY_NAME_FIXES = ALIASES_DIR / "agency_name_fixes.csv"

# Words after a county's proper name in Census names and in ICE's cells.
_AREA_WORDS = ("county", "parish", "borough", "census area", "city and borough", "municipality", "municipio",
               "city", "district", "island", "islands")
_AGENCY_COUNTY = re.compile(r"^(?:the\s+)?(.+?)\s+(county|parish|borough)\b", re.I)


def name_key(name: str) -> str:
    """Compare county names whatever their spelling: 'St. Lucie'/'Saint Lucie', 'DeKalb'/'De Kalb', ’/'."""
    text = clean_text(name).lower().replace("\u2019", "'")
    text = re.sub(r"\bsaint\b", "st", text)
    text = re.sub(r"\bste\b", "st", text)  # 'Ste. Genevieve' vs 'Sainte Genevieve'
    text = re.sub(r"\bsainte\b", "st", text)
    return re.sub(r"[^a-z0-9]", "", text)


def read_commented_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a committed CSV whose lines starting with '#' are comments for the people who maintain it."""
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as fh:
        lines = [line for line in fh if not line.lstrip().startswith("#") and line.strip()]
    return list(csv.DictReader(lines))


class NameFixes:
    """The committed fix table for agency names that drift between lists, keyed on the wrong spelling."""

    def __init__(self, rows: list[dict] | None = None):
        self.rows = {(r["state"], name_key(r["wrong"])): r for r in (rows or [])}

    @classmethod
    def committed(cls) -> NameFixes:
        return cls(read_commented_csv(AGENCY_NAME_FIXES))

    def apply(self, usps: str, agency: str) -> tuple[str, str]:
        """(name to use, note) - the note quotes the source's own spelling when a fix applied."""
        row = self.rows.get((usps, name_key(agency)))
        if row is None:
            return agency, ""
        return row["right"], f"The source spells the agency {agency!r} ({row['reason']})."


@dataclass(frozen=True)
class CountyMatch:
    """Outcome of placing one agency: a FIPS code, 'state' (no county), or None with the reason."""

    fips: str | None
    how: str  # county-column | agency-name | alias | state-agency | multiple | unmatched
    reason: str = ""


class CountyIndex:
    """County equivalents of the package, looked up by state and name."""

    def __init__(self, counties: list[dict], county_fixes: list[dict] | None = None,
                 aliases: list[dict] | None = None):
        self.by_full: dict[tuple[str, str], list[dict]] = {}
        self.by_short: dict[tuple[str, str], list[dict]] = {}
        for row in counties:
            state = row["state_fips"]
            self.by_full.setdefault((state, name_key(row["name"])), []).append(row)
            self.by_short.setdefault((state, name_key(row["short_name"])), []).append(row)
        self.fixes = {(r["state"], name_key(r["wrong"])): r for r in (county_fixes or [])}
        self.aliases = {(r["state"], name_key(r["agency"])): r for r in (aliases or [])}
        self.fips = {row["fips"] for row in counties}

    @classmethod
    def from_package(cls, package) -> CountyIndex:
        counties = package["counties"].raw_rows()
        return cls(counties, read_commented_csv(COUNTY_FIXES), read_commented_csv(AGENCY_ALIASES))

    def __len__(self) -> int:
        return len(self.fips)

    def _pick(self, candidates: list[dict]) -> list[dict]:
        current = [c for c in candidates if not c.get("valid_to")]
        return current or candidates

    def lookup(self, usps: str, county_text: str) -> CountyMatch:
        """Match a county name ('Gaston County', 'Bossier Parish ', 'Decatur', 'Norfolk city') in one state."""
        state = USPS_TO_FIPS.get(usps)
        text = clean_text(county_text)
        if state is None or is_missing(text):
            return CountyMatch(None, "unmatched", f"no county name to match in {usps}")
        fix = self.fixes.get((usps, name_key(text)))
        if fix:
            text = fix["right"]
        full = self._pick(self.by_full.get((state, name_key(text)), []))
        if len(full) == 1:
            return CountyMatch(full[0]["fips"], "county-column")
        if any(text.lower().endswith(" " + word) for word in _AREA_WORDS):
            # 'X County' must not land on 'X city' (Virginia): with an area word, only the full name counts.
            return CountyMatch(None, "unmatched", f"no county named {text!r} in {usps}")
        short = self._pick(self.by_short.get((state, name_key(text)), []))
        if len(short) == 1:
            return CountyMatch(short[0]["fips"], "county-column")
        if len(short) > 1:
            names = ", ".join(sorted(f"{c['name']} {c['fips']}" for c in short))
            return CountyMatch(None, "unmatched", f"county {text!r} is ambiguous in {usps}: {names}")
        return CountyMatch(None, "unmatched", f"no county named {text!r} in {usps}")

    def from_agency_name(self, usps: str, agency: str) -> CountyMatch | None:
        """County named inside the agency's name ('Gaston County Sheriff's Office'), or None if it names none."""
        match = _AGENCY_COUNTY.match(clean_text(agency).replace("\u2019", "'"))
        if not match:
            return None
        found = self.lookup(usps, f"{match.group(1)} {match.group(2)}")
        if found.fips:
            return CountyMatch(found.fips, "agency-name")
        return found

    def alias(self, usps: str, agency: str) -> CountyMatch | None:
        """The committed alias table's answer for an agency, or None when the table has no row for it."""
        row = self.aliases.get((usps, name_key(agency)))
        if row is None:
            return None
        target = row["county_fips"].strip()
        if target == "state":
            return CountyMatch(None, "state-agency", row["reason"])
        if target == "multiple":
            return CountyMatch(None, "multiple", row["reason"])
        if target in self.fips:
            return CountyMatch(target, "alias", row["reason"])
        return CountyMatch(None, "unmatched", f"alias table gives {target!r}, which is not in counties.csv")
