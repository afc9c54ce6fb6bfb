"""Frictionless-shaped errors -> Problems: the one message builder behind both engines.

Frictionless reports an error by row number (the header is row 1) and field; a person wants the physical line,
the column, the value and a fix. Both the columnar engine (columnar.py) and the Frictionless reference
(frictionless_run.py) hand their errors, frictionless' own error objects, to `task_problems`, so a message or
a hint is written once. Two frictionless habits would report one mistake twice, so we merge: a duplicate
single-field key gives `primary-key` and `unique-error` (we keep `primary-key`), and a blank row also fails
the primary key (we keep `blank-row`).
"""
from __future__ import annotations

import re

from ..problems import Problem
from . import hints
from .descriptor import Layout
from .table import Table

MAX_VALUE = 200  # characters of a cell kept in a problem's value
LABEL_ERRORS = {"incorrect-label", "missing-label", "extra-label", "blank-label", "duplicate-label"}


def task_problems(table: Table, errors) -> list[Problem]:
    """The Problems for one resource's errors, in frictionless' order, one per mistake."""
    return _merge_duplicates(table, [_map(table, e) for e in errors])


def package_problem(layout: Layout, error) -> Problem:
    return Problem(error.type, layout.descriptor_display, error.message,
                   hint=hints.GENERAL.get(error.type, hints.GENERAL["package-error"]))


def _map(table: Table, error) -> Problem:
    """One frictionless error -> one Problem with the line a person sees."""
    kind = error.type
    row_number = getattr(error, "row_number", None)
    column = getattr(error, "field_number", None)
    name = getattr(error, "field_name", None) or None
    fdef = table.field(name) if name else None
    if kind in LABEL_ERRORS:
        return Problem(kind, table.display, _label_message(table, kind, column, getattr(error, "label", None)),
                       hint=_label_hint(table, kind, column), line=1, column=column, field=name,
                       value=getattr(error, "label", None))
    if row_number is None:
        return Problem(kind, table.display, error.message, hint=hints.GENERAL.get(kind, ""))
    value = getattr(error, "cell", None)
    record = table.records[row_number - 1] if 1 <= row_number <= len(table.records) else []
    if column and column > len(record):
        value = None  # frictionless writes "None" for a cell the row does not have
    if kind == "type-error":
        hint = hints.type_hint(fdef, None if value is None else str(value))
        message = f"{name} must be {hints.type_words(fdef)}"
    elif kind == "constraint-error":
        hint = hints.constraint_hint(fdef, error.note)
        message = _constraint_message(name, value, error.note, fdef)
        if value is not None and len(str(value)) > MAX_VALUE:  # a 1 MB cell is named, not copied into the report
            value = f"{str(value)[:MAX_VALUE]}… ({len(str(value))} characters)"
    elif kind == "foreign-key":
        names = list(getattr(error, "field_names", []) or [])
        cells = [str(c) for c in (getattr(error, "field_cells", []) or [])]
        ref = getattr(error, "reference_name", "") or table.name
        ref_fields = list(getattr(error, "reference_field_names", []) or [])
        name = names[0] if len(names) == 1 else ",".join(names)
        column = table.column(names[0]) if names else None
        value = " ".join(cells)
        message = f"{name} is not a {'.'.join([ref] + ref_fields)} in {ref}.csv"
        hint = (f"Use a value that exists in the {ref} table, or add the row to {ref}.csv first "
                f"(every fact row must cite a source listed in sources.csv)." if ref == "sources" else
                f"Use a value that exists in the {ref} table, or add the row to {ref}.csv first.")
    elif kind == "primary-key":
        key = _primary_key(table)
        name = ",".join(key) or None
        column = table.column(key[0]) if len(key) == 1 else None
        row = table.rows[row_number - 2] if 2 <= row_number <= len(table.rows) + 1 else None
        value = ", ".join(row.raw.get(k, "") for k in key) if row else None
        message = f"the key ({name}) repeats {_earlier_row(table, error.note)}"
        hint = hints.GENERAL["primary-key"]
    elif kind == "unique-error":
        message = f"{name} repeats the value of {_earlier_row(table, error.note)}; it must be unique"
        hint = hints.GENERAL[kind]
    elif kind == "blank-row":
        message, hint = "the row is blank", hints.GENERAL[kind]
    elif kind in {"extra-cell", "missing-cell"}:
        count = len(table.records[row_number - 1]) if row_number <= len(table.records) else "?"
        message = f"the row has {count} cells; the header has {len(table.header)}"
        hint = hints.GENERAL[kind]
    else:
        message = error.message
        hint = hints.GENERAL.get(kind, "")
    line = table.line_of(row_number, column if kind not in {"primary-key", "blank-row"} else None)
    return Problem(kind, table.display, message, hint=hint, line=line, column=column, field=name,
                   value=None if value is None else str(value))


def _label_message(table: Table, kind: str, column: int | None, label: str | None) -> str:
    names = [f["name"] for f in table.fields]
    expected = names[column - 1] if column and 0 < column <= len(names) else None
    if kind == "incorrect-label":
        return f"header column {column} is {label!r}; the schema expects {expected!r}"
    if kind == "missing-label":
        return f"the header has no column {column}; the schema expects {expected!r}"
    if kind == "extra-label":
        return f"header column {column} ({label!r}) is not in the schema"
    if kind == "blank-label":
        return f"header column {column} has no name"
    if kind == "duplicate-label":
        return f"header column {column} ({label!r}) repeats an earlier column name"
    return f"the header does not match the schema at column {column}"


def _merge_duplicates(table: Table, problems: list[Problem]) -> list[Problem]:
    """One mistake, one problem: frictionless reports some mistakes under several ids or once per cell."""
    key = _primary_key(table)
    pk_lines = {p.line for p in problems if p.id == "primary-key"}
    blank_lines = {p.line for p in problems if p.id == "blank-row"}
    short_rows: dict[int | None, int | None] = {}
    for p in problems:
        if p.id == "missing-cell":
            short_rows.setdefault(p.line, p.column)
    kept, seen_ragged = [], set()
    for p in problems:
        if p.id == "unique-error" and p.line in pk_lines and key == [p.field]:
            continue
        if p.id == "primary-key" and p.line in blank_lines:
            continue
        if p.id in {"missing-cell", "extra-cell"}:  # one per row, at the first missing or extra cell
            if (p.id, p.line) in seen_ragged:
                continue
            seen_ragged.add((p.id, p.line))
        # a cell that is missing altogether is reported as missing-cell, not also as "required"
        if (p.id == "constraint-error" and p.value is None and p.line in short_rows
                and p.column and p.column >= short_rows[p.line]):
            continue
        kept.append(p)
    return kept


def _primary_key(table: Table) -> list[str]:
    pk = table.schema.get("primaryKey", [])
    return [pk] if isinstance(pk, str) else list(pk)


def _earlier_row(table: Table, note: str) -> str:
    """frictionless says "the same as in the row at position 2"; a person wants the line."""
    match = re.search(r"position (\d+)", note or "")
    line = table.line_of(int(match.group(1))) if match else None
    return f"the row on line {line}" if line else "an earlier row"


def _constraint_message(name: str | None, value, note: str, fdef: dict | None) -> str:
    match = re.search(r'constraint "(\w+)"', note or "")
    constraint = match.group(1) if match else "a constraint"
    if constraint in {"maxLength", "minLength"} and value is not None:
        limit = ((fdef or {}).get("constraints") or {}).get(constraint)
        bound = "at most" if constraint == "maxLength" else "at least"
        return f"{name} is {len(str(value))} characters long; it may have {bound} {limit}"
    words = {"required": "is required but empty", "enum": "is not one of the allowed values",
             "pattern": "does not match the expected pattern", "minimum": "is below the minimum",
             "maximum": "is above the maximum", "unique": "repeats a value that must be unique"}
    return f"{name} {words.get(constraint, 'breaks constraint ' + constraint)}"


def _label_hint(table: Table, kind: str, column: int | None) -> str:
    names = [f["name"] for f in table.fields]
    expected = names[column - 1] if column and 0 < column <= len(names) else None
    base = hints.GENERAL.get(kind, "")
    return f"{base} Expected {expected!r} in column {column}." if expected and kind == "incorrect-label" else base
