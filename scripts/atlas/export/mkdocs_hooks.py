"""MkDocs hooks for downloads. Glue only: the work is done by atlas.export's pure functions.

on_files          export every download into a temp folder; add them as site files under downloads/ (so
                  MkDocs copies them and checks links to them in strict mode), data.json at the site root,
                  and the generated pages downloads/index.md and changelog.md.
on_page_markdown  dataset pages (front matter `dataset: <resource>`): append the Download section and the
                  cite box; set page.meta["jsonld"] (schema.org Dataset as a JSON string, safe to print raw
                  inside <script type="application/ld+json">). The Downloads page gets the whole atlas' JSON-LD.
on_post_build     make sure every download is in site/downloads/ and data.json at the site root; remove the temp folder.

The package read is ATLAS_PACKAGE_DIR if set (tests build fixture packages), else datapackage/.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from atlas.export import Export, export_all
from atlas.export.changelog import data_changes
from atlas.export.jsonld import package_dataset, resource_dataset, to_script_json
from atlas.export.pages import (CATALOG_FILE, CHANGELOG_PAGE, DOWNLOADS_DIR, DOWNLOADS_PAGE, render_changelog_page,
                                render_dataset_download, render_downloads_page)
from atlas.package import AtlasPackage
from atlas.paths import REPO_ROOT, site_package_dir
from atlas.problems import AtlasError

_state: dict = {}



def _add(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)


def on_files(files: Files, config) -> Files:
    _cleanup()
    package_dir = site_package_dir()
    out = Path(tempfile.mkdtemp(prefix="atlas-downloads-"))
    try:
        export = export_all(package_dir, out, site_url=config.site_url or None)
    except AtlasError as err:
        shutil.rmtree(out, ignore_errors=True)
        raise PluginError(f"atlas export failed: {err}") from err
    _state.update(out=out, export=export, package=export.package)

    for entry in export.entries:
        _add(files, File.generated(config, f"{DOWNLOADS_DIR}/{entry.file}", abs_src_path=str(out / entry.file)))
    _add(files, File.generated(config, CATALOG_FILE, abs_src_path=str(out / CATALOG_FILE)))

    # The Downloads page is rendered in on_page_markdown, once every hook has added its pages (links go
    # only to pages that exist); this placeholder makes the page known to the nav now.
    _add(files, File.generated(config, DOWNLOADS_PAGE, content="# Downloads\n"))
    changelog_md = REPO_ROOT / "CHANGELOG.md"
    changes = data_changes(package_dir, export.release.version)
    _add(files, File.generated(config, CHANGELOG_PAGE, content=render_changelog_page(
        export, changes, changelog_md.read_text(encoding="utf-8") if changelog_md.is_file() else "")))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    export: Export | None = _state.get("export")
    package: AtlasPackage | None = _state.get("package")
    if export is None or package is None:
        return markdown
    src = page.file.src_uri
    existing = {f.src_uri for f in files}
    if src == DOWNLOADS_PAGE:
        page.meta["jsonld"] = to_script_json(package_dataset(package, export.release, export.entries))
        return render_downloads_page(export, package, existing)
    name = page.meta.get("dataset")
    if not name:
        return markdown
    if name not in package.resources:
        raise PluginError(f"{src}: front matter names dataset {name!r}, which is not a resource of the package")
    resource = package[name]
    page_url = export.release.url(page.url) if page.url else export.release.url(f"datasets/{name}/")
    page.meta["jsonld"] = to_script_json(resource_dataset(resource, export.release, export.entries, page_url))
    return markdown.rstrip("\n") + "\n" + render_dataset_download(export, package, name, src, existing)


def on_post_build(config) -> None:
    out: Path | None = _state.get("out")
    export: Export | None = _state.get("export")
    if out is None or export is None:
        return
    site = Path(config.site_dir)
    for entry in export.entries:  # MkDocs copied them already; this only repairs a missing file
        target = site / DOWNLOADS_DIR / entry.file
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(out / entry.file, target)
    if not (site / CATALOG_FILE).is_file():
        shutil.copy2(out / CATALOG_FILE, site / CATALOG_FILE)
    _cleanup()


def on_shutdown() -> None:
    _cleanup()


def _cleanup() -> None:
    out = _state.pop("out", None)
    if out is not None:
        shutil.rmtree(out, ignore_errors=True)
