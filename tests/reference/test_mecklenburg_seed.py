"""Mecklenburg County, NC (37119): the hand-entered seed rows a reader of its county page relies on."""
from __future__ import annotations

import csv
import datetime as dt

import pytest

SHERIFF = "Mecklenburg County Sheriff's Office"
AGREEMENT_ID = "nc-mecklenburg-county-sheriffs-office-jail-enforcement-2006-02-27"
SHARED_FILES = ("sources.csv", "metrics.csv", "enforcement_stats.csv", "agreements_287g.csv", "detainer_policies.csv")


def _read(path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def data(package_dir) -> dict[str, list[dict]]:
    return {name: _read(package_dir / "data" / name) for name in SHARED_FILES}


def _by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in rows}


def test_agreement_runs_from_2006_signing_to_2018_exit(data):
    row = _by_id(data["agreements_287g.csv"])[AGREEMENT_ID]
    assert (row["state"], row["county_fips"], row["model"]) == ("NC", "37119", "jail_enforcement")
    assert (row["signed"], row["ended"], row["status"]) == ("2006-02-27", "2018-12-05", "ended")
    assert row["first_listed"] == row["last_listed"] == ""
    assert "entered by hand" in row["maintainer_notes"].lower()  # for maintainers; not on the site
    assert "entered by hand" not in row["notes"].lower()


def _figure(data, fiscal_year: int, metric: str = "ice_removals_criminal_charged_or_convicted") -> list[dict]:
    return [r for r in data["enforcement_stats.csv"]
            if r["county_fips"] == "37119" and r["fiscal_year"] == str(fiscal_year) and r["metric"] == metric]


def test_fy2018_removals_are_345(data):
    rows = _figure(data, 2018)
    assert [(r["value"], r["agency"], r["state"]) for r in rows] == [("345", "", "NC")]


def test_fy2019_removals_are_64_and_say_they_may_be_part_year(data):
    rows = _figure(data, 2019)
    assert [(r["value"], r["agency"], r["state"]) for r in rows] == [("64", "", "NC")]
    fy2018 = _figure(data, 2018)[0]
    assert rows[0]["source_id"] == fy2018["source_id"] == "libertyheadlines-2019-paladino-mcfadden-ice"
    # Reported about 2019-09-26, before FY2019 closed on 30 Sep 2019: the note must say it may be a part year.
    assert "2019-09-26" in rows[0]["notes"] and "part of the fiscal year" in rows[0]["notes"]


def test_287g_program_figures_belong_to_the_sheriffs_office(data):
    encounters = _figure(data, 2018, "ice_287g_encounters")
    assert [(r["value"], r["agency"]) for r in encounters] == [("1185", SHERIFF)]
    removed = _figure(data, 2017, "ice_287g_screened_removed")
    assert [r["value"] for r in removed] == ["287"]


def test_every_mecklenburg_metric_is_defined(data):
    metrics = {r["id"]: r for r in data["metrics.csv"]}
    used = {r["metric"] for r in data["enforcement_stats.csv"] if r["county_fips"] == "37119"}
    assert {"ice_removals_criminal_charged_or_convicted", "ice_287g_encounters"} <= used
    for metric in used:
        assert metrics[metric]["unit"] and len(metrics[metric]["definition"]) > 100, metric


def test_county_has_three_policy_periods_that_chain_without_overlap(data):
    periods = sorted((r for r in data["detainer_policies.csv"]
                      if r["jurisdiction"] == "county" and r["county_fips"] == "37119"), key=lambda r: r["effective"])
    assert [(p["effective"], p["ended"], p["policy"]) for p in periods] == [
        ("2006-02-27", "2018-12-05", "honors_detainers"),
        ("2018-12-05", "2024-12-01", "requires_judicial_warrant"),
        ("2024-12-01", "", "honors_detainers"),
    ]
    for earlier, later in zip(periods, periods[1:]):
        assert earlier["ended"] == later["effective"]
        assert dt.date.fromisoformat(earlier["effective"]) < dt.date.fromisoformat(earlier["ended"])
    assert periods[0]["program_287g"] == "participates"
    assert periods[1]["notifies_ice_of_release"] == "no"


def test_state_rule_hb10_starts_when_the_last_county_period_starts(data):
    policies = _by_id(data["detainer_policies.csv"])
    hb10 = policies["nc-hb10-2024-12-01"]
    assert (hb10["jurisdiction"], hb10["state_fips"], hb10["county_fips"]) == ("state", "37", "")
    assert hb10["citation"] == "N.C. Session Law 2024-55 (H.B. 10)"
    assert hb10["effective"] == policies["37119-2024-12-01"]["effective"] == "2024-12-01"
    # HB 318 (2025) is North Carolina's second state period; HB 10's row ends where it starts (issue 15).
    assert [r["id"] for r in data["detainer_policies.csv"] if r["jurisdiction"] == "state" and r["state_fips"] == "37"] \
        == ["nc-hb10-2024-12-01", "nc-hb10-hb318-2025-10-01"]
    assert hb10["ended"] == policies["nc-hb10-hb318-2025-10-01"]["effective"] == "2025-10-01"


def _cited_ids(data) -> set[str]:
    """Every source cited by a Mecklenburg NC row (county 37119) or North Carolina's state rows."""
    cited = set()
    for name in ("enforcement_stats.csv", "agreements_287g.csv", "detainer_policies.csv"):
        for row in data[name]:
            if row.get("county_fips") == "37119" or (name == "detainer_policies.csv" and row["state_fips"] == "37"):
                cited.add(row["source_id"])
                cited.update((row.get("other_source_ids") or "").split())
    return cited


def test_every_cited_source_exists_and_can_be_found_again(data):
    sources = _by_id(data["sources.csv"])
    cited = _cited_ids(data)
    assert len(cited) >= 8
    for source_id in sorted(cited):
        row = sources[source_id]
        assert row["url"] or (row["title"] and row["publisher"] and row["published"]), source_id
        assert row["notes"], source_id
