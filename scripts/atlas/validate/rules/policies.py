"""Detainer policy rows: a county row names its county; a state row names none and cites its law."""
from __future__ import annotations

from collections.abc import Iterator

from ...problems import Problem
from .base import Context, cell_problem

# A state row saying no statewide rule was found has no law to cite.
NO_RULE = "no_state_rule"


def jurisdiction_rules(ctx: Context) -> Iterator[Problem]:
    table = ctx.table("detainer_policies")
    if table is None:
        return
    for row in table.rows:
        jurisdiction = row.raw.get("jurisdiction")
        county = row.raw.get("county_fips", "")
        if jurisdiction == "county" and not county:
            yield cell_problem(table, row, "county-row-needs-county", "county_fips",
                               "a county policy row has no county_fips",
                               "Give the county's five-digit FIPS code, or set jurisdiction to state for a state rule.")
        elif jurisdiction == "state" and county:
            yield cell_problem(table, row, "state-row-has-county", "county_fips",
                               "a state rule row names a county; state rows apply to every county of the state",
                               "Empty county_fips, or set jurisdiction to county for one county's policy.")
        if jurisdiction == "state" and not row.raw.get("citation") and row.raw.get("policy") != NO_RULE:
            yield cell_problem(table, row, "state-row-needs-citation", "citation",
                               "a state rule row has no citation",
                               "Cite the bill and session law, code section or order number, like "
                               "\"N.C. Session Law 2024-55 (H.B. 10)\".")
