"""`county-row-contradicts-state-rule`: a county row still open although a later state rule binding every county says
the opposite is a warning on the county row's line, unless its notes explain the conflict ("Conflicts with <id>:").

The valid fixture has one such pair on purpose: synthetic-37119-2018-12-05 (line 4, requires_judicial_warrant, open,
its notes explain the conflict) and the state rule synthetic-nc-state-2019 (line 5, honors_detainers and 287(g)
required, from 2019-01-01).
"""
from __future__ import annotations

import datetime as dt

from package_fixtures import build_valid_package

from atlas.validate import validate_package

ID = "county-row-contradicts-state-rule"
TODAY = dt.date(2026, 12, 6)
EXPLANATION = "synthetic test row; conflicts with synthetic-nc-state-2019: kept open on purpose"
COUNTY_ROW = "requires_judicial_warrant,not_addressed,no,no,2018-12-05,day,,,"
STATE_ROW = "honors_detainers,required,yes,yes,2019-01-01,year,,,"


def conflicts(tmp_path, *edits: tuple[str, str]) -> list[dict]:
    pkg = build_valid_package(tmp_path)
    path = pkg / "data" / "detainer_policies.csv"
    text = path.read_text(encoding="utf-8")
    for find, replace in edits:
        assert find in text, find
        text = text.replace(find, replace, 1)
    path.write_text(text, encoding="utf-8")
    result = validate_package(pkg, today=TODAY)
    assert result.ok, [p.to_dict() for p in result.problems if p.severity == "error"]
    return [p.to_dict() for p in result.problems if p.id == ID]


def test_an_explained_conflict_is_silent(tmp_path):
    assert conflicts(tmp_path) == []


def test_an_unexplained_open_county_row_is_a_warning_on_its_line(tmp_path):
    found = conflicts(tmp_path, (EXPLANATION, "synthetic test row"))
    assert [(p["id"], p["path"], p["line"], p["column"], p["field"], p["value"], p["severity"]) for p in found] == [
        (ID, "datapackage/data/detainer_policies.csv", 4, 6, "policy", "requires_judicial_warrant", "warning")]
    assert "synthetic-nc-state-2019" in found[0]["message"] and "line 5" in found[0]["message"]
    assert "2019-01-01" in found[0]["hint"] and "Conflicts with synthetic-nc-state-2019:" in found[0]["hint"]


def test_a_county_row_ended_when_the_state_rule_began_is_fine(tmp_path):
    ended = COUNTY_ROW.replace("2018-12-05,day,,,", "2018-12-05,day,2019-01-01,day,")
    assert conflicts(tmp_path, (EXPLANATION, "synthetic test row"), (COUNTY_ROW, ended)) == []


def test_an_older_state_rule_does_not_count(tmp_path):
    older = STATE_ROW.replace("2019-01-01", "2018-01-01")
    assert conflicts(tmp_path, (EXPLANATION, "synthetic test row"), (STATE_ROW, older)) == []


def test_a_state_rule_no_longer_in_force_does_not_count(tmp_path):
    ended = STATE_ROW.replace("2019-01-01,year,,,", "2019-01-01,year,2020-01-01,year,")
    assert conflicts(tmp_path, (EXPLANATION, "synthetic test row"), (STATE_ROW, ended)) == []


def test_a_287g_conflict_is_reported_on_program_287g(tmp_path):
    # The county now honors detainers (no detainer conflict) but says it left 287(g), which the state requires.
    county = COUNTY_ROW.replace("requires_judicial_warrant,not_addressed", "honors_detainers,not_participating")
    found = conflicts(tmp_path, (EXPLANATION, "synthetic test row"), (COUNTY_ROW, county))
    assert [(p["line"], p["field"], p["value"]) for p in found] == [(4, "program_287g", "not_participating")]


def test_the_reverse_a_state_limit_against_a_county_that_honors(tmp_path):
    county = COUNTY_ROW.replace("requires_judicial_warrant,not_addressed", "honors_detainers,not_addressed")
    state = STATE_ROW.replace("honors_detainers,required", "declines_detainers,not_addressed")
    found = conflicts(tmp_path, (EXPLANATION, "synthetic test row"), (COUNTY_ROW, county), (STATE_ROW, state))
    assert [(p["line"], p["field"], p["value"]) for p in found] == [(4, "policy", "honors_detainers")]


def test_the_real_package_has_no_unexplained_conflict():
    from atlas.paths import PACKAGE_DIR
    result = validate_package(PACKAGE_DIR, today=TODAY)
    assert [p.line for p in result.problems if p.id == ID] == []
