"""Fixtures of the importer tests (helpers live in importer_fixtures.py so test modules can import them)."""
from __future__ import annotations

import pytest
from importer_fixtures import build_tiny_package


@pytest.fixture
def tiny_package(tmp_path):
    return build_tiny_package(tmp_path)
