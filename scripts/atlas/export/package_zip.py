"""The whole package as one zip that `frictionless validate` accepts: datapackage.json, schemas/, data/.

Entries are sorted and stamped with the build date, so the same commit gives the same bytes.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..package import AtlasPackage
from .atomic import atomic_path
from .licences import licence_markdown
from .release import Release
from .values import json_text


def zip_descriptor(package: AtlasPackage, release: Release) -> dict:
    """The package descriptor as shipped: unchanged, plus `created` (Data Package spec) = the build date."""
    descriptor = dict(package.descriptor)
    descriptor["created"] = release.build_datetime.strftime("%Y-%m-%dT%H:%M:%SZ")
    return descriptor


def zip_members(package: AtlasPackage, release: Release) -> dict[str, bytes]:
    """Archive name -> bytes: the descriptor, every file it references (same relative paths), LICENSE.md."""
    members = {"datapackage.json": (json_text(zip_descriptor(package, release), indent=2)
                                    + "\n").encode("utf-8"),
               "LICENSE.md": licence_markdown(release).encode("utf-8")}
    for res in package.descriptor.get("resources", []):
        members[res["path"]] = (package.root / res["path"]).read_bytes()
        if isinstance(res.get("schema"), str):
            members[res["schema"]] = (package.root / res["schema"]).read_bytes()
    return members


def write_package_zip(package: AtlasPackage, release: Release, out_dir: Path) -> Path:
    final = out_dir / release.zip_name
    stamp = release.build_datetime.timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))  # the zip format cannot store earlier dates
    with atomic_path(final) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.comment = f"{release.title} {release.version} (built {release.build_date.isoformat()})".encode("utf-8")
        for name, data in sorted(zip_members(package, release).items()):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the build machine
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return final
