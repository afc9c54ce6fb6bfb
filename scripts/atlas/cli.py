"""The one command-line entry point, `atlas`. Thin: parse arguments, call the package, print, exit.

Exit codes (all commands):
  0  success (for `validate`: the package is valid)
  1  the data has problems (for `validate`: one or more errors; for `diff --fail-on-callouts`: call-outs)
  2  the command cannot run (missing file, unreadable descriptor, bad arguments)
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .paths import PACKAGE_DIR
from .problems import AtlasError

EXIT_OK, EXIT_INVALID, EXIT_CANNOT_RUN = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """ICE Cooperation Atlas: validate, import, build, export and diff the data package."""


@cli.command()
@click.option("--package", "package_dir", type=click.Path(path_type=Path), default=PACKAGE_DIR, show_default=True,
              help="Folder holding datapackage.json.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text for people, json for programs, github for workflow annotations.")
@click.option("--max-problems", type=int, default=1000, show_default=True, help="Stop listing after this many problems.")
def validate(package_dir: Path, fmt: str, max_problems: int) -> None:
    """Validate the whole package: Table Schemas (types, keys, foreign keys) and the atlas' domain rules.

    Never writes to the data. Exit 0 valid, 1 invalid, 2 cannot run.

    \b
    Example:
      atlas validate
      atlas validate --format github
    """
    from .validate import validate_package
    from .validate.report import render

    try:
        result = validate_package(package_dir, max_problems=max_problems)
    except AtlasError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    click.echo(render(result, fmt), nl=False)
    sys.exit(EXIT_OK if result.ok else EXIT_INVALID)


@cli.group(name="import")
def import_() -> None:
    """Import an upstream source into the package (one sub-command per source)."""


@import_.command(name="ice-287g")
@click.argument("sheets", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as-of", "as_of", multiple=True, help="Snapshot date for a sheet whose file name has none: FILE=YYYY-MM-DD.")
@click.option("--package", "package_dir", type=click.Path(path_type=Path), default=PACKAGE_DIR, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
def import_ice_287g(sheets: tuple[Path, ...], as_of: tuple[str, ...], package_dir: Path, as_json: bool) -> None:
    """Import ICE's 287(g) participating and pending agency spreadsheets into agreements_287g.

    \b
    Example:
      atlas import ice-287g ../shared/sources/ice-287g-sheets/*.xlsx
    """
    from .importers import ice_287g

    _run_import(lambda: ice_287g.run(list(sheets), package_dir=package_dir, as_of=list(as_of)), as_json)


@import_.command(name="ice-287g-stats")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--roster", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="ICE roster captures 2010-2017 (pre2018-roster-long.csv) to extend agreement history.")
@click.option("--package", "package_dir", type=click.Path(path_type=Path), default=PACKAGE_DIR, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
def import_ice_287g_stats(file: Path, roster: Path | None, package_dir: Path, as_json: bool) -> None:
    """Import ICE's FOIA 287(g) identifications and removals (FY2006-FY2013) into enforcement_stats.

    \b
    Example:
      atlas import ice-287g-stats ../shared/sources/ddp-ice-287g/pre2018-ice-removals-long.csv
    """
    from .importers import ice_287g_stats

    _run_import(lambda: ice_287g_stats.run(file, package_dir=package_dir, roster=roster), as_json)


def _run_import(call, as_json: bool) -> None:
    try:
        report = call()
    except AtlasError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    click.echo(report.to_json() if as_json else report.to_text())
    sys.exit(EXIT_OK if report.ok else EXIT_INVALID)


@cli.command()
@click.option("--states", default="", help="Only build county pages of these states (USPS codes, comma-separated).")
@click.option("--serve", is_flag=True, help="Serve the site on 127.0.0.1:8000 and rebuild on change.")
def build(states: str, serve: bool) -> None:
    """Validate the package and build the static site into site/ with MkDocs.

    \b
    Example:
      atlas build
      atlas build --states NC --serve
    """
    from .build import build_site

    try:
        sys.exit(build_site(states=states, serve=serve))
    except AtlasError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(EXIT_CANNOT_RUN)


@cli.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--package", "package_dir", type=click.Path(path_type=Path), default=PACKAGE_DIR, show_default=True)
def export(out_dir: Path, package_dir: Path) -> None:
    """Write every download (CSV, JSON, zip, SQLite, XLSX, Parquet, checksums, catalogues) into OUT_DIR.

    \b
    Example:
      atlas export site/downloads
    """
    from .export import export_all

    try:
        written = export_all(package_dir, out_dir)
    except AtlasError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    click.echo(f"wrote {len(written)} files to {out_dir}")


@cli.command()
@click.argument("base")
@click.argument("head", required=False, default=None)
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
@click.option("--fail-on-callouts", is_flag=True, help="Exit 1 when the diff has call-outs for the reviewer.")
def diff(base: str, head: str | None, fmt: str, fail_on_callouts: bool) -> None:
    """Compare two versions of the package by primary key: rows added, removed, changed; schema changes.

    BASE and HEAD are package folders or git revisions; HEAD defaults to the working tree.

    \b
    Example:
      atlas diff origin/main
      atlas diff v0.1.0 v0.2.0 --format json
    """
    from .diff import diff_packages, render_diff

    try:
        result = diff_packages(base, head)
    except AtlasError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    click.echo(render_diff(result, fmt))
    sys.exit(EXIT_INVALID if (fail_on_callouts and result.callouts) else EXIT_OK)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
