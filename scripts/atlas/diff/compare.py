"""Comparing two versions by primary key (pure functions, apart from `diff_packages` reading them)."""
from __future__ import annotations

from collections import Counter
from contextlib import ExitStack
from pathlib import Path

from .callouts import reviewer_callouts
from .model import FieldChange, Rekey, ResourceDiff, RowChange, DiffResult
from .render import _show
from .versions import PackageVersion, default_repo, materialize, read_version

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

