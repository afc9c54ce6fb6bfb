"""The row checks of `atlas validate`, column by column, with the findings Frictionless' Package.validate reports.

Frictionless stays the authority on what the Table Schema means. It checks the descriptor, opens each file and
checks its header: Package.validate on the first data row of each file, foreign keys aside (the probe). Its own
cell readers decide, once per distinct value of a column, whether a value has the field's type and meets its
constraints. What Package.validate would then do row by row (every cell, unique values, primary and foreign
keys) is done per column (columns.py, keys.py), and only the rows that fail become frictionless' own error
objects again, in frictionless' order and up to its error limit, for the one message builder (messages.py).

Whatever this engine does not model (a CSV dialect frictionless sniffs differently, hash or byte counts,
fieldsMatch, a field type whose values cannot be compared, a descriptor frictionless refuses) sends the whole
package to the reference engine, frictionless_run.run_frictionless: the findings never depend on the path.
tests/validate/test_columnar_parity.py compares the two.
"""
from __future__ import annotations

import copy
import csv

from frictionless import FrictionlessException, Package, Schema

from ..problems import Problem
from .descriptor import Layout
from .frictionless_run import package_descriptor, run_frictionless
from .messages import LABEL_ERRORS, task_problems
from .rows import FieldCells, Plan, RowChecks
from .table import Table

# What the engine models; anything else goes to the reference engine.
RESOURCE_KEYS = {"name", "path", "title", "description", "format", "mediatype", "encoding", "profile", "licenses",
                 "sources", "schema", "scheme", "compression", "dialect"}
SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys", "missingValues", "title", "description", "name"}
FIELD_TYPES = {"any", "string", "integer", "number", "boolean", "date", "datetime", "time", "year", "yearmonth"}
DIALECT = {"csv": {"delimiter": ","}}  # as package_descriptor sets it
PROBE_WARNING = "reached row limit: 1"


def run_columnar(layout: Layout, tables: dict[str, Table], limit: int) -> list[Problem]:
    """The problems run_frictionless(layout, tables, limit) would report, found column by column."""
    descriptor = package_descriptor(layout, tables)
    if descriptor is None:
        return []
    probe = copy.deepcopy(descriptor)
    for res in probe["resources"]:
        res["schema"]["foreignKeys"] = []  # opening a file with foreign keys reads every file they point at
    try:
        package = Package(probe, basepath=str(layout.package_dir))
        report = package.validate(limit_errors=limit, limit_rows=1)
    except FrictionlessException:
        return run_frictionless(layout, tables, limit)
    if report.errors or len(report.tasks) != len(descriptor["resources"]):
        return run_frictionless(layout, tables, limit)
    plans = []
    for task, res in zip(report.tasks, descriptor["resources"]):
        plan = _plan(task, package.get_resource(task.name), tables.get(task.name), res)
        if plan is None:
            return run_frictionless(layout, tables, limit)
        plans.append(plan)
    by_name = {plan.table.name: plan for plan in plans}
    lookups: dict[tuple[str, tuple[str, ...]], set[tuple]] = {}
    problems = []
    for plan in plans:
        problems.extend(task_problems(plan.table, _errors(plan, by_name, lookups, limit)))
    return problems


def _plan(task, resource, table: Table | None, res: dict) -> Plan | None:
    """How to check one resource column by column, or None when only frictionless itself can."""
    if table is None or task.name != table.name or set(res) - RESOURCE_KEYS or res.get("dialect") != DIALECT:
        return None
    if set(res["schema"]) - SCHEMA_KEYS or any(w != PROBE_WARNING for w in task.warnings):
        return None
    header_errors = [e for e in task.errors if getattr(e, "row_number", None) is None]
    if any(e.type not in LABEL_ERRORS for e in header_errors) or not _default_dialect(resource):
        return None
    expected = resource.header.get_expected_fields()
    if len(expected) != len(table.header) or len(resource.labels) != len(table.header):
        return None
    if any(f.type not in FIELD_TYPES for f in expected):
        return None
    cells = [FieldCells(f.name, column, f.create_cell_reader()).read() for f, column in zip(expected, table.columns)]
    try:
        # the keys as frictionless reads them (a single name becomes a list); schema_problems checked the schema
        schema = Schema.from_descriptor(copy.deepcopy(res["schema"]), allow_invalid=True)
    except FrictionlessException:
        return None
    plan = Plan(table, header_errors, cells, list(schema.primary_key), list(schema.foreign_keys))
    plan.unique = [i for i, f in enumerate(expected) if f.constraints.get("unique")]
    return plan


def _default_dialect(resource) -> bool:
    """True when the CSV dialect frictionless sniffed reads like the csv module's default (atlas.records)."""
    control = resource.dialect.get_control("csv").to_python()
    default = csv.excel()
    return (control.delimiter == default.delimiter and control.quotechar == default.quotechar
            and control.doublequote is True and control.escapechar in (None, "")
            and control.skipinitialspace is False and control.quoting == default.quoting
            and not resource.dialect.comment_char and not resource.dialect.comment_rows
            and resource.dialect.header and resource.dialect.header_rows == [1]
            and resource.dialect.header_case and not resource.dialect.skip_blank_rows)


def _errors(plan: Plan, plans: dict[str, Plan], lookups: dict, limit: int) -> list:
    """Frictionless' errors for one resource: the header's, then each failing row's, up to `limit`."""
    found = list(plan.header_errors)
    if plan.table.row_count and limit and len(found) >= limit:
        return found[:limit]
    checks = RowChecks(plan, plans, lookups)
    for row in checks.rows():
        found.extend(checks.errors(row))
        if limit and len(found) >= limit:
            return found[:limit]
    return found
