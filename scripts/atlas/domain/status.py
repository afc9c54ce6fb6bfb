"""What is in force, on raw values: 287(g) agreements and detainer-policy periods.

The enum values named here are those of datapackage/schemas/agreements_287g.json (status) and
detainer_policies.json (jurisdiction, policy); tests/domain checks that each exists in its schema.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache

AGREEMENT_ACTIVE = "active"    # agreements_287g.status: on ICE's newest list
AGREEMENT_PENDING = "pending"  # agreements_287g.status: on ICE's newest list of pending applications
STATE = "state"                # detainer_policies.jurisdiction of a rule binding every county of the state
NO_STATE_RULE = "no_state_rule"  # detainer_policies.policy of a state row that records that no rule was found
# Sources rows of ICE's 287(g) lists are "ice-287g-list-<series>-<date>" (written by the importers, dated by
# `published`): lists of participating agencies ("participating"; "roster" for the 2011-2017 captures of
# ICE's fact sheet) and of pending applications ("pending").
LIST_PREFIX = "ice-287g-list-"
LIST_SERIES = ("participating", "pending", "roster")
PARTICIPATING_SERIES = frozenset({"participating", "roster"})


@lru_cache(maxsize=4096)  # asked for every agreement on every date of the time control; few distinct ids
def list_series(source_id: str) -> str | None:
    """'participating', 'pending' or 'roster' for a source that is one of ICE's 287(g) lists, else None."""
    for series in LIST_SERIES:
        if source_id.startswith(f"{LIST_PREFIX}{series}-"):
            return series
    return None


def is_application(row: dict) -> bool:
    """A row from ICE's lists of pending agencies: an application, never an agreement in force."""
    return row["status"] == AGREEMENT_PENDING or list_series(row["source_id"] or "") == "pending"


def agreement_start(row: dict) -> dt.date | None:
    """The first day the atlas knows of the row: the signing date, else the first list that shows it."""
    return row["signed"] or row["first_listed"]


def agreement_active(row: dict, on: dt.date | None = None) -> bool:
    """In force at ICE's newest list (on=None), or known to be in force on the day `on`: signed (or listed) by
    then, and before its `ended` date, or still on the newest list, or shown by a list of that day or later.
    An agreement that merely dropped off ICE's lists is not known to be in force after its last listing
    (see agreement_end_unknown)."""
    if on is None:
        return row["status"] == AGREEMENT_ACTIVE
    start = agreement_start(row)
    if is_application(row) or start is None or on < start:
        return False
    if row["ended"] is not None:
        return on < row["ended"]
    if row["status"] == AGREEMENT_ACTIVE:
        return True
    return row["last_listed"] is not None and on <= row["last_listed"]


def agreement_end_unknown(row: dict, on: dt.date, list_dates) -> bool:
    """Whether the agreement was in force on `on` is not known: ICE listed it last on `last_listed`, no source
    gives the date it ended, and `on` falls before the next list of participating agencies (`list_dates`:
    the dates of those lists in the atlas), the first that no longer shows it."""
    if is_application(row) or row["ended"] is not None or row["status"] == AGREEMENT_ACTIVE:
        return False
    last = row["last_listed"]
    if last is None or on <= last:
        return False
    following = [d for d in list_dates if d > last]
    return not following or on < min(following)


def agreement_pending(row: dict, on: dt.date | None = None) -> bool:
    """An application on ICE's newest list of pending agencies (on=None), or on the day `on`: listed as pending
    by then, and still on the newest pending list or listed again on that day or later."""
    if on is None:
        return row["status"] == AGREEMENT_PENDING
    if not is_application(row) or row["first_listed"] is None or on < row["first_listed"]:
        return False
    return row["status"] == AGREEMENT_PENDING or (row["last_listed"] is not None and on <= row["last_listed"])


def agreement_begun(row: dict, on: dt.date | None = None) -> bool:
    """The row had begun by `on` (None: the atlas has it at all): signed, listed or applied for."""
    if on is None:
        return True
    start = agreement_start(row)
    return start is not None and start <= on


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
