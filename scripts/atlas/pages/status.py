"""A county's status in one word, for maps and state tables: its 287(g) agreements and its detainer policy.

The map categories and their colours live here, once, so the maps, legends and tables agree. The categories
named after enum values take their words from the Table Schemas (through the index's vocabulary); the others
say what the data lacks or combines.
"""
from __future__ import annotations

import datetime as dt

from ..domain.status import agreement_active, agreement_begun, agreement_end_unknown, agreement_pending, policy_in_force
from .atlas_index import AtlasIndex
from .i18n import t

NONE_287G = "No agreement listed"
PAST_287G = "Past agreement only"
PENDING_287G = "Pending"
SEVERAL_287G = "Several models"
UNKNOWN_287G = "Not known on this date"  # only on a past date: an agreement that dropped off ICE's lists by then
NO_POLICY = "No policy recorded"
NOT_ACTIVE_287G = frozenset({NONE_287G, PAST_287G, PENDING_287G})  # statuses without an agreement in force
# The words above are the English catalogue's (atlas.pages.i18n); pages take them in the language being built.
STATUS_KEYS = {NONE_287G: "status.none_287g", PAST_287G: "status.past_287g", PENDING_287G: "status.pending_287g",
               SEVERAL_287G: "status.several_287g", UNKNOWN_287G: "status.unknown_287g", NO_POLICY: "status.no_policy"}


def word(status: str) -> str:
    """One of the statuses above in the language being built."""
    return t(STATUS_KEYS[status])


def not_active_287g() -> frozenset[str]:
    """NOT_ACTIVE_287G in the language being built."""
    return frozenset(word(s) for s in NOT_ACTIVE_287G)

# Okabe-Ito colours, keyed by the schemas' raw enum values; grey for "nothing", the last category (maps label
# unmatched counties with it).
MODEL_COLOURS = {"jail_enforcement": "#0072B2", "warrant_service_officer": "#E69F00", "task_force": "#D55E00"}
OTHER_287G_COLOURS = ((SEVERAL_287G, "#CC79A7"), (PENDING_287G, "#56B4E9"), (PAST_287G, "#009E73"),
                      (NONE_287G, "#c8c8c8"))
POLICY_COLOURS = {"honors_detainers": "#D55E00", "limited_by_offense": "#E69F00",
                  "requires_judicial_warrant": "#56B4E9", "declines_detainers": "#0072B2", "unknown": "#CC79A7"}
OTHER_POLICY_COLOURS = ((NO_POLICY, "#c8c8c8"),)
# The map category of a past date only (the time control): never shown for the newest list.
DATED_287G_COLOURS = ((UNKNOWN_287G, "#F0E442"),)
MODEL_KEY = "agreements_287g.model"
POLICY_KEY = "detainer_policies.policy"


# Every category of the maps by its key, in legend order: an enum value of the schemas, or one of the statuses above.
# Keys do not depend on the language, so the time control works them out once for every language (pages.timeline).
KEYS_287G = tuple(MODEL_COLOURS) + tuple(s for s, _ in OTHER_287G_COLOURS)
KEYS_287G_DATED = KEYS_287G + tuple(s for s, _ in DATED_287G_COLOURS)
KEYS_POLICY = tuple(POLICY_COLOURS) + tuple(s for s, _ in OTHER_POLICY_COLOURS)
COLOURS = {**MODEL_COLOURS, **POLICY_COLOURS, **dict(OTHER_287G_COLOURS + OTHER_POLICY_COLOURS + DATED_287G_COLOURS)}


def label_287g(index: AtlasIndex, key: str) -> str:
    """A 287(g) category key in the language being built: a model's name from the schema, else a status word."""
    return word(key) if key in STATUS_KEYS else index.label(MODEL_KEY, key)


def label_policy(index: AtlasIndex, key: str) -> str:
    """A detainer-policy category key in the language being built."""
    return word(key) if key in STATUS_KEYS else index.label(POLICY_KEY, key)


def categories_287g(index: AtlasIndex) -> tuple[tuple[str, str], ...]:
    """(label, colour) of every 287(g) map category, in legend order."""
    return tuple((label_287g(index, k), COLOURS[k]) for k in KEYS_287G)


def categories_287g_dated(index: AtlasIndex) -> tuple[tuple[str, str], ...]:
    """The 287(g) categories of a map at any date: those of the newest list, then "not known"."""
    return tuple((label_287g(index, k), COLOURS[k]) for k in KEYS_287G_DATED)


def categories_policy(index: AtlasIndex) -> tuple[tuple[str, str], ...]:
    """(label, colour) of every detainer-policy map category, in legend order."""
    return tuple((label_policy(index, k), COLOURS[k]) for k in KEYS_POLICY)


def status_287g_key(index: AtlasIndex, fips: str, on: dt.date | None = None) -> str:
    """At the newest list (on=None) or on the day `on`: the model of the county's agreements in force, else
    (on a day only) not known, when an agreement dropped off ICE's lists and the next list is after `on`, else
    pending, past, or none (agreements not yet signed or listed on `on` do not count). A key of KEYS_287G_DATED."""
    rows = index.agreements_by_county.get(fips, [])
    active = {r["model"] for r in rows if agreement_active(r, on)}
    if len(active) == 1:
        return active.pop()
    if active:
        return SEVERAL_287G
    if on is not None and any(agreement_end_unknown(r, on, index.list_dates) for r in rows):
        return UNKNOWN_287G
    if any(agreement_pending(r, on) for r in rows):
        return PENDING_287G
    if any(agreement_begun(r, on) for r in rows):
        return PAST_287G
    return NONE_287G


def policy_key(index: AtlasIndex, county: dict, on: dt.date | None = None) -> tuple[str, str]:
    """(key, scope) of the detainer policy in force now (on=None) or on the day `on`: the county's own, else a
    binding state rule. The key is one of KEYS_POLICY; the scope "county", "state", or "" when none is in force."""
    row, scope = policy_in_force(index.policies_by_county.get(county["fips"], []),
                                 index.state_rules.get(county["state_fips"], []), on)
    if row is None:
        return NO_POLICY, ""
    return row["policy"], scope


def today_keys(index: AtlasIndex) -> dict[str, tuple[str, str, str]]:
    """Every county's (287(g) key, policy key, policy scope) at the newest list and now, worked out once per index:
    the county pages, the national maps, the state tables and the time control of every language read them."""
    if "today_keys" not in index.derived:
        index.derived["today_keys"] = {c["fips"]: (status_287g_key(index, c["fips"]), *policy_key(index, c))
                                       for c in index.counties}
    return index.derived["today_keys"]
