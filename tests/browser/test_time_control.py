"""The time control of the maps (site_assets/timeline.js) in headless Chromium, on the real site: a page opened with
?year= shows that year, the slider works from the keyboard and keeps the year in the address, play/pause, the
tables follow the date, a state page draws its interactive map, nothing breaks the Content-Security-Policy, and
axe-core finds no violation. Without JavaScript the control stays hidden."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_site_browser import axe_violations, page_without_javascript

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("site")]

WATCH = """
window.__atlasCsp = [];
document.addEventListener("securitypolicyviolation", e => window.__atlasCsp.push(e.violatedDirective + " " + e.blockedURI));
"""


class Page:
    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.add_init_script(WATCH)
        self.page.goto(url, wait_until="load")
        expect(self.page.locator("#atlas-when")).to_be_visible(timeout=30_000)

    def draw_maps(self):
        for el in self.page.query_selector_all(".atlas-vega"):
            el.scroll_into_view_if_needed()
            self.page.wait_for_function("el => ['rendered', 'failed'].includes(el.dataset.atlasState)", arg=el,
                                        timeout=60_000)
        return [el.get_attribute("data-atlas-state") for el in self.page.query_selector_all(".atlas-vega")]

    def table(self, n: int) -> dict[str, str]:
        rows = self.page.locator("figure.atlas-map + .atlas-table").nth(n).locator("tbody tr")
        return {r.locator("td").nth(0).inner_text(): r.locator("td").nth(1).inner_text() for r in rows.all()}

    def csp(self) -> list[str]:
        return self.page.evaluate("window.__atlasCsp")

    def close(self):
        self.context.close()


def test_home_page_opened_at_2012_shows_2012_and_the_slider_moves_by_keyboard(browser, real_url, axe_source):
    today = Page(browser, real_url)
    try:
        assert today.draw_maps() == ["rendered", "rendered"]
        now_counts = today.table(0)
        assert today.page.locator("#atlas-when-year").input_value() == "2026"
        assert today.page.locator("#atlas-when-output").inner_text() == "Today"
        assert "Not known on this date" not in today.page.locator(".atlas-vega").first.inner_text()
    finally:
        today.close()

    visit = Page(browser, real_url + "?year=2012")
    page = visit.page
    try:
        assert visit.draw_maps() == ["rendered", "rendered"]
        slider = page.locator("#atlas-when-year")
        assert slider.input_value() == "2012"
        assert slider.get_attribute("aria-valuetext") == "31 December 2012"
        assert page.locator("#atlas-when-live").inner_text() == "Showing 31 December 2012."
        stamps = page.locator(".atlas-when-stamp").all_inner_texts()
        assert stamps[0].startswith("287(g) status as of 31 December 2012.")
        assert "roster as captured on 7 October 2012" in stamps[0]
        assert stamps[1].startswith("Detainer policy as of 31 December 2012.")
        caption = page.locator("figure.atlas-map + .atlas-table caption").first.inner_text()
        assert caption == "Counties by 287(g) status as of 31 December 2012"
        then_counts = visit.table(0)
        assert then_counts["No agreement listed"] != now_counts["No agreement listed"]
        assert then_counts["Task Force Model"] != now_counts["Task Force Model"]
        assert "Not known on this date" in then_counts  # a category of past dates only, when some county has it
        # the drawn map shows 2012 too: its legend lists the category only that date has
        expect(page.locator(".atlas-vega").first).to_contain_text("Not known on this date")

        slider.focus()
        page.keyboard.press("ArrowLeft")
        expect(page).to_have_url(real_url + "?year=2011")
        assert page.locator("#atlas-when-live").inner_text() == "Showing 31 December 2011."
        assert page.locator("figure.atlas-map + .atlas-table caption").first.inner_text().endswith("31 December 2011")
        page.keyboard.press("End")
        expect(page).to_have_url(real_url)  # today: no year in the address
        assert page.locator("#atlas-when-live").inner_text() == "Showing today."
        assert visit.table(0) == now_counts
        page.keyboard.press("Home")
        expect(page).to_have_url(real_url + "?year=2006")

        play = page.locator("#atlas-when-play")
        assert play.inner_text() == "Play"
        play.click()
        assert play.inner_text() == "Pause"
        expect(page).to_have_url(real_url + "?year=2007", timeout=10_000)  # it steps a year at a time
        play.press("Enter")  # a real button: the keyboard works it too
        assert play.inner_text() == "Play"
        year = slider.input_value()
        page.wait_for_timeout(2_000)
        assert slider.input_value() == year  # paused

        assert visit.errors == []
        assert visit.csp() == []
        assert axe_violations(page, axe_source) == []
    finally:
        visit.close()


def test_a_state_page_draws_its_map_at_the_chosen_date(browser, real_url, axe_source):
    visit = Page(browser, real_url + "states/nc/?year=2017")
    page = visit.page
    try:
        assert visit.draw_maps() == ["rendered"]  # the pre-rendered image gave way to the interactive map
        figure = page.locator("figure.atlas-map")
        assert figure.locator("img.atlas-static-map").count() == 0
        assert figure.locator(".atlas-when-stamp").inner_text().startswith("287(g) status as of 31 December 2017.")
        assert "1 August 2017 and 13 January 2021" in figure.locator(".atlas-when-stamp").inner_text()
        tables = page.locator(".atlas-when-tables table")
        assert tables.count() == 2
        assert tables.first.locator("caption").inner_text() == (
            "Counties of North Carolina by 287(g) status as of 31 December 2017")
        counts = {r.locator("td").nth(0).inner_text(): int(r.locator("td").nth(1).inner_text().replace(",", ""))
                  for r in tables.first.locator("tbody tr").all()}
        assert counts["Jail Enforcement Model"] >= 1 and sum(counts.values()) == 100
        page.locator("#atlas-when-year").focus()
        page.keyboard.press("ArrowRight")
        expect(page).to_have_url(real_url + "states/nc/?year=2018")
        assert visit.errors == [] and visit.csp() == []
        assert axe_violations(page, axe_source) == []
    finally:
        visit.close()


def test_without_javascript_the_control_is_hidden_and_the_maps_are_todays(browser, fixture_url):
    with page_without_javascript(browser) as page:
        page.goto(fixture_url + "?year=2012", wait_until="load")
        assert page.locator("#atlas-when").count() == 1 and not page.locator("#atlas-when").is_visible()
        assert page.locator(".atlas-when-stamp").count() == 0
        assert page.locator("figure.atlas-map + .atlas-table caption").first.inner_text() == (
            "Counties by 287(g) status at the newest ICE list")
        page.goto(fixture_url + "states/nc/", wait_until="load")
        assert not page.locator("#atlas-when").is_visible()
        assert page.locator("figure.atlas-map img.atlas-static-map").count() == 1


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_control_is_readable_focused_and_hovered_in_both_schemes(browser, real_url, axe_source, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(real_url + "?year=2012", wait_until="load")
        expect(page.locator("#atlas-when")).to_be_visible(timeout=30_000)
        page.locator("#atlas-when-play").focus()
        page.keyboard.press("Tab")
        page.keyboard.press("Shift+Tab")  # focus-visible, as a keyboard user sees it
        page.locator("#atlas-when-play").hover()
        assert axe_violations(page, axe_source, "#atlas-when") == []
    finally:
        context.close()
