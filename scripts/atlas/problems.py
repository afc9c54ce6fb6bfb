"""Problems are data: every validation or import issue is a Problem with a stable id.

Checks *yield* problems; only the CLI decides how to print them. Tests compare ids,
files and lines, never message wording.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    id: str  # stable slug, e.g. "overlapping-policy-periods"
    path: str  # file relative to the repository root, e.g. "datapackage/data/sources.csv"
    message: str  # what is wrong, in plain words
    hint: str = ""  # how to fix it, in plain words
    line: int | None = None  # physical line in the file; the header is line 1
    column: int | None = None  # 1-based column (field position)
    field: str | None = None
    value: str | None = None
    severity: str = "error"  # "error" fails validation; "warning" does not

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def location(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class AtlasError(Exception):
    """A domain error that stops a command (bad descriptor, missing file); the CLI maps it to exit 2."""
