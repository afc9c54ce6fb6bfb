"""County codes: used only while valid, inside the row's state, and successors that exist."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...domain.fiscal import fiscal_year_bounds
from ...problems import Problem
from ..table import Row
from .base import Context, cell_problem, rows_where, tokens

FACT_TABLES = ("agreements_287g", "detainer_policies", "enforcement_stats", "detention_county_stats")


def fact_period(table_name: str, row: Row) -> tuple[dt.date, dt.date] | None:
    """The day (or, for a fiscal year, the days) a fact row is about; None when the row gives no date."""
    v = row.values
    if table_name == "agreements_287g":
        day = v.get("signed") or v.get("first_listed")
        return (day, day) if isinstance(day, dt.date) else None
    if table_name == "detainer_policies":
        day = v.get("effective")
        return (day, day) if isinstance(day, dt.date) else None
    fy = v.get("fiscal_year")
    if isinstance(fy, int) and 1 < fy < 10000:
        return fiscal_year_bounds(fy)
    return None


def retired_county_code(ctx: Context) -> Iterator[Problem]:
    """A code used outside the days it was valid. Exempt when notes or review_flag name the code itself,
    which is how importers record a deliberate mapping across a Census change."""
    counties = ctx.table("counties")
    if counties is None:
        return
    validity = {r.raw.get("fips"): (r.values.get("valid_from"), r.values.get("valid_to"), r.raw.get("successor_fips", ""))
                for r in counties.rows}
    # Only a code with a first or a last valid day can be used outside them: only its rows are read.
    dated = {code for code, (start, end, _) in validity.items()
             if code and (isinstance(start, dt.date) or isinstance(end, dt.date))}
    for name in FACT_TABLES:
        table = ctx.table(name)
        if table is None:
            continue
        for row in rows_where(table, ["county_fips"], dated.__contains__):
            code = row.raw.get("county_fips")
            period = fact_period(name, row)
            if not code or code not in validity or period is None:
                continue
            valid_from, valid_to, successor = validity[code]
            start, end = period
            if code in row.raw.get("notes", "") or code in row.raw.get("review_flag", ""):
                continue
            if isinstance(valid_to, dt.date) and valid_to < start:
                when = f"retired on {valid_to}" + (f" (successor: {successor})" if successor else "")
            elif isinstance(valid_from, dt.date) and valid_from > end:
                when = f"not yet in use (it came into use on {valid_from})"
            else:
                continue
            yield cell_problem(table, row, "retired-county-code", "county_fips",
                               f"county code {code} was {when}, but this row is dated {start}",
                               "Use the code valid on the row's date (see counties.csv successor_fips), or, if the "
                               "old code is deliberate, say so in notes or review_flag naming the code.")


def county_state_mismatch(ctx: Context) -> Iterator[Problem]:
    """The first two digits of a county code are its state's FIPS code."""
    states = ctx.table("states")
    usps_to_fips: dict[str, str] = {}
    for r in states.rows if states else []:
        usps_to_fips.setdefault(r.raw.get("usps", ""), r.raw.get("fips", ""))  # a duplicate is a unique-error
    for name in ("counties",) + FACT_TABLES:
        table = ctx.table(name)
        if table is None:
            continue
        code_field = "fips" if name == "counties" else "county_fips"
        state_field = "state_fips" if table.field("state_fips") is not None else "state"

        def mismatch(code: str, written: str) -> bool:
            if len(code) != 5 or not code.isdigit():
                return False
            state = written if state_field == "state_fips" else usps_to_fips.get(written, "")
            return bool(state) and code[:2] != state

        for row in rows_where(table, [code_field, state_field], mismatch):
            code = row.raw.get(code_field, "")
            yield cell_problem(table, row, "county-state-mismatch", code_field,
                               f"county code {code} lies in state {code[:2]}, but the row's {state_field} is "
                               f"{row.raw.get(state_field)!r}",
                               "A county code starts with its state's two-digit FIPS code; correct the county "
                               "or the state.")


def successor_unknown(ctx: Context) -> Iterator[Problem]:
    table = ctx.table("counties")
    if table is None:
        return
    known = {r.raw.get("fips") for r in table.rows}
    for row in table.rows:
        for code in tokens(row.raw.get("successor_fips")):
            if len(code) == 5 and code.isdigit() and code not in known:  # malformed codes: constraint-error
                yield cell_problem(table, row, "successor-unknown", "successor_fips",
                                   f"successor county code {code} is not a fips in counties.csv",
                                   "Add the successor county to counties.csv, or correct the code.", value=code)
