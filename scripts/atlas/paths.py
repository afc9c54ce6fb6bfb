"""Where things live, resolved once so every command agrees."""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = REPO_ROOT / "datapackage"
DESCRIPTOR = PACKAGE_DIR / "datapackage.json"
# What a build can make again from its inputs (rendered charts and maps, the Vega bundle, compiled templates), each
# entry keyed by what it was made from. Tool caches conventionally live here, and node_modules/ is ignored by git.
BUILD_CACHE = REPO_ROOT / "node_modules" / ".cache" / "atlas"
# Raw upstream files are read from here by path and never copied into the repository.
SHARED_SOURCES = Path(os.environ.get("ATLAS_SHARED_SOURCES", REPO_ROOT.parent / "shared" / "sources"))


def find_package(path: Path | str | None = None, cwd: Path | None = None) -> Path:
    """The data package folder a command works on, found the way git and frictionless find theirs: PATH (a folder
    holding datapackage.json or datapackage/datapackage.json, or a datapackage.json file), else ./datapackage/
    or ./ in the current folder. Never the package beside the installed code, so a fork, a scratch copy or a
    non-editable install works on the package in front of it."""
    from .problems import AtlasError

    here = Path(cwd or Path.cwd())
    if path is not None:
        given = here / Path(path)
        if given.is_file() and given.name == "datapackage.json":
            return given.parent
        for candidate in (given, given / "datapackage"):
            if (candidate / "datapackage.json").is_file():
                return candidate
        raise AtlasError(f"{given / 'datapackage.json'} does not exist (give a package folder or its datapackage.json)")
    for candidate in (here / "datapackage", here):
        if (candidate / "datapackage.json").is_file():
            return candidate
    raise AtlasError(f"no data package here: neither {here / 'datapackage' / 'datapackage.json'} nor "
                     f"{here / 'datapackage.json'} exists (run the command in the repository, or give its path)")


def site_package_dir() -> Path:
    """The package a site build reads: ATLAS_PACKAGE_DIR if set (tests build fixture packages), else datapackage/."""
    return Path(os.environ.get("ATLAS_PACKAGE_DIR") or PACKAGE_DIR)
