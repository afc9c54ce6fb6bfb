"""How many current counties the detainer-policy table covers: by a county's own row, by a state rule only, by a
state row recording that no rule was found, or not at all. The three numbers are printed (pytest -s, and the terminal summary) so a reader of the test run sees the
atlas' coverage, and they must add up to the number of current counties, so no county is counted twice or lost.
"""
from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "datapackage" / "data"


def read(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


PLACEHOLDER_POLICIES = {"unknown", "no_state_rule"}


def states_with_rule(policies: list[dict[str, str]]) -> set[str]:
    """States with at least one state row that records a rule: a dated statute, order or ruling (rows without a
    start date record a search that found none), or a row with a defined detainer or 287(g) rule."""
    return {r["state_fips"] for r in policies if r["jurisdiction"] == "state"
            and (r.get("effective") or r["policy"] not in PLACEHOLDER_POLICIES
                 or r.get("program_287g") in {"required", "prohibited"})}


def coverage(counties: list[dict[str, str]], policies: list[dict[str, str]]) -> dict[str, int]:
    """Classify each current county (no `valid_to`): its own county row wins over a state rule, which wins over a
    state row that records no rule found ("none found" / unknown)."""
    with_county_row = {r["county_fips"] for r in policies if r["jurisdiction"] == "county"}
    ruled = states_with_rule(policies)
    states_with_row = {r["state_fips"] for r in policies if r["jurisdiction"] == "state"}
    counts = {"county row": 0, "state rule only": 0, "state row, no rule found": 0, "neither": 0}
    for c in counties:
        if c["valid_to"]:
            continue
        if c["fips"] in with_county_row:
            counts["county row"] += 1
        elif c["state_fips"] in ruled:
            counts["state rule only"] += 1
        elif c["state_fips"] in states_with_row:
            counts["state row, no rule found"] += 1
        else:
            counts["neither"] += 1
    return counts


def test_coverage_classifies_each_county_once():
    counties = [
        {"fips": "01001", "state_fips": "01", "valid_to": ""},
        {"fips": "01003", "state_fips": "01", "valid_to": ""},
        {"fips": "02270", "state_fips": "02", "valid_to": "2015-06-30"},
        {"fips": "04013", "state_fips": "04", "valid_to": ""},
    ]
    policies = [
        {"jurisdiction": "county", "county_fips": "01001", "state_fips": "01", "policy": "declines_detainers"},
        {"jurisdiction": "state", "county_fips": "", "state_fips": "01", "policy": "honors_detainers"},
        {"jurisdiction": "county", "county_fips": "02270", "state_fips": "02", "policy": "unknown"},
        {"jurisdiction": "state", "county_fips": "", "state_fips": "04", "policy": "unknown",
         "program_287g": "unknown", "effective": ""},
    ]
    assert coverage(counties, policies) == {"county row": 1, "state rule only": 1, "state row, no rule found": 1,
                                            "neither": 0}
    counties.append({"fips": "06001", "state_fips": "06", "valid_to": ""})
    assert coverage(counties, policies)["neither"] == 1
    # A dated statute counts as a rule even when it says nothing clear about detainers.
    policies.append({"jurisdiction": "state", "county_fips": "", "state_fips": "04", "policy": "unknown",
                     "program_287g": "unknown", "effective": "2010-07-29"})
    assert coverage(counties, policies)["state rule only"] == 2


def test_coverage_of_current_counties(request):
    counties = read("counties")
    current = [c for c in counties if not c["valid_to"]]
    counts = coverage(counties, read("detainer_policies"))
    line = (f"detainer-policy coverage of {len(current)} current counties: {counts['county row']} by a county row, "
            f"{counts['state rule only']} by a state rule only, {counts['state row, no rule found']} only by a state "
            f"row that records no rule found, {counts['neither']} by neither")
    print(line)  # shown with `pytest -s`
    # Also shown at the very end of a normal run: config cleanups run after capture stops and the summary is out.
    request.config.add_cleanup(lambda: print(line))
    assert sum(counts.values()) == len(current)
    # 113 counties had their own rows before issue 15 (75 researched first, later passes, Mecklenburg 37119); the sixth
    # pass added 20, so 133 on 2026-12-06. The seventh pass (issue 15b) added 21, then 58 Florida counties, 18 in
    # Maryland, Pennsylvania and Wisconsin, 12 in Georgia and 10 in North Carolina, New York and Massachusetts, so 252.
    # A drop means county rows were lost.
    assert counts["county row"] >= 252
