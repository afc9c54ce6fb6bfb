"""Downloads: every format of the package, checksums, citation and catalogues.

`export_all(package_dir, out_dir)` writes, into out_dir:
  <resource>.csv            the validated CSV, byte for byte
  <resource>.json           its records, typed (numbers as numbers, dates as ISO strings, empty as null)
  <resource>.schema.json    its Table Schema
  parquet/<resource>.parquet
  <name>-<version>.zip      datapackage.json + schemas + CSVs + LICENSE.md (`frictionless validate` passes)
  <name>.sqlite             typed tables, primary/foreign keys, indexes, `metadata`, `data_dictionary`
  <name>.xlsx               README sheet (licence, citation, data dictionary) + a sheet per resource
  data.json                 DCAT-US 1.1 catalogue (the site also serves it at its root)
  manifest.json             every file: format, media type, bytes, sha256, version, build date
  SHA256SUMS                `sha256sum -c SHA256SUMS` checks every other file
Each file is written under a temporary name and renamed into place. The build date comes from
SOURCE_DATE_EPOCH, else the last git commit touching the package, else today (see release.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..package import AtlasPackage, load_package
from ..problems import AtlasError
from .atomic import write_bytes_atomic
from .manifest import Entry, describe, write_manifest, write_sha256sums
from .release import Release, release_for
from .values import json_text

__all__ = ["Export", "export_all", "export_package"]


@dataclass
class Export:
    """The result of an export: where, which release, and one manifest entry per file written."""

    out_dir: Path
    release: Release
    package: AtlasPackage  # the package as read for this export, so callers need not read it again
    entries: list[Entry] = field(default_factory=list)

    @property
    def paths(self) -> list[Path]:
        return [self.out_dir / e.file for e in self.entries]

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(self.paths)

    def entry(self, file: str) -> Entry:
        for e in self.entries:
            if e.file == file:
                return e
        raise KeyError(file)

    def for_resource(self, name: str) -> list[Entry]:
        return [e for e in self.entries if e.resource == name]


def export_all(package_dir: Path, out_dir: Path, *, site_url: str | None = None,
               build_date: dt.date | None = None) -> Export:
    """Write every download of the package in `package_dir` into `out_dir` (see the module docstring)."""
    package_dir = Path(package_dir)
    if not (package_dir / "datapackage.json").is_file():
        raise AtlasError(f"{package_dir / 'datapackage.json'} does not exist")
    try:
        package = load_package(package_dir)
    except (OSError, ValueError, KeyError) as err:
        raise AtlasError(f"cannot read the package in {package_dir}: {err}") from err
    release = release_for(package, site_url=site_url, build_date=build_date)
    try:
        return export_package(package, release, Path(out_dir))
    except (ValueError, KeyError) as err:  # a cell that does not cast to its schema type
        raise AtlasError(f"cannot export the package in {package_dir}: {err}; run `atlas validate`") from err


def export_package(package: AtlasPackage, release: Release, out_dir: Path) -> Export:
    # The formats' libraries (openpyxl, sqlite3, pyarrow.parquet) load here, not when a page module imports one
    # helper of this package (pages.county_csv: the checksum lines), which a one-state preview would pay for.
    from .dcat import catalog
    from .package_zip import write_package_zip
    from .parquet_files import write_parquet
    from .resource_files import write_csv, write_json, write_schema
    from .sqlite_db import write_sqlite
    from .workbook import write_xlsx

    out_dir.mkdir(parents=True, exist_ok=True)
    result = Export(out_dir=out_dir, release=release, package=package)

    def add(path: Path, kind: str, resource: str | None = None) -> None:
        result.entries.append(describe(path, out_dir, kind, resource, release))

    for res in package.resources.values():
        add(write_csv(res, out_dir), "csv", res.name)
        add(write_json(res, out_dir), "json", res.name)
        add(write_schema(res, out_dir, package.root), "schema", res.name)
        add(write_parquet(res, release, out_dir), "parquet", res.name)
    add(write_package_zip(package, release, out_dir), "zip")
    add(write_sqlite(package, release, out_dir), "sqlite")
    add(write_xlsx(package, release, out_dir), "xlsx")

    data_json = json_text(catalog(package, release, list(result.entries)), indent=2) + "\n"
    add(write_bytes_atomic(out_dir / "data.json", data_json.encode("utf-8")), "catalog")
    add(write_manifest(result.entries, release, out_dir), "manifest")
    add(write_sha256sums(result.entries, out_dir), "checksums")
    return result
