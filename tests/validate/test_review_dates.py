"""`reviewed` (last re-read against the sources) next to `verified` (first checked): a row still in force that has not
been reviewed for more than 12 months is a `policy-review-overdue` warning on its `reviewed` cell; `reviewed` earlier
than `verified` is an `end-before-start` error. The valid fixture's rows in force carry reviewed = 2026-09-15 (the suite checks as of 2026-12-06), so each
test sets the dates it needs and passes a fixed `today`."""
from __future__ import annotations

import datetime as dt

from package_fixtures import build_valid_package

from atlas.validate import validate_package
from atlas.validate.rules.dates import months_before

ID = "policy-review-overdue"
TODAY = dt.date(2026, 12, 6)
# Line 4 is the county row in force (rows 2-3 are one record with a two-line cell); line 5 is the state rule.
COUNTY_DATES = "synthetic-source-list,,2020-01-02,2026-09-15,synthetic test row; conflicts"
STATE_DATES = "Synthetic test row: a state rule.,synthetic-source-print,,2020-01-02,2026-09-15,"


def problems(tmp_path, *edits: tuple[str, str]):
    pkg = build_valid_package(tmp_path)
    path = pkg / "data" / "detainer_policies.csv"
    text = path.read_text(encoding="utf-8")
    for find, replace in edits:
        assert find in text, find
        text = text.replace(find, replace, 1)
    path.write_text(text, encoding="utf-8")
    return validate_package(pkg, today=TODAY).problems


def test_twelve_months_exactly_is_not_overdue(tmp_path):
    edit = (COUNTY_DATES, COUNTY_DATES.replace("2026-09-15", "2025-12-06"))
    assert [p for p in problems(tmp_path, edit) if p.id == ID] == []


def test_a_row_in_force_reviewed_more_than_12_months_ago_is_a_warning_on_its_cell(tmp_path):
    edit = (COUNTY_DATES, COUNTY_DATES.replace("2026-09-15", "2025-12-05"))
    found = [p for p in problems(tmp_path, edit) if p.id == ID]
    assert [(p.path, p.line, p.column, p.field, p.value, p.severity) for p in found] == [
        ("datapackage/data/detainer_policies.csv", 4, 19, "reviewed", "2025-12-05", "warning")]
    assert found[0].hint


def test_an_ended_row_is_never_overdue(tmp_path):
    # The first period (lines 2-3) ended in 2018 and was reviewed in 2020: history, not a stale claim.
    assert [p for p in problems(tmp_path) if p.id == ID] == []


def test_a_state_rule_in_force_is_checked_too(tmp_path):
    edit = (STATE_DATES, STATE_DATES.replace("2026-09-15", "2024-01-01"))
    assert [(p.line, p.field) for p in problems(tmp_path, edit) if p.id == ID] == [(5, "reviewed")]


def test_reviewed_before_verified_is_an_error(tmp_path):
    edit = (STATE_DATES, STATE_DATES.replace("2020-01-02,2026-09-15", "2020-01-02,2019-06-30"))
    errors = [p for p in problems(tmp_path, edit) if p.severity == "error"]
    assert [(p.id, p.line, p.field) for p in errors] == [("end-before-start", 5, "reviewed")]


def test_months_before_handles_month_ends():
    assert months_before(dt.date(2026, 12, 6), 12) == dt.date(2025, 12, 6)
    assert months_before(dt.date(2028, 2, 29), 12) == dt.date(2027, 2, 28)
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)


def test_the_real_package_has_no_overdue_row():
    from atlas.paths import PACKAGE_DIR
    result = validate_package(PACKAGE_DIR, today=TODAY)
    assert [p.line for p in result.problems if p.id == ID] == []
