"""The Spanish edition (/es/) in headless Chromium: lang="es", hreflang links both ways, the language switch
lands on the same county in both directions, the county finder takes Spanish input with or without accents,
no console error or CSP violation, and axe-core finds no WCAG 2.1 A/AA violation."""
from __future__ import annotations

import re

import pytest

from test_site_browser import AXE_TAGS, Visit  # noqa: F401  (AXE_TAGS: the same rules as the English pages)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("site")]


def _alternates(page) -> dict[str, str]:
    return {l.get_attribute("hreflang"): l.get_attribute("href")
            for l in page.locator("head link[hreflang]").all()}


@pytest.mark.parametrize("path", ["es/", "es/counties/37119/"])
def test_spanish_pages_are_spanish_clean_and_pass_axe(browser, real_url, axe_source, path):
    visit = Visit(browser, real_url + path)
    try:
        assert visit.page.locator("html").get_attribute("lang") == "es"
        assert visit.errors == [], path  # console errors include every Content-Security-Policy violation
        assert visit.outside == [], path
        assert visit.axe(axe_source) == [], path
    finally:
        visit.close()


@pytest.mark.parametrize("scheme", ["dark"])
def test_spanish_county_page_passes_axe_in_dark_mode(browser, real_url, axe_source, scheme):
    visit = Visit(browser, real_url + "es/counties/37119/", scheme)
    try:
        assert visit.errors == [] and visit.axe(axe_source) == []
    finally:
        visit.close()


def test_hreflang_links_point_to_the_same_page_both_ways(browser, real_url):
    for path, lang in (("counties/37119/", "en"), ("es/counties/37119/", "es")):
        visit = Visit(browser, real_url + path)
        try:
            links = _alternates(visit.page)
            assert set(links) == {"en", "es", "x-default"}, path
            assert links["en"].endswith("/counties/37119/") and "/es/" not in links["en"]
            assert links["es"].endswith("/es/counties/37119/")
            assert links["x-default"] == links["en"]
            assert visit.page.locator("link[rel=alternate][hreflang=es]").count() == 1  # rel is put back after load
        finally:
            visit.close()


def test_language_switch_keeps_the_county_both_ways(browser, real_url):
    visit = Visit(browser, real_url + "counties/37119/")
    try:
        page = visit.page
        page.locator(".md-header a.atlas-language[hreflang=es]").click()
        page.wait_for_url("**/es/counties/37119/")
        assert page.locator("html").get_attribute("lang") == "es"
        assert "Acuerdos 287(g)" in page.locator("article").inner_text()
        page.locator(".md-header a.atlas-language[hreflang=en]").click()
        page.wait_for_url(re.compile(r".*/counties/37119/$"))
        assert "/es/" not in page.url
        assert page.locator("html").get_attribute("lang") == "en"
        assert visit.errors == []
    finally:
        visit.close()


@pytest.mark.parametrize("typed, expected", [
    ("Mecklenburg", ["Mecklenburg County, NC (37119)", "Mecklenburg County, VA (51117)"]),
    ("Dona Ana", ["Doña Ana County, NM (35013)"]),
    ("doña ana nm", ["Doña Ana County, NM (35013)"]),
])
def test_spanish_finder_accepts_names_with_or_without_accents(browser, real_url, typed, expected):
    visit = Visit(browser, real_url + "es/")
    try:
        visit.page.fill("#atlas-finder-input", typed)
        results = visit.page.locator("#atlas-finder-results a")
        results.first.wait_for()
        assert sorted(results.all_inner_texts()) == expected
        results.first.click()
        visit.page.wait_for_url(re.compile(r".*/es/counties/\d{5}/$"))
    finally:
        visit.close()


def test_spanish_downloads_link_to_the_english_sites_files(browser, real_url):
    visit = Visit(browser, real_url + "es/counties/37119/")
    try:
        link = visit.page.locator("figcaption a[download]").first
        href = link.evaluate("a => a.href")
        assert "/es/" not in href and href.endswith("/downloads/counties/37119.csv")
        assert ",345," in visit.page.request.get(href).text()
    finally:
        visit.close()


def test_spanish_search_finds_counties_and_spanish_words(browser, real_url):
    visit = Visit(browser, real_url + "es/methodology/")  # a page without charts: the search worker has the CPU
    try:
        assert "Mecklenburg County, Carolina del Norte" in visit.search("Mecklenburg")  # state names in Spanish
        visit.search("glosario")
        visit.page.locator(".md-search-result__item", has_text="Glosario").first.wait_for(timeout=60_000)
    finally:
        visit.close()
