"""The code has no unused imports, undefined names or syntax errors (ruff's pyflakes rules, see pyproject.toml)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from atlas.paths import REPO_ROOT


def test_ruff_finds_nothing(tmp_path):
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is a test dependency: make test installs it"
    run = subprocess.run([ruff, "check", "--no-cache", "scripts", "tests", "bench"], cwd=REPO_ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_ruff_would_catch_an_unused_import(tmp_path):
    (tmp_path / "bad.py").write_text("import os\n", encoding="utf-8")
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    run = subprocess.run([ruff, "check", "--no-cache", "--config", str(REPO_ROOT / "pyproject.toml"), "bad.py"],
                         cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 1 and "F401" in run.stdout
