"""Properties of the cell normalisers, where inputs vary (hypothesis)."""
from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from atlas.importers.county_match import name_key
from atlas.importers.normalise import (STATES, agency_key, clean_text, parse_date, slugify, state_code,
                                       url_or_none)

dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31))
spaces = st.sampled_from([" ", "  ", "\u00a0", "\t", ""])


@given(dates)
def test_a_date_reads_the_same_from_a_datetime_iso_text_and_us_text(day):
    as_datetime = dt.datetime(day.year, day.month, day.day)
    for cell in (as_datetime, day, day.isoformat(), f" {day.isoformat()} ", day.strftime("%m/%d/%Y"),
                 f"{day.month}/{day.day}/{day.year}"):
        assert parse_date(cell) == (day, None)


@given(dates)
def test_a_date_with_a_missing_separator_is_flagged_never_guessed(day):
    cell = day.strftime("%m/%d%Y")  # ICE's '05/082025'
    value, problem = parse_date(cell)
    assert value is None
    assert problem == f"malformed signing date {cell!r}"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_clean_text_is_idempotent_and_leaves_no_runs_of_spaces(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert "  " not in once and once == once.strip()


@given(st.sampled_from(sorted(STATES)), spaces, spaces)
def test_state_names_in_any_case_and_padding_become_usps_codes(name, left, right):
    assert state_code(f"{left}{name.title()}{right}") == STATES[name][0]
    assert state_code(f"{name}**") == STATES[name][0]


@given(st.lists(st.sampled_from(["Saint", "St.", "Mary's", "Sheriff\u2019s", "County", "Office", "De", "Kalb"]),
                min_size=1, max_size=6), spaces)
def test_agency_keys_ignore_apostrophe_style_and_spacing(words, gap):
    name = " ".join(words)
    assert agency_key(name.replace("'", "\u2019")) == agency_key(f"{gap}{name.replace(' ', '  ')}{gap}")


@given(st.text(max_size=60))
def test_slugs_always_fit_the_id_pattern_or_are_empty(text):
    slug = slugify(text)
    assert slug == "" or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)


def test_county_name_keys_treat_spelling_variants_alike():
    assert name_key("St. Lucie County") == name_key("Saint Lucie County")
    assert name_key("DeKalb County") == name_key("De Kalb County")
    assert name_key("Fairfax County") != name_key("Fairfax city")


def test_urls_with_spaces_and_safelinks():
    assert url_or_none("https://www.ice.gov/doclib/287gMOA/287gJEM_ etowahCoAL_06-09-2020.pdf") == \
        "https://www.ice.gov/doclib/287gMOA/287gJEM_%20etowahCoAL_06-09-2020.pdf"
    assert url_or_none("link pending ") is None
    assert url_or_none(None) is None
