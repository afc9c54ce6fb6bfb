"""Zensical check: the site generator's pages, built by Zensical instead of MkDocs (no hooks; the same files).

Material for MkDocs prints an end-of-life notice for 2027; Zensical is its successor. The generator does not
depend on MkDocs, so this script hands Zensical exactly the pages and assets `generate_site` makes (as
bench/site.py's bare build does), with the repository's mkdocs.yml minus its hook, and prints what worked:
exit code, seconds, pages built, and whether the pages a reader needs came out (county, state, dataset,
home map, the CSP meta from overrides/). Zensical is installed in its own venv under bench/out/ (git-ignored),
so it never touches the project's environment.

    .venv/bin/python bench/zensical.py                 # every state
    .venv/bin/python bench/zensical.py --states NC     # quicker
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

from benchlib import site_bench  # bench/ is the script's folder, first on sys.path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
# zensical 0.1.x needs zensical-ui, which PyPI does not serve here; 0.0.x installs alone.
ZENSICAL = "zensical<0.1"


def zensical_venv(where: Path) -> Path:
    """A venv with Zensical (created once), returning its `zensical` command."""
    exe = where / "bin" / "zensical"
    if not exe.exists():
        venv.create(where, with_pip=True)
        subprocess.run([str(where / "bin" / "pip"), "install", "-q", ZENSICAL], check=True)
    return exe


def bare_docs(package: Path, dest: Path, states: set[str] | None) -> Path:
    return site_bench().bare_docs(package, dest, states)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--states", default="", help="Only these states' county pages (USPS codes, comma-separated).")
    parser.add_argument("--package", type=Path, default=REPO / "datapackage")
    parser.add_argument("--out", type=Path, default=OUT / "zensical")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "scripts"))

    exe = zensical_venv(OUT / "zensical-venv")
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True).stdout.strip()
    states = set(args.states.upper().split(",")) if args.states else None
    config = bare_docs(args.package, args.out / "project", states)
    # Zensical 0.0.x panics on absolute docs_dir/custom_dir paths: relative ones, with overrides/ copied beside.
    shutil.copytree(REPO / "overrides", config.parent / "overrides", dirs_exist_ok=True)
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(f"docs_dir: {config.parent / 'docs'}", "docs_dir: docs")
                      .replace(f"custom_dir: {REPO / 'overrides'}", "custom_dir: overrides"), encoding="utf-8")
    site = args.out / "project" / "site"
    start = time.perf_counter()
    result = subprocess.run([str(exe), "build", "-f", str(config), "--clean"], cwd=config.parent,
                            capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - start
    pages = sorted(site.rglob("*.html")) if site.is_dir() else []
    print(f"zensical {version}: exit {result.returncode} in {seconds:.1f} s; {len(pages)} HTML pages")
    warnings = [line for line in (result.stdout + result.stderr).splitlines() if "warn" in line.lower()]
    print(f"warnings: {len(warnings)}" + "".join(f"\n  {w[:160]}" for w in warnings[:10]))
    checks = {
        "county page (Mecklenburg NC)": site / "counties" / "37119" / "index.html",
        "state page (NC)": site / "states" / "nc" / "index.html",
        "dataset page": site / "datasets" / "agreements_287g" / "index.html",
        "home page": site / "index.html",
    }
    for label, path in checks.items():
        html = path.read_text(encoding="utf-8") if path.is_file() else ""
        found = [what for what, needle in (("built", "<html"), ("chart spec", "atlas-spec"),
                                           ("CSP meta (overrides/)", "Content-Security-Policy"),
                                           ("atlas.js", "assets/atlas/atlas.js")) if needle in html]
        print(f"{label}: {', '.join(found) if found else 'MISSING'}")
    if result.returncode:
        print((result.stderr or result.stdout)[-2000:])
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
