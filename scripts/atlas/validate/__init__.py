"""`atlas validate`: file checks, frictionless (schemas, keys, foreign keys) and the atlas' domain rules.

Order of work: read the descriptor without trusting its paths; check each file's bytes (missing, empty,
encoding, BOM, CRLF, header); run frictionless on what can be read; then the domain rules on rows that
parse. Every problem is collected (up to max_problems) so one run lists everything to fix.
Nothing is ever written.
"""
from __future__ import annotations

import datetime as dt
from itertools import islice
from pathlib import Path

from .descriptor import load_layout
from .frictionless_run import run_frictionless, schema_problems
from .result import ValidationResult
from .rules import Context, run_rules
from .table import Table, read_table

__all__ = ["ValidationResult", "validate_package"]


def validate_package(package_dir: Path, max_problems: int = 1000, today: dt.date | None = None) -> ValidationResult:
    """Validate the package folder; raise AtlasError only when the descriptor itself cannot be used.

    `today` fixes the current federal fiscal year (tests pass a date; the CLI uses the real one).
    """
    max_problems = max(1, int(max_problems))
    layout = load_layout(Path(package_dir))
    problems = list(layout.problems)
    tables: dict[str, Table] = {}
    rows_checked: dict[str, int] = {}
    for spec in layout.resources:
        rows_checked[spec.name] = 0
        if spec.schema is None:
            continue
        bad_schema = schema_problems(spec)
        problems.extend(bad_schema)
        if bad_schema or spec.file is None:
            continue
        table, file_problems = read_table(spec)
        problems.extend(file_problems)
        if table is not None:
            tables[spec.name] = table
            rows_checked[spec.name] = len(table.rows)

    limit = max_problems + 1
    problems.extend(run_frictionless(layout, tables, limit=limit))
    problems.extend(islice(run_rules(Context(tables, today or dt.date.today())), limit))

    order = {layout.descriptor_display: 0}
    for index, spec in enumerate(layout.resources, start=1):
        order.setdefault(spec.schema_display, index)
        order.setdefault(spec.display, index)
    problems.sort(key=lambda p: (order.get(p.path, len(order)), p.path, p.line or 0, p.column or 0))
    truncated = len(problems) > max_problems
    return ValidationResult(problems=problems[:max_problems], rows_checked=rows_checked, truncated=truncated,
                            max_problems=max_problems, descriptor_path=layout.descriptor_display)
