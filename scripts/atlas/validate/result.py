"""The outcome of one validation run: problems as data, plus what was checked."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..problems import Problem


@dataclass
class ValidationResult:
    problems: list[Problem] = field(default_factory=list)
    rows_checked: dict[str, int] = field(default_factory=dict)  # resource name -> data rows read
    truncated: bool = False  # True when the run stopped listing at max_problems
    max_problems: int = 1000
    descriptor_path: str = "datapackage/datapackage.json"

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def ok(self) -> bool:
        """Valid means no errors; warnings never fail a run."""
        return not self.errors

    @property
    def resource_count(self) -> int:
        return len(self.rows_checked)

    @property
    def total_rows(self) -> int:
        return sum(self.rows_checked.values())

    @property
    def files_with_problems(self) -> list[str]:
        return sorted({p.path for p in self.problems})

    def summary(self) -> dict:
        return {
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "files_with_problems": len(self.files_with_problems),
            "resources": self.resource_count,
            "rows_checked": self.total_rows,
            "rows_by_resource": dict(self.rows_checked),
            "truncated": self.truncated,
            "max_problems": self.max_problems,
        }
