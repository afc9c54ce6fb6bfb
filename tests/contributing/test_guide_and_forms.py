"""What a contributor meets first: the issue forms the county pages link to, the pull request checklist, and the
guide (CONTRIBUTING.md on GitHub; the site's contributing page is generated from it)."""
from __future__ import annotations

import re

import pytest
import yaml

from atlas.pages.guide import site_guide
from atlas.paths import REPO_ROOT

FORMS = REPO_ROOT / ".github" / "ISSUE_TEMPLATE"
GUIDE = REPO_ROOT / "CONTRIBUTING.md"
EXPECTED_FORMS = {"policy.yml": "New or changed policy", "correction.yml": "Data correction",
                  "site-bug.yml": "Bug on the site"}


def form(name: str) -> dict:
    return yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))


def test_the_three_forms_exist_with_their_names():
    assert {p.name for p in FORMS.glob("*.yml")} - {"config.yml"} == set(EXPECTED_FORMS)
    assert {name: form(name)["name"] for name in EXPECTED_FORMS} == EXPECTED_FORMS


@pytest.mark.parametrize("name", sorted(EXPECTED_FORMS))
def test_each_form_asks_for_county_claim_and_source_url_with_prefillable_ids(name):
    body = form(name)["body"]
    ids = [item["id"] for item in body if "id" in item]
    assert len(ids) == len(set(ids)), "ids must be unique"
    by_id = {item["id"]: item for item in body if "id" in item}
    # GitHub pre-fills input and textarea fields from query parameters named by their id (?county=...).
    assert by_id["county"]["type"] == "input"
    assert by_id["claim"]["type"] == "textarea" and by_id["claim"]["validations"]["required"] is True
    assert by_id["source_url"]["type"] == "input" and by_id["source_url"]["validations"]["required"] is True
    for item in body:
        assert item["type"] in {"markdown", "input", "textarea", "dropdown", "checkboxes"}
        assert item["attributes"].get("label") or item["type"] == "markdown"


def test_data_forms_require_the_county():
    for name in ("policy.yml", "correction.yml"):
        county = next(item for item in form(name)["body"] if item.get("id") == "county")
        assert county["validations"]["required"] is True, name


def test_county_page_links_name_existing_forms():
    """The site's county template links to ?template=<form>: every form it names must exist."""
    templates = list((REPO_ROOT / "scripts" / "atlas").rglob("*.j2"))
    linked = {m for t in templates for m in re.findall(r"issues/new\?template=([\w.-]+)", t.read_text())}
    if not linked:
        pytest.skip("the site templates do not link to issue forms yet")
    assert linked <= set(EXPECTED_FORMS)


def test_pull_request_template_has_the_checklist():
    text = (REPO_ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", text, flags=re.M)
    assert len(boxes) >= 5
    for topic in ("source_id", "URL", "neutral", "atlas validate", "data diff"):
        assert any(topic in box for box in boxes), topic


def test_site_page_is_the_guide_with_links_between_pages():
    page = site_guide(GUIDE.read_text(encoding="utf-8"))
    assert "](validation.md)" in page and "](docs/" not in page
    assert site_guide("[a](docs/validation.md#unsafe-path) [b](https://example.org/docs/x.md)") == (
        "[a](validation.md#unsafe-path) [b](https://example.org/docs/x.md)")


def test_pages_the_guide_links_to_exist():
    links = re.findall(r"\]\((docs/[^)#]+)", GUIDE.read_text(encoding="utf-8"))
    assert "docs/validation.md" in links
    assert [link for link in links if not (REPO_ROOT / link).is_file()] == []


def test_guide_covers_what_issue_6_asks_for():
    text = GUIDE.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.M)
    assert headings == [
        "The rules every change follows",
        "Which file holds what",
        "Add a detainer policy in your browser (no git needed)",
        "Add a detainer policy on your computer (git and make)",
        "Reading the validator's report",
        "What review looks for",
    ]
    for phrase in ("What counts as a source", "Neutral language", "noncitizens", "docs/validation.md",
                   "agreements_287g.csv", "enforcement_stats.csv"):
        assert phrase in text, phrase


def test_guide_names_only_columns_the_schemas_have():
    """The CSV headers the guide shows are the schemas' field order, so a copied line lands in the right columns."""
    import json

    text = GUIDE.read_text(encoding="utf-8")
    for resource in ("sources", "detainer_policies"):
        schema = json.loads((REPO_ROOT / "datapackage" / "schemas" / f"{resource}.json").read_text())
        header = ",".join(f["name"] for f in schema["fields"])
        assert f"```text\n{header}\n" in text, f"the guide's {resource} header differs from the schema"
