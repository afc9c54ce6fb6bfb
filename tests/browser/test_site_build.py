"""Whole-site builds: strict MkDocs with no warnings, every internal link resolves, pages stay small."""
from __future__ import annotations

import csv
import hashlib
import html as html_lib
import io
import re
import statistics
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from atlas.paths import PACKAGE_DIR

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("site")]

SITE_PATH = urlsplit(yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "mkdocs.yml").read_text(encoding="utf-8").split("\nhooks:")[0])["site_url"]).path
LINK = re.compile(r'(?:href|src)="([^"]*)"')


def broken_links(site: Path) -> list[str]:
    """Internal href/src values in site/**/*.html whose target file does not exist."""
    broken = []
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for raw in set(LINK.findall(html)):
            url = urlsplit(html_lib.unescape(raw))  # what a browser follows
            if url.scheme or url.netloc or raw.startswith(("#", "mailto:", "data:")) or not url.path:
                continue
            if url.path.startswith("/"):  # 404.html links from the site root (site_url's path)
                target = site / unquote(url.path).removeprefix(SITE_PATH)
            else:
                target = (page.parent / unquote(url.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {raw}")
    return sorted(broken)


def test_fixture_site_builds_strict_without_warnings(fixture_site):
    log = (fixture_site / ".build-log").read_text(encoding="utf-8")
    assert "WARNING" not in log and "ERROR" not in log
    for path in ["index.html", "counties/37119/index.html", "counties/51117/index.html", "counties/02261/index.html",
                 "states/nc/index.html", "datasets/agreements_287g/index.html", "robots.txt",
                 "assets/atlas/favicon.svg", "assets/atlas/vega.js", "assets/atlas/LICENSE-us-atlas.txt",
                 "downloads/counties/37119.csv", "sitemap.xml"]:
        assert (fixture_site / path).is_file(), path


def test_real_site_builds_strict_without_warnings(real_site):
    log = (real_site / ".build-log").read_text(encoding="utf-8")
    assert "WARNING" not in log and "ERROR" not in log


def test_every_internal_link_resolves_in_the_fixture_site(fixture_site):
    assert broken_links(fixture_site) == []


def test_every_internal_link_resolves_in_the_real_site(real_site):
    assert broken_links(real_site) == []


def test_a_one_state_preview_has_only_that_states_counties_and_no_broken_link(preview_site):
    assert sorted(p.name for p in (preview_site / "counties").iterdir()) == ["51117"]
    assert broken_links(preview_site) == []


BANNER = "Preview:</strong> only VA&#39;s county pages are built"
BANNER_ES = "Vista previa:</strong> solo se han generado las páginas de los condados de VA"  # the Spanish edition, /es/


def test_every_page_of_a_preview_says_it_is_a_preview(preview_site, fixture_site):
    pages = list(preview_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        banner = BANNER_ES if page.relative_to(preview_site).parts[0] == "es" else BANNER
        assert banner in page.read_text(encoding="utf-8"), page.relative_to(preview_site)
    for page in fixture_site.rglob("*.html"):  # a full build has no banner
        assert "atlas-preview-banner" not in page.read_text(encoding="utf-8"), page.relative_to(fixture_site)


def test_a_preview_names_unbuilt_counties_as_outside_it_instead_of_linking_them(preview_site, fixture_site):
    home = (preview_site / "index.html").read_text(encoding="utf-8")
    # North Carolina's page is not built: its row on the home page is text, not a link
    assert re.search(r"<td>North Carolina <small class=\"atlas-outside\">\(outside the preview\)</small></td>", home)
    assert 'href="states/nc/"' not in home and 'href="states/va/"' in home
    # the finder's data lists every county; those without a page carry a 0, and are shown as text
    import json
    finder = {r[0]: r for r in json.loads((preview_site / "assets/atlas/counties.json").read_text(encoding="utf-8"))}
    assert finder["37119"][4:] == [0] and finder["51117"][4:] == []
    full = json.loads((fixture_site / "assets/atlas/counties.json").read_text(encoding="utf-8"))
    assert all(len(r) == 4 for r in full)
    assert "outside the preview" not in (fixture_site / "index.html").read_text(encoding="utf-8")


def _meta(html: str) -> dict[str, str]:
    """Open Graph and Twitter <meta> tags and the canonical link of a built page, unescaped."""
    tags = {m.group(1): html_lib.unescape(m.group(2))
            for m in re.finditer(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)"', html)}
    canonical = re.search(r'<link rel="canonical" href="([^"]*)"', html)
    tags["canonical"] = html_lib.unescape(canonical.group(1)) if canonical else ""
    return tags


SITE_URL = yaml.safe_load((Path(__file__).resolve().parents[2] / "mkdocs.yml").read_text(
    encoding="utf-8").split("\nhooks:")[0])["site_url"]


@pytest.mark.parametrize("path, title, description, image", [
    ("counties/37119/", "Mecklenburg County, NC",
     "Mecklenburg County, NC: 287(g) status at the newest ICE list ({list}): Past agreement only; "
     "detainer policy in force now: {policy}.", "assets/atlas/og/us.png"),
    ("states/nc/", "North Carolina",
     "287(g) agreements, detainer policies and state rules for the counties of North Carolina.",
     "assets/atlas/og/nc.png"),
    ("", "ICE Cooperation Atlas",
     "How each US county's law enforcement works with ICE, county by county, every fact with its source.",
     "assets/atlas/og/us.png"),
])
def test_pages_carry_link_preview_tags(fixture_site, fixture_index_for_build, path, title, description, image):
    html = (fixture_site / path / "index.html").read_text(encoding="utf-8")
    tags = _meta(html)
    county = fixture_index_for_build
    expected = description.format(list=county["list"], policy=county["policy"])
    assert tags["og:title"] == title
    assert tags["og:description"] == expected
    assert html_lib.unescape(re.search(r'<meta name="description" content="([^"]*)">', html).group(1)) == expected
    assert tags["og:type"] == "website"
    assert tags["canonical"] == tags["og:url"] == SITE_URL + path
    assert tags["og:image"] == SITE_URL + image and tags["og:image:alt"].startswith("Map of ")
    assert tags["twitter:card"] == "summary_large_image"  # Twitter/X takes title, text and image from og:
    png = (fixture_site / image).read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 5_000  # a real image, not an empty canvas


@pytest.fixture(scope="module")
def fixture_index_for_build(fixture_site):
    """The fixture's newest ICE list and Mecklenburg NC's policy label, as the county page states them."""
    html = (fixture_site / "counties/37119/index.html").read_text(encoding="utf-8")
    lead = html.split('class="atlas-lead"', 1)[1].split("</div>", 1)[0]
    return {"list": re.search(r"newest ICE list \((\d{4}-\d\d-\d\d)\)", lead).group(1),
            "policy": html_lib.unescape(re.search(r"Detainer policy recorded now: <strong>([^<]*)</strong>",
                                                  lead).group(1))}


def test_real_county_page_shows_readers_notes_not_maintainers(real_site):
    html = (real_site / "counties/37119/index.html").read_text(encoding="utf-8")
    assert "importers never touch" not in html and "Entered by hand" not in html
    assert "Signed date as ICE&#39;s roster printed it" in html  # the row's notes for readers are still shown
    assert "changed from not&#95;addressed" not in html  # a detainer policy row's correction log


def test_county_charts_are_prerendered_svg_files(fixture_site):
    html = (fixture_site / "counties/37119/index.html").read_text(encoding="utf-8")
    img = re.search(r'<div class="atlas-vega"[^>]*><img class="atlas-static-chart" src="../../(assets/atlas/charts/'
                    r'37119-enforcement\.svg)" alt="" width="(\d+)" height="(\d+)" loading="lazy"></div>', html)
    assert img, "no pre-rendered chart in the county page"
    svg = (fixture_site / img.group(1)).read_text(encoding="utf-8")
    assert svg.startswith("<svg") and svg.count("<path") >= 5
    home = (fixture_site / "index.html").read_text(encoding="utf-8")
    assert home.count('<noscript><img class="atlas-static-map" src="assets/atlas/maps/us-') == 2
    detention = (fixture_site / "detention/index.html").read_text(encoding="utf-8")
    assert '<noscript><img class="atlas-static-map" src="../assets/atlas/maps/us-detention.svg"' in detention
    for name in ("us-287g", "us-policy", "us-detention"):
        assert (fixture_site / f"assets/atlas/maps/{name}.svg").read_text(encoding="utf-8").startswith("<svg")


def test_real_county_pages_are_small(real_site):
    sizes = [p.stat().st_size for p in (real_site / "counties").glob("*/index.html")]
    assert len(sizes) > 3000
    assert max(sizes) <= 60_000, max(sizes)
    assert statistics.median(sizes) <= 40_000


def test_counties_are_not_in_the_navigation(real_site):
    html = (real_site / "states/nc/index.html").read_text(encoding="utf-8")
    nav = html.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "counties/" not in nav


@pytest.mark.parametrize("fips, state", [("37119", "NC"), ("51117", "VA")])
def test_both_mecklenburgs_have_their_own_page(real_site, fips, state):
    html = (real_site / f"counties/{fips}/index.html").read_text(encoding="utf-8")
    assert f"<title>Mecklenburg County, {state}" in html


def _mecklenburg_values() -> list[str]:
    """The values of every figure the package holds for Mecklenburg County, NC (37119)."""
    with (PACKAGE_DIR / "data" / "enforcement_stats.csv").open(newline="", encoding="utf-8") as fh:
        return [r["value"] for r in csv.DictReader(fh) if r["county_fips"] == "37119" and r["value"]]


def test_mecklenburg_nc_page_shows_the_seed_facts(real_site):
    html = (real_site / "counties/37119/index.html").read_text(encoding="utf-8")
    assert "2006-02-27" in html and "2018-12-05" in html
    assert html.count('<li><p class="atlas-period">') == 3
    table = html.split('class="atlas-figures"', 1)[1].split("</table>", 1)[0]
    assert ">345<" in table
    for value in _mecklenburg_values():  # every sourced figure of the county, as the page formats it
        assert f">{int(value):,}<" in table, value


def test_mecklenburg_nc_csv_has_the_figures(real_site):
    rows = list(csv.DictReader(io.StringIO((real_site / "downloads/counties/37119.csv").read_text(encoding="utf-8"))))
    values = {(r["fiscal_year"], r["value"]) for r in rows if r["record_type"] == "enforcement_figure"}
    assert ("2018", "345") in values
    assert {v for _, v in values} >= set(_mecklenburg_values())
    assert all(r["source_id"] for r in rows)


def test_county_csv_checksums_match(real_site):
    folder = real_site / "downloads" / "counties"
    lines = (folder / "SHA256SUMS").read_text(encoding="ascii").splitlines()
    assert len(lines) == len(list(folder.glob("*.csv"))) > 3000
    for line in lines[:50] + [next(x for x in lines if x.endswith("  37119.csv"))]:
        digest, name = line.split("  ")
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_search_index_leaves_out_the_tables(real_site):
    index = (real_site / "search/search_index.json").read_text(encoding="utf-8")
    assert "Mecklenburg County, NC" in index
    assert len(index) < 4_000_000


def test_state_map_is_a_prerendered_svg_with_every_county(fixture_site, real_site):
    html = (real_site / "states/nc/index.html").read_text(encoding="utf-8")
    assert '<img class="atlas-static-map" src="../../assets/atlas/maps/nc.svg" alt="Map of the counties of North Carolina' in html
    svg = (real_site / "assets/atlas/maps/nc.svg").read_text(encoding="utf-8")
    assert svg.count('role="graphics-symbol"') >= 100 or svg.count("<path") >= 100  # 100 counties drawn, not empty
    ak = (fixture_site / "states/ak/index.html").read_text(encoding="utf-8")
    assert "2 of the 2 counties are not drawn" in ak and "atlas-static-map" not in ak


def test_home_page_lists_what_the_map_cannot_draw(real_site):
    html = (real_site / "index.html").read_text(encoding="utf-8")
    assert "Not drawn on the maps" in html and "Connecticut: 9 county equivalents" in html


def test_mecklenburg_nc_links_every_source_it_cites(real_site, package_dir):
    from atlas.package import load_package

    html = (real_site / "counties/37119/index.html").read_text(encoding="utf-8")
    cited = set(re.findall(r'<li id="source-([a-z0-9-]+)">', html))
    sources = {r["id"]: r for r in load_package(package_dir)["sources"].rows}
    assert {"ddp-ice-287g-roster-captures-2011-2017", "libertyheadlines-2019-paladino-mcfadden-ice"} <= cited
    hrefs = {html_lib.unescape(h) for h in LINK.findall(html)}  # what a browser follows
    for source_id in cited:
        url = sources[source_id]["url"]
        if url:
            assert url in hrefs, source_id


def test_sources_cited_in_tables_point_to_the_pages_list_of_sources(fixture_site, real_site):
    for site, fips in ((fixture_site, "37119"), (real_site, "37119"), (real_site, "04021")):
        html = (site / f"counties/{fips}/index.html").read_text(encoding="utf-8")
        anchors = set(re.findall(r'href="#(source-[^"]+)"', html))
        assert anchors, fips
        assert anchors <= set(re.findall(r'<li id="(source-[^"]+)">', html)), fips
