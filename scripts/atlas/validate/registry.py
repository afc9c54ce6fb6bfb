"""Every problem id the validator can report, in one registry (as frictionless-py's error classes are): its
title, whether it fails a run, which stage reports it, and the default fix hint (a check may give a more
specific one). docs/validation.md explains each id; tests/validate/test_docs.py checks the two agree, and
that every problem the validator emits on the test corpora has an id registered here.
"""
from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class ProblemType:
    id: str
    title: str
    stage: str  # "descriptor", "file", "schema" (Frictionless' own ids) or "rule" (the atlas' domain rules)
    severity: str = ERROR
    hint: str = ""  # the default fix, in plain words


_TYPES = (
    # The descriptor and files
    ProblemType("unsafe-path", "A resource path leaves the package folder", "descriptor",
                hint="Give a path inside the package folder, without '..', absolute paths, URLs or outside links."),
    ProblemType("missing-file", "A resource names a file that does not exist", "file"),
    ProblemType("empty-file", "A CSV file is empty", "file"),
    ProblemType("missing-header", "The first line is not the header row", "file"),
    ProblemType("encoding-error", "The file is not UTF-8", "file", hint="Re-save the file as UTF-8 without BOM."),
    ProblemType("bom", "The file starts with a byte order mark", "file"),
    ProblemType("crlf-line-endings", "Lines end with CR LF or CR", "file"),
    ProblemType("unterminated-quote", "A quoted cell is never closed", "file"),
    ProblemType("format-error", "The file cannot be read as CSV", "file"),
    ProblemType("schema-error", "A Table Schema is malformed", "descriptor",
                hint="Fix the Table Schema in datapackage/schemas/ (see the message)."),
    ProblemType("field-error", "A field definition is malformed", "descriptor",
                hint="Fix the field definition in the Table Schema (see the message)."),
    ProblemType("resource-error", "A resource in datapackage.json is malformed", "descriptor",
                hint="Fix the resource in datapackage.json (see the message)."),
    ProblemType("package-error", "datapackage.json is malformed", "descriptor", hint="Fix datapackage.json (see the message)."),
    ProblemType("internal-error", "A check failed in a way nobody foresaw", "descriptor"),
    # Table Schema checks (Frictionless' ids)
    ProblemType("type-error", "A cell is not of its field's type", "schema"),
    ProblemType("constraint-error", "A cell breaks a field constraint", "schema"),
    ProblemType("unique-error", "A value that must be unique is repeated", "schema",
                hint="Values in this column must be unique; remove the duplicate or change it."),
    ProblemType("primary-key", "Two rows have the same primary key", "schema",
                hint="Each row needs its own key; remove the duplicate row or change its id."),
    ProblemType("foreign-key", "A value refers to a row that does not exist", "schema"),
    ProblemType("extra-cell", "A row has more cells than the header", "schema",
                hint="This row has more cells than the header: remove the extra comma, or quote a value that "
                     "contains a comma."),
    ProblemType("missing-cell", "A row has fewer cells than the header", "schema",
                hint="This row has fewer cells than the header: add the missing commas (an empty value is written "
                     "as nothing between two commas)."),
    ProblemType("blank-row", "An empty row", "schema", hint="Delete the empty row."),
    ProblemType("incorrect-label", "A header name differs from the schema's", "schema",
                hint="The header must list the schema's field names in the schema's order."),
    ProblemType("missing-label", "A schema field has no column", "schema",
                hint="Add the missing column to the header (and a cell to every row)."),
    ProblemType("extra-label", "A column the schema does not define", "schema",
                hint="Remove the extra column, or add the field to the Table Schema first."),
    ProblemType("blank-label", "A column without a name", "schema", hint="Every column needs a name in the header row."),
    ProblemType("duplicate-label", "A column name appears twice", "schema",
                hint="Each column name may appear only once in the header."),
    # The atlas' rules
    ProblemType("end-before-start", "A period ends before it starts", "rule"),
    ProblemType("overlapping-policy-periods", "Two policy periods of one jurisdiction overlap", "rule"),
    ProblemType("future-date", "A date after today", "rule"),
    ProblemType("future-fiscal-year", "A fiscal year that has not started", "rule"),
    ProblemType("missing-source", "A fact cites a source that does not exist", "rule"),
    ProblemType("source-needs-url-or-citation", "A source without a URL or a full citation", "rule"),
    ProblemType("retired-county-code", "A county code used outside its valid days", "rule"),
    ProblemType("county-state-mismatch", "A county code outside the row's state", "rule"),
    ProblemType("county-row-needs-county", "A county policy row without a county", "rule"),
    ProblemType("state-row-has-county", "A state policy row names a county", "rule"),
    ProblemType("state-row-needs-citation", "A state rule without its legal citation", "rule"),
    ProblemType("successor-unknown", "A retired county's successor is not a county", "rule"),
    ProblemType("formula-injection", "A text cell starts like a spreadsheet formula", "rule"),
    ProblemType("html-in-text", "HTML in a free-text cell", "rule"),
    ProblemType("markup-in-text", "Markdown link, image or attribute syntax in a free-text cell", "rule"),
    ProblemType("control-character", "A control character in a cell", "rule"),
    # Warnings
    ProblemType("review-flag-set", "Rows flagged for review", "rule", WARNING),
    ProblemType("county-row-contradicts-state-rule", "An open county row contradicts a later state rule", "rule",
                WARNING),
    ProblemType("policy-review-overdue", "A policy in force not reviewed for over 12 months", "rule", WARNING),
)
REGISTRY: dict[str, ProblemType] = {t.id: t for t in _TYPES}


def default_hints() -> dict[str, str]:
    """id -> default hint, for the ids that have one."""
    return {t.id: t.hint for t in _TYPES if t.hint}
