"""The one MkDocs hook: hand the site generator's pages and files to MkDocs (nothing generated is committed).

Glue only: atlas.pages.site_files.generate_site makes everything, without MkDocs. What to build comes from
the MkDocs config's `extra` (set by `atlas build`), else the environment (for a plain `mkdocs build`/`serve`):
  extra.atlas_package   / ATLAS_PACKAGE_DIR  the data package to read (default: the repository's datapackage/)
  extra.atlas_states    / ATLAS_STATES       only build county pages of these states ("NC,VA"); empty = all
  extra.atlas_downloads / ATLAS_DOWNLOADS    "0" builds without the downloads (quicker previews, benchmarks)
Nav entries for generated pages (downloads, changelog, contributing) and validation.md are added only when the
page exists, so `mkdocs build --strict` passes either way.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from mkdocs.structure.files import File, Files

from atlas.pages.site_files import generate_site, parse_states
from atlas.paths import site_package_dir

HOME_MARKER = "<!-- atlas:home -->"
# (nav title, page) added to the nav only if the page exists; the order is the nav's.
OPTIONAL_NAV = [
    ("ICE detention", "detention/index.md"),
    ("Validation", "validation.md"),
    ("Downloads", "downloads/index.md"),
    ("Changelog", "changelog.md"),
    ("Contributing", "contributing.md"),
]
_state: dict = {}


def _setting(config, key: str, env: str) -> str:
    value = config["extra"].get(key)
    return str(value) if value is not None else os.environ.get(env, "")


def on_files(files: Files, config) -> Files:
    _cleanup()
    start = time.perf_counter()
    package = Path(_setting(config, "atlas_package", "ATLAS_PACKAGE_DIR") or site_package_dir())
    downloads = _setting(config, "atlas_downloads", "ATLAS_DOWNLOADS").lower() not in {"0", "false", "no", "off"}
    out = Path(tempfile.mkdtemp(prefix="atlas-downloads-")) if downloads else None
    _state["out"] = out
    generated = generate_site(package, states=parse_states(_setting(config, "atlas_states", "ATLAS_STATES")),
                              repository=config["extra"].get("repository", ""), site_url=config.site_url or None,
                              project_dir=Path(config["docs_dir"]).resolve().parent, downloads_dir=out)
    for path, value in {**generated.pages, **generated.assets}.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        if isinstance(value, Path):
            files.append(File.generated(config, path, abs_src_path=str(value)))
        else:
            files.append(File.generated(config, path, content=value))
    _state["home"] = generated.home_markdown
    _state["timings"] = {**generated.timings, "on_files": time.perf_counter() - start}
    _extend_nav(config, files)
    return files


def _extend_nav(config, files: Files) -> None:
    nav = config["nav"]
    if nav is None:
        return
    present = {v for item in nav if isinstance(item, dict) for v in item.values() if isinstance(v, str)}
    for title, path in OPTIONAL_NAV:
        if path not in present and files.get_file_from_path(path) is not None:
            nav.append({title: path})


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.file.src_uri != "index.md":
        return markdown
    if HOME_MARKER not in markdown:
        raise ValueError(f"docs/index.md must contain {HOME_MARKER} where the generated home sections go")
    return markdown.replace(HOME_MARKER, _state["home"])


def on_post_build(config) -> None:
    timings = _state.get("timings", {})
    if timings and os.environ.get("ATLAS_TIMINGS"):
        Path(os.environ["ATLAS_TIMINGS"]).write_text(
            "\n".join(f"{k}\t{v:.3f}" for k, v in timings.items()) + "\n", encoding="utf-8")
    _cleanup()


def on_shutdown() -> None:
    _cleanup()


def _cleanup() -> None:
    out = _state.pop("out", None)
    if out is not None:
        shutil.rmtree(out, ignore_errors=True)
