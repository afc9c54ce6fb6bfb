"""Page models and rendering for the Downloads page, the dataset pages' Download section and the changelog.

Pure functions: from an Export (what was written) and the package to Markdown. Links are relative to the
page's own source path, so the site works under any base path and offline; MkDocs checks them in strict mode.
"""
from __future__ import annotations

import posixpath
import re

from ..package import AtlasPackage
from ..pages.i18n import t
from ..pages.render import render
from . import Export
from .changelog import DataChanges
from .citation import apa_citation_markdown, bibtex
from .jsonld import package_dataset, resource_dataset, to_script_json
from .licences import licence_parts
from .manifest import human_size

DOWNLOADS_PAGE = "downloads/index.md"
CHANGELOG_PAGE = "changelog.md"
DOWNLOADS_DIR = "downloads"
CATALOG_FILE = "data.json"


def rel(target: str, page_src: str) -> str:
    """Link from the page whose source is `page_src` to the site file `target` (both relative to docs/)."""
    return posixpath.relpath(target, posixpath.dirname(page_src) or ".")


def rel_shared(target: str, page_src: str, shared_root: str) -> str:
    """Link from a page of another language's site (built under <site>/<language>/) to a file the languages
    share (the downloads, data.json): relative to the page's URL, not its source, because the link is written as
    HTML (MkDocs would reject a Markdown link that leaves the docs folder). `shared_root` is "../"."""
    base, name = posixpath.split(page_src)
    url_dir = base if name == "index.md" else posixpath.join(base, posixpath.splitext(name)[0])
    return posixpath.relpath(posixpath.join(shared_root, target), url_dir or ".")


def dataset_page(resource: str) -> str:
    return f"datasets/{resource}.md"


def _file_view(entry, page_src: str, shared_root: str = "") -> dict:
    target = f"{DOWNLOADS_DIR}/{entry.file}"
    href = rel_shared(target, page_src, shared_root) if shared_root else rel(target, page_src)
    return {"file": entry.file, "label": posixpath.basename(entry.file), "format": entry.format,
            "href": href, "size": human_size(entry.bytes),
            "bytes": entry.bytes, "sha256": entry.sha256}


def downloads_model(export: Export, package: AtlasPackage, existing_pages: set[str] | None = None,
                    shared_root: str = "") -> dict:
    """Everything the Downloads page shows. `existing_pages`: doc paths that exist (links only to those).
    `shared_root`: "../" on another language's page (the files are the English site's, see rel_shared)."""
    r = export.release
    existing = existing_pages or set()
    page = DOWNLOADS_PAGE
    package_files = [_file_view(e, page, shared_root) for e in export.entries if e.resource is None
                     and e.kind in ("zip", "sqlite", "xlsx")]
    resources = []
    for res in package.resources.values():
        files = {e.kind: _file_view(e, page, shared_root) for e in export.for_resource(res.name)}
        resources.append({
            "name": res.name, "title": _resource_title(res, package.root), "rows": len(res.rows),
            "files": files,
            "page_href": rel(dataset_page(res.name), page) if dataset_page(res.name) in existing else None,
        })
    return {
        "title": r.title, "version": r.version, "build_date": r.build_date.isoformat(),
        "build_date_origin": t(BUILD_DATE_ORIGINS[r.build_date_origin]) if r.build_date_origin in BUILD_DATE_ORIGINS
        else r.build_date_origin,
        "zip_name": r.zip_name,
        "package_files": package_files,
        "resources": resources,
        "checksums": _file_view(export.entry("SHA256SUMS"), page, shared_root),
        "manifest": _file_view(export.entry("manifest.json"), page, shared_root),
        "catalog_href": rel_shared(CATALOG_FILE, page, shared_root) if shared_root else rel(CATALOG_FILE, page),
        "changelog_href": rel(CHANGELOG_PAGE, page) if CHANGELOG_PAGE in existing else None,
        "cite_apa": apa_citation_markdown(r, url=r.url(DOWNLOADS_DIR + "/")),
        "cite_bibtex": bibtex(r, url=r.url(DOWNLOADS_DIR + "/")),
        "licences": licence_parts(r),
        "jsonld": to_script_json(package_dataset(package, r, export.entries)),
    }


# Catalogue keys (atlas.pages.i18n) of where the build date came from.
BUILD_DATE_ORIGINS = {"SOURCE_DATE_EPOCH": "downloads.origin.epoch", "git": "downloads.origin.git",
                      "today": "downloads.origin.today", "given": "downloads.origin.given"}


def _resource_title(res, root=None) -> str:
    from ..domain.vocabulary import load_translations
    from ..pages.i18n import current_language

    english = res.descriptor.get("title", res.name)
    lang = current_language()
    if lang == "en":
        return english
    return load_translations(root, lang).get("resources", {}).get(res.name, {}).get("title") or english


def render_downloads_page(export: Export, package: AtlasPackage, existing_pages: set[str] | None = None,
                          shared_root: str = "") -> str:
    return render("downloads.md.j2", **downloads_model(export, package, existing_pages, shared_root))


def dataset_download_model(export: Export, package: AtlasPackage, resource: str, page_src: str,
                           existing_pages: set[str] | None = None, shared_root: str = "") -> dict:
    r = export.release
    res = package[resource]
    title = res.descriptor.get("title", resource)
    page_url = r.url(f"datasets/{resource}/")
    order = {"csv": 0, "json": 1, "parquet": 2, "schema": 3}
    entries = sorted(export.for_resource(resource), key=lambda e: order.get(e.kind, 9))
    existing = existing_pages or set()
    return {
        "version": r.version, "build_date": r.build_date.isoformat(),
        "files": [_file_view(e, page_src, shared_root) for e in entries],
        "downloads_href": rel(DOWNLOADS_PAGE, page_src) if DOWNLOADS_PAGE in existing else None,
        "cite_apa": apa_citation_markdown(r, part_title=title, url=page_url),
        "cite_bibtex": bibtex(r, part_title=title, part_name=resource, url=page_url),
        "jsonld": to_script_json(resource_dataset(res, r, export.entries, page_url)),
    }


def render_dataset_download(export: Export, package: AtlasPackage, resource: str, page_src: str,
                            existing_pages: set[str] | None = None) -> str:
    model = dataset_download_model(export, package, resource, page_src, existing_pages)
    return render("_dataset_download.md.j2", dl=model)


_HEADING = re.compile(r"^(#{1,5}) ", re.MULTILINE)


def demote_headings(markdown: str, levels: int = 1) -> str:
    """Push every ATX heading down `levels` (an included document must not add a second page title)."""
    return _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + levels) + " ", markdown)


def notable_changes(changelog_md: str) -> str:
    """CHANGELOG.md without its own title, headings demoted under the page's "Notable changes"."""
    lines = changelog_md.strip().splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return demote_headings("\n".join(lines).strip(), 1)


def render_changelog_page(export: Export, changes: DataChanges, changelog_md: str = "") -> str:
    r = export.release
    return render("changelog.md.j2",
        version=r.version, build_date=r.build_date.isoformat(), base=changes.base or "", base_kind=changes.base_kind,
        note=changes.note, counts=changes.counts,
        details=demote_headings(changes.details_markdown, 2) if changes.details_markdown else "",
        notable=notable_changes(changelog_md) if changelog_md.strip() else "",
    )
