"""Smoke run of bench/zensical.py: the generator's pages still build with Zensical (Material's successor)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from atlas.paths import REPO_ROOT


@pytest.mark.slow
def test_zensical_builds_the_generated_pages(tmp_path):
    result = subprocess.run([sys.executable, str(REPO_ROOT / "bench" / "zensical.py"), "--states", "NC",
                             "--out", str(tmp_path)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "county page (Mecklenburg NC): built, chart spec, CSP meta (overrides/), atlas.js" in result.stdout
    assert "home page: built, chart spec" in result.stdout
