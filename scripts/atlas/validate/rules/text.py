"""Free text must be safe to open in a spreadsheet and to show on the site; review flags are counted."""
from __future__ import annotations

import re
from collections.abc import Iterator

from ...problems import Problem
from ..structure import anchored
from ..table import Table
from .base import Context, cell_problem, cells_where

# A spreadsheet runs a cell that starts with one of these as a formula, also after leading whitespace (Excel and
# LibreOffice skip it) and in the full-width forms some East Asian Excel locales accept.
FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
HTML_TAG = re.compile(r"<[a-zA-Z/!?]")
# Markdown and attribute syntax the site's renderer would turn into a link, an image or an attribute, and
# links that run code. A `data:` word followed by a space ("source data: ICE") is plain prose.
MARKUP = [
    (re.compile(r"\b(?:javascript|vbscript)\s*:|\bdata:\S", re.IGNORECASE), "a javascript:, vbscript: or data: link"),
    (re.compile(r"\]\s*\("), "a Markdown link or image, ](…)"),
    (re.compile(r"\{:"), "a Markdown attribute list, {:…}"),
]


def free_text_fields(table: Table) -> list[str]:
    """String fields whose values people write: not an enum and not a URI, date or other format (from the schema).

    Keys and fields with a pattern are included: a strict pattern (`[a-z0-9-]+`) forbids markup anyway, and a
    permissive one (`.*`) must not switch the checks off. Cells that break their pattern are left to Frictionless.
    """
    names = []
    for f in table.fields:
        constraints = f.get("constraints") or {}
        if f.get("type", "string") == "string" and "enum" not in constraints and f.get("format", "default") == "default":
            names.append(f["name"])
    return names


def free_text_cells(ctx: Context, test=lambda value: True):
    """Every (table, row, field, value, what `test` returned) of a free-text field that matches its pattern and
    passes `test`, in file order; `test` runs once per distinct value (base.cells_where)."""
    for table in ctx.tables.values():
        fields = free_text_fields(table)
        patterns = {name: _pattern(table, name) for name in fields}

        def free_text(name: str, value: str):
            return value and (patterns[name] is None or patterns[name].match(value)) and test(value)

        for row, name, value, found in cells_where(table, fields, free_text):
            yield table, row, name, value, found


def _pattern(table: Table, name: str) -> re.Pattern | None:
    pattern = ((table.field(name) or {}).get("constraints") or {}).get("pattern")
    return re.compile(anchored(pattern)) if pattern else None


def formula_start(value: str) -> str | None:
    """The character a spreadsheet would start a formula with, or None for safe text."""
    stripped = value.lstrip()
    if stripped[:1] and stripped[0] in FORMULA_START:
        return stripped[0]
    # older Excel versions run what follows a leading tab or carriage return
    return value[0] if value[:1] in ("\t", "\r") else None


def formula_injection(ctx: Context) -> Iterator[Problem]:
    """A spreadsheet would run a cell that starts with = + - @ as a formula when someone opens a download."""
    for table, row, name, value, start in free_text_cells(ctx, formula_start):
        after = " after leading whitespace" if value[0] != start else ""
        yield cell_problem(table, row, "formula-injection", name,
                           f"{name} starts with {start!r}{after}, which spreadsheets treat as a formula",
                           "Reword so the text starts with a letter or digit (write 'minus 5' or "
                           "'about 5', not '-5'); drop a leading '=' and any spaces or tabs before it.")


def html_in_text(ctx: Context) -> Iterator[Problem]:
    for table, row, name, value, match in free_text_cells(ctx, HTML_TAG.search):
        yield cell_problem(table, row, "html-in-text", name,
                           f"{name} contains what looks like an HTML tag ({value[match.start():match.start() + 12]!r})",
                           "Write plain text: no HTML tags. Put a link in the source's url instead; "
                           "write 'less than' rather than '<' before a letter.")


def _markup(value: str):
    """(the first MARKUP match, what it is), or None."""
    for pattern, what in MARKUP:
        match = pattern.search(value)
        if match:
            return match, what
    return None


def markup_in_text(ctx: Context) -> Iterator[Problem]:
    """Markdown or a script link in free text could become a link, an image or code on the site."""
    for table, row, name, value, (match, what) in free_text_cells(ctx, _markup):
        yield cell_problem(table, row, "markup-in-text", name,
                           f"{name} contains {what} ({value[match.start():match.start() + 16]!r})",
                           "Write plain text: put links in the source's url, not in the text, and "
                           "reword brackets or braces (for example 'see the source (WBTV)').")


def review_flag_set(ctx: Context) -> Iterator[Problem]:
    """Flagged rows are kept on purpose (never dropped); count them as a warning so they get reviewed."""
    for table in ctx.tables.values():
        if table.field("review_flag") is None:
            continue
        column = table.raw_column("review_flag")
        flagged = column.rows_with(code for code, flag in enumerate(column.distinct) if flag) if column else []
        if flagged:
            first = table.rows[flagged[0]]
            yield Problem("review-flag-set", table.display,
                          f"{len(flagged)} of {len(table.rows)} rows carry a review_flag (first on line {first.line})",
                          hint="Not an error: check these rows against their sources and clear review_flag when done.",
                          line=first.line, column=table.column("review_flag"), field="review_flag",
                          value=first.raw.get("review_flag"), severity="warning")
