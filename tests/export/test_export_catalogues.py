"""data.json validates against DCAT-US 1.1; JSON-LD uses schema.org types correctly; both list every download;
CITATION.cff and the cite box name the version and date."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from atlas.export.citation import apa_citation, bibtex, bibtex_escape, md_escape
from atlas.export.jsonld import package_dataset, resource_dataset, to_script_json
from atlas.package import load_package

SCHEMAS = Path(__file__).parent / "schemas"
POD = "https://project-open-data.cio.gov/v1.1/schema/"
DATA_KINDS = {"csv", "json", "schema", "parquet", "zip", "sqlite", "xlsx"}


# --- DCAT-US data.json ----------------------------------------------------------------------------

def dcat_validator() -> jsonschema.Draft4Validator:
    """The vendored DCAT-US 1.1 schemas, non-federal profile (see schemas/dcat-us-1.1/README.md)."""
    folder = SCHEMAS / "dcat-us-1.1"
    load = lambda name: Resource.from_contents(json.loads((folder / name).read_text(encoding="utf-8")),  # noqa: E731
                                               default_specification=DRAFT4)
    registry = Registry().with_resources([
        (POD + "dataset.json", load("dataset-non-federal.json")),
        (POD + "distribution.json", load("distribution.json")),
        (POD + "organization.json", load("organization.json")),
        (POD + "vcard-non-federal.json", load("vcard-non-federal.json")),
    ])
    catalog = json.loads((folder / "catalog.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(catalog, registry=registry)


@pytest.fixture(scope="module")
def data_json(exported) -> dict:
    return json.loads((exported.out_dir / "data.json").read_text(encoding="utf-8"))


def test_data_json_validates_against_dcat_us(data_json):
    errors = sorted(dcat_validator().iter_errors(data_json), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def test_the_validator_does_reject_a_broken_catalogue(data_json):
    broken = json.loads(json.dumps(data_json))
    del broken["dataset"][1]["identifier"]
    broken["dataset"][0]["distribution"][0]["mediaType"] = "not a media type"
    messages = [e.message for e in dcat_validator().iter_errors(broken)]
    assert any("identifier" in m for m in messages) and any("not a media type" in m for m in messages)


def test_data_json_lists_every_download_with_an_absolute_url(exported, data_json):
    urls = [d["downloadURL"] for ds in data_json["dataset"] for d in ds["distribution"]]
    expected = {f"https://example.org/atlas/downloads/{e.file}" for e in exported.entries if e.kind in DATA_KINDS}
    assert sorted(urls) == sorted(expected)
    assert all(urlparse(u).scheme == "https" and urlparse(u).netloc for u in urls)
    assert data_json["@id"] == "https://example.org/atlas/data.json"


def test_data_json_names_version_licence_and_coverage(data_json):
    whole = data_json["dataset"][0]
    assert "0.1.0" in whole["title"] and whole["modified"] == "2026-11-28"
    assert whole["license"] == "https://creativecommons.org/licenses/by/4.0/"
    # synthetic facts run from the 2006 signing to the 2025 agreement
    assert whole["temporal"] == "2006-02-27/2025-05-13"
    stats = next(ds for ds in data_json["dataset"] if ds["identifier"].endswith("/datasets/enforcement_stats/"))
    assert stats["temporal"] == "2006-10-01/2019-09-30"
    assert stats["describedBy"] == "https://example.org/atlas/downloads/enforcement_stats.schema.json"


# --- schema.org JSON-LD ---------------------------------------------------------------------------

VOCAB = json.loads((SCHEMAS / "schemaorg-properties.json").read_text(encoding="utf-8"))


def allowed_properties(type_name: str) -> set[str]:
    allowed, t = set(), type_name
    while t:
        allowed |= set(VOCAB["types"][t]["properties"])
        t = VOCAB["types"][t]["subClassOf"]
    return allowed


def schemaorg_problems(node, where: str = "$") -> list[str]:
    """Every typed node: a known type, only properties schema.org defines for it, its required properties."""
    problems = []
    if isinstance(node, list):
        for i, item in enumerate(node):
            problems += schemaorg_problems(item, f"{where}[{i}]")
    elif isinstance(node, dict):
        t = node.get("@type")
        if t is not None:
            if t not in VOCAB["types"]:
                return [f"{where}: unknown type {t}"]
            extra = set(node) - allowed_properties(t) - {"@context", "@type", "@id"}
            problems += [f"{where}: {t} has no property {p}" for p in sorted(extra)]
            problems += [f"{where}: {t} needs {p}" for p in VOCAB["required"].get(t, []) if not node.get(p)]
        for key, value in node.items():
            problems += schemaorg_problems(value, f"{where}.{key}")
    return problems


@pytest.fixture(scope="module")
def package(synthetic_package):
    return load_package(synthetic_package)


def test_dataset_page_jsonld_uses_schema_org_properly(exported, package):
    for res in package.resources.values():
        doc = resource_dataset(res, exported.release, exported.entries, f"https://example.org/atlas/datasets/{res.name}/")
        assert schemaorg_problems(doc) == [], res.name


def test_the_checker_catches_a_wrong_property():
    assert schemaorg_problems({"@type": "DataDownload", "contentUrl": "x", "encodingFormat": "text/csv",
                               "downloadUrl": "x"}) == ["$: DataDownload has no property downloadUrl"]


def test_dataset_jsonld_lists_each_of_its_downloads(exported, package):
    doc = resource_dataset(package["counties"], exported.release, exported.entries,
                           "https://example.org/atlas/datasets/counties/")
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "Dataset"
    got = {(d["contentUrl"], d["encodingFormat"]) for d in doc["distribution"]}
    assert got == {
        ("https://example.org/atlas/downloads/counties.csv", "text/csv"),
        ("https://example.org/atlas/downloads/counties.json", "application/json"),
        ("https://example.org/atlas/downloads/counties.schema.json", "application/json"),
        ("https://example.org/atlas/downloads/parquet/counties.parquet", "application/vnd.apache.parquet"),
    }
    assert doc["version"] == "0.1.0" and doc["dateModified"] == "2026-11-28"
    assert doc["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert doc["spatialCoverage"]["@type"] == "Place"
    assert "temporalCoverage" not in doc  # counties' dates are about codes, not facts: no coverage claimed


def test_package_jsonld_lists_every_data_file(exported, package):
    doc = package_dataset(package, exported.release, exported.entries)
    assert schemaorg_problems(doc) == []
    urls = {d["contentUrl"] for d in doc["distribution"]}
    assert urls == {f"https://example.org/atlas/downloads/{e.file}" for e in exported.entries if e.kind in DATA_KINDS
                    } | {"https://example.org/atlas/downloads/data.json"}
    assert doc["temporalCoverage"] == "2006-02-27/2025-05-13"


def test_jsonld_cannot_close_its_script_element(exported, package):
    doc = {"@type": "Dataset", "name": "</script><script>alert(1)</script>", "description": "<!-- & -->"}
    text = to_script_json(doc)
    assert "<" not in text and ">" not in text and json.loads(text) == doc


# --- citation -------------------------------------------------------------------------------------

def test_citation_cff_matches_the_package(repo_root, package_dir):
    cff = yaml.safe_load((repo_root / "CITATION.cff").read_text(encoding="utf-8"))
    descriptor = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert {"authors", "cff-version", "message", "title"} <= set(cff)  # CFF 1.2.0's required keys
    assert set(cff) <= {"abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
                        "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
                        "references", "repository", "repository-artifact", "repository-code", "title", "type",
                        "url", "version"}  # CFF 1.2.0 allows no other top-level keys
    assert str(cff["version"]) == descriptor["version"]
    assert cff["title"] == descriptor["title"] and cff["type"] == "dataset"
    assert cff["license"] == "CC-BY-4.0" == descriptor["licenses"][0]["name"]
    assert cff["authors"] == [{"name": "ICE Cooperation Atlas contributors"}]
    assert re.fullmatch(r"[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])", str(cff["date-released"]))
    dt.date.fromisoformat(str(cff["date-released"]))


def test_citation_cff_url_is_the_site(repo_root):
    from atlas.export.release import DEFAULT_SITE_URL, site_url_from_mkdocs
    cff = yaml.safe_load((repo_root / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["url"] == (site_url_from_mkdocs(repo_root / "mkdocs.yml") or DEFAULT_SITE_URL)


def test_apa_and_bibtex_name_version_and_date(exported):
    apa = apa_citation(exported.release)
    assert apa == ("ICE Cooperation Atlas contributors. (2026, November 28). ICE Cooperation Atlas (Version 0.1.0) "
                   "[Data set]. https://example.org/atlas/")
    bib = bibtex(exported.release)
    assert "version = {0.1.0}" in bib and "date = {2026-11-28}" in bib and "year = {2026}" in bib
    assert bib.startswith("@misc{ice_cooperation_atlas_0_1_0,")


@given(st.text(max_size=40))
def test_bibtex_escaping_keeps_braces_balanced(text):
    escaped = bibtex_escape(text)
    depth = 0
    for i, ch in enumerate(escaped):
        if ch in "{}" and (i == 0 or escaped[i - 1] != "\\"):
            depth += 1 if ch == "{" else -1
            assert depth >= 0
    assert depth == 0


@given(st.text(max_size=40))
def test_markdown_escaping_leaves_no_raw_markup(text):
    escaped = md_escape(text)
    assert "<" not in escaped and ">" not in escaped
    assert not re.search(r"(?<!\\)[\[\]`*_|]", escaped.replace("\\\\", ""))
