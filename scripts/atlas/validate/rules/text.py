"""Free text must be safe to open in a spreadsheet and to show on the site; review flags are counted."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ...problems import Problem
from ..table import Table
from .base import Context, cell_problem

FORMULA_START = ("=", "+", "-", "@")
HTML_TAG = re.compile(r"<[a-zA-Z/!]")


def free_text_fields(table: Table) -> list[str]:
    """String fields a person writes freely: no pattern, no enum, not a URI and not a key (from the schema)."""
    keyed = set()
    pk = table.schema.get("primaryKey", [])
    keyed.update([pk] if isinstance(pk, str) else pk)
    for fk in table.schema.get("foreignKeys", []):
        fields = fk.get("fields", [])
        keyed.update([fields] if isinstance(fields, str) else fields)
    names = []
    for f in table.fields:
        constraints = f.get("constraints", {}) or {}
        if (f.get("type", "string") == "string" and "pattern" not in constraints and "enum" not in constraints
                and f.get("format") != "uri" and f["name"] not in keyed):
            names.append(f["name"])
    return names


def free_text_cells(ctx: Context):
    """Every (table, row, field, value) of a free-text field, in file order."""
    for table in ctx.tables.values():
        fields = free_text_fields(table)
        for row in table.rows:
            for name in fields:
                yield table, row, name, row.raw.get(name, "")


def formula_injection(ctx: Context) -> Iterator[Problem]:
    """A spreadsheet would run a cell that starts with = + - @ as a formula when someone opens a download."""
    for table, row, name, value in free_text_cells(ctx):
        if value.startswith(FORMULA_START):
            yield cell_problem(table, row, "formula-injection", name,
                               f"{name} starts with {value[0]!r}, which spreadsheets treat as a formula",
                               "Reword so the text starts with a letter or digit (write 'minus 5' or "
                               "'about 5', not '-5'); drop a leading '='.")


def html_in_text(ctx: Context) -> Iterator[Problem]:
    for table, row, name, value in free_text_cells(ctx):
        match = HTML_TAG.search(value)
        if match:
            yield cell_problem(table, row, "html-in-text", name,
                               f"{name} contains what looks like an HTML tag ({value[match.start():match.start() + 12]!r})",
                               "Write plain text: no HTML tags. Put a link in the source's url instead; "
                               "write 'less than' rather than '<' before a letter.")


def review_flag_set(ctx: Context) -> Iterator[Problem]:
    """Flagged rows are kept on purpose (never dropped); count them as a warning so they get reviewed."""
    for table in ctx.tables.values():
        if table.field("review_flag") is None:
            continue
        flagged = [r for r in table.rows if r.raw.get("review_flag")]
        if flagged:
            yield Problem("review-flag-set", table.display,
                          f"{len(flagged)} of {len(table.rows)} rows carry a review_flag (first on line {flagged[0].line})",
                          hint="Not an error: check these rows against their sources and clear review_flag when done.",
                          line=flagged[0].line, column=table.column("review_flag"), field="review_flag",
                          value=flagged[0].raw.get("review_flag"), severity="warning")
