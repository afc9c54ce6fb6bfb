"""`atlas release`: one version everywhere, a dated changelog entry, a tag that `atlas diff` can compare against."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from atlas.cli import cli

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "validate"))
from package_fixtures import build_valid_package  # noqa: E402


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def project(tmp_path):
    """A git repository holding the valid fixture package, CITATION.cff and CHANGELOG.md, committed."""
    build_valid_package(tmp_path)
    shutil.copy(REPO / "CITATION.cff", tmp_path)
    (tmp_path / "CHANGELOG.md").write_text("# Changelog\n\n## 0.1.0 (unreleased)\n\n- First version.\n", encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "start")
    git(tmp_path, "config", "user.name", "t")
    git(tmp_path, "config", "user.email", "t@example.org")
    return tmp_path


def release(project: Path, *args: str):
    return CliRunner().invoke(cli, ["release", *args, "--package", str(project / "datapackage")])


def test_release_sets_the_version_everywhere_dates_the_changelog_and_tags(project):
    result = release(project, "0.1.0")
    assert result.exit_code == 0, result.output
    assert json.loads((project / "datapackage/datapackage.json").read_text())["version"] == "0.1.0"
    citation = (project / "CITATION.cff").read_text()
    assert "version: 0.1.0" in citation and 'date-released: "2026-12-06"' in citation
    assert (project / "CHANGELOG.md").read_text() == "# Changelog\n\n## 0.1.0 (2026-12-06)\n\n- First version.\n"
    assert git(project, "tag", "--list").split() == ["v0.1.0"]
    assert git(project, "log", "-1", "--format=%s").strip() == "Release 0.1.0"
    assert git(project, "status", "--porcelain") == ""


def test_diff_against_the_release_tag_works_as_its_help_says(project, monkeypatch):
    assert release(project, "0.1.0").exit_code == 0
    stats = project / "datapackage/data/enforcement_stats.csv"
    stats.write_text(stats.read_text().replace("synthetic test row", "synthetic test row, corrected", 1))
    monkeypatch.chdir(project)
    result = CliRunner().invoke(cli, ["diff", "v0.1.0", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["base"] == "v0.1.0" and doc["changed"] is True
    (stats_diff,) = [r for r in doc["resources"] if r["name"] == "enforcement_stats"]
    assert len(stats_diff["changed"]) == 1


def test_dry_run_writes_nothing(project):
    before = git(project, "rev-parse", "HEAD")
    result = release(project, "0.1.0", "--dry-run")
    assert result.exit_code == 0
    assert "would commit 'Release 0.1.0' and tag v0.1.0" in result.output
    assert git(project, "rev-parse", "HEAD") == before and git(project, "status", "--porcelain") == ""


@pytest.mark.parametrize("setup, version, message", [
    (None, "1.0", "is not MAJOR.MINOR.PATCH"),
    (None, "0.0.9", "is lower than the package's version 0.1.0"),
    ("dirty", "0.1.0", "uncommitted changes"),
    ("tagged", "0.1.0", "tag v0.1.0 already exists"),
    ("no-entry", "0.3.0", "no '## 0.3.0 (unreleased)' or '## Unreleased' heading"),
])
def test_release_refuses_with_exit_2(project, setup, version, message):
    if setup == "dirty":
        (project / "CITATION.cff").write_text("changed\n")
    elif setup == "tagged":
        git(project, "tag", "v0.1.0")
    result = release(project, version)
    assert result.exit_code == 2 and message in result.output
    assert "v0.3.0" not in git(project, "tag", "--list")


def test_release_refuses_invalid_data_with_exit_1(project):
    stats = project / "datapackage/data/metrics.csv"
    stats.write_text(stats.read_text() + "not,enough\n")
    git(project, "commit", "-qam", "break it")
    result = release(project, "0.1.0")
    assert result.exit_code == 1 and "the data has" in result.output
    assert git(project, "tag", "--list") == ""
