"""Smoke run of bench/site.py at a small size, so the figures a closing note quotes can always be reproduced."""
from __future__ import annotations

import subprocess
import sys

import pytest

from atlas.paths import REPO_ROOT


@pytest.mark.slow
def test_site_benchmark_runs_and_prints_its_figures(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "site.py"), "--counties", "12", "--states", "AL",
         "--preview-state", "AL", "--repeat", "1", "--preview-runs", "1", "--out", str(tmp_path)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    out = result.stdout
    assert "validate: " in out and "(valid)" in out
    for line in ("site build: ", "bare mkdocs build of the same Markdown: ", "county pages: ",
                 "one-state preview (AL), site hooks only, languages en,es: ",
                 "one-state preview (AL), site hooks only, languages en: "):
        assert line in out
    assert (tmp_path / "site" / "counties" / "01001" / "index.html").is_file()


@pytest.mark.slow
def test_preview_only_times_just_the_preview(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "site.py"), "--counties", "4", "--preview-state", "AL",
         "--preview-only", "--preview-runs", "1", "--languages", "en", "--out", str(tmp_path)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    lines = [line for line in result.stdout.splitlines() if not line.startswith("synthetic package: ")]
    assert len(lines) == 1 and lines[0].startswith("one-state preview (AL), site hooks only, languages en: ")
    assert (tmp_path / "preview-site" / "counties" / "01001" / "index.html").is_file()
