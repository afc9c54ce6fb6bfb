"""The hostile fixture (tests/site/hostile.py: every payload in every free-text field, name and URL) built into a
site: no page holds markup from the data, every page carries the Content-Security-Policy, and in Chromium
nothing runs, whatever a reader focuses or clicks, and the charts still render under the policy."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]

CSP = "script-src 'self'"
PAGES = ["", "states/", "states/nc/", "states/va/", "states/ak/", "counties/37119/", "counties/51117/",
         "counties/02261/", "counties/37001/", "datasets/", "datasets/sources/", "datasets/detainer_policies/",
         "datasets/enforcement_stats/", "downloads/", "changelog/", "methodology/", "about/", "validation/",
         "contributing/"]
WATCH = """
window.__atlasFired = [];
window.__atlasCsp = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = function (...args) { window.__atlasFired.push(name + ":" + args.join(",")); };
}
document.addEventListener("securitypolicyviolation", e => window.__atlasCsp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || "")));
"""


class Scan(HTMLParser):
    """Everything in an HTML file that could run or navigate to a script."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.csp = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data") and value and \
                    value.strip().lower().startswith(("javascript:", "vbscript:", "data:text")):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "script" and not a.get("src") and a.get("type") not in ("application/json", "application/ld+json"):
            self.found.append("inline <script>")
        if tag in ("img", "svg", "iframe", "object", "embed") and a.get("src") == "x":
            self.found.append(f"<{tag} src=x>")
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy" and CSP in (a.get("content") or ""):
            self.csp = True


def test_no_page_of_the_hostile_site_holds_markup_from_the_data(hostile_site: Path):
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        scan = Scan()
        scan.feed(page.read_text(encoding="utf-8"))
        assert scan.found == [], f"{page.relative_to(hostile_site)}: {scan.found}"
        assert scan.csp, f"{page.relative_to(hostile_site)} has no Content-Security-Policy"


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_nothing_from_the_data_runs_in_chromium(browser, hostile_url, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(WATCH)
    try:
        response = page.goto(hostile_url + path, wait_until="load")
        assert response is not None and response.ok, path
        title = page.title()
        charts = page.query_selector_all(".atlas-vega")
        for el in charts:
            el.scroll_into_view_if_needed()
            page.wait_for_function("el => ['rendered', 'failed'].includes(el.dataset.atlasState)", arg=el,
                                   timeout=30_000)
        assert [el.get_attribute("data-atlas-state") for el in charts] == ["rendered"] * len(charts)
        # Every link goes to this site or an http(s) page; focus every focusable element and heading, click
        # every heading and every link within the page.
        schemes = page.eval_on_selector_all("a[href]", "els => els.map(a => a.protocol)")
        assert set(schemes) <= {"http:", "https:", "mailto:"}, schemes
        page.eval_on_selector_all(
            "a[href], button, input, [tabindex], h1, h2, h3, h4, abbr, summary",
            "els => els.forEach(el => { el.focus(); el.blur(); el.dispatchEvent(new FocusEvent('focusin')); })")
        for heading in page.query_selector_all("article h1, article h2, article h3"):
            heading.click()
        for link in page.query_selector_all("article a[href^='#']"):
            link.click()
        page.keyboard.press("Tab")
        page.wait_for_timeout(200)
        fired = page.evaluate("window.__atlasFired")
        violations = page.evaluate("window.__atlasCsp")
        assert dialogs == [] and fired == [], (dialogs, fired)
        assert violations == [], violations
        assert page.title() == title
        assert errors == [], errors
    finally:
        context.close()
