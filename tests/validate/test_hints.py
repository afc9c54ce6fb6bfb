"""Hints a contributor reads: an impossible date says which part is wrong; an empty required field lists its values."""
from __future__ import annotations

import calendar
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from atlas.validate import hints, validate_package

from package_fixtures import build_valid_package

SCHEMAS = Path(__file__).resolve().parents[2] / "datapackage" / "schemas"
DATE = {"name": "signed", "type": "date"}


def test_month_13_is_named():
    assert hints.type_hint(DATE, "2019-13-45").startswith("There is no month 13: the month is the middle part")


@given(st.integers(1, 9999), st.integers(0, 99), st.integers(0, 99))
def test_every_date_shaped_value_gets_the_part_that_is_wrong(year, month, day):
    value = f"{year:04d}-{month:02d}-{day:02d}"
    hint = hints.type_hint(DATE, value)
    if not 1 <= month <= 12:
        assert hint.startswith(f"There is no month {month}:")
    elif not 1 <= day <= calendar.monthrange(year, month)[1]:
        assert hint.startswith(f"{calendar.month_name[month]} {year} has {calendar.monthrange(year, month)[1]} days")
    else:
        dt.date(year, month, day)  # a real date never reaches a type-error; the hint stays the general one
        assert hint == "Dates are written YYYY-MM-DD, like 2018-12-05."


@pytest.mark.parametrize("value", ["27/02/2006", "2019-2-3", "", "yesterday", "2019-02-29x"])
def test_other_shapes_get_the_general_date_hint(value):
    assert hints.type_hint(DATE, value) == "Dates are written YYYY-MM-DD, like 2018-12-05."


def _required_enum_fields():
    for path in sorted(SCHEMAS.glob("*.json")):
        for f in json.loads(path.read_text(encoding="utf-8"))["fields"]:
            c = f.get("constraints", {})
            if c.get("required") and c.get("enum"):
                yield pytest.param(f, id=f"{path.stem}.{f['name']}")


@pytest.mark.parametrize("fdef", list(_required_enum_fields()))
def test_an_empty_required_enum_field_lists_every_allowed_value(fdef):
    hint = hints.constraint_hint(fdef, 'constraint "required" is "True"')
    assert hint.startswith("This column needs a value in every row. Use one of: ")
    assert all(str(v) in hint for v in fdef["constraints"]["enum"])


def test_the_report_carries_both_hints(tmp_path):
    pkg = build_valid_package(tmp_path)
    path = pkg / "data/agreements_287g.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2006-02-27,2010", "2019-02-30,2010", 1), encoding="utf-8")
    (problem,) = validate_package(pkg).errors
    assert (problem.id, problem.value) == ("type-error", "2019-02-30")
    assert problem.hint == "February 2019 has 28 days, so day 30 does not exist (dates are YYYY-MM-DD)."
