"""`atlas validate`: file checks, the Table Schema checks (types, keys, foreign keys) and the atlas' domain rules.

Order of work: read the descriptor without trusting its paths; check each file's bytes (missing, empty,
encoding, BOM, CRLF, header); check what can be read against its Table Schema, as Frictionless would
(columnar.py); then the domain rules on rows that parse. Every problem is collected (up to max_problems) so
one run lists everything to fix. Nothing is ever written.
"""
from __future__ import annotations

import datetime as dt
from itertools import islice
from pathlib import Path

from ..domain import clock
from ..problems import AtlasError, Problem
from .descriptor import DESCRIPTOR_NAME, Layout, ResourceSpec, load_layout
from .columnar import run_columnar
from .frictionless_run import run_frictionless, schema_problems
from .guard import guarded
from .result import ValidationResult
from .rules import Context, run_rules
from .table import Table, read_table

__all__ = ["ValidationResult", "validate_package"]


ENGINES = {"columnar": run_columnar, "frictionless": run_frictionless}


def validate_package(package_dir: Path, max_problems: int = 1000, today: dt.date | None = None,
                     engine: str = "columnar") -> ValidationResult:
    """Validate the package folder; raise AtlasError only when the descriptor itself cannot be used.

    `today` fixes the current federal fiscal year and what counts as a future date (tests pass a date; the
    CLI uses the real one). Any other exception from a check becomes an `internal-error` problem (guard.py).
    `engine` "frictionless" checks the rows with Frictionless' Package.validate, the reference the parity
    tests compare the default, column-by-column engine with (same findings, about ten times slower).
    """
    check_rows = ENGINES[engine]
    max_problems = max(1, int(max_problems))
    layout = _layout(Path(package_dir))
    problems = list(layout.problems)
    tables: dict[str, Table] = {}
    rows_checked: dict[str, int] = {}
    for spec in layout.resources:
        rows_checked[spec.name] = 0
        problems.extend(guarded(lambda spec=spec: _read_resource(spec, tables), spec.display or spec.schema_display
                                or layout.descriptor_display, f"reading resource {spec.name!r}"))
        if spec.name in tables:
            rows_checked[spec.name] = len(tables[spec.name].rows)

    limit = max_problems + 1
    problems.extend(guarded(lambda: check_rows(layout, tables, limit=limit), layout.descriptor_display,
                            "the Frictionless check of the package"))
    context = Context(tables, today or clock.today(), layout.descriptor_display)
    problems.extend(islice(run_rules(context), limit))

    problems = _sorted_unique(problems, layout)
    truncated = len(problems) > max_problems
    return ValidationResult(problems=problems[:max_problems], rows_checked=rows_checked, truncated=truncated,
                            max_problems=max_problems, descriptor_path=layout.descriptor_display)


def _layout(package_dir: Path) -> Layout:
    """load_layout, with any unforeseen exception turned into AtlasError naming the descriptor (exit 2)."""
    try:
        return load_layout(package_dir)
    except AtlasError:
        raise
    except Exception as exc:  # noqa: BLE001 - a descriptor that cannot be read must never give a traceback
        raise AtlasError(f"cannot read {package_dir / DESCRIPTOR_NAME}: {type(exc).__name__}: {exc}") from exc


def _read_resource(spec: ResourceSpec, tables: dict[str, Table]) -> list[Problem]:
    """Schema check, then file checks; the table joins `tables` only when its rows can be trusted to parse."""
    if spec.schema is None:
        return []
    bad_schema = schema_problems(spec)
    if bad_schema or spec.file is None:
        return bad_schema
    table, file_problems = read_table(spec)
    if table is not None:
        tables[spec.name] = table
    return file_problems


def _sorted_unique(problems: list[Problem], layout: Layout) -> list[Problem]:
    """In datapackage.json's order, then by line; one problem per cell and id even when two checks see it.

    A cell of the wrong type ("nan" for a number) is not also reported for breaking the field's minimum.
    """
    order = {layout.descriptor_display: 0}
    for index, spec in enumerate(layout.resources, start=1):
        order.setdefault(spec.schema_display, index)
        order.setdefault(spec.display, index)
    mistyped = {(p.path, p.line, p.column) for p in problems if p.id == "type-error"}
    unique: dict[tuple, Problem] = {}
    for p in problems:
        if p.id == "constraint-error" and (p.path, p.line, p.column) in mistyped:
            continue
        unique.setdefault((p.id, p.path, p.line, p.column, p.value, p.message if p.line is None else ""), p)
    return sorted(unique.values(), key=lambda p: (order.get(p.path, len(order)), p.path, p.line or 0, p.column or 0))
