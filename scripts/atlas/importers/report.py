"""The report every importer returns: counts in and out, so that no row can disappear unnoticed."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

from ..problems import Problem


@dataclass
class FileCount:
    """Rows read from one input file (a sheet, the roster, the FOIA table)."""

    file: str
    snapshot: str = ""  # date of the list (YYYY-MM-DD) or '' for a table without one
    series: str = ""  # participating | pending | roster | foia
    rows_read: int = 0  # data rows with at least one filled cell
    blank_rows: int = 0  # formatted rows with no value, skipped
    source_id: str = ""


@dataclass
class ImportReport:
    """Counts of one import run. `ok` is False when a row was dropped or an error-level problem occurred."""

    importer: str
    resource: str
    files: list[FileCount] = field(default_factory=list)
    rows_written: int = 0  # rows of `resource` this importer owns after the run
    matched: int = 0  # written rows placed in a county (or state agencies, which have none)
    flagged: int = 0  # written rows with a review_flag
    dropped: int = 0  # input rows that reached no written row: must be 0
    added: int = 0  # ids new since the last import
    removed: int = 0  # ids of the last import that this run no longer writes
    changed: int = 0  # ids present before and after whose row differs
    ended: int = 0  # written agreements with status 'ended'
    status_counts: dict[str, int] = field(default_factory=dict)
    flag_reasons: dict[str, int] = field(default_factory=dict)
    extra: dict[str, int] = field(default_factory=dict)  # importer-specific counts, named
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.dropped == 0 and not any(p.severity == "error" for p in self.problems)

    def count_flags(self, rows: list[dict]) -> None:
        """Fill flagged and flag_reasons from the rows written (one reason per '; '-separated part)."""
        reasons: Counter[str] = Counter()
        for row in rows:
            flag = row.get("review_flag") or ""
            for part in filter(None, (p.strip() for p in flag.split("; "))):
                reasons[_reason_kind(part)] += 1
        self.flagged = sum(1 for r in rows if r.get("review_flag"))
        self.flag_reasons = dict(sorted(reasons.items()))

    def compare(self, before: dict[str, dict], after: dict[str, dict]) -> None:
        """Added, removed and changed rows between the importer's rows before and after the run, by key."""
        self.added = len(after.keys() - before.keys())
        self.removed = len(before.keys() - after.keys())
        self.changed = sum(1 for k in after.keys() & before.keys() if after[k] != before[k])

    def to_dict(self) -> dict:
        data = asdict(self)
        data["ok"] = self.ok
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        lines = [f"{self.importer}: {self.resource}"]
        for f in self.files:
            when = f" {f.snapshot}" if f.snapshot else ""
            lines.append(f"  {f.file} ({f.series}{when}): {f.rows_read} rows read, {f.blank_rows} blank rows skipped"
                         + (f" -> {f.source_id}" if f.source_id else ""))
        lines.append(f"  rows written: {self.rows_written}  matched to a county or state: {self.matched}  "
                     f"flagged for review: {self.flagged}  dropped: {self.dropped}")
        lines.append(f"  since the last import: {self.added} added, {self.changed} changed, {self.removed} removed; "
                     f"{self.ended} ended")
        if self.status_counts:
            lines.append("  status: " + ", ".join(f"{k} {v}" for k, v in sorted(self.status_counts.items())))
        for name, count in sorted(self.extra.items()):
            lines.append(f"  {name}: {count}")
        if self.flag_reasons:
            lines.append("  review flags:")
            lines.extend(f"    {count:5d}  {reason}" for reason, count in self.flag_reasons.items())
        for p in self.problems:
            lines.append(f"  {p.severity}: {p.location}: {p.message} [{p.id}]")
        lines.append("  OK" if self.ok else "  NOT OK")
        return "\n".join(lines)


def _reason_kind(flag: str) -> str:
    """Group flags by their kind: the words before the first colon."""
    return flag.split(":", 1)[0].strip()
