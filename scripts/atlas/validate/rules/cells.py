"""Every cell, whatever its field: no invisible control characters, and numbers and dates written one way only.

Frictionless casts with Python's int(), float() and strptime(), which accept `1_000`, ` 12 `, `nan`, `inf` and
`2018-1-5`. Other CSV readers (spreadsheets, R, databases) read those differently or not at all, so a cell
must be written the one way every reader agrees on. These are reported as `type-error`, like the cells
Frictionless refuses itself (the same cell is never reported twice).
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ...problems import Problem
from .. import hints
from ...records import STRICT_SYNTAX
from .base import Context, cell_problem, cells_where

# C0 controls except tab and newline (a carriage return is reported once per file as crlf-line-endings),
# DEL, C1 controls, and the Unicode bidirectional embeddings, overrides and isolates that reorder how
# text is shown ("Trojan Source").
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# A field may declare its own number syntax (a group separator, currency signs); then it is frictionless' to check.
_NUMBER_OPTIONS = {"groupChar", "decimalChar", "bareNumber"}


def control_characters(ctx: Context) -> Iterator[Problem]:
    """A NUL, an escape or a bidi override is invisible in an editor and breaks or disguises the text elsewhere."""
    for table in ctx.tables.values():
        for row, name, _, match in cells_where(table, list(table.raw_index), lambda _, value: CONTROL.search(value)):
            code = f"U+{ord(match.group()):04X}"
            yield cell_problem(table, row, "control-character", name,
                               f"{name} contains the invisible control character {code} at position "
                               f"{match.start() + 1}", _CONTROL_HINT, value=code)


_CONTROL_HINT = ("Delete the character (a text editor that shows invisible characters helps); it usually comes from "
                 "copying out of a PDF or a web page. Use a plain space or line break instead.")


def strict_syntax(ctx: Context) -> Iterator[Problem]:
    """Integers, numbers and dates that frictionless would accept but only Python reads that way."""
    for table in ctx.tables.values():
        missing = set(table.schema.get("missingValues", [""]))
        checked = [f for f in table.fields if f.get("type") in STRICT_SYNTAX and not _NUMBER_OPTIONS & set(f)
                   and f.get("format", "default") == "default"]
        fdefs = {f["name"]: f for f in checked}

        def breaks(name: str, value: str) -> bool:
            return value not in missing and not STRICT_SYNTAX[fdefs[name]["type"]].fullmatch(value)

        for row, name, _, _ in cells_where(table, [f["name"] for f in checked], breaks):
            fdef = fdefs[name]
            yield cell_problem(table, row, "type-error", name, f"{name} must be {hints.type_words(fdef)}",
                               hints.type_hint(fdef, row.raw.get(name, "")))
