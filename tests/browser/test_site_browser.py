"""The built sites in headless Chromium: no console error, no request leaves 127.0.0.1, charts render,
the finder and search find counties, nothing from the data runs, and axe-core finds no WCAG 2.1 A/AA violation
in light and dark mode."""
from __future__ import annotations

import json
from contextlib import contextmanager

import pytest

from atlas.package import load_package
from atlas.pages.atlas_index import build_index

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("site")]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def county_without_data(package_dir) -> str:
    index = build_index(load_package(package_dir))
    for c in index.counties:
        fips = c["fips"]
        if (c["valid_to"] is None and fips.startswith("37") and not index.agreements_by_county.get(fips)
                and not index.policies_by_county.get(fips) and not index.stats_by_county.get(fips)):
            return fips
    pytest.fail("every NC county has data: pick another county without data")


def _pages(real_no_data: str | None):
    pages = ["", "states/nc/", "counties/37119/", "counties/51117/", "datasets/agreements_287g/"]
    return pages + [f"counties/{real_no_data}/" if real_no_data else "counties/37001/"]


def axe_violations(page, source: str, scope: str = "document") -> list[str]:
    """axe-core's violations on the page (or inside the `scope` selector), one line each.
    Injected through the DevTools protocol: the site's Content-Security-Policy (rightly) blocks an inline <script>."""
    page.evaluate(source + "\n;undefined")
    target = "document" if scope == "document" else json.dumps(scope)
    result = page.evaluate(f"tags => axe.run({target}, {{runOnly: {{type: 'tag', values: tags}}}})", AXE_TAGS)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})" for v in result["violations"]]


@contextmanager
def page_without_javascript(browser):
    """A page with scripts off: what a reader with JavaScript disabled, a crawler or a link preview gets."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


class Visit:
    """Open a page, scroll through it so the lazy charts render, and record what the browser did."""

    def __init__(self, browser, url: str, scheme: str = "light"):
        self.context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                     else self.outside.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url, wait_until="load")
        for el in self.page.query_selector_all(".atlas-vega"):
            el.scroll_into_view_if_needed()
            self.page.wait_for_function("el => ['rendered', 'failed'].includes(el.dataset.atlasState)", arg=el,
                                        timeout=30_000)
        self.page.wait_for_load_state("networkidle")

    def axe(self, source: str) -> list[str]:
        return axe_violations(self.page, source)

    def search(self, words: str) -> str:
        """Type `words` into Material's search box and return the results' text once the first one shows (the
        search worker builds its index first: up to a minute on a busy machine)."""
        box = self.page.locator("input.md-search__input")
        box.click()
        box.fill("")
        box.press_sequentially(words)
        hits = self.page.locator(".md-search-result__item")
        hits.first.wait_for(timeout=60_000)
        return " ".join(hits.all_inner_texts())

    def close(self):
        self.context.close()


@pytest.fixture(scope="session")
def real_no_data(package_dir):
    return county_without_data(package_dir)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", _pages(None))
def test_fixture_pages_load_cleanly_and_pass_axe(browser, fixture_url, axe_source, path, scheme):
    visit = Visit(browser, fixture_url + path, scheme)
    try:
        assert visit.errors == []
        assert visit.outside == []
        assert [el.get_attribute("data-atlas-state") for el in visit.page.query_selector_all(".atlas-vega")] == [
            "rendered"] * len(visit.page.query_selector_all(".atlas-vega"))
        assert visit.axe(axe_source) == []
    finally:
        visit.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("index", range(6))
def test_real_pages_load_cleanly_and_pass_axe(browser, real_url, axe_source, real_no_data, index, scheme):
    path = _pages(real_no_data)[index]
    visit = Visit(browser, real_url + path, scheme)
    try:
        assert visit.errors == [], path
        assert visit.outside == [], path
        assert visit.axe(axe_source) == [], path
    finally:
        visit.close()


def test_mecklenburg_chart_renders_marks_and_its_table_has_the_figures(browser, real_url):
    visit = Visit(browser, real_url + "counties/37119/")
    try:
        chart = visit.page.locator(".atlas-chart .atlas-vega").first  # the enforcement chart; detention's is second
        assert chart.get_attribute("data-atlas-state") == "rendered"
        assert chart.locator("svg .mark-symbol.role-mark path").count() >= 2  # one point per figure
        assert chart.locator("svg .mark-rule.role-mark line").count() >= 1  # the agreement's end, the policy changes
        cells = visit.page.locator("table.atlas-figures td").all_inner_texts()
        assert "345" in cells  # FY2018 removals (ICE, as reported)
        assert "1,866" in cells  # FY2008 287(g) removals (FOIA)
        # FY2019 = 64 is not in the package until a readable source is found (tests/reference/test_mecklenburg_seed.py)
        assert "2018-12-05" in visit.page.locator(".atlas-timeline").inner_text()
        assert visit.page.locator(".atlas-timeline > li").count() == 3
    finally:
        visit.close()


def test_mecklenburg_csv_link_downloads_the_figures(browser, real_url):
    visit = Visit(browser, real_url + "counties/37119/")
    try:
        link = visit.page.locator("figcaption a[download]")
        text = visit.page.request.get(link.evaluate("a => a.href")).text()
        assert ",345," in text
        assert ",1866," in text
    finally:
        visit.close()


def test_fixture_chart_has_a_point_per_figure_and_a_rule_per_change(browser, fixture_url):
    visit = Visit(browser, fixture_url + "counties/37119/")
    try:
        chart = visit.page.locator(".atlas-chart .atlas-vega")
        assert chart.locator("svg .mark-symbol.role-mark path").count() == 5  # 4 removals + 1 detainers figure
        assert chart.locator("svg .mark-rule.role-mark line").count() == 3  # agreement ended + new policy (same day), state law 2024
    finally:
        visit.close()


def test_county_finder_finds_both_mecklenburgs(browser, real_url):
    visit = Visit(browser, real_url)
    try:
        visit.page.fill("#atlas-finder-input", "Mecklenburg")
        results = visit.page.locator("#atlas-finder-results a")
        results.first.wait_for()
        assert sorted(results.all_inner_texts()) == ["Mecklenburg County, NC (37119)", "Mecklenburg County, VA (51117)"]
        visit.page.fill("#atlas-finder-input", "mecklenburg va")
        visit.page.wait_for_function("document.querySelectorAll('#atlas-finder-results a').length === 1")
        results.first.click()
        visit.page.wait_for_url("**/counties/51117/")
    finally:
        visit.close()


def test_material_search_finds_mecklenburg(browser, real_url):
    visit = Visit(browser, real_url + "methodology/")  # a page without charts: the search worker has the CPU
    try:
        text = visit.search("Mecklenburg")
        assert "Mecklenburg County, North Carolina" in text and "Mecklenburg County, Virginia" in text
    finally:
        visit.close()


@pytest.mark.parametrize("path", ["counties/37119/", "counties/51117/", "states/nc/", "datasets/metrics/"])
def test_xss_fixture_runs_nothing(browser, xss_url, path):
    visit = Visit(browser, xss_url + path)
    try:
        assert visit.dialogs == []
        assert visit.errors == []
        assert visit.page.locator("img[src=x]").count() == 0
        body = visit.page.locator("article").inner_text()
        if path == "counties/37119/":
            assert "<script>alert(1)</script>" in body
            assert '"><img src=x onerror=alert(1)>' in body
    finally:
        visit.close()


def test_without_javascript_a_county_page_shows_its_chart_prerendered(browser, fixture_url):
    with page_without_javascript(browser) as page:
        page.goto(fixture_url + "counties/37119/", wait_until="load")
        img = page.locator(".atlas-chart .atlas-vega img.atlas-static-chart").first
        img.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 300", arg=img.element_handle())
        assert img.is_visible()
        assert page.locator(".atlas-vega svg").count() == 0  # nothing drew it but the build


def test_with_javascript_the_interactive_chart_replaces_the_prerendered_one(browser, fixture_url):
    visit = Visit(browser, fixture_url + "counties/37119/")
    try:
        chart = visit.page.locator(".atlas-chart .atlas-vega").first
        assert chart.get_attribute("data-atlas-state") == "rendered"
        assert chart.locator("img.atlas-static-chart").count() == 0
        assert chart.locator("svg .mark-symbol.role-mark path").count() >= 1
    finally:
        visit.close()


def test_without_javascript_the_home_page_shows_the_national_maps(browser, fixture_url):
    with page_without_javascript(browser) as page:
        page.goto(fixture_url, wait_until="load")
        maps = page.locator("figure.atlas-map img.atlas-static-map")
        assert maps.count() == 2
        for i in range(2):
            maps.nth(i).scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 300", arg=maps.nth(i).element_handle())


def test_preview_banner_and_finder_name_counties_outside_the_preview(browser, preview_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(preview_url, wait_until="load")  # the maps are not scrolled to: only the finder runs
        assert "Preview: only VA's county pages are built" in page.locator(".md-banner").inner_text()
        page.fill("#atlas-finder-input", "Mecklenburg")
        from playwright.sync_api import expect  # polls from Python: a string predicate would need eval, which the CSP forbids

        expect(page.locator("#atlas-finder-results li")).to_have_count(2, timeout=60_000)
        texts = page.locator("#atlas-finder-results li").all_inner_texts()
        assert page.locator("#atlas-finder-results a").all_inner_texts() == ["Mecklenburg County, VA (51117)"]
        assert "Mecklenburg County, NC (37119): outside this preview, no page built" in texts
        assert errors == []
    finally:
        context.close()
