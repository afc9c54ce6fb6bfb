"""The one command-line entry point, `atlas`. Thin: parse arguments, call the package, print, exit.

Exit codes (all commands):
  0  success (for `validate`: the package is valid)
  1  the data has problems (for `validate`: one or more errors; for `diff --fail-on-callouts`: call-outs)
  2  the command cannot run (missing file, unreadable descriptor, bad arguments)
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from .paths import find_package
from .problems import AtlasError

EXIT_OK, EXIT_INVALID, EXIT_CANNOT_RUN = 0, 1, 2


class CannotRun(click.ClickException):
    """A domain error (AtlasError) at the command line: printed as `error: ...`, exit code 2."""

    exit_code = EXIT_CANNOT_RUN

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


class AtlasGroup(click.Group):
    """Every command's AtlasError becomes CannotRun, so no command repeats the try/except."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AtlasError as err:
            raise CannotRun(str(err)) from err


def with_package(positional: bool = False):
    """The package a command works on: `--package PATH` (and, for validate and build, an optional positional
    PATH), else discovered from the current folder (atlas.paths.find_package). Declared once, here."""
    def decorate(command):
        @functools.wraps(command)  # keeps the command's name, help and the click options declared below it
        def wrapper(*args, package_arg=None, package_dir=None, **kwargs):
            kwargs["package_dir"] = find_package(package_arg or package_dir)
            return command(*args, **kwargs)
        wrapper.__click_params__ = list(getattr(command, "__click_params__", []))
        wrapper = click.option("--package", "package_dir", type=click.Path(path_type=Path), default=None,
                               help="Folder holding datapackage.json (default: ./datapackage or ./).")(wrapper)
        if positional:
            wrapper = click.argument("package_arg", metavar="[PATH]", required=False,
                                     type=click.Path(path_type=Path))(wrapper)
        return wrapper
    return decorate


@click.group(cls=AtlasGroup, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """ICE Cooperation Atlas: validate, import, build, export and diff the data package.

    Every command works on the package in front of it: PATH or --package, else ./datapackage/ (or
    ./datapackage.json) in the current folder.
    """


@cli.command()
@with_package(positional=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="text for people, json for programs, github for workflow annotations.")
@click.option("--max-problems", type=int, default=1000, show_default=True, help="Stop listing after this many problems.")
@click.option("--show-warnings", "--verbose", "-v", "show_warnings", is_flag=True,
              help="List every warning (by default the text report lists errors and sums warnings up in one line).")
@click.option("--engine", type=click.Choice(["columnar", "frictionless"]), default="columnar", hidden=True,
              help="frictionless: check the rows with Frictionless' Package.validate (the slow reference).")
def validate(package_dir: Path, fmt: str, max_problems: int, show_warnings: bool, engine: str) -> None:
    """Validate the whole package: Table Schemas (types, keys, foreign keys) and the atlas' domain rules.

    Errors come first, one per line (`file:line:column: error: id: message`); warnings never fail a run and
    are summed up in one line unless --show-warnings. Never writes to the data. Exit 0 valid, 1 invalid,
    2 cannot run.

    \b
    Example:
      atlas validate
      atlas validate --show-warnings
      atlas validate path/to/copy --format github
    """
    from .validate import validate_package
    from .validate.report import render

    result = validate_package(package_dir, max_problems=max_problems, engine=engine)
    click.echo(render(result, fmt, show_warnings=show_warnings), nl=False)
    sys.exit(EXIT_OK if result.ok else EXIT_INVALID)


@cli.group(name="import", cls=AtlasGroup)
def import_() -> None:
    """Import an upstream source into the package (one sub-command per source)."""


@import_.command(name="ice-287g")
@click.argument("sheets", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as-of", "as_of", multiple=True, help="Snapshot date for a sheet whose file name has none: FILE=YYYY-MM-DD.")
@with_package()
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
@with_package()
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
def import_ice_287g_stats(file: Path, roster: Path | None, package_dir: Path, as_json: bool) -> None:
    """Import ICE's FOIA 287(g) identifications and removals (FY2006-FY2013) into enforcement_stats.

    \b
    Example:
      atlas import ice-287g-stats ../shared/sources/ddp-ice-287g/pre2018-ice-removals-long.csv
    """
    from .importers import ice_287g_stats

    _run_import(lambda: ice_287g_stats.run(file, package_dir=package_dir, roster=roster), as_json)


@import_.command(name="ice-287g-roster")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_package()
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
def import_ice_287g_roster(file: Path, package_dir: Path, as_json: bool) -> None:
    """Import ICE's 287(g) roster as captured 2011-2017 (pre2018-roster-long.csv) into agreements_287g.

    \b
    Example:
      atlas import ice-287g-roster ../shared/sources/ddp-ice-287g/pre2018-roster-long.csv
    """
    from .importers import ice_287g_roster

    _run_import(lambda: ice_287g_roster.run(file, package_dir=package_dir), as_json)


@import_.command(name="ice-detention")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_package()
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
def import_ice_detention(files: tuple[Path, ...], package_dir: Path, as_json: bool) -> None:
    """Import ICE's detention-facility spreadsheets into detention_facilities, detention_facility_years and
    detention_county_stats. Give every file at once: the import rewrites those three tables.

    \b
    Example:
      atlas import ice-detention ../shared/sources/ice-detention/*.xlsx
    """
    from .importers import ice_detention

    _run_import(lambda: ice_detention.run(list(files), package_dir=package_dir), as_json)


@import_.command(name="pa-detainers")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_package()
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
def import_pa_detainers(file: Path, package_dir: Path, as_json: bool) -> None:
    """Import ICE detainer records for Pennsylvania (FY2008-FY2015) as county x fiscal-year counts in
    enforcement_stats, with the facilities in detainer_facilities.

    \b
    Example:
      atlas import pa-detainers ../shared/sources/pa-detainers-eads/pa_detainers.csv
    """
    from .importers import pa_detainers

    _run_import(lambda: pa_detainers.run(file, package_dir=package_dir), as_json)


def _run_import(call, as_json: bool) -> None:
    report = call()
    click.echo(report.to_json() if as_json else report.to_text())
    sys.exit(EXIT_OK if report.ok else EXIT_INVALID)


@cli.command()
@with_package(positional=True)
@click.option("--states", default="", help="Only build county pages of these states (USPS codes, comma-separated).")
@click.option("--serve", is_flag=True, help="Serve the site on 127.0.0.1:8000 and rebuild on change.")
@click.option("--languages", default="en,es", show_default=True,
              help="The site's languages: English in site/, Spanish in site/es/ (mkdocs.es.yml). 'en' builds English only.")
def build(package_dir: Path, states: str, serve: bool, languages: str) -> None:
    """Validate the package and build the static site into site/ with MkDocs, and its Spanish edition
    into site/es/.

    \b
    Example:
      atlas build
      atlas build --states NC --serve
      atlas build --states NC --languages en
    """
    from .build import build_site

    sys.exit(build_site(package_dir, states=states, serve=serve, languages=languages))


@cli.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@with_package()
def export(out_dir: Path, package_dir: Path) -> None:
    """Write every download (CSV, JSON, zip, SQLite, XLSX, Parquet, checksums, catalogues) into OUT_DIR.

    \b
    Example:
      atlas export site/downloads
    """
    from .export import export_all

    written = export_all(package_dir, out_dir)
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
      atlas diff v0.1.0 --format json
    """
    from .diff import diff_packages, render_diff

    result = diff_packages(base, head)
    click.echo(render_diff(result, fmt))
    sys.exit(EXIT_INVALID if (fail_on_callouts and result.callouts) else EXIT_OK)


@cli.command()
@click.argument("version")
@with_package()
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing, tag nothing.")
def release(version: str, package_dir: Path, dry_run: bool) -> None:
    """Cut release VERSION: validate, set the version in datapackage.json and CITATION.cff, date the
    CHANGELOG entry, commit and tag vVERSION (what `atlas diff` and citations refer to).

    \b
    Example:
      atlas release 0.2.0 --dry-run
      atlas release 0.2.0 && git push --follow-tags
    """
    from . import git
    from .cut_release import apply_release, check_repository, plan_release
    from .validate import validate_package

    project = Path(git.required(package_dir, "rev-parse", "--show-toplevel").strip())
    plan = plan_release(project, package_dir, version)
    if not dry_run:
        check_repository(project, plan.tag)
    result = validate_package(package_dir)
    if not result.ok:
        click.echo(f"not released: the data has {len(result.errors)} errors; run `atlas validate`", err=True)
        sys.exit(EXIT_INVALID)
    for path in plan.files:
        click.echo(f"{'would update' if dry_run else 'updated'} {path.relative_to(project)}")
    if dry_run:
        click.echo(f"would commit 'Release {plan.version}' and tag {plan.tag}")
        return
    apply_release(project, plan)
    click.echo(f"released {plan.version}: committed and tagged {plan.tag}; push with `git push --follow-tags`")


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
