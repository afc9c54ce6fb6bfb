"""The shapes of a diff: field, row and resource changes, and the reviewer call-outs."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Fields that describe a row rather than state a fact: changing them alone needs no new source.
BOOKKEEPING_FIELDS = frozenset({"notes", "review_flag", "verified", "reviewed"})
SOURCE_FIELDS = frozenset({"source_id", "other_source_ids"})
SOURCES_RESOURCE = "sources"
# The Markdown report lists at most this many rows per section; the JSON report always has every row.
MARKDOWN_ROW_LIMIT = 100


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    key: tuple[str, ...]
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Rekey:
    """A row whose primary key changed while every other cell stayed the same (for example a corrected id)."""

    old_key: tuple[str, ...]
    new_key: tuple[str, ...]


@dataclass(frozen=True)
class Callout:
    id: str  # stable slug: "fact-changed-without-source", "source-without-url", ...
    resource: str
    key: tuple[str, ...]
    message: str


@dataclass
class ResourceDiff:
    name: str
    primary_key: list[str]
    rows_base: int = 0
    rows_head: int = 0
    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    rekeyed: list[Rekey] = field(default_factory=list)
    schema_changes: list[str] = field(default_factory=list)
    status: str = "present"  # "present" in both versions, "added" or "removed" as a whole

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.rekeyed or self.schema_changes
                    or self.status != "present")

    def key_of(self, row: dict[str, str]) -> tuple[str, ...]:
        return tuple(row.get(k, "") for k in self.primary_key)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "status": self.status,
            "primary_key": self.primary_key,
            "rows_base": self.rows_base,
            "rows_head": self.rows_head,
            "added": self.added,
            "removed": self.removed,
            "changed": [{"key": list(c.key), "changes": [asdict(x) for x in c.changes]} for c in self.changed],
            "key_changed": [{"old_key": list(k.old_key), "new_key": list(k.new_key)} for k in self.rekeyed],
            "schema_changes": self.schema_changes,
        }



@dataclass
class DiffResult:
    base: str
    head: str
    resources: list[ResourceDiff] = field(default_factory=list)
    package_changes: list[str] = field(default_factory=list)
    callouts: list[Callout] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.package_changes and all(r.is_empty for r in self.resources)

    def resource(self, name: str) -> ResourceDiff:
        for r in self.resources:
            if r.name == name:
                return r
        raise KeyError(name)

    def to_dict(self) -> dict:
        return {
            "base": self.base,
            "head": self.head,
            "changed": not self.is_empty,
            "package_changes": self.package_changes,
            "resources": [r.to_dict() for r in self.resources],
            "callouts": [{**asdict(c), "key": list(c.key)} for c in self.callouts],
        }

