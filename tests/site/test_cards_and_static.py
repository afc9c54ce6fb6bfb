"""Link-preview text, reader notes vs maintainer notes, and the pre-rendered charts' specs."""
from __future__ import annotations

import datetime as dt
import html
import json

from atlas.charts.static import fixed_width, spec_hash
from atlas.markup import front_matter
from atlas.pages.county import build_county_page, policy_period


def test_county_description_is_its_status_in_one_sentence(fixture_index):
    page = build_county_page(fixture_index, fixture_index.counties_by_fips["37119"])
    text = page.description
    assert text.startswith("Mecklenburg County, NC: 287(g) status at the newest ICE list (")
    assert f"): {page.status_287g}; detainer policy in force now: {page.policy_status}." in text
    assert text.count(".") == 1 and "\n" not in text


def test_county_description_is_escaped_for_the_front_matter(xss_index):
    for county in xss_index.counties:
        description = build_county_page(xss_index, county).description
        written = json.loads(str(front_matter(description)))  # the YAML scalar, as MkDocs reads it
        assert "<" not in written and '"' not in written
        assert html.unescape(written) == " ".join(description.split()).replace("\x00", "\ufffd") or "\ufffd" in written


def test_policy_periods_carry_notes_for_readers_only(fixture_index):
    row = {"agency": "A", "jurisdiction": "county", "policy": "declines_detainers", "effective": dt.date(2020, 1, 1),
           "effective_precision": "day", "ended": None, "ended_precision": None, "summary": "S", "citation": "",
           "notifies_ice_of_release": "unknown", "ice_jail_access": "unknown", "program_287g": "not_addressed",
           "source_id": "x", "reviewed": None, "verified": None, "notes": "For readers.",
           "maintainer_notes": "Entered by hand; importers never touch this row."}
    period = policy_period(fixture_index, row)
    assert period.notes == "For readers."
    assert "importers" not in repr(period)


def test_prerendered_chart_spec_has_a_fixed_width_and_its_own_cache_key():
    spec = {"width": "container", "height": 260, "config": {"font": "x"}, "mark": "point"}
    fixed = fixed_width(spec, 680)
    assert fixed["width"] == 680 and fixed["config"] == {"font": "x", "background": "#ffffff"}
    assert spec["width"] == "container" and "background" not in spec["config"]  # the page's spec is untouched
    assert spec_hash(fixed) != spec_hash(spec)
