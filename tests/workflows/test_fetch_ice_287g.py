"""scripts/fetch_ice_287g.py, which the weekly refresh runs: finding ICE's current list links on a SYNTHETIC page.

The download itself cannot run here (no network); its checks run on a fake fetcher.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas.paths import REPO_ROOT

spec = importlib.util.spec_from_file_location("fetch_ice_287g", REPO_ROOT / "scripts" / "fetch_ice_287g.py")
fetch = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fetch)

PAGE = (Path(__file__).parent / "fixtures" / "ice-287g-page.html").read_text(encoding="utf-8")


def test_finds_the_current_participating_and_pending_links_as_absolute_urls():
    assert fetch.find_sheet_links(PAGE, "https://www.ice.gov/identify-and-arrest/287g") == {
        "participating": "https://www.ice.gov/doclib/about/offices/ero/287g/participatingAgencies11242026am.xlsx",
        "pending": "https://www.ice.gov/doclib/about/offices/ero/287g/pendingAgencies11202026pm.xlsx?v=2",
    }


def test_a_page_without_the_lists_gives_no_links():
    assert fetch.find_sheet_links('<a href="/doclib/287gFactSheet.pdf">x</a><a href="other.xlsx">y</a>') == {}


@given(stamp=st.from_regex(r"[0-9]{8}(am|pm)?", fullmatch=True), upper=st.booleans())
def test_any_date_suffix_and_case_is_recognised(stamp, upper):
    name = f"{'PendingAgencies' if upper else 'pendingAgencies'}{stamp}.XLSX"
    links = fetch.find_sheet_links(f'<p><a href="/doclib/287g/{name}">Pending</a></p>')
    assert links == {"pending": f"https://www.ice.gov/doclib/287g/{name}"}


def test_published_file_names_are_kept_and_made_safe():
    assert fetch.sheet_file_name("https://www.ice.gov/a/pendingAgencies11202026pm.xlsx?v=2") == \
        "pendingAgencies11202026pm.xlsx"
    assert fetch.sheet_file_name("https://www.ice.gov/a/pending%20Agencies%2F..xlsx") == "pending_Agencies_..xlsx"


def test_download_writes_both_sheets_and_rejects_an_html_error_page(tmp_path):
    links = fetch.find_sheet_links(PAGE)
    paths = fetch.download(links, tmp_path, get=lambda url: b"PK\x03\x04 SYNTHETIC")
    assert [p.name for p in paths] == ["participatingAgencies11242026am.xlsx", "pendingAgencies11202026pm.xlsx"]
    with pytest.raises(RuntimeError, match="did not return a spreadsheet"):
        fetch.download(links, tmp_path / "again", get=lambda url: b"<html>Access denied</html>")


def test_refuses_to_download_into_the_repository(capsys):
    assert fetch.main(["--out", str(REPO_ROOT / "datapackage" / "raw")]) == 2
    assert "inside the repository" in capsys.readouterr().err
    assert not (REPO_ROOT / "datapackage" / "raw").exists()
