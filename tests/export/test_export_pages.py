"""Page models and Markdown of the Downloads page, the dataset Download section and the changelog."""
from __future__ import annotations

import json

from html import unescape

import markdown
import pytest

from atlas.export import export_all
from atlas.export.changelog import DataChanges, ResourceCounts, previous_version_tag
from atlas.export.pages import (downloads_model, notable_changes, rel, render_changelog_page,
                                render_dataset_download, render_downloads_page)
from atlas.package import load_package
from export_synthetic import BUILD_DATE, ROWS, SITE_URL, build_package


@pytest.fixture(scope="module")
def package(synthetic_package):
    return load_package(synthetic_package)


def html_of(md: str) -> str:
    """The page as MkDocs renders it: front matter (YAML) read off first, then Markdown."""
    if md.startswith("---\n"):
        md = md.split("\n---\n", 1)[1]
    return markdown.markdown(md, extensions=["tables", "fenced_code"])


@pytest.mark.parametrize("target, page, link", [
    ("downloads/states.csv", "datasets/states.md", "../downloads/states.csv"),
    ("downloads/states.csv", "downloads/index.md", "states.csv"),
    ("data.json", "downloads/index.md", "../data.json"),
    ("downloads/parquet/x.parquet", "a/b/c.md", "../../downloads/parquet/x.parquet"),
    ("changelog.md", "index.md", "changelog.md"),
])
def test_links_are_relative_to_the_page(target, page, link):
    assert rel(target, page) == link


def test_downloads_model_lists_each_format_with_size(exported, package):
    model = downloads_model(exported, package, {"datasets/counties.md"})
    assert [f["file"] for f in model["package_files"]] == [
        "ice-cooperation-atlas-0.1.0.zip", "ice-cooperation-atlas.sqlite", "ice-cooperation-atlas.xlsx"]
    counties = next(r for r in model["resources"] if r["name"] == "counties")
    assert counties["rows"] == len(ROWS["counties"])
    assert counties["files"]["csv"]["href"] == "counties.csv"
    assert counties["files"]["csv"]["size"].endswith(" B")
    assert counties["page_href"] == "../datasets/counties.md"
    states = next(r for r in model["resources"] if r["name"] == "states")
    assert states["page_href"] is None  # no link to a page that does not exist (strict builds would fail)
    assert model["changelog_href"] is None


def test_downloads_page_renders_tables_and_the_cite_box(exported, package):
    html = html_of(render_downloads_page(exported, package, {"changelog.md"}))
    assert html.count("<table>") == 2
    assert "<h2>Cite this dataset</h2>" in html and "(Version 0.1.0) [Data set]" in html
    assert '<a href="../changelog.md">Changelog</a>' in html
    zip_entry = exported.entry("ice-cooperation-atlas-0.1.0.zip")
    assert f"<code>{zip_entry.sha256}</code>" in html


def test_text_from_the_descriptor_is_escaped(synthetic_package, tmp_path):
    pkg_dir = build_package(tmp_path / "pkg")
    descriptor = json.loads((pkg_dir / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["title"] = "<script>alert(1)</script> | [x](javascript:alert(1))"
    (pkg_dir / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    export = export_all(pkg_dir, tmp_path / "out", site_url=SITE_URL, build_date=BUILD_DATE)
    html = html_of(render_downloads_page(export, load_package(pkg_dir), {"datasets/states.md"}))
    assert "<script>" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_dataset_section_links_from_the_dataset_page(exported, package):
    md = render_dataset_download(exported, package, "enforcement_stats", "datasets/enforcement_stats.md",
                                 {"downloads/index.md"})
    html = html_of(md)
    for href in ("../downloads/enforcement_stats.csv", "../downloads/enforcement_stats.json",
                 "../downloads/parquet/enforcement_stats.parquet", "../downloads/enforcement_stats.schema.json",
                 "../downloads/index.md"):
        assert f'href="{href}"' in html, href
    assert "Enforcement figures [Data set]. In <em>ICE Cooperation Atlas</em> (Version 0.1.0)" in html
    assert "@misc{ice_cooperation_atlas_enforcement_stats_0_1_0," in unescape(html)  # as the browser shows it


@pytest.mark.parametrize("tags, version, expected", [
    (["v0.2.0", "v0.1.0"], "0.2.0", "v0.1.0"),   # current version already tagged: compare with the one before
    (["v0.2.0", "v0.1.0"], "0.3.0", "v0.2.0"),   # unreleased version: compare with the newest tag
    (["nightly", "v0.1.0"], "0.2.0", "v0.1.0"),  # tags that are not versions are ignored
    ([], "0.1.0", None),
])
def test_previous_version_tag(tags, version, expected):
    assert previous_version_tag(tags, version) == expected


def test_changelog_before_the_first_tag_says_so_and_counts(exported):
    changes = DataChanges("5712600e2a1a68187e61a984d25cb77062c98df5", "first-commit",
                          [ResourceCounts("counties", 3247, 2, 1), ResourceCounts("metrics", 0, 0, 0, "added")])
    html = html_of(render_changelog_page(exported, changes, "# Changelog\n\n## 0.1.0\n\n- First version\n"))
    assert "No version has been tagged yet" in html and "<code>5712600e2a1a</code>" in html
    assert "<td>counties</td>\n<td style=\"text-align: right;\">3247</td>" in html
    assert "metrics (dataset added)" in html
    assert "<h3>0.1.0</h3>" in html and html.count("<h1>") == 1


def test_changelog_against_a_tag_includes_the_details(exported):
    changes = DataChanges("v0.1.0", "tag", [ResourceCounts("sources", 1, 0, 0)], details_markdown="# Data diff\n\nx")
    md = render_changelog_page(exported, changes, "")
    assert "since version **v0.1.0**" in md and "### Data diff" in md and "Nothing is recorded by hand yet." in md


def test_changelog_without_git_explains_why(exported):
    md = render_changelog_page(exported, DataChanges(None, "none", note="This copy is not a git repository."), "")
    assert "This copy is not a git repository." in md and "| Dataset |" not in md


def test_notable_changes_drops_the_title_and_demotes_headings():
    assert notable_changes("# Changelog\n\nIntro\n\n## 0.1.0\n\n- x") == "Intro\n\n### 0.1.0\n\n- x"
