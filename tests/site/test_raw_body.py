"""The hook sets a county page's raw HTML body aside from Markdown and the search plugin (a build-time saving):
Markdown must make the same HTML of the page either way, hostile data included."""
from __future__ import annotations

import types

import markdown
import pytest

from atlas import mkdocs_hooks
from atlas.pages.county import build_county_page
from atlas.pages.render import render


def _html(text: str) -> str:
    return markdown.Markdown(extensions=["toc", "tables", "attr_list", "admonition", "meta"],
                             extension_configs={"toc": {"permalink": False}}).convert(text)


@pytest.mark.parametrize("which", ["fixture_index", "xss_index"])
def test_set_aside_body_gives_the_same_html(which, request):
    index = request.getfixturevalue(which)
    counties = {c["fips"] for c in index.counties}
    checked = 0
    for county in index.counties:
        page = build_county_page(index, county, counties)
        text = render("county.md.j2", page=page, root="../../", data_root="../../", repository="https://example.org/r")
        mk_page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri=f"counties/{page.fips}.md"), content=None)
        stripped = mkdocs_hooks._set_aside_body(text, mk_page)
        assert mk_page.file.src_uri in mkdocs_hooks._raw_bodies, "the county template's body was not found"
        assert mkdocs_hooks.RAW_BODY_PLACEHOLDER in stripped and len(stripped) < len(text) / 2
        mk_page.content = _html(stripped)
        mkdocs_hooks._restore_body(mk_page)
        assert mk_page.content == _html(text)
        checked += 1
    assert checked


def test_pages_without_the_body_are_left_alone():
    page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri="about.md"), content="<p>x</p>")
    text = "# About\n\n<section class=\"atlas-county-body\" data-search-exclude>\n<p>unclosed</p>\n"
    assert mkdocs_hooks._set_aside_body(text, page) == text
    mkdocs_hooks._restore_body(page)
    assert page.content == "<p>x</p>"
