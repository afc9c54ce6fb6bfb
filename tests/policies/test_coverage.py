"""How many current counties the detainer-policy table covers: by a county's own row, by a state row only, or not
at all. The three numbers are printed (pytest -s, and the terminal summary) so a reader of the test run sees the
atlas' coverage, and they must add up to the number of current counties, so no county is counted twice or lost.
"""
from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "datapackage" / "data"


def read(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def coverage(counties: list[dict[str, str]], policies: list[dict[str, str]]) -> dict[str, int]:
    """Classify each current county (no `valid_to`): its own county row wins over a state row of its state."""
    with_county_row = {r["county_fips"] for r in policies if r["jurisdiction"] == "county"}
    states_with_row = {r["state_fips"] for r in policies if r["jurisdiction"] == "state"}
    counts = {"county row": 0, "state row only": 0, "neither": 0}
    for c in counties:
        if c["valid_to"]:
            continue
        if c["fips"] in with_county_row:
            counts["county row"] += 1
        elif c["state_fips"] in states_with_row:
            counts["state row only"] += 1
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
        {"jurisdiction": "county", "county_fips": "01001", "state_fips": "01"},
        {"jurisdiction": "state", "county_fips": "", "state_fips": "01"},
        {"jurisdiction": "county", "county_fips": "02270", "state_fips": "02"},
    ]
    assert coverage(counties, policies) == {"county row": 1, "state row only": 1, "neither": 1}


def test_coverage_of_current_counties(request):
    counties = read("counties")
    current = [c for c in counties if not c["valid_to"]]
    counts = coverage(counties, read("detainer_policies"))
    line = ("detainer-policy coverage of {n} current counties: {a} by a county row, {b} by a state row only, "
            "{c} by neither").format(n=len(current), a=counts["county row"], b=counts["state row only"],
                                     c=counts["neither"])
    print(line)  # shown with `pytest -s`
    # Also shown at the very end of a normal run: config cleanups run after capture stops and the summary is out.
    request.config.add_cleanup(lambda: print(line))
    assert sum(counts.values()) == len(current)
    assert counts["county row"] >= 76  # 75 researched here plus Mecklenburg (37119)
