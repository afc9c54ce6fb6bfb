"""atlas.domain: the fiscal year, what is in force, and the words for enum values (from the Table Schemas)."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas.domain import status
from atlas.domain.fiscal import fiscal_year, fiscal_year_bounds, fiscal_year_span
from atlas.domain.vocabulary import vocabulary
from atlas.package import load_package
from atlas.pages.atlas_index import build_index
from atlas.pages.status import (MODEL_COLOURS, MODEL_KEY, OTHER_287G_COLOURS, OTHER_POLICY_COLOURS, POLICY_COLOURS,
                                POLICY_KEY, categories_287g, categories_policy)
from atlas.paths import PACKAGE_DIR


@pytest.fixture(scope="module")
def package():
    return load_package(PACKAGE_DIR)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
def test_every_day_lies_in_the_bounds_of_its_fiscal_year(day):
    start, end = fiscal_year_bounds(fiscal_year(day))
    assert start <= day <= end
    assert (start.month, start.day, end.month, end.day) == (10, 1, 9, 30)
    assert fiscal_year(start - dt.timedelta(days=1)) == fiscal_year(day) - 1


def test_fiscal_year_2019_in_words():
    assert fiscal_year(dt.date(2018, 10, 1)) == fiscal_year(dt.date(2019, 9, 30)) == 2019
    assert fiscal_year_span(2019) == "1 October 2018 to 30 September 2019"


def test_every_raw_value_the_code_names_is_allowed_by_its_schema(package):
    vocab = vocabulary(package)
    assert {status.AGREEMENT_ACTIVE, status.AGREEMENT_PENDING} <= set(vocab.values("agreements_287g.status"))
    assert status.STATE in vocab.values("detainer_policies.jurisdiction")
    assert status.NO_STATE_RULE in vocab.values("detainer_policies.policy")
    assert set(MODEL_COLOURS) == set(vocab.values(MODEL_KEY))
    assert set(POLICY_COLOURS) | {status.NO_STATE_RULE} == set(vocab.values(POLICY_KEY))


def test_every_map_category_is_a_schema_label_or_names_what_the_data_lacks(package):
    index = build_index(package)
    labels_287g = set(index.vocabulary.labels[MODEL_KEY].values())
    labels_policy = set(index.vocabulary.labels[POLICY_KEY].values())
    extra_287g = {label for label, _ in OTHER_287G_COLOURS}
    extra_policy = {label for label, _ in OTHER_POLICY_COLOURS}
    assert {label for label, _ in categories_287g(index)} == labels_287g | extra_287g
    assert {label for label, _ in categories_policy(index)} == (labels_policy | extra_policy) - {
        index.label(POLICY_KEY, status.NO_STATE_RULE)}
    assert "Jail Enforcement Model" in labels_287g  # the proper name, from the definition


def _period(effective, ended, policy="declines_detainers", jurisdiction="county"):
    return {"effective": effective, "ended": ended, "policy": policy, "jurisdiction": jurisdiction}


def test_policy_in_force_prefers_the_county_then_a_binding_state_rule():
    d = dt.date
    county = [_period(d(2014, 1, 1), d(2018, 12, 5), "honors_detainers"), _period(d(2018, 12, 5), None)]
    state = [_period(d(2024, 12, 1), None, "honors_detainers", "state"),
             _period(None, None, status.NO_STATE_RULE, "state")]
    assert status.policy_in_force(county, state)[0]["policy"] == "declines_detainers"
    assert status.policy_in_force(county, state, on=d(2018, 12, 4))[0]["policy"] == "honors_detainers"
    assert status.policy_in_force(county, state, on=d(2018, 12, 5))[0]["policy"] == "declines_detainers"
    assert status.policy_in_force([], state) == (state[0], "state")
    assert status.policy_in_force([], state, on=d(2020, 1, 1)) == (None, "")  # "no rule found" is not a rule
    assert status.has_recorded_county_policy(county[:1]) and not status.has_recorded_county_policy([])


def _agreement(signed=None, first=None, last=None, ended=None, state="ended",
               source="ice-287g-list-participating-2021-01-13"):
    return {"signed": signed, "first_listed": first, "last_listed": last, "ended": ended, "status": state,
            "source_id": source}


def test_an_agreement_on_a_day_is_in_force_from_its_signing_to_its_end_or_last_listing():
    d = dt.date
    lists = [d(2017, 8, 1), d(2021, 1, 13), d(2026, 5, 18)]
    meck = _agreement(signed=d(2006, 2, 27), ended=d(2018, 12, 5), source="ddp-ice-287g-roster-captures-2011-2017")
    assert not status.agreement_active(meck)  # at the newest list: its status, as before
    assert not status.agreement_active(meck, on=d(2006, 2, 26)) and status.agreement_active(meck, on=d(2006, 2, 27))
    assert status.agreement_active(meck, on=d(2018, 12, 4)) and not status.agreement_active(meck, on=d(2018, 12, 5))
    assert not status.agreement_end_unknown(meck, d(2019, 1, 1), lists)  # its end is known
    # dropped off ICE's lists: in force up to its last listing, not known until the next list, ended after it
    gone = _agreement(signed=d(2013, 1, 1), first=d(2013, 1, 18), last=d(2017, 8, 1))
    assert status.agreement_active(gone, on=d(2017, 8, 1)) and not status.agreement_active(gone, on=d(2017, 8, 2))
    assert status.agreement_end_unknown(gone, d(2019, 12, 31), lists)
    assert not status.agreement_end_unknown(gone, d(2021, 1, 13), lists)
    # on the newest list: in force from its signing date, printed on a later list
    new = _agreement(signed=d(2019, 6, 1), first=d(2021, 1, 13), last=d(2026, 5, 18), state="active")
    assert status.agreement_active(new) and status.agreement_active(new, on=d(2019, 12, 31))
    assert not status.agreement_active(new, on=d(2018, 12, 31)) and not status.agreement_begun(new, d(2018, 12, 31))


def test_a_pending_application_is_never_an_agreement_in_force():
    d = dt.date
    app = _agreement(first=d(2025, 5, 15), last=d(2025, 5, 15), state="unknown",
                     source="ice-287g-list-pending-2025-05-15")
    assert status.is_application(app) and not status.agreement_active(app, on=d(2025, 6, 1))
    assert status.agreement_pending(app, on=d(2025, 5, 15)) and not status.agreement_pending(app, on=d(2025, 12, 31))
    assert not status.agreement_pending(app) and not status.agreement_end_unknown(app, d(2025, 12, 31), [])
    still = {**app, "status": "pending", "last_listed": d(2026, 2, 27)}
    assert status.agreement_pending(still) and status.agreement_pending(still, on=d(2026, 12, 31))


def test_the_importers_and_the_pages_read_ice_list_sources_alike():
    from atlas.importers import history

    for sid, series in (("ice-287g-list-roster-2012-10-07", "roster"), ("ice-287g-list-pending-2026-02-27", "pending"),
                        ("ice-287g-list-participating-2026-05-18", "participating"), ("wbtv-2018-12-05-x", None)):
        assert status.list_series(sid) == history.series_of(sid) == series
