"""Hostile text in every free-text field cannot become a formula in a spreadsheet or break a JSON document.

Property-based: a SYNTHETIC package whose free-text cells, titles, descriptions, keywords and field
descriptions hold arbitrary text (control characters included) and known payloads, exported in full.
"""
from __future__ import annotations

import csv
import io
import itertools
import json
import re
import zipfile

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from atlas.export import export_all
from atlas.export.jsonld import package_dataset, resource_dataset, to_script_json
from atlas.export.values import formula_like, json_text, spreadsheet_csv_cell
from atlas.package import load_package
from export_synthetic import BUILD_DATE, ROWS, SITE_URL, build_package

PAYLOADS = ["=1+1", "\t=cmd|' /C calc'!A0", "</script><script>alert(1)</script>", "{: onfocus=alert(1)}",
            "[x](javascript:alert(1))", "+SUM(A1)", "-2+3", "@SUM(A1)", " =1", "\r\n=1", "\n@x", "<!-- x",
            "\u2028\u2029", '"\\"', "＝1+1", "]]></t><f>1+1</f>"]
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=20)
HOSTILE = st.one_of(st.sampled_from(PAYLOADS), ANY_TEXT,
                    st.builds(lambda a, b: a + b, st.sampled_from(PAYLOADS), ANY_TEXT))
NEGATIVE = -5


def free_text_fields(schema: dict) -> list[str]:
    """String fields that are not keys, references, unique, enums or patterns: where people type prose."""
    keys = set(schema.get("primaryKey", []) if isinstance(schema.get("primaryKey"), list) else [schema.get("primaryKey")])
    refs = {f for fk in schema.get("foreignKeys", []) for f in fk["fields"]}
    return [f["name"] for f in schema["fields"]
            if f.get("type", "string") == "string" and f["name"] not in keys | refs
            and not {"enum", "pattern", "unique"} & set(f.get("constraints", {}))]


def hostile_package(root, texts: list[str]):
    """ROWS with every free-text cell, and the descriptor's and schemas' prose, taken from `texts` in turn."""
    cycle = itertools.cycle(texts)
    schemas = {name: res.schema for name, res in load_package(build_package(root / "plain")).resources.items()}
    rows = {name: [{**row, **{f: next(cycle) for f in free_text_fields(schemas[name])}} for row in table]
            for name, table in ROWS.items()}
    rows["enforcement_stats"] = [{**rows["enforcement_stats"][0], "value": str(NEGATIVE)}] + rows["enforcement_stats"][1:]
    pkg = build_package(root / "datapackage", rows)
    descriptor = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    descriptor.update(title=next(cycle), description=next(cycle), keywords=[next(cycle), next(cycle)])
    for res in descriptor["resources"]:
        res.update(title=next(cycle), description=next(cycle))
        schema_path = pkg / res["schema"]
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        for f in schema["fields"]:
            f["description"] = next(cycle)
        schema_path.write_text(json.dumps(schema), encoding="utf-8")
    (pkg / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return pkg


def assert_no_formula(xlsx):
    with zipfile.ZipFile(xlsx) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", archive.read(name)), name
    for ws in openpyxl.load_workbook(xlsx).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, str) and formula_like(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, (ws.title, cell.coordinate, cell.value)


def assert_script_safe(doc: dict):
    text = to_script_json(doc)
    assert "</" not in text and "<!--" not in text and "\u2028" not in text
    assert json.loads(text) == json.loads(json_text(doc))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(HOSTILE, min_size=1, max_size=6))
@example(texts=PAYLOADS)
def test_hostile_text_never_becomes_a_formula_and_every_json_parses(tmp_path_factory, texts):
    pkg = hostile_package(tmp_path_factory.mktemp("pkg"), texts)
    out = tmp_path_factory.mktemp("out")
    export = export_all(pkg, out, site_url=SITE_URL, build_date=BUILD_DATE)
    assert_no_formula(out / "ice-cooperation-atlas.xlsx")
    for path in out.rglob("*.json"):
        json.loads(path.read_bytes().decode("utf-8"))  # strict: raw control characters would fail
    package = load_package(pkg)
    assert_script_safe(package_dataset(package, export.release, export.entries))
    for res in package.resources.values():
        assert_script_safe(resource_dataset(res, export.release, export.entries, SITE_URL))


def test_negative_numbers_stay_numbers(tmp_path):
    pkg = hostile_package(tmp_path, PAYLOADS)
    out = tmp_path / "out"
    export_all(pkg, out, site_url=SITE_URL, build_date=BUILD_DATE)
    sheet = openpyxl.load_workbook(out / "ice-cooperation-atlas.xlsx")["enforcement_stats"]
    column = [c.value for c in sheet[1]].index("value") + 1
    cell = sheet.cell(row=2, column=column)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (NEGATIVE, "n", False)
    assert json.loads((out / "enforcement_stats.json").read_text())[0]["value"] == NEGATIVE
    assert (out / "enforcement_stats.csv").read_bytes() == (pkg / "data" / "enforcement_stats.csv").read_bytes()


def test_a_lone_surrogate_in_the_descriptor_still_gives_valid_json(tmp_path):
    pkg = build_package(tmp_path / "datapackage")
    descriptor = json.loads((pkg / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["description"] = "broken \ud800 text"
    (pkg / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")  # ASCII: "\ud800" escaped
    export = export_all(pkg, tmp_path / "out", site_url=SITE_URL, build_date=BUILD_DATE)
    catalog = json.loads((tmp_path / "out" / "data.json").read_text(encoding="utf-8"))
    assert catalog["dataset"][0]["description"] == "broken \ufffd text"
    assert "\ufffd" in json.loads(to_script_json(package_dataset(export.package, export.release, export.entries)))[
        "description"]


@pytest.mark.parametrize("text", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t1", "\r1", " =1", "\n=1", "\u3000=1",
                                  "＝1", "-", "=", "-x"])
def test_formula_like_text_gets_an_apostrophe_in_spreadsheet_csvs(text):
    assert formula_like(text) and spreadsheet_csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["-5", "+5", "-1.5e3", ".5", -5, -1.5, 0, None, "", "a=1", "e-mail", "2020-01-01",
                                   " x", "5-3"])
def test_numbers_and_plain_text_are_left_alone(value):
    assert not formula_like(value) and spreadsheet_csv_cell(value) == value


def test_county_csv_cells_cannot_run_and_numbers_stay_numbers(tmp_path):
    from atlas.pages.atlas_index import build_index
    from atlas.pages.county import build_county_page
    from atlas.pages.county_csv import county_csv

    index = build_index(load_package(hostile_package(tmp_path, PAYLOADS)))
    page = build_county_page(index, index.counties_by_fips["37119"], set(index.counties_by_fips))
    rows = list(csv.DictReader(io.StringIO(county_csv(page))))
    cells = [v for row in rows for v in row.values()]
    assert cells and not [v for v in cells if formula_like(v)]
    assert any(v.startswith("'") and formula_like(v[1:]) for v in cells)  # payloads were there, neutralised
    assert str(NEGATIVE) in [r["value"] for r in rows if r["record_type"] == "enforcement_figure"]
