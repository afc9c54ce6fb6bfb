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
from sitebuild import build, materialise

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


def test_a_one_state_preview_has_only_that_states_counties_and_no_broken_link(tmp_path):
    site = tmp_path / "site"
    result = build(site, materialise("site_package", tmp_path / "pkg"), states="VA")
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(p.name for p in (site / "counties").iterdir()) == ["51117"]
    assert broken_links(site) == []


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
    for source_id in cited:
        url = sources[source_id]["url"]
        if url:
            assert f'href="{url.replace("&", "&amp;")}"' in html, source_id
