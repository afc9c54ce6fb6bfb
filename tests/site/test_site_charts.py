"""Chart functions: the spec's data, encodings and rule marks, and the words that describe it."""
from __future__ import annotations

import datetime as dt
import json

import altair as alt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas.charts.enforcement import (Figure, Marker, describe_enforcement, enforcement_spec, fiscal_year_position,
                                      markers_in_range)
from atlas.charts.maps import map_spec
from atlas.domain.fiscal import fiscal_year
from atlas.charts.theme import CATEGORY_COLOURS, THEME_NAME, enable_theme
from atlas.pages.status import categories_287g

FIGURES = [Figure(2017, "Removals", 400), Figure(2018, "Removals", 345), Figure(2019, "Removals", 64),
           Figure(2018, "Detainers", 33)]
ENDED = Marker(dt.date(2018, 12, 5), "287(g) agreement ended")


@pytest.mark.parametrize("day, expected", [
    (dt.date(2018, 10, 1), 2018.5),   # first day of FY2019
    (dt.date(2019, 4, 1), 2019.0),    # about the middle of FY2019
    (dt.date(2018, 12, 5), 2018.678),
    (dt.date(2019, 9, 30), 2019.497),
])
def test_fiscal_year_position(day, expected):
    assert fiscal_year_position(day) == pytest.approx(expected, abs=0.002)


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)))
def test_a_date_falls_inside_its_fiscal_year(day):
    fy = fiscal_year(day)
    assert fy - 0.5 <= fiscal_year_position(day) < fy + 0.5


def test_spec_carries_every_figure_once_and_a_rule_per_change():
    spec = enforcement_spec(FIGURES, [ENDED, Marker(dt.date(2015, 1, 1), "before the first figure")])
    assert sorted((r["fy"], r["m"], r["v"]) for r in spec["datasets"]["figures"]) == sorted(
        (f.fiscal_year, f.metric, f.value) for f in FIGURES)
    assert spec["datasets"]["markers"] == [{"x": 2018.678, "d": "2018-12-05", "l": "287(g) agreement ended"}]
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rule", "line", "point"]
    rule, line, point = spec["layer"]
    assert rule["data"] == {"name": "markers"} and rule["encoding"]["x"]["field"] == "x"
    assert line["encoding"]["x"]["field"] == "fy" and line["encoding"]["y"]["field"] == "v"
    # Colour is never alone: the point shape carries the metric too.
    assert point["encoding"]["color"]["field"] == "m" and point["encoding"]["shape"]["field"] == "m"
    assert point["encoding"]["x"]["axis"]["format"] == "d"


def test_spec_without_changes_has_no_rule_layer():
    spec = enforcement_spec(FIGURES, [])
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "point"]
    assert "markers" not in spec["datasets"]


def test_spec_is_valid_vega_lite_and_uses_the_theme():
    spec = enforcement_spec(FIGURES, [ENDED])
    alt.LayerChart.from_dict(spec, validate=True)
    assert spec["config"]["range"]["category"] == CATEGORY_COLOURS
    assert spec["config"]["background"] == "transparent"
    assert "$schema" not in spec  # no URL of another server in the page


def test_theme_is_registered():
    enable_theme()
    assert alt.theme.active == THEME_NAME


def test_markers_before_the_first_figure_are_left_off_and_later_ones_kept():
    later = Marker(dt.date(2024, 12, 1), "state law took effect")
    assert markers_in_range(FIGURES, [Marker(dt.date(2010, 1, 1), "early"), ENDED, later]) == [ENDED, later]
    assert markers_in_range([], [ENDED]) == []


def test_axis_runs_on_to_a_change_after_the_last_figure():
    spec = enforcement_spec(FIGURES, [Marker(dt.date(2024, 12, 1), "state law took effect")])
    point = spec["layer"][-1]
    assert point["encoding"]["x"]["axis"]["values"] == [2017, 2018, 2019, 2025]


def test_description_states_values_without_causes():
    text = describe_enforcement("Mecklenburg County, NC", FIGURES, [ENDED])
    assert "FY2017 to FY2019" in text
    assert "Removals: 400 in FY2017, 64 in FY2019, highest 400 in FY2017." in text
    assert "Detainers: 33 in FY2018." in text
    assert "287(g) agreement ended (2018-12-05)" in text
    for causal in ("because", "caused", "led to", "due to", "result"):
        assert causal not in text.lower()


def test_state_map_spec_inlines_statuses_and_loads_shared_geometry(fixture_index):
    categories = categories_287g(fixture_index)
    rows = [{"f": "37119", "s": "Past agreement only", "n": "Mecklenburg County"}]
    spec = map_spec(categories, "../../assets/atlas/geo.json", rows)
    assert spec["data"]["url"] == "../../assets/atlas/geo.json"
    assert spec["datasets"]["statuses"] == rows
    assert spec["projection"]["type"] == "identity"
    assert {"filter": "isValid(datum.s)"} in spec["transform"]
    assert spec["encoding"]["color"]["scale"]["domain"] == [c[0] for c in categories]
    json.dumps(spec)


def test_national_map_spec_loads_statuses_by_url(fixture_index):
    spec = map_spec(categories_287g(fixture_index), "assets/atlas/geo.json", "assets/atlas/status.json")
    lookup = next(t for t in spec["transform"] if "lookup" in t)
    # named "statuses" like a state map's inline rows: the time control replaces that dataset with a date's rows
    assert lookup["from"]["data"] == {"url": "assets/atlas/status.json", "name": "statuses"}
    assert "datasets" not in spec
    assert {"filter": "isValid(datum.s)"} in spec["transform"]  # retired codes in the geometry are not drawn
    assert "params" not in spec and "usermeta" not in spec  # not a time-controlled map unless asked
