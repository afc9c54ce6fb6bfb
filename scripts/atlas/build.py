"""`atlas build`: validate the package, then build (or serve) the site with MkDocs.

The pages come from the site generator (atlas.pages.site_files) through the one MkDocs hook. The package, the
states and the languages to build are handed to the hook in the MkDocs config's `extra` (never through
os.environ), so the package validated here is the package built. The English build then builds the Spanish
edition (mkdocs.es.yml) into site/es/ with the same settings (atlas.mkdocs_hooks).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from .paths import PACKAGE_DIR, REPO_ROOT

CONFIG = REPO_ROOT / "mkdocs.yml"


def site_extra(config_file: Path, package_dir: Path, states: str, languages: str | None = None) -> dict:
    """The config's `extra` with the package, states (and languages, when given) for the hook."""
    from mkdocs.config import load_config

    extra = dict(load_config(config_file=str(config_file))["extra"])
    extra = {**extra, "atlas_package": str(Path(package_dir).resolve()), "atlas_states": states}
    if languages is not None:
        extra["atlas_languages"] = languages
    return extra


def check_states(package_dir: Path, states: str) -> None:
    """Refuse a state code the package does not have (a typo would build a site without county pages)."""
    from .package import load_package
    from .pages.site_files import parse_states
    from .problems import AtlasError

    wanted = parse_states(states) or set()
    known = {r["usps"] for r in load_package(package_dir)["states"].rows}
    unknown = sorted(wanted - known)
    if unknown:
        raise AtlasError(f"unknown state code {', '.join(unknown)} (use the postal codes in states.csv, e.g. NC,VA)")


def build_site(package_dir: Path = PACKAGE_DIR, states: str = "", serve: bool = False,
               config_file: Path = CONFIG, languages: str | None = None) -> int:
    """Validate, then build site/ (or serve on 127.0.0.1:8000). Returns the exit code: 0 built, 1 invalid data."""
    from .validate import validate_package
    from .validate.report import render, warnings_line

    start = time.perf_counter()
    check_states(package_dir, states)
    print(f"Validating {package_dir} ...", flush=True)
    result = validate_package(package_dir)
    if not result.ok:
        sys.stderr.write(render(result, "text"))
        return 1
    if result.warnings:
        print(warnings_line(result), flush=True)
    what = f"the county pages of {states}" if states else "every page"
    print(f"Valid ({result.total_rows:,} rows). Building {what} with MkDocs ...", flush=True)
    extra = site_extra(config_file, package_dir, states, languages)
    if serve:
        from mkdocs.commands.serve import serve as mkdocs_serve

        mkdocs_serve(config_file=str(config_file), dev_addr="127.0.0.1:8000", strict=True, extra=extra,
                     watch=[str(package_dir), str(Path(__file__).resolve().parent)])
        return 0
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file), strict=True, extra=extra)
    build(config)
    others = [v.strip() for v in str(extra.get("atlas_languages") or "").split(",") if v.strip() not in ("", "en")]
    where = config.site_dir + "".join(f" and {Path(config.site_dir) / lang}" for lang in others)
    print(f"Built {what} into {where} in {time.perf_counter() - start:.0f} s.", flush=True)
    return 0
