"""Fixtures for the validator tests; the helpers live in package_fixtures.py so test modules can import them."""
from __future__ import annotations

from pathlib import Path

import pytest
from package_fixtures import build_valid_package


@pytest.fixture
def valid_package(tmp_path: Path) -> Path:
    return build_valid_package(tmp_path)
