"""`atlas diff`: what changed between two versions of the data package, row by row, in words a reviewer reads.

Rows are matched by each resource's primary key, so a pull request that edits one cell shows as one changed
row with `old → new`, not as a removed and an added line. Cells are compared as the strings committed in the
CSV (no casting), so a diff works even on data that does not validate yet.

Two kinds of change are *called out* for the reviewer, because the atlas' rule is that every fact names its
source: a fact that changed while its source did not, and a new source without a URL or a publication date.
"""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import tempfile
from collections import Counter
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator

from .paths import PACKAGE_DIR, REPO_ROOT
from .problems import AtlasError

# Fields that describe a row rather than state a fact: changing them alone needs no new source.
BOOKKEEPING_FIELDS = frozenset({"notes", "review_flag", "verified"})
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
            "resources": [_resource_dict(r) for r in self.resources],
            "callouts": [{**asdict(c), "key": list(c.key)} for c in self.callouts],
        }


# --------------------------------------------------------------------------------------------------
# Reading a version of the package: a folder, or a git revision read with `git show` (no checkout)
# --------------------------------------------------------------------------------------------------

@dataclass
class PackageVersion:
    """One side of a diff: the descriptor, each resource's schema and its rows as strings."""

    label: str
    descriptor: dict
    schemas: dict[str, dict]
    rows: dict[str, list[dict[str, str]]]


def read_version(root: Path, label: str) -> PackageVersion:
    descriptor_path = root / "datapackage.json"
    try:
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AtlasError(f"{label}: no datapackage.json in {root}") from None
    except json.JSONDecodeError as err:
        raise AtlasError(f"{label}: datapackage.json is not valid JSON ({err})") from None
    schemas: dict[str, dict] = {}
    rows: dict[str, list[dict[str, str]]] = {}
    for res in descriptor.get("resources", []):
        name = res.get("name", "")
        schema = res.get("schema", {})
        if isinstance(schema, str):
            try:
                schema = json.loads((root / schema).read_text(encoding="utf-8"))
            except (FileNotFoundError, json.JSONDecodeError) as err:
                raise AtlasError(f"{label}: cannot read the schema of {name} ({err})") from None
        schemas[name] = schema
        path = root / res.get("path", "")
        rows[name] = _read_csv(path) if path.is_file() else []
    return PackageVersion(label, descriptor, schemas, rows)


EXTRA_CELLS = "(cells beyond the header)"


def _read_csv(path: Path) -> list[dict[str, str]]:
    """Rows as strings; cells beyond the header are kept under one name, so a draft's stray cell still shows."""
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh, restkey=EXTRA_CELLS)
        return [{k: (",".join(v) if k == EXTRA_CELLS else (v or "")) for k, v in row.items()} for row in reader]


@contextmanager
def materialize(spec: str | Path | None, repo: Path) -> Iterator[tuple[Path, str]]:
    """Yield (package folder, label) for a folder, a repository folder, a git revision or None (working tree)."""
    if spec is None:
        yield _package_folder(repo / PACKAGE_DIR.relative_to(REPO_ROOT)), "working tree"
        return
    path = Path(spec)
    if path.is_dir():
        yield _package_folder(path), str(spec)
        return
    if not _is_revision(str(spec), repo):
        raise AtlasError(f"{spec!r} is neither a folder with datapackage.json nor a git revision of {repo}")
    tmp = Path(tempfile.mkdtemp(prefix="atlas-diff-"))
    try:
        _export_revision(str(spec), repo, tmp)
        yield tmp, str(spec)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def default_repo(cwd: Path | None = None) -> Path:
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True, text=True,
                         check=False)
    if top.returncode == 0:
        root = Path(top.stdout.strip())
        if (root / PACKAGE_DIR.relative_to(REPO_ROOT) / "datapackage.json").is_file():
            return root
    return REPO_ROOT


def _package_folder(path: Path) -> Path:
    if (path / "datapackage.json").is_file():
        return path
    if (path / "datapackage" / "datapackage.json").is_file():  # a repository root
        return path / "datapackage"
    raise AtlasError(f"{path} has no datapackage.json (nor datapackage/datapackage.json)")


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)


def _is_revision(rev: str, repo: Path) -> bool:
    if rev.startswith("-"):  # never let a revision be read as an option
        return False
    return _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode == 0


def _export_revision(rev: str, repo: Path, out: Path) -> None:
    """Write the revision's datapackage/ files into `out` with `git show`, leaving the work tree alone."""
    package_rel = PACKAGE_DIR.relative_to(REPO_ROOT).as_posix()
    listing = _git(repo, "ls-tree", "-r", "-z", "--name-only", rev, "--", package_rel)
    names = [n for n in listing.stdout.decode().split("\0") if n]
    if listing.returncode != 0 or f"{package_rel}/datapackage.json" not in names:
        raise AtlasError(f"revision {rev} has no {package_rel}/datapackage.json")
    for name in names:
        blob = _git(repo, "show", f"{rev}:{name}")
        if blob.returncode != 0:
            raise AtlasError(f"cannot read {name} at {rev}: {blob.stderr.decode().strip()}")
        target = out / Path(name).relative_to(package_rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob.stdout)


# --------------------------------------------------------------------------------------------------
# Comparing (pure functions)
# --------------------------------------------------------------------------------------------------

def diff_packages(base: str, head: str | None = None, *, repo: Path | str | None = None) -> DiffResult:
    """Compare BASE with HEAD (folders or git revisions of `repo`; HEAD None = the working tree).

    `repo` defaults to the git repository around the current folder when it holds a data package (a clone
    the command runs in), else to the repository this package is installed from.
    """
    repo = Path(repo) if repo is not None else default_repo()
    with ExitStack() as stack:
        base_dir, base_label = stack.enter_context(materialize(base, repo))
        head_dir, head_label = stack.enter_context(materialize(head, repo))
        return diff_versions(read_version(base_dir, base_label), read_version(head_dir, head_label))


def diff_versions(base: PackageVersion, head: PackageVersion) -> DiffResult:
    result = DiffResult(base=base.label, head=head.label)
    result.package_changes = descriptor_changes(base.descriptor, head.descriptor)
    names = list(head.schemas) + [n for n in base.schemas if n not in head.schemas]
    for name in names:
        if name not in base.schemas:
            rd = ResourceDiff(name, _primary_key(head.schemas[name]), status="added")
            rd.rows_head = len(head.rows[name])
            rd.added = list(head.rows[name])
        elif name not in head.schemas:
            rd = ResourceDiff(name, _primary_key(base.schemas[name]), status="removed")
            rd.rows_base = len(base.rows[name])
            rd.removed = list(base.rows[name])
        else:
            rd = diff_resource(name, base.schemas[name], head.schemas[name], base.rows[name], head.rows[name])
        result.resources.append(rd)
    result.callouts = reviewer_callouts(result, head)
    return result


def descriptor_changes(base: dict, head: dict) -> list[str]:
    """Package-level changes in plain words: version, licences, resources added or removed."""
    out = []
    for key in ("name", "title", "version"):
        if base.get(key) != head.get(key):
            out.append(f"{key} changed from {_show(base.get(key))} to {_show(head.get(key))}")
    if base.get("licenses") != head.get("licenses"):
        out.append("licences changed")
    base_names = [r.get("name") for r in base.get("resources", [])]
    head_names = [r.get("name") for r in head.get("resources", [])]
    out += [f"resource {n} added" for n in head_names if n not in base_names]
    out += [f"resource {n} removed" for n in base_names if n not in head_names]
    for b in base.get("resources", []):
        for h in head.get("resources", []):
            if b.get("name") == h.get("name"):
                for key in ("path", "title", "description"):
                    if b.get(key) != h.get(key):
                        out.append(f"resource {b.get('name')}: {key} changed")
    return out


def _primary_key(schema: dict) -> list[str]:
    pk = schema.get("primaryKey", [])
    return [pk] if isinstance(pk, str) else list(pk)


def schema_changes(base: dict, head: dict) -> list[str]:
    """Table Schema changes in plain words: fields added, removed, moved, retyped, constraints and keys."""
    out: list[str] = []
    base_fields = {f["name"]: f for f in base.get("fields", [])}
    head_fields = {f["name"]: f for f in head.get("fields", [])}
    out += [f"field {n} added ({head_fields[n].get('type', 'string')})" for n in head_fields if n not in base_fields]
    out += [f"field {n} removed" for n in base_fields if n not in head_fields]
    common_base = [n for n in base_fields if n in head_fields]
    common_head = [n for n in head_fields if n in base_fields]
    if common_base != common_head:
        out.append("field order changed: " + ", ".join(common_head))
    for name in common_head:
        b, h = base_fields[name], head_fields[name]
        if b.get("type", "string") != h.get("type", "string"):
            out.append(f"field {name}: type changed from {b.get('type', 'string')} to {h.get('type', 'string')}")
        bc, hc = b.get("constraints", {}), h.get("constraints", {})
        b_enum, h_enum = bc.get("enum"), hc.get("enum")
        if b_enum != h_enum and b_enum is not None and h_enum is not None:
            added = [v for v in h_enum if v not in b_enum]
            removed = [v for v in b_enum if v not in h_enum]
            if added:
                out.append(f"field {name}: allowed values added: {', '.join(added)}")
            if removed:
                out.append(f"field {name}: allowed values removed: {', '.join(removed)}")
        for ckey in sorted(set(bc) | set(hc)):
            if ckey == "enum" and b_enum is not None and h_enum is not None:
                continue
            if bc.get(ckey) != hc.get(ckey):
                out.append(f"field {name}: constraint {ckey} changed from {_show(bc.get(ckey))} "
                           f"to {_show(hc.get(ckey))}")
        if b.get("enumDefinitions") != h.get("enumDefinitions"):
            out.append(f"field {name}: definitions of allowed values changed")
        if b.get("description") != h.get("description"):
            out.append(f"field {name}: description changed")
    if _primary_key(base) != _primary_key(head):
        out.append(f"primary key changed from {_show(_primary_key(base))} to {_show(_primary_key(head))}")
    if base.get("foreignKeys", []) != head.get("foreignKeys", []):
        out.append("foreign keys changed")
    if base.get("missingValues") != head.get("missingValues"):
        out.append("missing values changed")
    return out


def diff_resource(name: str, base_schema: dict, head_schema: dict,
                  base_rows: list[dict[str, str]], head_rows: list[dict[str, str]]) -> ResourceDiff:
    """Rows added, removed, changed and re-keyed, matched by HEAD's primary key."""
    pk = _primary_key(head_schema)
    rd = ResourceDiff(name, pk, rows_base=len(base_rows), rows_head=len(head_rows))
    rd.schema_changes = schema_changes(base_schema, head_schema)
    columns = [set(rows[0]) for rows in (base_rows, head_rows) if rows]
    if not pk or any(not set(pk) <= cols for cols in columns):
        # No usable key (none declared, or a version lacks the key's columns): whole rows are the identity.
        pk = sorted(set().union(*columns)) if columns else []
    rd.primary_key = pk
    field_order = [f["name"] for f in head_schema.get("fields", [])]
    base_index, head_index = _index(base_rows, pk), _index(head_rows, pk)
    removed = [k for k in base_index if k not in head_index]
    added = [k for k in head_index if k not in base_index]
    for k in head_index:
        if k in base_index:
            changes = row_changes(base_index[k], head_index[k], field_order)
            if changes:
                rd.changed.append(RowChange(k[0], changes))
    rd.rekeyed, removed, added = _pair_rekeyed(removed, added, base_index, head_index, pk)
    rd.removed = [base_index[k] for k in removed]
    rd.added = [head_index[k] for k in added]
    return rd


def _index(rows: list[dict[str, str]], pk: list[str]) -> dict[tuple[tuple[str, ...], int], dict[str, str]]:
    """Rows by (key, occurrence): a duplicated key (invalid, but possible in a draft) never hides a row."""
    seen: Counter = Counter()
    out = {}
    for row in rows:
        key = tuple(row.get(k, "") for k in pk)
        out[(key, seen[key])] = row
        seen[key] += 1
    return out


def row_changes(old: dict[str, str], new: dict[str, str], field_order: list[str]) -> tuple[FieldChange, ...]:
    names = field_order + sorted((set(old) | set(new)) - set(field_order))
    return tuple(FieldChange(n, old.get(n, ""), new.get(n, "")) for n in names if old.get(n, "") != new.get(n, ""))


def _pair_rekeyed(removed, added, base_index, head_index, pk):
    """A removed and an added row equal outside the key are one row whose key changed."""
    def body(row):
        return tuple(sorted((k, v) for k, v in row.items() if k not in pk and v != ""))

    pool: dict[tuple, list] = {}
    for k in removed:
        pool.setdefault(body(base_index[k]), []).append(k)
    rekeyed, still_added, matched = [], [], set()
    for k in added:
        candidates = pool.get(body(head_index[k]))
        if candidates:
            old = candidates.pop(0)
            matched.add(old)
            rekeyed.append(Rekey(old[0], k[0]))
        else:
            still_added.append(k)
    return rekeyed, [k for k in removed if k not in matched], still_added


# --------------------------------------------------------------------------------------------------
# Call-outs for the reviewer
# --------------------------------------------------------------------------------------------------

def reviewer_callouts(result: DiffResult, head: PackageVersion) -> list[Callout]:
    callouts: list[Callout] = []
    sources_touched: set[str] = set()
    if any(r.name == SOURCES_RESOURCE for r in result.resources):
        src = result.resource(SOURCES_RESOURCE)
        sources_touched |= {row.get("id", "") for row in src.added}
        sources_touched |= {dict(zip(src.primary_key, c.key)).get("id", "") for c in src.changed}
        callouts += _source_callouts(src)
    for rd in result.resources:
        if rd.name == SOURCES_RESOURCE or "source_id" not in _field_names(head.schemas.get(rd.name, {})):
            continue
        head_rows = {rd.key_of(r): r for r in head.rows.get(rd.name, [])}
        for change in rd.changed:
            callouts += _fact_callout(rd, change, head_rows.get(change.key, {}), sources_touched)
        for row in rd.removed:
            key = rd.key_of(row)
            callouts.append(Callout("fact-row-removed", rd.name, key,
                                    f"{rd.name} {_key_text(key)} was removed. The atlas keeps rows and records "
                                    f"an end date instead; check that removing it is intended."))
    return callouts


def _field_names(schema: dict) -> list[str]:
    return [f["name"] for f in schema.get("fields", [])]


def _fact_callout(rd: ResourceDiff, change: RowChange, head_row: dict[str, str],
                  sources_touched: set[str]) -> list[Callout]:
    changed = {c.field for c in change.changes}
    facts = sorted(changed - BOOKKEEPING_FIELDS - SOURCE_FIELDS, key=[c.field for c in change.changes].index)
    if not facts or changed & SOURCE_FIELDS:
        return []
    cited = {head_row.get("source_id", "")} | set(head_row.get("other_source_ids", "").split())
    if cited & sources_touched:  # the cited source itself was updated in the same change
        return []
    return [Callout("fact-changed-without-source", rd.name, change.key,
                    f"{rd.name} {_key_text(change.key)}: {', '.join(facts)} changed but the row's source "
                    f"({head_row.get('source_id') or 'none'}) did not. Add or update the source that supports "
                    f"the new value.")]


def _source_callouts(src: ResourceDiff) -> list[Callout]:
    out = []
    for row in src.added:
        key = src.key_of(row)
        if not row.get("url", "").strip():
            out.append(Callout("source-without-url", src.name, key,
                               f"new source {_key_text(key)} has no URL: check that its title, publisher and "
                               f"date are enough for a reader to find it."))
        if not row.get("published", "").strip():
            out.append(Callout("source-without-date", src.name, key,
                               f"new source {_key_text(key)} has no publication date (`published`)."))
    return out


# --------------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------------

def render_diff(result: DiffResult, fmt: str = "markdown") -> str:
    if fmt == "json":
        return json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    if fmt == "markdown":
        return render_markdown(result)
    raise AtlasError(f"unknown diff format {fmt!r} (use markdown or json)")


def render_markdown(result: DiffResult) -> str:
    lines = ["## Data changes", "", f"Comparing `{_code(result.base)}` with `{_code(result.head)}`.", ""]
    if result.is_empty:
        return "\n".join(lines + ["No changes to the data package.", ""])
    if result.callouts:
        lines += [f"### For the reviewer ({len(result.callouts)})", ""]
        lines += [f"- **{c.id}**: {_md(c.message)}" for c in result.callouts] + [""]
    lines += ["| Resource | Rows before | Rows after | Added | Removed | Changed | Key changed | Schema changes |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in result.resources:
        if not r.is_empty:
            lines.append(f"| {r.name}{'' if r.status == 'present' else f' ({r.status})'} | {r.rows_base} | "
                         f"{r.rows_head} | {len(r.added)} | {len(r.removed)} | {len(r.changed)} | "
                         f"{len(r.rekeyed)} | {len(r.schema_changes)} |")
    lines.append("")
    if result.package_changes:
        lines += ["### Package", ""] + [f"- {_md(c)}" for c in result.package_changes] + [""]
    for r in result.resources:
        if not r.is_empty:
            lines += _resource_markdown(r)
    return "\n".join(lines)


def _resource_markdown(r: ResourceDiff) -> list[str]:
    lines = [f"### {r.name}", ""]
    if r.schema_changes:
        lines += ["Schema:", ""] + [f"- {_md(c)}" for c in r.schema_changes] + [""]
    sections = [
        ("Added", r.added, lambda row: f"- {_key_md(r.key_of(row))}: {_row_md(row, r.primary_key)}"),
        ("Removed", r.removed, lambda row: f"- {_key_md(r.key_of(row))}: {_row_md(row, r.primary_key)}"),
        ("Changed", r.changed, lambda c: f"- {_key_md(c.key)}: " + "; ".join(
            f"{c_.field} {_value_md(c_.old)} → {_value_md(c_.new)}" for c_ in c.changes)),
        ("Key changed", r.rekeyed, lambda k: f"- {_key_md(k.old_key)} → {_key_md(k.new_key)}"),
    ]
    for title, items, fmt in sections:
        if not items:
            continue
        lines += [f"**{title} ({len(items)})**", ""]
        lines += [fmt(item) for item in items[:MARKDOWN_ROW_LIMIT]]
        if len(items) > MARKDOWN_ROW_LIMIT:
            lines.append(f"- … and {len(items) - MARKDOWN_ROW_LIMIT} more (see `atlas diff --format json`)")
        lines.append("")
    return lines


def _resource_dict(r: ResourceDiff) -> dict:
    return {
        "name": r.name,
        "status": r.status,
        "primary_key": r.primary_key,
        "rows_base": r.rows_base,
        "rows_head": r.rows_head,
        "added": r.added,
        "removed": r.removed,
        "changed": [{"key": list(c.key), "changes": [asdict(x) for x in c.changes]} for c in r.changed],
        "key_changed": [{"old_key": list(k.old_key), "new_key": list(k.new_key)} for k in r.rekeyed],
        "schema_changes": r.schema_changes,
    }


def _show(value) -> str:
    return "(none)" if value in (None, "", []) else json.dumps(value, ensure_ascii=False)


def _key_text(key: tuple[str, ...]) -> str:
    return " / ".join(k or "(empty)" for k in key)


def _key_md(key: tuple[str, ...]) -> str:
    return f"`{_code(_key_text(key))}`"


def _row_md(row: dict[str, str], pk: list[str]) -> str:
    return "; ".join(f"{k} {_value_md(v)}" for k, v in row.items() if k not in pk and v != "")


def _value_md(value: str, limit: int = 160) -> str:
    if value == "":
        return "*(empty)*"
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return f"`{_code(text)}`"


def _code(text: str) -> str:
    """Text safe inside a Markdown code span and a table cell."""
    return " ".join(text.split()).replace("`", "'").replace("|", "\\|")


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
