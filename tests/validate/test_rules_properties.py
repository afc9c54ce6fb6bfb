"""Domain rules against simple models: overlap vs sets of days, fiscal years vs the calendar, and the real package."""
from __future__ import annotations

import csv
import datetime as dt
import io

from click.testing import CliRunner
import pytest
from package_fixtures import VALID_DATA, build_valid_package
from hypothesis import given, settings
from hypothesis import strategies as st

from atlas.cli import cli
from atlas.validate import validate_package
from atlas.validate.descriptor import load_layout
from atlas.validate.rules import Context
from atlas.validate.rules.dates import end_before_start, overlapping_pairs
from atlas.validate.rules.text import free_text_fields
from atlas.records import split_records
from atlas.validate.table import read_table

BASE = dt.date(2000, 1, 1)
HORIZON = 60  # days; an open period runs to the horizon in the model


def days(start: int, end: int | None) -> set[int]:
    return set(range(start, HORIZON if end is None else end))


periods = st.lists(
    st.tuples(st.integers(0, 40), st.one_of(st.none(), st.integers(0, 50))), max_size=6)


@settings(max_examples=300, deadline=None)
@given(periods)
def test_overlap_matches_a_day_set_model(raw):
    dated = [(BASE + dt.timedelta(s), None if e is None else BASE + dt.timedelta(e)) for s, e in raw]
    expected = {(i, j) for j in range(len(raw)) for i in range(j) if days(*raw[i]) & days(*raw[j])}
    assert overlapping_pairs(dated) == expected


def test_future_fiscal_year_uses_the_given_today(tmp_path):
    pkg = build_valid_package(tmp_path)
    stats = pkg / "data/enforcement_stats.csv"
    stats.write_text(stats.read_text(encoding="utf-8")
                     + "NC,37119,,2027,synthetic_removals,1,synthetic-source-list,synthetic test row,\n", encoding="utf-8")
    assert validate_package(pkg, today=dt.date(2026, 10, 1)).ok
    result = validate_package(pkg, today=dt.date(2026, 9, 30))
    assert [(p.id, p.line) for p in result.errors] == [("future-fiscal-year", 5)]


COUNTIES = (VALID_DATA / "counties.csv").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def counties_spec(tmp_path_factory):
    layout = load_layout(build_valid_package(tmp_path_factory.mktemp("pkg")))
    return next(s for s in layout.resources if s.name == "counties")


@settings(max_examples=100, deadline=None)
@given(start=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
       end=st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
def test_end_before_start_flags_exactly_inverted_county_periods(counties_spec, start, end):
    counties_spec.file.write_text(COUNTIES.replace("2015-05-01,,,", f"{start},{end},,", 1), encoding="utf-8")
    table, file_problems = read_table(counties_spec)
    assert file_problems == []
    found = [(p.id, p.line, p.field) for p in end_before_start(Context({"counties": table}, dt.date(2026, 1, 1)))]
    assert found == ([("end-before-start", 3, "valid_to")] if end < start else [])


def test_free_text_fields_come_from_the_schema(tmp_path):
    layout = load_layout(build_valid_package(tmp_path))
    spec = next(s for s in layout.resources if s.name == "agreements_287g")
    table, _ = read_table(spec)
    # enums and URIs are excluded; keys and patterned ids stay in (a strict pattern admits no markup anyway).
    assert free_text_fields(table) == ["id", "agency", "state", "county_fips", "source_id", "other_source_ids",
                                       "notes", "review_flag", "maintainer_notes"]


def test_committed_package_is_valid(package_dir):
    result = CliRunner().invoke(cli, ["validate", "--package", str(package_dir)])
    assert result.exit_code == 0, result.output
    assert "✓ datapackage is valid: 11 resources" in result.output


cells = st.text(alphabet="ab,\"\n ", max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=8))
def test_record_start_lines_count_newlines_inside_quoted_cells(rows):
    serialised = []
    for row in [["h1", "h2"], *rows]:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(row)
        serialised.append(buf.getvalue())
    expected = [1 + sum(s.count("\n") for s in serialised[:k]) for k in range(len(serialised))]
    lines, records = split_records("".join(serialised))
    assert lines == expected
    assert records[1:] == rows
