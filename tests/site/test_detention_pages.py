"""The detention sections of county, state and national pages, from the real package (ICE's own files)."""
from __future__ import annotations

import pytest

from atlas.package import load_package
from atlas.pages.atlas_index import build_index
from atlas.pages.county import build_county_page
from atlas.pages.detention import build_detention_page, chart_figures, county_figures, state_facilities
from atlas.pages.render import render
from atlas.paths import PACKAGE_DIR


@pytest.fixture(scope="module")
def index():
    return build_index(load_package(PACKAGE_DIR))


def test_mecklenburg_shows_its_jail_as_usms_iga_and_adp_93_in_fy2009(index):
    page = build_county_page(index, index.counties_by_fips["37119"])
    jail = next(f for f in page.detention.facilities if f.id == "MECKLNC")
    assert [t.label for t in jail.types] == ["USMS IGA"] and jail.types[0].years.startswith("FY2009")
    chart = {f.fiscal_year: f.value for f in chart_figures(index, page.detention.figures)}
    assert chart[2009] == 93 and chart[2018] < 5
    text = render("county.md.j2", page=page, root="../../", repository="")
    assert "ICE detention in the county" in text and "MECKLENBURG COUNTY DETENTION CENTER NORTH" in text
    assert "FY2018 (part year)" in text  # the 2017 list's FY2018 runs only to its pull date
    assert {s.id for s in page.sources} >= {"ice-detention-facility-list-2017-11-06"}


def test_the_chart_prefers_a_full_year_then_the_newest_file(index):
    figures = county_figures(index, "37119")
    fy2018 = [f for f in figures if f.fiscal_year == 2018]
    assert len(fy2018) >= 2 and any(f.part_year for f in fy2018)
    chosen = next(f for f in chart_figures(index, figures) if f.fiscal_year == 2018)
    full = [f for f in fy2018 if not f.part_year]
    assert chosen.value == round(full[0].adp, 1)


def test_a_county_without_facilities_says_so(index):
    fips = next(c["fips"] for c in index.counties if c["valid_to"] is None
                and not index.facilities_by_county.get(c["fips"]) and not index.detention_by_county.get(c["fips"]))
    page = build_county_page(index, index.counties_by_fips[fips])
    text = render("county.md.j2", page=page, root="../../", repository="")
    assert f"ICE's detention files list no facility in {page.display_name}" in text


def test_stewart_and_alamance_have_series(index):
    for fips in ("13259", "37001"):
        assert len(chart_figures(index, county_figures(index, fips))) >= 8, fips


def test_national_view_lists_counties_with_people_held_largest_first(index):
    page = build_detention_page(index, {c["fips"] for c in index.counties})
    assert page.fiscal_year == max(r["fiscal_year"] for rows in index.detention_by_county.values() for r in rows)
    assert page.counties and all(a.adp >= b.adp for a, b in zip(page.counties, page.counties[1:]))
    assert sum(n for _, n in page.counts) == sum(1 for c in index.counties if c["valid_to"] is None)
    stewart = next(c for c in page.counties if c.fips == "13259")
    assert stewart.largest == "STEWART DETENTION CENTER" and stewart.largest_type == "DIGSA"


def test_state_pages_list_their_facilities(index):
    names = [f.name for f in state_facilities(index, "GA")]
    assert "STEWART DETENTION CENTER" in names
