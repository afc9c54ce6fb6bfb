"""Rules about time: periods that end before they start, overlapping policies, dates and fiscal years in the future."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence

from ...domain.fiscal import fiscal_year
from ...problems import Problem
from ..table import Table
from ...records import cast
from .base import Context, cell_problem, cells_where, rows_where

# (start field, end field) pairs per resource. Agreements: signing or first listing cannot come after the
# end or the last listing. Policies: `ended` is the first day no longer in force; a row is reviewed after it is verified. Counties: valid_to is the last day.
PERIOD_FIELDS = {
    "agreements_287g": [("signed", "ended"), ("signed", "last_listed"),
                        ("first_listed", "ended"), ("first_listed", "last_listed")],
    "detainer_policies": [("effective", "ended"), ("verified", "reviewed")],
    "counties": [("valid_from", "valid_to")],
}


def end_before_start(ctx: Context) -> Iterator[Problem]:
    for name, pairs in PERIOD_FIELDS.items():
        table = ctx.table(name)
        if table is None:
            continue
        hits = []
        for order, (start, end) in enumerate(pairs):
            if start not in table.fdefs or end not in table.fdefs:  # Row.values has no such cell: nothing to compare
                continue

            def inverted(first: str, last: str, start=start, end=end) -> bool:
                a, b = cast(first, table.fdefs[start]), cast(last, table.fdefs[end])
                return isinstance(a, dt.date) and isinstance(b, dt.date) and b < a

            hits.extend((row.number, order, row) for row in rows_where(table, [start, end], inverted))
        for _, order, row in sorted(hits, key=lambda hit: hit[:2]):
            start, end = pairs[order]
            a, b = row.values.get(start), row.values.get(end)
            yield cell_problem(
                table, row, "end-before-start", end, f"{end} {b} is before {start} {a}",
                f"Check both dates against the source; {end} cannot be earlier than {start}.")


def overlapping_pairs(periods: Sequence[tuple[dt.date, dt.date | None]]) -> set[tuple[int, int]]:
    """Index pairs (i < j) whose half-open periods [start, end) share at least one day; end None = still open.

    Empty or inverted periods (end <= start) overlap nothing; `end-before-start` reports those.
    """
    pairs = set()
    for j, (start_j, end_j) in enumerate(periods):
        if end_j is not None and end_j <= start_j:
            continue
        for i in range(j):
            start_i, end_i = periods[i]
            if end_i is not None and end_i <= start_i:
                continue
            if (end_j is None or start_i < end_j) and (end_i is None or start_j < end_i):
                pairs.add((i, j))
    return pairs


def overlapping_policy_periods(ctx: Context) -> Iterator[Problem]:
    """Two periods of the same jurisdiction in force on the same day: the atlas could not say which applied."""
    table = ctx.table("detainer_policies")
    if table is None:
        return
    groups = defaultdict(list)
    for row in table.rows:
        v = row.values
        key = {"county": v.get("county_fips"), "state": v.get("state_fips")}.get(v.get("jurisdiction"))
        if key and isinstance(v.get("effective"), dt.date):  # no_state_rule rows may have no start: no period
            groups[(v["jurisdiction"], key)].append(row)
    for (jurisdiction, key), rows in groups.items():
        periods = [(r.values["effective"], r.values.get("ended")) for r in rows]
        for i, j in sorted(overlapping_pairs(periods), key=lambda p: (p[1], p[0])):
            earlier, later = rows[i], rows[j]
            yield cell_problem(
                table, later, "overlapping-policy-periods", "effective",
                f"policy {later.raw.get('id')!r} overlaps policy {earlier.raw.get('id')!r} (line {earlier.line}) "
                f"for {jurisdiction} {key}",
                "Periods of one jurisdiction must not overlap: set the earlier row's `ended` to the later row's "
                "`effective` (ended is the first day no longer in force).")


def future_fiscal_year(ctx: Context) -> Iterator[Problem]:
    """A figure for a fiscal year that has not started, in every table with a fiscal_year field."""
    current = fiscal_year(ctx.today)
    for table in ctx.tables.values():
        if table.field("fiscal_year") is not None:
            yield from _future_fiscal_years(table, current)


def _future_fiscal_years(table, current: int) -> Iterator[Problem]:
    fdef = table.fdefs["fiscal_year"]

    def future(_, value: str) -> bool:
        fy = cast(value, fdef)
        return isinstance(fy, int) and fy > current

    for row, _, _, _ in cells_where(table, ["fiscal_year"], future):
        yield cell_problem(table, row, "future-fiscal-year", "fiscal_year",
                           f"fiscal year {row.values.get('fiscal_year')} has not started (the current federal fiscal "
                           f"year is {current})",
                           "Federal fiscal years are named by the year they end in: 1 Oct 2018 to 30 Sep 2019 "
                           "is FY2019. Check the source's year.")


# The atlas records what has happened: every date in it (signed, effective, ended, verified, published, ...) is
# an event that has taken place. A few days' grace covers time zones and a source dated by its own calendar.
FUTURE_GRACE = dt.timedelta(days=7)
# A string field with this pattern holds a date as precise as its source: YYYY, YYYY-MM or YYYY-MM-DD.
PARTIAL_DATE_PATTERN = "[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"


def event_date_fields(table: Table) -> list[str]:
    """Date fields, and partial-date text fields, read from the schema."""
    return [f["name"] for f in table.fields
            if f.get("type") == "date" or (f.get("constraints") or {}).get("pattern") == PARTIAL_DATE_PATTERN]


def earliest_day(value: object) -> dt.date | None:
    """The first day a date or partial date ("2027", "2027-03") can mean; None when it is not a date."""
    if isinstance(value, dt.date):
        return value
    parts = str(value or "").split("-")
    try:
        return dt.date(*[int(p) for p in parts], *[1] * (3 - len(parts))) if 1 <= len(parts) <= 3 else None
    except (ValueError, TypeError):
        return None


def future_date(ctx: Context) -> Iterator[Problem]:
    """A date more than a week after today is a typo (a wrong year) or a plan, and the atlas records neither."""
    latest = ctx.today + FUTURE_GRACE
    for table in ctx.tables.values():
        fdefs = table.fdefs

        def future(name: str, value: str) -> bool:
            day = earliest_day(cast(value, fdefs[name]))
            return day is not None and day > latest

        for row, name, _, _ in cells_where(table, event_date_fields(table), future):
            yield cell_problem(table, row, "future-date", name,
                               f"{name} {row.raw.get(name)} is in the future (today is {ctx.today})",
                               "Dates record what has already happened: check the year against the "
                               "source. A policy or agreement that starts later is added once it applies.")


REVIEW_MONTHS = 12


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (29 February falls back to the 28th)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def policy_review_overdue(ctx: Context) -> Iterator[Problem]:
    """A policy row still in force that nobody has re-read against its sources for more than 12 months.

    In force: no `ended`, or an `ended` after today (state rows without dates record a search and count as in force).
    A row that has ended describes the past and does not go stale the same way, so it is not flagged.
    """
    table = ctx.table("detainer_policies")
    if table is None or table.field("reviewed") is None:
        return
    limit = months_before(ctx.today, REVIEW_MONTHS)
    for row in table.rows:
        v = row.values
        ended, reviewed = v.get("ended"), v.get("reviewed")
        if isinstance(ended, dt.date) and ended <= ctx.today or not isinstance(reviewed, dt.date):
            continue
        if reviewed < limit:
            yield cell_problem(
                table, row, "policy-review-overdue", "reviewed",
                f"row {row.raw.get('id')!r} is in force but was last reviewed on {reviewed}, more than "
                f"{REVIEW_MONTHS} months before {ctx.today}",
                "Re-read the row against its sources (and look for newer ones). If it still holds, set `reviewed` "
                "to today; if the policy changed, end the row and add the new period with its source.",
                severity="warning")
