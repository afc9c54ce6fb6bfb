"""The site's MkDocs hook end to end on a tiny site (a synthetic package, a bare docs folder): Downloads and Changelog pages, download files, data.json,
the dataset page's Download section and JSON-LD, relative links, strict build."""
from __future__ import annotations

import hashlib
from html import unescape
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from atlas.paths import REPO_ROOT

HOOK = REPO_ROOT / "scripts" / "atlas" / "mkdocs_hooks.py"
SITE_URL = "https://example.org/atlas/"


@pytest.fixture(scope="module")
def built_site(synthetic_package, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    (root / "docs" / "datasets").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\n<!-- atlas:home -->\n", encoding="utf-8")
    (root / "overrides").mkdir()
    # Stand-in for the site's overrides/main.html: print the JSON-LD the hook sets, unescaped.
    (root / "overrides" / "main.html").write_text(textwrap.dedent("""\
        {% extends "base.html" %}
        {% block extrahead %}{% if page and page.meta and page.meta.jsonld %}
        <script type="application/ld+json">{{ page.meta.jsonld }}</script>{% endif %}{% endblock %}
        """), encoding="utf-8")
    (root / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: Test atlas
        site_url: {SITE_URL}
        strict: true
        theme:
          name: material
          font: false
          custom_dir: overrides
        hooks:
          - {HOOK}
        nav:
          - Home: index.md
          - States: datasets/states.md
          - Downloads: downloads/index.md
          - Changelog: changelog.md
        """), encoding="utf-8")
    env = {**os.environ, "ATLAS_PACKAGE_DIR": str(synthetic_package), "SOURCE_DATE_EPOCH": "1795824000",
           "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml")],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert not re.search(r"^WARNING", proc.stderr, re.M), proc.stderr
    return root / "site"


def _jsonld(html: str) -> dict:
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert m, "no JSON-LD in the page"
    return json.loads(m.group(1))


def test_downloads_page_shows_every_file_with_size_checksum_version_and_date(built_site):
    html = (built_site / "downloads" / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((built_site / "downloads" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["build_date"] == "2026-11-28"  # from SOURCE_DATE_EPOCH
    for f in manifest["files"]:
        if f["resource"] is None and f["kind"] in ("zip", "sqlite", "xlsx"):
            assert f["sha256"] in html, f["file"]
        link = "../data.json" if f["file"] == "data.json" else f["file"]  # the catalogue is linked at the root
        assert f'href="{link}"' in html, f["file"]
    assert "version 0.1.0" in html and "2026-11-28" in html
    assert "Cite this dataset" in html and "@misc{ice_cooperation_atlas_0_1_0" in unescape(html)
    for words in ("CC-BY-4.0", "public domain", "ISC", "Copyright 2013-2019 Michael Bostock"):
        assert words in html, words


def test_downloaded_files_match_their_checksums(built_site):
    for line in (built_site / "downloads" / "SHA256SUMS").read_text(encoding="ascii").splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((built_site / "downloads" / name).read_bytes()).hexdigest() == digest, name


def test_data_json_is_served_at_the_site_root(built_site):
    root_copy = (built_site / "data.json").read_bytes()
    assert root_copy == (built_site / "downloads" / "data.json").read_bytes()
    assert json.loads(root_copy)["@id"] == SITE_URL + "data.json"


def test_dataset_page_gets_download_section_and_jsonld(built_site):
    html = (built_site / "datasets" / "states" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../downloads/states.csv"' in html and 'href="../../downloads/parquet/states.parquet"' in html
    assert 'href="../../downloads/"' in html  # the Downloads page
    doc = _jsonld(html)
    assert doc["@type"] == "Dataset" and doc["url"] == SITE_URL + "datasets/states/"
    assert {d["contentUrl"] for d in doc["distribution"]} == {
        SITE_URL + "downloads/" + f for f in ("states.csv", "states.json", "states.schema.json",
                                              "parquet/states.parquet")}


def test_downloads_page_carries_the_whole_atlas_jsonld(built_site):
    doc = _jsonld((built_site / "downloads" / "index.html").read_text(encoding="utf-8"))
    assert doc["name"] == "ICE Cooperation Atlas" and len(doc["distribution"]) >= 31


def test_changelog_page_counts_rows_per_dataset(built_site):
    html = (built_site / "changelog" / "index.html").read_text(encoding="utf-8")
    assert "Changes to the data" in html and "Notable changes" in html
    # This tiny site's folder is not a git repository: the page says why it cannot count rows.
    assert "is not a git repository" in html


def test_links_to_downloads_are_relative(built_site):
    for page in ("downloads/index.html", "datasets/states/index.html", "changelog/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert not re.search(r'href="/(?!/)', html), page  # no root-absolute links: any base path works


def test_sitemap_lists_the_generated_pages(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{SITE_URL}downloads/</loc>" in sitemap and f"<loc>{SITE_URL}changelog/</loc>" in sitemap


def test_every_resource_gets_a_dataset_page_with_its_download_section(built_site, synthetic_package):
    descriptor = json.loads((synthetic_package / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        html = (built_site / "datasets" / resource["name"] / "index.html").read_text(encoding="utf-8")
        assert f'href="../../downloads/{resource["name"]}.csv"' in html, resource["name"]
        assert _jsonld(html)["url"] == SITE_URL + f"datasets/{resource['name']}/"
