"""The CLI works on the package in front of it (PATH, --package, else ./datapackage) and reports domain errors
as exit 2; `atlas build` refuses a state code the package does not have."""
from __future__ import annotations

import shutil

from click.testing import CliRunner

from atlas.cli import cli
from atlas.paths import PACKAGE_DIR


def _copy_with_broken_metric(dest):
    pkg = dest / "datapackage"
    shutil.copytree(PACKAGE_DIR, pkg)
    metrics = pkg / "data" / "metrics.csv"
    lines = metrics.read_text(encoding="utf-8").splitlines(keepends=True)
    metrics.write_text(lines[0] + "NOT AN ID" + lines[1][lines[1].index(","):] + "".join(lines[2:]), encoding="utf-8")
    return pkg


def test_validate_without_a_path_checks_the_package_in_the_current_folder(tmp_path, monkeypatch):
    _copy_with_broken_metric(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert "datapackage/data/metrics.csv:2:1: error: constraint-error" in result.output


def test_validate_takes_a_folder_or_its_datapackage_json(tmp_path):
    pkg = _copy_with_broken_metric(tmp_path)
    for path in (tmp_path, pkg, pkg / "datapackage.json"):
        result = CliRunner().invoke(cli, ["validate", str(path)])
        assert result.exit_code == 1, (path, result.output)


def test_no_package_here_is_exit_2_with_a_plain_message(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 2
    assert result.output.startswith("error: no data package here")


def test_build_refuses_an_unknown_state_code():
    result = CliRunner().invoke(cli, ["build", str(PACKAGE_DIR), "--states", "NC,ZZ"])
    assert result.exit_code == 2
    assert "error: unknown state code ZZ" in result.output
