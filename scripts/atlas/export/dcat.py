"""The DCAT-US 1.1 (Project Open Data) catalogue `data.json`: the whole atlas and each resource as datasets,
every download as a distribution. Pure; absolute URLs from the site URL.

The atlas is not a federal agency, so the catalogue follows the non-federal profile (no bureauCode or
programCode, contact without e-mail).
"""
from __future__ import annotations

from ..package import AtlasPackage
from .coverage import SPATIAL_COVERAGE, date_range, iso_interval, package_date_range
from .jsonld import DOWNLOADS_DIR
from .manifest import Entry
from .release import Release

CONFORMS_TO = "https://project-open-data.cio.gov/v1.1/schema"
CONTEXT = "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld"
CATALOG_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema/catalog.json"
TABLE_SCHEMA_SPEC = "https://specs.frictionlessdata.io/table-schema/"
DATA_PACKAGE_SPEC = "https://specs.frictionlessdata.io/data-package/"


def distribution(entry: Entry, release: Release, schema_url: str | None = None) -> dict:
    dist = {
        "@type": "dcat:Distribution",
        "title": f"{entry.file}",
        "description": f"{entry.format}, {entry.bytes} bytes, sha256 {entry.sha256}",
        "downloadURL": release.url(DOWNLOADS_DIR + entry.file),
        "mediaType": entry.mediatype,
        "format": entry.format,
    }
    if entry.kind == "zip":
        dist["conformsTo"] = DATA_PACKAGE_SPEC
    if entry.kind == "schema":
        dist["conformsTo"] = TABLE_SCHEMA_SPEC
    if schema_url and entry.kind in ("csv", "json", "parquet"):
        dist["describedBy"] = schema_url
        dist["describedByType"] = "application/json"
    return dist


def _dataset(release: Release, *, title: str, description: str, identifier: str, landing: str,
             temporal: str | None, distributions: list[dict]) -> dict:
    ds = {
        "@type": "dcat:Dataset",
        "title": title,
        "description": description,
        "keyword": list(release.keywords) or [release.title],
        "modified": release.build_date.isoformat(),
        "publisher": {"@type": "org:Organization", "name": release.creator},
        "contactPoint": {"@type": "vcard:Contact", "fn": release.creator},
        "identifier": identifier,
        "accessLevel": "public",
        "license": release.licence_url,
        "rights": ("Public. Figures copied from U.S. government records are public domain (17 U.S.C. 105); "
                   f"the atlas' own work is {release.licence}."),
        "spatial": SPATIAL_COVERAGE,
        "landingPage": landing,
        "language": ["en-US"],
        "distribution": distributions,
    }
    if temporal:
        ds["temporal"] = temporal
    return ds


def catalog(package: AtlasPackage, release: Release, entries: list[Entry]) -> dict:
    """The data.json document (served at the site root)."""
    package_id = release.url(DOWNLOADS_DIR)
    whole = _dataset(
        release, title=f"{release.title} (version {release.version})", description=release.description,
        identifier=package_id, landing=package_id, temporal=iso_interval(package_date_range(package)),
        distributions=[distribution(e, release) for e in entries if e.resource is None
                       and e.kind in ("zip", "sqlite", "xlsx")],
    )
    datasets = [whole]
    for res in package.resources.values():
        own = [e for e in entries if e.resource == res.name]
        schema = next((e for e in own if e.kind == "schema"), None)
        schema_url = release.url(DOWNLOADS_DIR + schema.file) if schema else None
        ds = _dataset(
            release, title=f"{res.descriptor.get('title', res.name)} ({release.title})",
            description=res.descriptor.get("description", "") or res.name,
            identifier=release.url(f"datasets/{res.name}/"), landing=release.url(f"datasets/{res.name}/"),
            temporal=iso_interval(date_range(res)),
            distributions=[distribution(e, release, schema_url) for e in own],
        )
        if schema_url:
            ds["describedBy"] = schema_url
            ds["describedByType"] = "application/json"
        ds["isPartOf"] = package_id
        datasets.append(ds)
    return {
        "@context": CONTEXT,
        "@id": release.url("data.json"),
        "@type": "dcat:Catalog",
        "conformsTo": CONFORMS_TO,
        "describedBy": CATALOG_SCHEMA,
        "dataset": datasets,
    }
