"""Detainer policy rows: a county row names its county; a state row names none and cites its law."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...domain.status import NO_STATE_RULE, STATE
from ...problems import Problem
from .base import Context, cell_problem

# A state row saying no statewide rule was found has no law to cite.


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
        elif jurisdiction == STATE and county:
            yield cell_problem(table, row, "state-row-has-county", "county_fips",
                               "a state rule row names a county; state rows apply to every county of the state",
                               "Empty county_fips, or set jurisdiction to county for one county's policy.")
        if jurisdiction == STATE and not row.raw.get("citation") and row.raw.get("policy") != NO_STATE_RULE:
            yield cell_problem(table, row, "state-row-needs-citation", "citation",
                               "a state rule row has no citation",
                               "Cite the bill and session law, code section or order number, like "
                               "\"N.C. Session Law 2024-55 (H.B. 10)\".")


# Values that say the opposite of each other, by dimension: a state rule with the first value binds every county,
# so a county row still in force with one of the second values cannot both be true. Honoring detainers is opposed
# by declining them, needing a judge's warrant or honoring only some; limiting them is opposed by honoring all.
HOLDS_REQUIRED = {"honors_detainers"}
HOLDS_LIMITED = {"declines_detainers", "requires_judicial_warrant", "limited_by_offense"}
PROGRAM_REQUIRED = {"required"}
PROGRAM_OUT = {"prohibited", "not_participating"}
PROGRAM_IN = {"participates"}
# How a county row's notes record that the conflict is known and explained (see docs/methodology.md).
EXPLAINED = "conflicts with {state_id}"


def _contradiction(state: dict, county: dict) -> tuple[str, str] | None:
    """(field, plain words) when the state rule says the opposite of the county row, else None."""
    s_policy, c_policy = state.get("policy"), county.get("policy")
    if s_policy in HOLDS_REQUIRED and c_policy in HOLDS_LIMITED:
        return "policy", f"the state rule requires honoring detainers; the county row says {c_policy}"
    if s_policy in HOLDS_LIMITED and c_policy in HOLDS_REQUIRED:
        return "policy", f"the state rule limits detainers ({s_policy}); the county row says {c_policy}"
    s_program, c_program = state.get("program_287g"), county.get("program_287g")
    if s_program in PROGRAM_REQUIRED and c_program in PROGRAM_OUT:
        return "program_287g", f"the state rule requires 287(g); the county row says {c_program}"
    if s_program == "prohibited" and c_program in PROGRAM_IN:
        return "program_287g", f"the state rule forbids 287(g); the county row says {c_program}"
    return None


def county_row_contradicts_state_rule(ctx: Context) -> Iterator[Problem]:
    """A county row still open although a later state rule that binds every county says the opposite.

    Either the county row should have ended when the state rule took effect (with a new period if a source describes
    the county's practice under it), or the county openly keeps its own rule, which its notes must say
    ("Conflicts with <state row id>: ..."). Only state rules that start after the county row count (an older one was
    already there when the county's policy was written down), and only while such a rule is still in force: when
    the state's contradicting rules have all ended, the county row may stand again. The warning names the earliest
    contradicting rule, the day the county row should have ended.
    """
    table = ctx.table("detainer_policies")
    if table is None:
        return
    states: dict[str, list] = {}
    for row in table.rows:
        v = row.values
        if v.get("jurisdiction") == STATE and isinstance(v.get("effective"), dt.date):
            states.setdefault(v.get("state_fips"), []).append(row)
    for rows in states.values():
        rows.sort(key=lambda r: r.values["effective"])

    def in_force(state) -> bool:
        ended = state.values.get("ended")
        return not isinstance(ended, dt.date) or ended > ctx.today

    for row in table.rows:
        v = row.values
        start = v.get("effective")
        if v.get("jurisdiction") != "county" or v.get("ended") is not None or not isinstance(start, dt.date):
            continue
        later = [(s, _contradiction(s.raw, row.raw)) for s in states.get(v.get("state_fips"), [])
                 if s.values["effective"] > start]
        later = [(s, found) for s, found in later if found is not None]
        if not later or not any(in_force(s) for s, _ in later):
            continue
        state, (field, words) = later[0]
        state_id = state.raw.get("id", "")
        if EXPLAINED.format(state_id=state_id.lower()) in (row.raw.get("notes") or "").lower():
            continue
        yield cell_problem(
            table, row, "county-row-contradicts-state-rule", field,
            f"county row {row.raw.get('id')!r} is still open, but state rule {state_id!r} (line {state.line}, "
            f"from {state.values['effective']}) binds every county and says the opposite: {words}",
            f"If the county follows the state rule, set this row's `ended` to {state.values['effective']} and add "
            f"the new period with its source; if no source describes the county's practice, end the row there "
            f"and say so in notes. If the county keeps its own rule, say so in notes starting "
            f"'Conflicts with {state_id}:' and cite the source.",
            severity="warning")
