"""The site generator: every generated file of the site as (path in the site, text or source path).

`generate_site` makes the county, state, home and dataset pages, the Downloads and Changelog pages, the
contributing guide, the charts' and maps' assets and (given a folder) every download, from one read of the
package. `generate_sites` does the same for several languages (atlas.pages.i18n): the package is read, the
index built and the downloads exported once; the pages (and the assets whose words differ: maps, charts, the
status files of the maps) are rendered once per language. Another language's site is built under <site>/<lang>/
and links to the English site's downloads rather than copying them. It does not depend on MkDocs: the MkDocs hook (atlas/mkdocs_hooks.py) only wraps its result as MkDocs
files, and any other static site generator that reads Markdown (Zensical) can be handed the same files.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..package import AtlasPackage, load_package
from ..paths import BUILD_CACHE, REPO_ROOT
from .atlas_index import AtlasIndex, build_index
from .county import CHART_CONFIG_ASSET, build_county_page
from ..charts.enforcement import chart_config
from .county_csv import COUNTY_SUMS, county_checksums, county_csv
from .status import categories_287g, categories_policy
from .overview import (FINDER_ASSET, GEOMETRY_ASSET, STATUS_287G_ASSET, STATUS_POLICY_ASSET, StatePage,
                       build_dataset_page, build_home_page, build_state_page, county_statuses, state_geometry_asset)
from ..charts.maps import map_spec
from .county import script_json
from .detention import STATUS_DETENTION_ASSET, build_detention_page, detention_categories
from .guide import site_guide
from .timeline import TIMELINE_ASSET, Codes, Timeline, build_timeline, time_control, timeline_codes, timeline_json
from ..domain.clock import today
from .i18n import DEFAULT, t, use_language
from .render import render
from ..export.pages import (CATALOG_FILE, CHANGELOG_PAGE, DOWNLOADS_DIR, DOWNLOADS_PAGE, dataset_download_model,
                            render_changelog_page, render_downloads_page)
from ..charts.maps import static_state_map_spec
from ..charts.static import (fixed_width, render_many, render_many_files, render_many_png, render_png, render_svg,
                             svg_file_size, svg_size)

DETENTION_PAGE = "detention/index.md"
US_ATLAS_DIR = REPO_ROOT / "node_modules" / "us-atlas"
GEOMETRY_FILE = "counties-albers-10m.json"
MAP_CACHE = BUILD_CACHE / "maps"
# Pre-rendered county charts (shown until the interactive chart replaces them, and without JavaScript), and the
# national maps without JavaScript.
CHART_CACHE = BUILD_CACHE / "charts"
STATIC_CHARTS = "assets/atlas/charts"
STATIC_MAPS = "assets/atlas/maps"
STATIC_CHART_WIDTH = 680
# Social-card images (og:image): each state's map, and the national 287(g) map for every other page.
OG_DIR = "assets/atlas/og"
OG_NATIONAL = f"{OG_DIR}/us.png"
SITE_ASSETS = Path(__file__).resolve().parent.parent / "site_assets"

if TYPE_CHECKING:  # the export's modules load only when a build has downloads
    from ..export import Export


@dataclass
class SiteFiles:
    """Generated Markdown pages (path -> text) and other files (path -> text or a Path to copy).

    `home_markdown` replaces the marker in docs/index.md; `downloads` are the export's files (under
    downloads/ and data.json at the root) when the site was generated with a downloads folder."""
    pages: dict[str, str] = field(default_factory=dict)
    assets: dict[str, str | Path] = field(default_factory=dict)
    home_markdown: str = ""
    timings: dict[str, float] = field(default_factory=dict)
    county_count: int = 0

    def write(self, docs_dir: Path) -> None:
        """Write every page and asset under `docs_dir` (for a build without the MkDocs hook)."""
        import shutil

        for path, value in {**self.pages, **self.assets}.items():
            target = docs_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(value, Path):
                shutil.copy(value, target)
            else:
                target.write_text(value, encoding="utf-8")


def parse_states(value: str | None) -> set[str] | None:
    """"NC, va" -> {"NC", "VA"}; empty -> None (every state)."""
    codes = {s.strip().upper() for s in (value or "").replace(" ", ",").split(",") if s.strip()}
    return codes or None


def generate_site(package_dir: Path, *, states: set[str] | None = None, repository: str = "",
                  site_url: str | None = None, project_dir: Path | None = REPO_ROOT, downloads_dir: Path | None = None,
                  us_atlas_dir: Path = US_ATLAS_DIR) -> SiteFiles:
    """Every generated page and asset of the site. `states` limits county pages (None = all); `project_dir`
    holds CONTRIBUTING.md and CHANGELOG.md (None: no contributing page); `downloads_dir`: export every download
    there and add the Downloads and Changelog pages (None: a site without downloads, for quick previews)."""
    return generate_sites(package_dir, states=states, repository=repository, site_url=site_url,
                          project_dir=project_dir, downloads_dir=downloads_dir, us_atlas_dir=us_atlas_dir)[DEFAULT]


# Where another language's site finds the files the languages share (downloads, county CSVs): the English
# site's root, one folder up from <site>/<lang>/.
SHARED_ROOT = "../"
# The Spanish contributing guide, beside CONTRIBUTING.md; its links to docs/es/<page>.md become <page>.md.
CONTRIBUTING_BY_LANGUAGE = {"en": "CONTRIBUTING.md", "es": "CONTRIBUTING.es.md"}


@dataclass
class Build:
    """What every language of one build shares: the package read once, its index, the export (or None), the
    national geometry, which states and counties get pages, and the maps' status codes on every date."""
    index: AtlasIndex
    package: AtlasPackage
    export: Export | None  # when the site has downloads
    topology: dict
    drawn: set[str]  # county FIPS codes the geometry draws
    geometry: Path
    built_states: set[str]
    built_counties: set[str]
    codes: Codes
    repository: str = ""
    project_dir: Path | None = REPO_ROOT
    us_atlas_dir: Path = US_ATLAS_DIR


def generate_sites(package_dir: Path, *, languages: tuple[str, ...] = (DEFAULT,), states: set[str] | None = None,
                   repository: str = "", site_url: str | None = None, project_dir: Path | None = REPO_ROOT,
                   downloads_dir: Path | None = None, us_atlas_dir: Path = US_ATLAS_DIR,
                   only: tuple[str, ...] | None = None) -> dict[str, SiteFiles]:
    """generate_site for each of `languages` (the first is the site's main language, whose site holds the
    downloads), from one read of the package, one index and one export. `only`: render just these languages (a
    build of one other language's site, which links to the main site's files, need not render the main one)."""
    from ..problems import AtlasError

    t0 = time.perf_counter()
    export = None
    if downloads_dir is not None:
        from ..export import export_all

        export = export_all(package_dir, downloads_dir, site_url=site_url)
        package = export.package
    else:
        package = load_package(package_dir)
    t_downloads = time.perf_counter() - t0
    index = build_index(package)
    geometry = us_atlas_dir / GEOMETRY_FILE
    if not geometry.is_file():
        raise AtlasError(f"{geometry} is missing: run `npm ci` (make site does) to install us-atlas")
    topology = json.loads(geometry.read_text(encoding="utf-8"))
    t1 = time.perf_counter()
    built_states = {s["usps"] for s in index.states_by_fips.values() if states is None or s["usps"] in states}
    built_counties = {c["fips"] for c in index.counties
                      if index.states_by_fips.get(c["state_fips"], {}).get("usps") in built_states}
    t_codes = time.perf_counter()
    codes = timeline_codes(index, today())  # the maps' status on every date: the same in every language
    t_codes = time.perf_counter() - t_codes
    build = Build(index, package, export, topology, {g["id"] for g in topology["objects"]["counties"]["geometries"]},
                  geometry, built_states, built_counties, codes, repository, project_dir, us_atlas_dir)
    sites: dict[str, SiteFiles] = {}
    for language in languages:
        if only is not None and language not in only:
            continue
        main = language == languages[0]
        with use_language(language):
            sites[language] = out = _language_site(build, language, main)
        out.timings["timeline"] += t_codes if main else 0.0
        out.timings["load"] = t1 - t0 if main else 0.0
        out.timings["downloads"] = t_downloads if main else 0.0
    return sites


def _language_site(build: Build, language: str, main: bool) -> SiteFiles:
    """The pages and assets of one language. The main language's site also carries the files every language
    shares (downloads, county CSVs); the others link to them (SHARED_ROOT)."""
    t1 = time.perf_counter()
    out = SiteFiles()
    shared = "" if main else SHARED_ROOT
    _county_pages(out, build, main, shared)
    state_pages, timeline = _state_pages(out, build)
    national_maps = _maps(out, build, state_pages)
    _detention_page(out, build)
    home = build_home_page(build.index, build.built_states, build.drawn, national_maps.statuses)
    home.time_control = time_control(timeline, "us", t("timeline.place_us"))
    for key, svg in national_maps.svgs.items():  # shown without JavaScript (<noscript>): 1-2 MB, not worth loading twice
        path = f"{STATIC_MAPS}/us-{key}.svg"
        out.assets[path] = svg
        setattr(home, f"static_{key}", (path, *svg_size(svg)))
    out.pages["states/index.md"] = render("states_index.md.j2", states=home.states, root="../")
    _dataset_pages(out, build, shared)
    guide = (build.project_dir / CONTRIBUTING_BY_LANGUAGE.get(language, "")
             if build.project_dir is not None else None)
    if guide is not None and guide.is_file() and guide.name:
        out.pages["contributing.md"] = site_guide(guide.read_text(encoding="utf-8"), language)
    out.home_markdown = render("home.md.j2", home=home, root="", data_root=shared)
    out.timings["generate"] = time.perf_counter() - t1
    _shared_assets(out, build, national_maps.statuses)
    return out


def _county_pages(out: SiteFiles, build: Build, main: bool, shared: str) -> None:
    """Every built county's page and static charts; in the main language its CSV (one file for every language:
    its words are the English data's) and their checksums."""
    chart_seconds = 0.0
    county_pages = []
    for county in build.index.counties:
        if county["fips"] not in build.built_counties:
            continue
        c0 = time.perf_counter()
        county_pages.append(build_county_page(build.index, county, build.built_counties))
        chart_seconds += time.perf_counter() - c0
    s0 = time.perf_counter()
    _static_county_charts(out, county_pages)
    out.timings["static_charts"] = time.perf_counter() - s0
    out.timings["charts"] = chart_seconds
    for page in county_pages:
        out.pages[f"counties/{page.fips}.md"] = render("county.md.j2", page=page, root="../../",
                                                       data_root="../../" + shared, repository=build.repository)
        if main:
            out.assets[page.csv_path] = county_csv(page)
    if main:
        out.assets[COUNTY_SUMS] = county_checksums(out.assets)
    out.county_count = len(build.built_counties)


def _state_pages(out: SiteFiles, build: Build) -> tuple[list[StatePage], Timeline]:
    """The built states' page models with their time control, and the timeline asset (the maps at other dates,
    one file for the home page and every state page). The pages are rendered once their maps are (_maps)."""
    index = build.index
    state_pages = [build_state_page(index, state, build.built_counties, build.topology)
                   for state in index.states_by_fips.values()
                   if state["usps"] in build.built_states and index.counties_by_state.get(state["fips"])]
    t0 = time.perf_counter()
    timeline = build_timeline(index, today(), build.codes)
    out.assets[TIMELINE_ASSET] = timeline_json(timeline)
    for page in state_pages:
        if page.interactive_map_json:
            page.time_control = time_control(timeline, page.fips, page.name, map_json=page.interactive_map_json)
            out.assets[state_geometry_asset(page.usps)] = json.dumps(page.geometry, separators=(",", ":"))
    out.timings["timeline"] = time.perf_counter() - t0
    return state_pages, timeline


@dataclass
class NationalMaps:
    statuses: tuple[list[dict], list[dict]]  # overview.county_statuses: the 287(g) and policy rows of every county
    svgs: dict[str, str]  # "287g"/"policy" -> the national map as SVG (shown without JavaScript)


def _maps(out: SiteFiles, build: Build, state_pages: list[StatePage]) -> NationalMaps:
    """Each state's map (SVG, and PNG for link previews) and its rendered page; the national maps."""
    index = build.index
    m0 = time.perf_counter()
    specs = {p.usps: p.map_spec for p in state_pages if p.drawn}
    svgs, pngs = render_many(specs, MAP_CACHE), render_many_png(specs, MAP_CACHE)
    rows_287g, rows_policy = county_statuses(index)
    national_287g = static_state_map_spec(categories_287g(index), build.topology, rows_287g, width=1200,
                                          national=True)
    national_policy = static_state_map_spec(categories_policy(index), build.topology, rows_policy, width=1200,
                                            national=True)
    out.assets[OG_NATIONAL] = render_png(national_287g, MAP_CACHE)
    national = render_many({"287g": national_287g, "policy": national_policy}, MAP_CACHE)
    out.timings["maps"] = time.perf_counter() - m0
    for page in state_pages:
        if page.usps in svgs:
            page.map_file = f"assets/atlas/maps/{page.usps.lower()}.svg"
            page.map_size = svg_size(svgs[page.usps])
            out.assets[page.map_file] = svgs[page.usps]
            page.og_image = f"{OG_DIR}/{page.usps.lower()}.png"
            out.assets[page.og_image] = pngs[page.usps]
        out.pages[f"states/{page.usps.lower()}.md"] = render("state.md.j2", page=page, root="../../")
    return NationalMaps((rows_287g, rows_policy), national)


def _detention_page(out: SiteFiles, build: Build) -> None:
    """The national page of ICE detention facilities, its interactive and static maps."""
    index = build.index
    detention = build_detention_page(index, build.built_counties)
    detention.map_json = script_json(map_spec(detention_categories(index), GEOMETRY_ASSET, STATUS_DETENTION_ASSET))
    detention_svg = render_svg(static_state_map_spec(detention_categories(index), build.topology, detention.map_rows,
                                                     width=1200, national=True), MAP_CACHE)
    out.assets[f"{STATIC_MAPS}/us-detention.svg"] = detention_svg
    detention.static_map = (f"{STATIC_MAPS}/us-detention.svg", *svg_size(detention_svg))
    out.pages[DETENTION_PAGE] = render("detention.md.j2", page=detention, root="../")
    out.assets[STATUS_DETENTION_ASSET] = json.dumps(detention.map_rows, separators=(",", ":"))


def _dataset_pages(out: SiteFiles, build: Build, shared: str) -> None:
    """The data dictionary (a page per dataset) and, with downloads, the Downloads and Changelog pages."""
    datasets = [build_dataset_page(build.index, name) for name in build.package.resources]
    out.pages["datasets/index.md"] = render("datasets_index.md.j2", datasets=datasets, root="../")
    for d in datasets:
        src = f"datasets/{d.name}.md"
        dl = (dataset_download_model(build.export, build.package, d.name, src, DOWNLOAD_PAGES, shared)
              if build.export else None)
        out.pages[src] = render("dataset.md.j2", page=d, root="../../", data_root="../../" + shared, dl=dl)
    if build.export is not None:
        _add_downloads(out, build.export, build.package, build.project_dir, shared)


def _shared_assets(out: SiteFiles, build: Build, statuses: tuple[list[dict], list[dict]]) -> None:
    """The maps' status files, the county finder, the geometry and its licence, the chart library and config,
    and the site's own scripts and styles."""
    index = build.index
    rows_287g, rows_policy = statuses
    out.assets[STATUS_287G_ASSET] = json.dumps(rows_287g, separators=(",", ":"))
    out.assets[STATUS_POLICY_ASSET] = json.dumps(rows_policy, separators=(",", ":"))
    # Every county; one without a page in this build (a one-state preview) has a fifth element, 0, and the finder
    # shows it as text "outside this preview" instead of a link to a page that does not exist.
    # The state's name in the page's language (the finder also matches "carolina del norte" on Spanish pages).
    finder = [[c["fips"], c["name"], index.states_by_fips.get(c["state_fips"], {}).get("usps", ""),
               index.state_name(index.states_by_fips.get(c["state_fips"]))]
              + ([] if c["fips"] in build.built_counties else [0])
              for c in index.counties]
    out.assets[FINDER_ASSET] = json.dumps(finder, separators=(",", ":"), ensure_ascii=False)
    out.assets[GEOMETRY_ASSET] = build.geometry
    out.assets["assets/atlas/LICENSE-us-atlas.txt"] = (
        "The county geometry (counties-albers-10m.json) is from the npm package us-atlas@3.0.1 by Mike Bostock,\n"
        "derived from the U.S. Census Bureau's 2017 cartographic boundary files, under this licence:\n\n"
        + (build.us_atlas_dir / "LICENSE").read_text(encoding="utf-8"))
    out.assets["assets/atlas/vega.js"] = vega_bundle()
    out.assets[CHART_CONFIG_ASSET] = json.dumps(chart_config(), separators=(",", ":"))
    for path in sorted(SITE_ASSETS.iterdir()):
        if path.is_file():
            out.assets[f"assets/atlas/{path.name}"] = path


def _static_county_charts(out: SiteFiles, pages: list) -> None:
    """Every county chart as an SVG file (assets/atlas/charts/<fips>-<kind>.svg), cached by spec hash; the
    page shows it with <img> until atlas.js draws the interactive chart (and for good without JavaScript).
    A file, not inline SVG: a county page stays small, and a chart's 20-30 KB load only when scrolled to."""
    specs: dict[str, dict] = {}
    for page in pages:
        if page.chart_spec:
            specs[f"{page.fips}-enforcement"] = fixed_width(page.chart_spec, STATIC_CHART_WIDTH)
        if page.detention is not None and page.detention.chart_spec:
            specs[f"{page.fips}-detention"] = fixed_width(page.detention.chart_spec, STATIC_CHART_WIDTH)
    svgs = render_many_files(specs, CHART_CACHE)  # the cached files: the site copies them, never reads them
    for page in pages:
        for kind, holder in (("enforcement", page), ("detention", page.detention)):
            svg = svgs.get(f"{page.fips}-{kind}")
            if svg is not None:
                path = f"{STATIC_CHARTS}/{page.fips}-{kind}.svg"
                out.assets[path] = svg
                holder.static_chart = (path, *svg_file_size(svg))


_CHANGES: dict = {}
# Pages the Downloads page and the dataset pages may link to, when the site has downloads.
DOWNLOAD_PAGES = frozenset({DOWNLOADS_PAGE, CHANGELOG_PAGE})


def _add_downloads(out: SiteFiles, export, package, project_dir: Path | None, shared: str = "") -> None:
    """The export's files as assets, data.json at the site root, and the Downloads and Changelog pages.
    Another language's site (`shared` = SHARED_ROOT) gets the pages only, linking to the main site's files."""
    from ..export.changelog import data_changes

    if not shared:
        for entry in export.entries:
            out.assets[f"{DOWNLOADS_DIR}/{entry.file}"] = export.out_dir / entry.file
        out.assets[CATALOG_FILE] = export.out_dir / CATALOG_FILE
    existing = set(out.pages) | DOWNLOAD_PAGES
    out.pages[DOWNLOADS_PAGE] = render_downloads_page(export, package, existing, shared)
    changelog = project_dir / "CHANGELOG.md" if project_dir is not None else None
    key = (id(export), str(package.root))
    if key not in _CHANGES:  # git is asked once, whatever the number of languages
        _CHANGES.clear()
        _CHANGES[key] = data_changes(package.root, export.release.version, repo=project_dir or REPO_ROOT)
    changes = _CHANGES[key]
    out.pages[CHANGELOG_PAGE] = render_changelog_page(
        export, changes, changelog.read_text(encoding="utf-8") if changelog and changelog.is_file() else "")


def vega_bundle(cache_dir: Path = BUILD_CACHE) -> Path:
    """Vega, Vega-Lite and vega-embed in one file, from vl-convert (no CDN); cached, as it takes ~2.5 s.
    vega-embed carries Vega's CSP-safe expression interpreter (vega-interpreter): atlas.js asks for it with
    `ast: true`, so the Content-Security-Policy needs no 'unsafe-eval'."""
    import vl_convert

    path = cache_dir / f"vega-bundle-{vl_convert.__version__}.js"
    if not path.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(vl_convert.javascript_bundle(), encoding="utf-8")
        tmp.replace(path)
    return path
