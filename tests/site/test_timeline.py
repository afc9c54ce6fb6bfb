"""The maps at earlier dates (atlas.pages.timeline), on the committed package: each county's 287(g) status and
detainer policy on 31 December of every year since 2006 and today, the counts, and what stands behind each date."""
from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest

from atlas.package import load_package
from atlas.pages.atlas_index import build_index
from atlas.pages.overview import build_home_page, county_statuses, timeline_map_spec
from atlas.pages.i18n import use_language
from atlas.pages.render import render
from atlas.pages.status import PAST_287G, UNKNOWN_287G, categories_287g
from atlas.pages.timeline import (LAYER_287G, LAYER_POLICY, TIMELINE_ASSET, build_timeline, snapshot_dates,
                                  time_control, timeline_json)
from atlas.paths import PACKAGE_DIR

TODAY = dt.date(2026, 12, 6)  # tests/conftest.py's ATLAS_TODAY


@pytest.fixture(scope="module")
def index():
    return build_index(load_package(PACKAGE_DIR))


@pytest.fixture(scope="module")
def timeline(index):
    return build_timeline(index, TODAY)


def test_one_snapshot_on_31_december_of_each_year_since_2006_then_today():
    dates = snapshot_dates(TODAY)
    assert dates[0] == (2006, dt.date(2006, 12, 31))
    assert dates[-2] == (2025, dt.date(2025, 12, 31))
    assert dates[-1] == (2026, None)  # today: the newest list, the policies that have not ended
    assert [y for y, _ in dates] == list(range(2006, 2027))
    assert snapshot_dates(dt.date(2027, 1, 1))[-2:] == [(2026, dt.date(2026, 12, 31)), (2027, None)]


def test_mecklenburg_nc_agreement_in_force_in_2017_not_in_2019(timeline):
    assert timeline.status(LAYER_287G, "37119", 2017) == "Jail Enforcement Model"
    assert timeline.status(LAYER_287G, "37119", 2019) == PAST_287G  # ended 2018-12-05 (hand-entered row)
    assert timeline.status(LAYER_287G, "37119", 2026) == PAST_287G


def test_mecklenburg_nc_detainer_policy_changes_with_its_sheriff(timeline):
    before, after = timeline.status(LAYER_POLICY, "37119", 2017), timeline.status(LAYER_POLICY, "37119", 2019)
    assert before == "Honors detainers"
    assert after != before and after == "Requires judicial warrant"


def test_today_is_exactly_what_the_maps_show_without_the_control(index, timeline):
    rows_287g, rows_policy = county_statuses(index)
    assert timeline.fips == [r["f"] for r in rows_287g]
    last = len(timeline.snapshots) - 1
    for key, rows in ((LAYER_287G, rows_287g), (LAYER_POLICY, rows_policy)):
        layer = timeline.layers[key]
        assert [layer.categories[k][0] for k in layer.codes[last]] == [r["s"] for r in rows]
    assert UNKNOWN_287G not in {r["s"] for r in rows_287g}  # "not known" is a category of past dates only


def test_counts_of_every_snapshot_add_up_to_the_current_counties(index, timeline):
    current = [c for c in index.counties if c["valid_to"] is None]
    assert len(timeline.fips) == len(current)
    for layer in timeline.layers.values():
        assert len(layer.counts) == len(layer.codes) == len(timeline.snapshots)
        for i, counts in enumerate(layer.counts):
            assert sum(counts) == len(current)
            assert counts == [layer.codes[i].count(k) for k in range(len(layer.categories))]
            # each state's counts add up to its counties, and the states to the nation
            by_state = [layer.state_counts[s][i] for s in layer.state_counts]
            assert [sum(col) for col in zip(*by_state)] == counts
        for fips, series in layer.state_counts.items():
            assert {sum(c) for c in series} == {sum(1 for c in current if c["state_fips"] == fips)}


def test_the_map_grows_with_the_agreements_and_some_dates_are_not_known(timeline):
    active = {y: sum(n for label, n in timeline.counts(LAYER_287G, y).items()
                     if label not in {PAST_287G, UNKNOWN_287G, "Pending", "No agreement listed"})
              for y in (2006, 2012, 2026)}
    assert 0 < active[2006] < active[2026] and active[2012] < active[2026]
    assert timeline.counts(LAYER_287G, 2018)[UNKNOWN_287G] > 0  # agreements listed in 2017, gone by 2021
    assert timeline.counts(LAYER_287G, 2026)[UNKNOWN_287G] == 0
    assert timeline.counts(LAYER_287G, 2017, "37")["Jail Enforcement Model"] >= 1  # Mecklenburg, on NC's page


def test_coverage_names_the_lists_behind_each_date_and_the_gap(timeline):
    cov = {s.year: s.coverage[LAYER_287G] for s in timeline.snapshots}
    assert "No ICE list from between 1 August 2017 and 13 January 2021 is in the atlas" in cov[2019]
    assert "not known" in cov[2019]
    assert "roster as captured on 7 October 2012" in cov[2012] and "18 January 2013" in cov[2012]
    assert cov[2008].startswith("No ICE list from before 20 February 2011 is in the atlas")
    assert "18 May 2026" in cov[2026] and "27 February 2026" in cov[2026]
    assert all(s.coverage[LAYER_POLICY] for s in timeline.snapshots)
    assert [s.asof[LAYER_287G] for s in timeline.snapshots][:1] == ["as of 31 December 2006"]
    for text in cov.values():  # neutral words: the note describes the data, it argues nothing
        for word in ("because", "sanctuary", "illegal", "alien"):
            assert word not in text.lower()


def test_the_asset_is_small_arrays_of_small_integers(timeline):
    text = timeline_json(timeline)
    data = json.loads(text)
    assert [s["year"] for s in data["snapshots"]] == list(range(2006, 2027))
    assert data["snapshots"][-1]["date"] is None and data["snapshots"][0]["date"] == "2006-12-31"
    for layer in data["layers"].values():
        assert all(0 <= k < len(layer["categories"]) for codes in layer["codes"] for k in codes)
        assert all(len(codes) == len(data["fips"]) for codes in layer["codes"])
    assert data["layers"][LAYER_287G]["dated"] == [len(data["layers"][LAYER_287G]["categories"]) - 1]
    assert len(text) < 500_000 and len(gzip.compress(text.encode())) < 40_000


def test_every_language_counts_the_same_and_hides_the_same_dated_category(index, timeline):
    """Only the words differ between languages: in Spanish the "not known" category was once not marked as
    dated (its label was compared with the English word), so its legend entry showed on today's map too."""
    with use_language("es"):
        spanish = json.loads(timeline_json(build_timeline(index, TODAY)))
    english = json.loads(timeline_json(timeline))
    assert spanish["layers"][LAYER_287G]["categories"][-1][0] == "Sin datos en esta fecha"
    for key in (LAYER_287G, LAYER_POLICY):
        for part in ("dated", "codes", "counts", "states"):
            assert spanish["layers"][key][part] == english["layers"][key][part], (key, part)
    assert spanish["layers"][LAYER_287G]["dated"] == [len(spanish["layers"][LAYER_287G]["categories"]) - 1]


def test_maps_the_control_drives_name_their_layer_and_legend(index):
    spec = timeline_map_spec(index, LAYER_287G, "assets/atlas/geo.json", "assets/atlas/status.json")
    assert spec["usermeta"] == {"atlasTimeline": LAYER_287G}
    assert spec["encoding"]["color"]["legend"]["values"] == {"expr": "atlas_legend"}
    assert spec["params"][0]["value"] == [label for label, _ in categories_287g(index)]  # today's legend
    assert spec["encoding"]["color"]["scale"]["domain"][-1] == UNKNOWN_287G  # its colour is fixed at every date


def test_home_page_carries_the_hidden_control(index, timeline):
    home = build_home_page(index, set(), None)
    home.time_control = time_control(timeline, "us", "the United States")
    text = render("home.md.j2", home=home, root="")
    assert '<div class="atlas-when" id="atlas-when" hidden' in text
    assert f'data-atlas-timeline="{TIMELINE_ASSET}"' in text
    assert 'type="range" min="2006" max="2026" step="1" value="2026"' in text
    assert '<label for="atlas-when-year">' in text and '<button type="button" id="atlas-when-play"' in text
    assert 'aria-live="polite"' in text
    home.time_control = None
    assert "atlas-when" not in render("home.md.j2", home=home, root="")
