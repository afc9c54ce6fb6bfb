"""Frictionless where the Table Schema standard is the authority: schemas, the package descriptor, and the reference
engine that walks every row.

We keep frictionless' slugs as our ids (`type-error`, `foreign-key`, ...); messages.py adds the physical line,
column, field, value and a hint. `run_frictionless` validates every row with Package.validate: slow (about 10 s
for the full-coverage package), so `atlas validate` runs the columnar engine (columnar.py) instead and keeps this
one as the reference the parity tests compare it with (`validate_package(..., engine="frictionless")`).
"""
from __future__ import annotations

import copy

from frictionless import FrictionlessException, Package, Schema

from ..problems import Problem
from . import hints
from .descriptor import Layout, ResourceSpec
from .guard import crash_problem
from .messages import package_problem, task_problems
from .structure import PACKAGE_KEYS, bad_keys
from .table import Table


def schema_problems(spec: ResourceSpec) -> list[Problem]:
    """Frictionless' own check of a Table Schema (unknown types, bad keys), before any data is read."""
    try:
        Schema.from_descriptor(copy.deepcopy(spec.schema))
    except FrictionlessException as exc:
        reasons = "; ".join(r.message for r in exc.reasons) or exc.error.message
        return [Problem("schema-error", spec.schema_display, f"the Table Schema of {spec.name!r} is not valid: {reasons}",
                        hint=hints.GENERAL["schema-error"])]
    except Exception as exc:  # noqa: BLE001 - a shape structure.py does not know yet: name the schema, no traceback
        return [crash_problem(spec.schema_display, f"Frictionless' check of the Table Schema of {spec.name!r}", exc)]
    return []


def package_descriptor(layout: Layout, tables: dict[str, Table]) -> dict | None:
    """The descriptor frictionless checks: the resources whose files were read, as datapackage.json declares them,
    minus what the file checks already reported (None when no resource is left)."""
    usable = set(tables)
    resources = []
    for res in layout.descriptor["resources"]:
        if not isinstance(res, dict) or not isinstance(res.get("name"), str) or res["name"] not in usable:
            continue
        res = copy.deepcopy(res)
        table = tables[res["name"]]
        schema = copy.deepcopy(table.schema)
        # A foreign key into a resource we could not read would flag every row; the file problem says enough.
        schema["foreignKeys"] = [fk for fk in schema.get("foreignKeys", [])
                                 if fk.get("reference", {}).get("resource", "") in usable | {""}]
        res["schema"] = schema
        res["encoding"] = "utf-8-sig"  # a BOM is reported once, by the file check
        res.setdefault("dialect", {"csv": {"delimiter": ","}})  # no sniffing: a ';' in text must not split rows
        resources.append(res)
    if not resources:
        return None
    wrong = set(bad_keys(layout.descriptor, PACKAGE_KEYS))  # already reported as package-error
    descriptor = {k: v for k, v in layout.descriptor.items() if k != "resources" and k not in wrong}
    descriptor["resources"] = resources
    return descriptor


def exception_problem(layout: Layout, exc: FrictionlessException) -> Problem:
    """Frictionless refused the package descriptor as a whole."""
    reasons = "; ".join(r.message for r in exc.reasons) or exc.error.message
    return Problem(exc.error.type, layout.descriptor_display, f"{exc.error.message} {reasons}".strip(),
                   hint=hints.GENERAL.get(exc.error.type, hints.GENERAL["package-error"]))


def run_frictionless(layout: Layout, tables: dict[str, Table], limit: int) -> list[Problem]:
    """The reference engine: Frictionless' Package.validate over every row of every readable resource."""
    descriptor = package_descriptor(layout, tables)
    if descriptor is None:
        return []
    try:
        package = Package(descriptor, basepath=str(layout.package_dir))
        report = package.validate(limit_errors=limit)
    except FrictionlessException as exc:
        return [exception_problem(layout, exc)]
    problems = [package_problem(layout, e) for e in report.errors]
    for task in report.tasks:
        table = tables.get(task.name)
        if table is not None:
            problems.extend(task_problems(table, task.errors))
    return problems
