"""MkDocs hooks: add the atlas' generated pages and assets as MkDocs files (nothing generated is committed).

Glue only: atlas.pages.site_files builds everything. Environment:
  ATLAS_STATES       only build county pages of these states ("NC,VA"); empty = all (make serve STATES=NC)
  ATLAS_PACKAGE_DIR  the data package to read (default: the repository's datapackage/; tests use fixtures)
Nav entries for pages other hooks or engineers add (downloads, changelog, validation, contributing) are
added only when the page exists, so `mkdocs build --strict` passes before they do.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from atlas.pages.guide import site_guide
from atlas.pages.site_files import parse_states, generate_site_files
from atlas.paths import site_package_dir

HOME_MARKER = "<!-- atlas:home -->"
# (nav title, page) added to the nav only if the page exists; the order is the nav's.
OPTIONAL_NAV = [
    ("Validation", "validation.md"),
    ("Downloads", "downloads/index.md"),
    ("Changelog", "changelog.md"),
    ("Contributing", "contributing.md"),
]
_state: dict = {}



@event_priority(-100)  # after the downloads hook has added downloads/index.md
def on_files(files: Files, config) -> Files:
    start = time.perf_counter()
    has_downloads = files.get_file_from_path("downloads/index.md") is not None
    generated = generate_site_files(site_package_dir(), parse_states(os.environ.get("ATLAS_STATES")),
                                    repository=config["extra"].get("repository", ""), has_downloads=has_downloads)
    for path, text in generated.pages.items():
        files.append(File.generated(config, path, content=text))
    for path, value in generated.assets.items():
        if isinstance(value, Path):
            files.append(File.generated(config, path, abs_src_path=str(value)))
        else:
            files.append(File.generated(config, path, content=value))
    # CONTRIBUTING.md sits beside docs/, wherever the config file is (bench/site.py writes its own config).
    guide = Path(config["docs_dir"]).resolve().parent / "CONTRIBUTING.md"
    if guide.is_file():
        files.append(File.generated(config, "contributing.md", content=site_guide(guide.read_text(encoding="utf-8"))))
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
