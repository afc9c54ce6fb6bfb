"""Small pure helpers that turn the cells of ICE's sheets and FOIA tables into clean values.

Every helper returns a value or None and never guesses: a cell it cannot read is reported by the
caller as a review flag, not silently repaired.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from urllib.parse import parse_qs, urlsplit

from ..markup import is_web_url
from ..paths import PACKAGE_DIR, find_package

# Other spellings of a state or territory that ICE's sheets use, beside the names in states.csv.
STATE_ALIASES = {"NORTHERN MARIANA ISLANDS": "MP", "U.S. VIRGIN ISLANDS": "VI", "VIRGIN ISLANDS": "VI"}


def _states_by_name() -> dict[str, tuple[str, str]]:
    """Upper-case name -> (USPS, FIPS), read from the committed states.csv: the atlas' one list of states (the
    repository's package; for an installed copy without one, the package in the current folder)."""
    package = PACKAGE_DIR if (PACKAGE_DIR / "datapackage.json").is_file() else find_package()
    with (package / "data" / "states.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_usps = {r["usps"]: (r["usps"], r["fips"]) for r in rows}
    return {**{r["name"].upper(): by_usps[r["usps"]] for r in rows},
            **{alias: by_usps[usps] for alias, usps in STATE_ALIASES.items()}}


STATES = _states_by_name()
USPS_TO_FIPS = {usps: fips for usps, fips in STATES.values()}

# Cells that spreadsheet formulas fill when a lookup fails: they mean "no value".
NOT_AVAILABLE = {"#N/A", "#NA", "N/A", "NA", "#REF!", "#VALUE!", "-"}

# ICE's SUPPORT TYPE wording (sheets and the 2011-2017 roster) -> the model enum of agreements_287g.
MODELS = {
    "jail enforcement model": "jail_enforcement",
    "jail enforcement": "jail_enforcement",
    "warrant service officer": "warrant_service_officer",
    "warrant service officer model": "warrant_service_officer",
    "task force model": "task_force",
    "task force": "task_force",
}

# ICE's TYPE column -> the agency_type enum.
AGENCY_TYPES = {"county": "county", "municipality": "municipal", "state agency": "state"}


def clean_text(value) -> str:
    """Trim, turn non-breaking and repeated spaces into one space; None becomes ''."""
    if value is None:
        return ""
    text = str(value).replace("\u00a0", " ")
    return " ".join(text.split())


def is_missing(value) -> bool:
    """True for empty cells and the '#N/A'-style fillers of failed spreadsheet lookups."""
    text = clean_text(value)
    return text == "" or text.upper() in NOT_AVAILABLE


def state_code(value) -> str | None:
    """USPS code for a state cell ('NORTH CAROLINA', 'Louisiana ', 'DELAWARE**', 'NC'); None if unknown."""
    text = clean_text(value).upper()
    text = re.sub(r"[^A-Z. ]", "", text).strip()  # footnote markers such as 'DELAWARE**'
    if text in STATES:
        return STATES[text][0]
    if text in USPS_TO_FIPS:
        return text
    return None


def model_code(value) -> str | None:
    """Model enum for ICE's SUPPORT TYPE wording, or None when the wording is new."""
    return MODELS.get(clean_text(value).lower())


def agency_type_from_ice(value) -> str | None:
    """agency_type enum for ICE's TYPE column ('County ', 'Municipality', 'State Agency')."""
    return AGENCY_TYPES.get(clean_text(value).lower())


_STATE_WORDS = re.compile(
    r"\b(department of (public safety|safety|corrections?|correctional services|law enforcement|highway safety|revenue)|"
    r"corrections department|"
    r"state police|highway patrol|national guard|state patrol|bureau of investigation|attorney general|"
    r"fish and wildlife|division of|department of transportation|state (bureau|department))\b", re.I)


def agency_type_from_name(agency: str, state: str) -> str:
    """Best reading of the level of government from the agency's own name, for sheets without TYPE.

    Words in the name decide ('Sheriff', 'County' -> county; 'Police Department', 'City of' -> municipal;
    'Department of Corrections' -> state; 'Regional Jail', 'Authority' -> regional; universities,
    colleges and airports -> other). A name that says none of these is 'unknown'.
    """
    name = clean_text(agency).lower()
    if re.search(r"\b(university|college|airport|port authority|school)\b", name):
        return "other"
    if re.search(r"\b(regional|district jail|authority)\b", name):
        return "regional"
    if re.search(r"\b(county|parish|borough)\b", name) or "sheriff" in name:
        return "county"
    if _STATE_WORDS.search(name):
        return "state"
    if re.search(r"\b(police|city of|town of|village of|public safety|constable|marshal)\b", name):
        return "municipal"
    return "unknown"


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(value) -> tuple[dt.date | None, str | None]:
    """Read a SIGNED cell: a datetime, a date, 'YYYY-MM-DD' or 'MM/DD/YYYY' text.

    Returns (date, None) when the cell reads cleanly, (None, None) for an empty cell and
    (None, reason) for text that is not a valid date (ICE's '05/082025'): the caller flags it.
    """
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = clean_text(value)
    if is_missing(text):
        return None, None
    for pattern, order in ((_ISO, (0, 1, 2)), (_US, (2, 0, 1))):
        match = pattern.match(text)
        if match:
            parts = [int(g) for g in match.groups()]
            try:
                return dt.date(parts[order[0]], parts[order[1]], parts[order[2]]), None
            except ValueError:
                break
    return None, f"malformed signing date {text!r}"


def digits(value) -> str:
    """Only the digits of a cell, to compare a malformed date ('05/082025') with a clean one."""
    return re.sub(r"\D", "", clean_text(value))


def slugify(*parts: str) -> str:
    """Lower-case ASCII words joined by hyphens; apostrophes vanish ("Sheriff's" -> "sheriffs")."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("'", "").replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def agency_key(agency: str) -> str:
    """Key that treats two spellings of one agency name as the same ('St Johns' / 'St. Johns', ’ / ')."""
    return slugify(clean_text(agency).replace("\u2019", "'"))


def url_or_none(value) -> str | None:
    """The cell if it is an http(s) URL, else None. Outlook 'safelinks' wrappers, which ICE's 2025 sheets
    carry around some MOA links, are unwrapped to the ice.gov address they point to."""
    text = clean_text(value).replace(" ", "%20")  # ICE's file names sometimes hold a space
    if not is_web_url(text):
        return None
    parts = urlsplit(text)
    if parts.hostname and parts.hostname.endswith("safelinks.protection.outlook.com"):
        target = parse_qs(parts.query).get("url", [""])[0]
        return url_or_none(target) or text
    return text
