"""Plain-words fixes, one per problem id; field-specific ones read the Table Schema, never a hard-coded list."""
from __future__ import annotations

import calendar
import re

from .registry import default_hints

GENERAL = default_hints()  # the registry's default hint per id

_TYPE_HINTS = {
    "date": "Dates are written YYYY-MM-DD, like 2018-12-05.",
    "integer": "Write a whole number with digits only (a minus sign first if negative), without spaces, separators, "
               "underscores or decimals, like 1234.",
    "number": "Write a number with a dot for decimals, without spaces, thousands separators, underscores, nan or "
              "inf, like 1234.5.",
    "boolean": "Write true or false.",
    "year": "Write a four-digit year, like 2019.",
}


def type_words(fdef: dict | None) -> str:
    """What a cell of the field must be, for a type-error's message."""
    if not fdef:
        return "of the schema's type"
    if fdef.get("format") == "uri":
        return "a web address (URI)"
    return {"date": "a date (YYYY-MM-DD)", "integer": "a whole number", "number": "a number",
            "boolean": "true or false"}.get(fdef.get("type"), f"of type {fdef.get('type')}")


def type_hint(fdef: dict | None, value: str | None = None) -> str:
    """The fix for a cell of the wrong type; for a date shaped right but impossible, says which part is wrong."""
    if not fdef:
        return "The value does not have the type the schema asks for."
    if fdef.get("format") == "uri":
        return "Write a full web address that starts with https:// (or http://), without spaces."
    general = _TYPE_HINTS.get(fdef.get("type", "string"), f"The value must be of type {fdef.get('type')}.")
    if fdef.get("type") == "date" and value is not None:
        return _impossible_date(value) or general
    return general


_DATE_SHAPE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _impossible_date(value: str) -> str | None:
    """`2019-13-45` -> "There is no month 13 ..."; None when the value is not YYYY-MM-DD in shape."""
    match = _DATE_SHAPE.fullmatch(value.strip())
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return (f"There is no month {month}: the month is the middle part, 01 to 12 (YYYY-MM-DD). "
                f"Was it written day first, or with month and day swapped?")
    days = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if not 1 <= day <= days:
        return (f"{calendar.month_name[month]} {year} has {days} days, so day {day} does not exist "
                "(dates are YYYY-MM-DD).")
    return None


def enum_hint(fdef: dict) -> str:
    allowed = fdef.get("constraints", {}).get("enum", [])
    return "Use one of: " + ", ".join(map(str, allowed)) + " (meanings are in the schema's enumDefinitions)."


def constraint_hint(fdef: dict | None, note: str) -> str:
    """Hint for a frictionless constraint-error; the note names the constraint (`constraint "enum" is ...`)."""
    match = re.search(r'constraint "(\w+)"', note or "")
    name = match.group(1) if match else ""
    constraints = (fdef or {}).get("constraints", {})
    if name == "required":
        allowed = constraints.get("enum")
        if allowed:
            return "This column needs a value in every row. " + enum_hint(fdef or {})
        return "This column needs a value in every row" + (f": {type_words(fdef)}." if fdef and
                                                             fdef.get("type", "string") != "string" else ".")
    if name == "enum" and fdef:
        return enum_hint(fdef)
    if name == "pattern":
        return _pattern_hint(fdef or {}, constraints.get("pattern", ""))
    if name == "minimum":
        return f"The value must be at least {constraints.get('minimum')}."
    if name == "maximum":
        return f"The value must be at most {constraints.get('maximum')}."
    if name == "maxLength":
        return (f"Shorten the text to at most {constraints.get(name)} characters (the field's limit, given in the data "
                "dictionary); the full detail belongs in the source, which the row cites.")
    if name == "minLength":
        return f"The text must have at least {constraints.get(name)} characters."
    if name == "unique":
        return GENERAL["unique-error"]
    return "The value breaks a rule of the Table Schema (see the message)."


def _pattern_hint(fdef: dict, pattern: str) -> str:
    name = fdef.get("name", "")
    if pattern.startswith("[0-9]{5}"):
        return "County FIPS codes are five digits with the leading zero, like 01001 or 37119 (space-separated if several)."
    if pattern == "[0-9]{2}":
        return "State FIPS codes are two digits with the leading zero, like 06 or 37."
    if pattern == "[A-Z]{2}":
        return "Write the two-letter USPS abbreviation in capitals, like NC."
    if pattern.startswith("https?://"):
        return "Write a full web address that starts with https:// (or http://)."
    if pattern.startswith("[a-z0-9]+(-[a-z0-9]+)*"):
        several = " (several are separated by one space)" if "( " in pattern else ""
        return f"Ids are lower-case letters and digits joined by hyphens, like wbtv-2018-12-05{several}."
    if pattern.startswith("[a-z0-9]+(_[a-z0-9]+)*"):
        return "Ids are lower-case letters and digits joined by underscores, like ice_removals_criminal."
    if pattern.startswith("[0-9]{4}"):
        return "Write YYYY, YYYY-MM or YYYY-MM-DD, like 2019 or 2019-05."
    if pattern == "[0-9a-f]{64}":
        return "Write the 64-character lower-case hex SHA-256, as printed by `sha256sum`."
    return f"The value of {name} must match the pattern {pattern}."
