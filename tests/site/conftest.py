"""Fixtures for the site unit tests: the synthetic fixture package, loaded and indexed once."""
from __future__ import annotations

import pytest

from atlas.package import load_package
from atlas.pages.atlas_index import build_index
from sitebuild import materialise


@pytest.fixture(scope="session")
def fixture_index(tmp_path_factory):
    return build_index(load_package(materialise("site_package", tmp_path_factory.mktemp("pkg"))))


@pytest.fixture(scope="session")
def xss_index(tmp_path_factory):
    return build_index(load_package(materialise("site_package_xss", tmp_path_factory.mktemp("xss"))))
