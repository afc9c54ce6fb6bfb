"""Where things live, resolved once so every command agrees."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = REPO_ROOT / "datapackage"
DESCRIPTOR = PACKAGE_DIR / "datapackage.json"
# Raw upstream files are read from here by path and never copied into the repository.
SHARED_SOURCES = Path(os.environ.get("ATLAS_SHARED_SOURCES", REPO_ROOT.parent / "shared" / "sources"))


def site_package_dir() -> Path:
    """The package a site build reads: ATLAS_PACKAGE_DIR if set (tests build fixture packages), else datapackage/."""
    return Path(os.environ.get("ATLAS_PACKAGE_DIR") or PACKAGE_DIR)
