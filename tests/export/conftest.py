"""Fixtures for the downloads tests (see export_synthetic.py for the synthetic package)."""
from __future__ import annotations

from pathlib import Path

import pytest

from atlas.export import export_all
from export_synthetic import BUILD_DATE, SITE_URL, build_package


@pytest.fixture(scope="session")
def synthetic_package(tmp_path_factory) -> Path:
    return build_package(tmp_path_factory.mktemp("synthetic") / "datapackage")


@pytest.fixture(scope="session")
def exported(synthetic_package, tmp_path_factory):
    """The synthetic package exported once per session (tests read it, never change it)."""
    out = tmp_path_factory.mktemp("export")
    return export_all(synthetic_package, out, site_url=SITE_URL, build_date=BUILD_DATE)
