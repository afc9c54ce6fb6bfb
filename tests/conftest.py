"""Shared test fixtures: paths to the repository, the committed package and ../shared/sources."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from atlas.paths import PACKAGE_DIR, REPO_ROOT, SHARED_SOURCES

FIXTURES = Path(__file__).parent / "fixtures"
# The suite checks dates against a fixed day (atlas.domain.clock), so fixtures never age into new warnings;
# set before any test or subprocess runs, so `atlas` commands the tests start see it too.
os.environ.setdefault("ATLAS_TODAY", "2026-12-06")


def pytest_collection_modifyitems(config, items):
    # Tests marked `shared` read ../shared/sources. CI always has it (.ci/run fails without it),
    # so they may skip only where the folder is absent, and never in CI.
    if SHARED_SOURCES.is_dir():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"{SHARED_SOURCES} is missing; CI must have ../shared/sources")
    skip = pytest.mark.skip(reason=f"{SHARED_SOURCES} is absent")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def package_dir() -> Path:
    return PACKAGE_DIR


@pytest.fixture(scope="session")
def shared_sources() -> Path:
    return SHARED_SOURCES


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES
