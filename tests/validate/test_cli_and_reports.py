"""What a contributor sees: exit codes, the three report formats, the problem limit, exact lines."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner
from package_fixtures import build_valid_package, hashes

from atlas.cli import cli
from atlas.problems import Problem
from atlas.validate import validate_package
from atlas.validate.report import github_line, render
from atlas.validate.result import ValidationResult


def run_validate(pkg, *args):
    return CliRunner().invoke(cli, ["validate", "--package", str(pkg), *args], catch_exceptions=False)


def edit(path, find, replace):
    text = path.read_text(encoding="utf-8")
    assert find in text
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")


@pytest.fixture
def two_errors(tmp_path):
    """A package with a bad date in agreements (line 2) and an unknown kind in sources (line 3)."""
    pkg = build_valid_package(tmp_path)
    edit(pkg / "data/agreements_287g.csv", "2006-02-27,2010", "27/02/2006,2010")
    edit(pkg / "data/sources.csv", "court-or-statute", "statute")
    return pkg


def test_text_report_lines_and_summary(two_errors):
    result = run_validate(two_errors)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == ("datapackage/data/sources.csv:3:9: error: constraint-error: kind is not one of the allowed values "
                        "(value: 'statute') — Use one of: government-data, government-statement, foia-release, "
                        "news-report, court-or-statute, academic, other (meanings are in the schema's enumDefinitions).")
    assert lines[1].startswith("datapackage/data/agreements_287g.csv:2:7: error: type-error: signed must be a date")
    assert "(value: '27/02/2006') — Dates are written YYYY-MM-DD, like 2018-12-05." in lines[1]
    assert "2 errors, 0 warnings in 2 files (17 rows checked)" in lines


def test_json_report(two_errors):
    result = run_validate(two_errors, "--format", "json")
    doc = json.loads(result.output)
    assert doc["ok"] is False
    assert [(p["id"], p["path"], p["line"], p["column"], p["field"], p["value"]) for p in doc["problems"]] == [
        ("constraint-error", "datapackage/data/sources.csv", 3, 9, "kind", "statute"),
        ("type-error", "datapackage/data/agreements_287g.csv", 2, 7, "signed", "27/02/2006"),
    ]
    assert set(doc["problems"][0]) == {"id", "path", "line", "column", "field", "value", "message", "hint", "severity"}
    assert doc["summary"]["errors"] == 2 and doc["summary"]["rows_checked"] == 17
    assert doc["summary"]["rows_by_resource"]["counties"] == 3


def test_github_report(two_errors):
    result = run_validate(two_errors, "--format", "github")
    lines = result.output.splitlines()
    assert lines[0].startswith("::error file=datapackage/data/sources.csv,line=3,col=9,title=constraint-error::kind is")
    assert lines[-1] == "2 errors, 0 warnings in 2 files (17 rows checked)"


def test_github_escapes_percent_newlines_and_property_separators():
    p = Problem("html-in-text", "data/a,b:c.csv", "50% of\r\nit", hint="fix", line=3, column=2, value="x")
    assert github_line(p) == ("::error file=data/a%2Cb%3Ac.csv,line=3,col=2,title=html-in-text::"
                              "50%25 of%0D%0Ait (value: 'x') — fix")


def test_valid_package_all_formats(valid_package):
    assert run_validate(valid_package).output == "✓ datapackage is valid: 11 resources, 17 rows checked\n"
    doc = json.loads(run_validate(valid_package, "--format", "json").output)
    assert doc["ok"] is True and doc["problems"] == [] and doc["summary"]["resources"] == 11
    assert run_validate(valid_package, "--format", "github").exit_code == 0


def test_render_rejects_unknown_format():
    with pytest.raises(ValueError):
        render(ValidationResult(), "xml")


def test_max_problems_stops_and_says_so(valid_package):
    rows = "".join(f"NC,37119,,{1990 + i},synthetic_removals,-{i + 1},synthetic-source-list,synthetic test row,\n"
                   for i in range(20))
    with (valid_package / "data/enforcement_stats.csv").open("a", encoding="utf-8", newline="") as fh:
        fh.write(rows)
    assert len(validate_package(valid_package).errors) == 20
    result = validate_package(valid_package, max_problems=5)
    assert len(result.problems) == 5 and result.truncated
    out = run_validate(valid_package, "--max-problems", "5")
    assert out.exit_code == 1
    assert "Stopped after 5 problems (--max-problems)" in out.output
    assert len([ln for ln in out.output.splitlines() if ": constraint-error: " in ln]) == 5


@pytest.mark.parametrize("setup, words", [
    (lambda pkg: (pkg / "datapackage.json").unlink(), "does not exist"),
    (lambda pkg: (pkg / "datapackage.json").write_text("{\"resources\": [", encoding="utf-8"), "not valid JSON"),
    (lambda pkg: (pkg / "datapackage.json").write_text("[1, 2]", encoding="utf-8"), "not a data package"),
    (lambda pkg: (pkg / "datapackage.json").write_text("{\"name\": \"x\"}", encoding="utf-8"), "not a data package"),
])
def test_cannot_run_exits_2(valid_package, setup, words):
    setup(valid_package)
    result = CliRunner().invoke(cli, ["validate", "--package", str(valid_package)])
    assert result.exit_code == 2
    assert words in result.output


def test_missing_package_folder_exits_2(tmp_path):
    assert CliRunner().invoke(cli, ["validate", "--package", str(tmp_path / "nowhere")]).exit_code == 2


def test_cell_after_a_multiline_cell_is_reported_on_its_own_line(valid_package):
    # The first policy's summary spans lines 2-3; its source_id and verified cells sit on line 3.
    edit(valid_package / "data/detainer_policies.csv", "tested.\",synthetic-source-list,,2020-01-02",
         "tested.\",synthetic-source-list,,2020-01-32")
    (problem,) = validate_package(valid_package).problems
    assert (problem.id, problem.line, problem.field) == ("type-error", 3, "verified")


def test_every_problem_in_one_run(valid_package):
    edit(valid_package / "data/states.csv", "46,SD", "46,sd")
    edit(valid_package / "data/counties.csv", "46102,46,Oglala", "46102,47,Oglala")
    edit(valid_package / "data/sources.csv", "synthetic test row", "<b>synthetic</b>")
    ids = [p.id for p in validate_package(valid_package).errors]
    assert "constraint-error" in ids and "foreign-key" in ids and "county-state-mismatch" in ids
    assert "html-in-text" in ids


def test_unsafe_path_points_at_the_descriptor_line(valid_package):
    text = (valid_package / "datapackage.json").read_text(encoding="utf-8")
    (valid_package / "datapackage.json").write_text(text.replace("\"data/counties.csv\"", "\"../../counties.csv\""),
                                                    encoding="utf-8")
    expected_line = text[: text.index("\"data/counties.csv\"")].count("\n") + 1
    (problem,) = validate_package(valid_package).problems
    assert (problem.id, problem.line, problem.value) == ("unsafe-path", expected_line, "../../counties.csv")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_out_of_the_package_is_refused_and_not_read(valid_package, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("not,a,counties,file\n", encoding="utf-8")
    (valid_package / "data/metrics.csv").unlink()
    (valid_package / "data/metrics.csv").symlink_to(outside)
    before = hashes(tmp_path)
    ids = [p.id for p in validate_package(valid_package).errors]
    assert ids == ["unsafe-path"]
    assert hashes(tmp_path) == before


def test_review_flags_warn_but_do_not_fail(valid_package):
    edit(valid_package / "data/enforcement_stats.csv", "3,synthetic-source-list,synthetic test row,",
         "3,synthetic-source-list,synthetic test row,agency not matched to a county")
    result = run_validate(valid_package)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "1 warning (review-flag-set ×1); they never fail a run. List them with `atlas validate --show-warnings`.",
        "✓ datapackage is valid: 11 resources, 17 rows checked (1 warning)"]
    for flag in ("--show-warnings", "-v", "--verbose"):
        shown = run_validate(valid_package, flag)
        assert shown.exit_code == 0
        assert shown.output.startswith("datapackage/data/enforcement_stats.csv:3:9: warning: review-flag-set: 1 of 3 rows")


def test_errors_come_first_and_warnings_are_summed_up(two_errors):
    edit(two_errors / "data/enforcement_stats.csv", "3,synthetic-source-list,synthetic test row,",
         "3,synthetic-source-list,synthetic test row,agency not matched to a county")
    lines = run_validate(two_errors).output.splitlines()
    assert [ln.split(": ")[1] for ln in lines[:2]] == ["error", "error"]
    assert lines[2] == "1 warning (review-flag-set ×1); they never fail a run. List them with `atlas validate --show-warnings`."
    assert lines[3] == "2 errors, 1 warning in 3 files (17 rows checked)"
    verbose = run_validate(two_errors, "--show-warnings").output.splitlines()
    assert verbose[:2] == lines[:2] and ": warning: review-flag-set: " in verbose[2]


def test_retired_code_is_accepted_when_the_row_names_it(valid_package):
    row = "SD,46113,,2016,synthetic_removals,4,synthetic-source-list,{notes},\n"
    stats = valid_package / "data/enforcement_stats.csv"
    stats.write_text(stats.read_text(encoding="utf-8") + row.format(notes="synthetic; reported under 46113 by ICE"),
                     encoding="utf-8")
    assert validate_package(valid_package).ok


def test_no_state_rule_rows_need_no_citation(valid_package):
    # The fixture's South Dakota row is no_state_rule without a citation; the package is valid.
    assert ",no_state_rule," in (valid_package / "data/detainer_policies.csv").read_text(encoding="utf-8")
    assert validate_package(valid_package).ok


def test_a_short_row_is_one_problem_not_one_per_cell(valid_package):
    # Two cells instead of five: frictionless says missing-cell three times and "required" twice; we say it once.
    with (valid_package / "data/metrics.csv").open("a", encoding="utf-8") as fh:
        fh.write("synthetic_other,Other\n")
    assert [(p.id, p.line, p.column) for p in validate_package(valid_package).problems] == [("missing-cell", 3, 3)]


def test_unique_and_key_duplicates_point_at_the_earlier_line(valid_package):
    with (valid_package / "data/states.csv").open("a", encoding="utf-8") as fh:
        fh.write("47,SD,Tennessee\n")
    (problem,) = validate_package(valid_package).problems
    assert (problem.id, problem.line, problem.field) == ("unique-error", 4, "usps")
    assert "line 3" in problem.message
