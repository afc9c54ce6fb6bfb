"""schema.org `Dataset` JSON-LD for dataset pages and the Downloads page (search engines' dataset cards).

Pure: from the release, the package and the manifest entries to a dict; absolute URLs from the site URL.
"""
from __future__ import annotations

import re

from ..package import AtlasPackage, Resource
from .citation import apa_citation
from .coverage import SPATIAL_COVERAGE, date_range, iso_interval, package_date_range
from .manifest import Entry, human_size
from .release import Release
from .values import json_text

DOWNLOADS_DIR = "downloads/"


def organization(release: Release) -> dict:
    return {"@type": "Organization", "name": release.creator, "url": release.site_url}


def data_download(entry: Entry, release: Release) -> dict:
    return {
        "@type": "DataDownload",
        "name": f"{entry.file} ({entry.format})",
        "contentUrl": release.url(DOWNLOADS_DIR + entry.file),
        "encodingFormat": entry.mediatype,
        "contentSize": human_size(entry.bytes),
        "sha256": entry.sha256,
        "version": entry.version,
        "dateModified": entry.build_date,
    }


def _base(release: Release, name: str, description: str, url: str) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": name,
        "description": description,
        "url": url,
        "license": release.licence_url,
        "isAccessibleForFree": True,
        "creator": organization(release),
        "publisher": organization(release),
        "version": release.version,
        "dateModified": release.build_date.isoformat(),
        "keywords": list(release.keywords),
        "spatialCoverage": {"@type": "Place", "name": SPATIAL_COVERAGE},
    }


def resource_dataset(resource: Resource, release: Release, entries: list[Entry], page_url: str) -> dict:
    """The Dataset for one resource's page: its own downloads, its fields, part of the whole atlas."""
    title = resource.descriptor.get("title", resource.name)
    doc = _base(release, f"{title} ({release.title})",
                resource.descriptor.get("description", "") or title, page_url)
    coverage = iso_interval(date_range(resource))
    if coverage:
        doc["temporalCoverage"] = coverage
    doc["citation"] = apa_citation(release, part_title=title, url=page_url)
    doc["isPartOf"] = {"@type": "Dataset", "name": release.title, "description": release.description or release.title,
                       "url": release.url(DOWNLOADS_DIR)}
    doc["variableMeasured"] = [
        {"@type": "PropertyValue", "name": f["name"], "description": f.get("description", "") or f.get("title", "")}
        for f in resource.fields
    ]
    doc["distribution"] = [data_download(e, release) for e in entries if e.resource == resource.name]
    return doc


def package_dataset(package: AtlasPackage, release: Release, entries: list[Entry]) -> dict:
    """The Dataset for the whole atlas (Downloads page): every download."""
    page_url = release.url(DOWNLOADS_DIR)
    doc = _base(release, release.title, release.description, page_url)
    coverage = iso_interval(package_date_range(package))
    if coverage:
        doc["temporalCoverage"] = coverage
    doc["citation"] = apa_citation(release)
    doc["hasPart"] = [
        {"@type": "Dataset", "name": res.descriptor.get("title", res.name),
         "description": res.descriptor.get("description", "") or res.name,
         "url": release.url(f"datasets/{res.name}/")}
        for res in package.resources.values()
    ]
    doc["distribution"] = [data_download(e, release) for e in entries if e.kind not in ("manifest", "checksums")]
    return doc


_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE = re.compile("[<>&\u2028\u2029]")


def to_script_json(doc: dict) -> str:
    """JSON safe to print inside <script type="application/ld+json">: no "</script" or "<!--" can appear.

    <, > and & are written as \\u escapes, which every JSON parser reads back as the same characters; so are
    U+2028 and U+2029, which older JavaScript engines (and some HTML tooling) take for line ends. Control
    characters and quotes are escaped by json itself, a lone surrogate becomes U+FFFD (values.json_text).
    """
    return _SCRIPT_UNSAFE.sub(lambda m: _SCRIPT_ESCAPES[m.group()], json_text(doc, separators=(",", ":")))
