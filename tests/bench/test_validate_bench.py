"""Smoke run of bench/validate.py at a small size, so the figures a closing note quotes can always be reproduced."""
from __future__ import annotations

import re
import subprocess
import sys

from atlas.paths import REPO_ROOT


def test_validate_benchmark_runs_and_prints_its_figures(tmp_path):
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "validate.py"), "--counties", "8", "--runs", "1",
         "--tools", "atlas,atlas-frictionless,frictionless", "--out", str(tmp_path)],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    out = result.stdout
    assert out.startswith("SYNTHETIC package: 8 current counties, ")
    for tool in ("atlas validate (validate_package)", "atlas validate, Frictionless engine (reference)",
                 "frictionless validate (Package.validate)"):
        assert re.search(re.escape(tool) + r"\s+[\d.]+\s+[\d., ]+\s+\d+\s+valid$", out, re.MULTILINE), out
    assert re.search(r"^speed ratio frictionless/atlas: [\d.]+x$", out, re.MULTILINE), out
    assert (tmp_path / "package" / "datapackage.json").is_file()
