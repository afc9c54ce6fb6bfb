"""Smoke run of bench/export.py at a small size, so the figures a closing note quotes can always be reproduced."""
from __future__ import annotations

import re
import subprocess
import sys

from atlas.paths import REPO_ROOT


def test_export_benchmark_runs_and_prints_its_figures(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "export.py"), "--counties", "8", "--runs", "1",
         "--out", str(tmp_path)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    out = result.stdout
    assert out.startswith("SYNTHETIC package: 8 current counties, ")
    for part in ("load", "csv", "json", "parquet", "zip", "sqlite", "xlsx", "manifest", "total"):
        assert re.search(rf"^{part}\s+[\d.]+\s+[\d.]+$", out, re.MULTILINE), (part, out)
    assert re.search(r"^peak memory \d+ MB; 50 files written$", out, re.MULTILINE), out
    assert (tmp_path / "downloads" / "SHA256SUMS").is_file()
