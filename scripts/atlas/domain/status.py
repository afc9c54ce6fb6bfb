"""What is in force, on raw values: 287(g) agreements and detainer-policy periods.

The enum values named here are those of datapackage/schemas/agreements_287g.json (status) and
detainer_policies.json (jurisdiction, policy); tests/domain checks that each exists in its schema.
"""
from __future__ import annotations

import datetime as dt

AGREEMENT_ACTIVE = "active"    # agreements_287g.status: on ICE's newest list
AGREEMENT_PENDING = "pending"  # agreements_287g.status: on ICE's newest list of pending applications
STATE = "state"                # detainer_policies.jurisdiction of a rule binding every county of the state
NO_STATE_RULE = "no_state_rule"  # detainer_policies.policy of a state row that records that no rule was found


def agreement_active(row: dict) -> bool:
    """In force at ICE's newest list."""
    return row["status"] == AGREEMENT_ACTIVE


def agreement_pending(row: dict) -> bool:
    return row["status"] == AGREEMENT_PENDING


def agreement_current(row: dict) -> bool:
    """Shown with the county's current agreements: in force or applied for at the newest list."""
    return agreement_active(row) or agreement_pending(row)


def period_covers(row: dict, on: dt.date | None) -> bool:
    """A policy period in force on `on` (None: now, i.e. it has not ended). A period with no start date counts
    from the beginning; `ended` is the first day it no longer applied."""
    if on is None:
        return row["ended"] is None
    return (row["effective"] is None or row["effective"] <= on) and (row["ended"] is None or on < row["ended"])


def binding_state_rule(row: dict) -> bool:
    """A state row that is a rule for every county (not a record that no rule was found)."""
    return row["jurisdiction"] == STATE and row["policy"] != NO_STATE_RULE


def latest(rows: list[dict]) -> dict | None:
    """The period that started last (undated periods count as earliest)."""
    return max(rows, key=lambda r: (r["effective"] is not None, r["effective"] or dt.date.min), default=None)


def policy_in_force(county_rows: list[dict], state_rows: list[dict], on: dt.date | None = None
                    ) -> tuple[dict | None, str]:
    """(row, scope) of the detainer policy that applies to a county on a day (None: now): the county's own
    period, else a binding state rule; (None, "") when neither is recorded."""
    own = latest([r for r in county_rows if period_covers(r, on)])
    if own is not None:
        return own, "county"
    rule = latest([r for r in state_rows if binding_state_rule(r) and period_covers(r, on)])
    if rule is not None:
        return rule, STATE
    return None, ""


def has_recorded_county_policy(county_rows: list[dict]) -> bool:
    """The atlas has at least one period of the county's own policy (in force or ended): what "counties with a
    recorded detainer policy" counts."""
    return bool(county_rows)
