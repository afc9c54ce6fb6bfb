"""Cells, schemas and descriptors that were accepted silently or crashed: each now gives one clear problem.

Most single-error cases live in tests/fixtures/invalid/; these need a schema change, a very large cell,
a fixed `today` or more than one problem.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner
from package_fixtures import build_valid_package

from atlas.cli import cli
from atlas.validate import frictionless_run, validate_package
from atlas.validate.descriptor import load_layout
from atlas.validate.rules import RULES
from atlas.validate.rules.dates import earliest_day
from atlas.validate.rules.text import MARKUP, formula_start, free_text_fields
from atlas.validate.table import read_table

STATS = "datapackage/data/enforcement_stats.csv"
POLICIES = "datapackage/data/detainer_policies.csv"


def edit(path, find, replace):
    text = path.read_text(encoding="utf-8")
    assert find in text
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")


def errors(pkg, today=dt.date(2026, 12, 6)):
    return [(p.id, p.path, p.line, p.column) for p in validate_package(pkg, today=today).errors]


def test_a_one_megabyte_cell_breaks_the_fields_max_length(valid_package):
    edit(valid_package / "data/enforcement_stats.csv", ",12,synthetic-source-list,synthetic test row,",
         ",12,synthetic-source-list," + "x" * 1_000_000 + ",")
    (problem,) = validate_package(valid_package).errors
    assert (problem.id, problem.path, problem.line, problem.column) == ("constraint-error", STATS, 2, 8)
    assert "1000000 characters long; it may have at most 3000" in problem.message
    assert "at most 3000 characters" in problem.hint and len(problem.value) < 300


def test_every_free_text_field_states_its_limit_in_the_data_dictionary(package_dir):
    resources = json.loads((package_dir / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    assert len(resources) >= 11
    for resource in resources:
        name = resource["name"]
        schema = json.loads((package_dir / resource["schema"]).read_text(encoding="utf-8"))
        for field in schema["fields"]:
            limit = field.get("constraints", {}).get("maxLength")
            if limit:
                assert f"At most {limit} characters." in field["description"], (name, field["name"])
            elif field["type"] == "string" and not {"enum", "pattern"} & set(field.get("constraints", {})):
                pytest.fail(f"{name}.{field['name']} is free text without a maxLength")


def test_a_carriage_return_before_a_formula_is_caught(valid_package):
    edit(valid_package / "data/enforcement_stats.csv", "synthetic_removals,3,synthetic-source-list,synthetic test row",
         'synthetic_removals,3,synthetic-source-list,"\r@SUM(A1:A2)"')
    found = errors(valid_package)
    assert ("formula-injection", STATS, 3, 8) in found
    assert {p[0] for p in found} == {"formula-injection", "crlf-line-endings"}


@pytest.mark.parametrize("text,start", [("\t=1+cmd|calc!A0", "="), ("\tSUM", "\t"), ("  +1", "+"), ("\n-2", "-"), ("\u3000@x", "@"),
                                        ("\uff1dSUM(A1)", "\uff1d"), ("Sheriff", None), ("a = b", None)])
def test_formula_start_looks_past_leading_whitespace(text, start):
    assert formula_start(text) == start


@pytest.mark.parametrize("text,flagged", [("see [it](https://x.org)", True), ("![img] (x.png)", True),
                                          ("JavaScript:alert(1)", True), ("vbscript :msgbox", True),
                                          ("data:text/html,<b>", True), ("{: .class}", True),
                                          ("source data: ICE", False), ("[sic] (1999)", True),
                                          ("[sic], 1999", False), ("a {b}", False)])
def test_markup_patterns(text, flagged):
    assert any(p.search(text) for p, _ in MARKUP) is flagged


def test_a_primary_key_field_is_free_text(tmp_path):
    layout = load_layout(build_valid_package(tmp_path))
    table, _ = read_table(next(s for s in layout.resources if s.name == "enforcement_stats"))
    assert "agency" in free_text_fields(table)


def test_a_cell_that_breaks_its_pattern_is_reported_once(valid_package):
    edit(valid_package / "data/sources.csv", "synthetic-source-list,Synthetic 287(g)", "<b>,Synthetic 287(g)")
    found = [p for p in errors(valid_package) if p[1] == "datapackage/data/sources.csv"]
    assert found == [("constraint-error", "datapackage/data/sources.csv", 2, 1)]


@pytest.mark.parametrize("cell", ["nan", "inf", "-Infinity", "1_000.5", " 1.5", "1.5 ", '"1,5"', "١٢"])
def test_numbers_are_written_one_way(valid_package, cell):
    edit(valid_package / "schemas/enforcement_stats.json", '"name": "value", "title": "Value", "type": "integer"',
         '"name": "value", "title": "Value", "type": "number"')
    edit(valid_package / "data/enforcement_stats.csv", ",12,", f",{cell},")
    assert errors(valid_package) == [("type-error", STATS, 2, 6)]


@pytest.mark.parametrize("cell", ["+12", "1_000", " 12", "12 ", "١٢", "12.0"])
def test_integers_are_an_optional_minus_and_digits(valid_package, cell):
    edit(valid_package / "data/enforcement_stats.csv", ",12,", f",{cell},")
    assert errors(valid_package) == [("type-error", STATS, 2, 6)]


@pytest.mark.parametrize("cell", ["2006-2-27", "20060227", " 2006-02-27"])
def test_dates_are_written_yyyy_mm_dd(valid_package, cell):
    edit(valid_package / "data/agreements_287g.csv", ",2006-02-27,2010", f",{cell},2010")
    assert errors(valid_package) == [("type-error", "datapackage/data/agreements_287g.csv", 2, 7)]


def test_future_dates_have_a_week_of_grace(valid_package):
    edit(valid_package / "data/sources.csv", "2020-01-01,2020-01-02", "2020-01-01,2026-12-13")
    assert errors(valid_package, today=dt.date(2026, 12, 6)) == []
    assert errors(valid_package, today=dt.date(2026, 12, 5)) == [("future-date", "datapackage/data/sources.csv", 2, 7)]


@pytest.mark.parametrize("value,day", [("2027", dt.date(2027, 1, 1)), ("2026-12", dt.date(2026, 12, 1)),
                                       ("2026-12-24", dt.date(2026, 12, 24)), ("2019-13", None), ("", None)])
def test_a_partial_date_counts_from_its_first_day(value, day):
    assert earliest_day(value) == day


def test_a_crashing_rule_names_its_table_and_row(valid_package, monkeypatch):
    def broken(ctx):
        for table in ctx.tables.values():
            for row in table.rows:
                if table.name == "detainer_policies" and row.raw["id"] == "synthetic-37119-2018-12-05":
                    raise KeyError("surprise")
                yield from ()

    monkeypatch.setattr("atlas.validate.rules.RULES", [broken, *RULES])
    result = CliRunner().invoke(cli, ["validate", "--package", str(valid_package)])
    assert result.exit_code == 1 and not isinstance(result.exception, KeyError)
    assert result.output.startswith(f"{POLICIES}:4: error: internal-error: the check 'broken' stopped unexpectedly "
                                    "(KeyError: 'surprise')")
    assert "Traceback" not in result.output


def test_a_crash_inside_frictionless_names_the_descriptor(valid_package, monkeypatch):
    def broken(self, **options):
        raise AttributeError("'str' object has no attribute 'setdefault'")

    monkeypatch.setattr(frictionless_run.Package, "validate", broken)
    result = CliRunner().invoke(cli, ["validate", "--package", str(valid_package)])
    assert result.exit_code == 1
    assert result.output.startswith("datapackage/datapackage.json: error: internal-error: the Frictionless check")


@pytest.mark.parametrize("key,value,kind", [
    ("format", "xlsx", "resource-error"), ("dialect", "dialect.json", "resource-error"),
    ("name", ["states"], "resource-error"), ("bytes", "12", "resource-error")])
def test_resource_keys_of_the_wrong_kind_are_named(valid_package, key, value, kind):
    descriptor = json.loads((valid_package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0][key] = value
    (valid_package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--package", str(valid_package), "--format", "json"])
    assert result.exit_code == 1, result.output
    problems = json.loads(result.output)["problems"]
    assert problems[0]["id"] == kind and problems[0]["path"] == "datapackage/datapackage.json"


def test_a_package_key_of_the_wrong_kind_is_named_and_ignored(valid_package):
    descriptor = json.loads((valid_package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["licenses"] = "CC-BY-4.0"
    (valid_package / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    (problem,) = validate_package(valid_package).errors
    assert (problem.id, problem.field) == ("package-error", "licenses")
    assert problem.line == 1 + json.dumps(descriptor, indent=2)[:json.dumps(descriptor, indent=2).index(
        '"licenses"')].count("\n")


def test_an_enum_of_numbers_gets_a_hint(valid_package):
    edit(valid_package / "schemas/enforcement_stats.json", '"minimum": 1990', '"minimum": 1990, "enum": [2010, 2011]')
    (problem,) = validate_package(valid_package).errors
    assert (problem.id, problem.line, problem.column) == ("constraint-error", 3, 4)
    assert problem.hint.startswith("Use one of: 2010, 2011")


def test_a_bad_byte_after_a_bare_carriage_return_is_an_encoding_error(valid_package):
    # found by test_fuzz_descriptors: the column of the bad byte was computed with a reader that refuses "\r"
    (valid_package / "data/enforcement_stats.csv").write_bytes(b"\r<}:b_:\xdd")
    found = [p for p in errors(valid_package) if p[1] == STATS]
    assert found == [("encoding-error", STATS, 1, 1)]
