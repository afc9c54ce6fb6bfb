"""A county's status in one word, for maps and state tables: its 287(g) agreements and its detainer policy.

The categories and their colours live here, once, so the maps, legends and tables agree.
"""
from __future__ import annotations

from .atlas_index import AtlasIndex

NONE_287G = "No agreement listed"
PAST_287G = "Past agreement only"
PENDING_287G = "Pending"
SEVERAL_287G = "Several models"
NO_POLICY = "No policy recorded"
NOT_ACTIVE_287G = frozenset({NONE_287G, PAST_287G, PENDING_287G})  # statuses without an agreement in force

# Okabe-Ito colours; grey for "nothing", the last category (maps label unmatched counties with it).
CATEGORIES_287G: tuple[tuple[str, str], ...] = (
    ("Jail Enforcement Model", "#0072B2"),
    ("Warrant Service Officer model", "#E69F00"),
    ("Task Force Model", "#D55E00"),
    (SEVERAL_287G, "#CC79A7"),
    (PENDING_287G, "#56B4E9"),
    (PAST_287G, "#009E73"),
    (NONE_287G, "#c8c8c8"),
)
CATEGORIES_POLICY: tuple[tuple[str, str], ...] = (
    ("Honors detainers", "#D55E00"),
    ("Limited by offense", "#E69F00"),
    ("Requires judicial warrant", "#56B4E9"),
    ("Declines detainers", "#0072B2"),
    ("Unknown", "#CC79A7"),
    (NO_POLICY, "#c8c8c8"),
)


def status_287g(index: AtlasIndex, fips: str) -> str:
    """At the newest list: the model of the county's active agreements, else pending, past, or none."""
    rows = index.agreements_by_county.get(fips, [])
    active = {index.label("agreements_287g.model", r["model"]) for r in rows if r["status"] == "active"}
    if len(active) == 1:
        return active.pop()
    if active:
        return SEVERAL_287G
    if any(r["status"] == "pending" for r in rows):
        return PENDING_287G
    if rows:
        return PAST_287G
    return NONE_287G


def current_policy(index: AtlasIndex, county: dict) -> tuple[str, str]:
    """(label, scope) of the detainer policy in force: the county's own, else a binding state rule."""
    own = [r for r in index.policies_by_county.get(county["fips"], []) if r["ended"] is None]
    if own:
        latest = max(own, key=lambda r: (r["effective"] is not None, r["effective"] or 0))
        return index.label("detainer_policies.policy", latest["policy"]), "county"
    state = [r for r in index.state_rules.get(county["state_fips"], [])
             if r["ended"] is None and r["policy"] not in {"no_state_rule"}]
    if state:
        latest = max(state, key=lambda r: (r["effective"] is not None, r["effective"] or 0))
        return index.label("detainer_policies.policy", latest["policy"]), "state"
    return NO_POLICY, ""
