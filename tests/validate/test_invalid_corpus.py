"""Every case in tests/fixtures/invalid/ makes `atlas validate` report exactly its one error, at its file and line,
exit 1, and leave every file byte-identical."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from package_fixtures import apply_case, build_valid_package, case_dirs, hashes

from atlas.cli import cli
from atlas.validate.registry import REGISTRY

CASES = case_dirs()


def run_validate(pkg, *args):
    return CliRunner().invoke(cli, ["validate", "--package", str(pkg), *args], catch_exceptions=False)


def test_corpus_has_at_least_30_cases():
    assert len(CASES) >= 30


def test_valid_fixture_is_valid(tmp_path):
    pkg = build_valid_package(tmp_path)
    result = run_validate(pkg)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("✓ datapackage is valid: 11 resources, 17 rows checked")


@pytest.mark.parametrize("case_dir", CASES, ids=[c.name for c in CASES])
def test_invalid_case(case_dir, tmp_path):
    pkg = build_valid_package(tmp_path)
    case = apply_case(pkg, case_dir)
    before = hashes(tmp_path)

    result = run_validate(pkg, "--format", "json")

    assert hashes(tmp_path) == before, "validation changed a file"
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    expect = case["expect"]
    got = [{k: p[k] for k in expect} for p in errors]
    assert got == [expect], json.dumps(errors, indent=2)
    assert errors[0]["hint"], "every error carries a hint"
    for problem in report["problems"]:  # every id the validator emits is registered, with its severity
        assert REGISTRY[problem["id"]].severity == problem["severity"], problem
