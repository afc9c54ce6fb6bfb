"""Rewrite only an importer's own rows of a shared CSV, keeping everyone else's rows byte for byte.

Other people append hand-entered rows to the same files while importers run, so each file is read
once, when its new text is staged, and checked again just before it is replaced: if someone changed
it in between, the import stops and writes nothing. Rows that are not the importer's keep their exact
bytes and order, and the importer's rows form one block sorted by primary key, left where it is
(appended the first time), so a re-run writes the same bytes.

An import changes several files (sources, agreements, statistics, metrics). `PackageWrite` stages
them all and commits them together: every new file is written completely beside its target first,
the package they make is validated, and only then are they renamed into place; a failure at any step
leaves every file as it was. A source row an import no longer writes stays while another table cites it.
"""
from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..package import AtlasPackage, Resource, _format
from ..problems import AtlasError, Problem

MAX_PROBLEMS_SHOWN = 10


@dataclass
class RawRecord:
    row: dict[str, str]
    text: str  # the record's exact characters in the file, line ending included


def read_records(resource: Resource) -> tuple[list[str], list[RawRecord]]:
    """Header and every record with its original text (records may span lines inside quotes)."""
    content = _read_bytes(resource.path)
    return parse_records(None if content is None else content.decode("utf-8"), resource.field_names)


def parse_records(content: str | None, default_header: list[str]) -> tuple[list[str], list[RawRecord]]:
    """Header and records of a CSV's text (None: no file), each record with its exact characters."""
    if content is None:
        return default_header, []
    lines = [line + "\n" for line in content.split("\n")]
    lines[-1] = lines[-1][:-1]
    if not lines[-1]:
        lines.pop()
    consumed: list[str] = []

    def feed():
        for line in lines:
            consumed.append(line)
            yield line

    reader = csv.reader(feed())
    header = next(reader, None) or default_header
    consumed.clear()
    records = []
    for values in reader:
        text = "".join(consumed)
        consumed.clear()
        if not values:
            continue
        records.append(RawRecord(dict(zip(header, values + [""] * (len(header) - len(values)))), text))
    return header, records


def format_row(resource: Resource, row: dict) -> str:
    """One row as write_rows writes it: schema order, minimal quoting, LF; fully quoted if a cell holds a bare CR."""
    buf = io.StringIO()
    cells = {k: _format(row.get(k)) for k in resource.field_names}
    # csv quotes a cell only for the delimiter, the quote or "\n"; a bare "\r" would end the record for
    # every reader, so a row holding one is quoted in full (as package.write_rows does).
    quoting = csv.QUOTE_ALL if any("\r" in v for v in cells.values()) else csv.QUOTE_MINIMAL
    writer = csv.DictWriter(buf, fieldnames=resource.field_names, lineterminator="\n", extrasaction="raise",
                            quoting=quoting)
    writer.writerow(cells)
    return buf.getvalue()


def owned_rows_text(resource: Resource, content: str | None, is_mine: Callable[[dict], bool], rows: list[dict],
                    sort_with: Callable[[dict], bool] | None = None) -> str:
    """The file's new text: the rows `is_mine` selects replaced with `rows`; every other record keeps its bytes.

    `sort_with` selects rows of sibling importers that share the sorted block (their
    bytes are kept too), so the file's order does not depend on which importer ran last.
    """
    header, records = parse_records(content, resource.field_names)
    names = resource.field_names
    key = resource.primary_key or names[:1]
    buf = io.StringIO()
    # A file whose header differs from the schema can only be rewritten in schema order.
    csv.writer(buf, lineterminator="\n").writerow(names)
    out = [",".join(names) + "\n" if header == names else buf.getvalue()]
    in_block = (lambda row: is_mine(row) or sort_with(row)) if sort_with is not None else is_mine
    # The block stays where it is (where its first row is now), so rows others append later stay after it.
    start = next((i for i, rec in enumerate(records) if in_block(rec.row)), len(records))
    block: list[tuple[tuple, str]] = []
    before, after = [], []
    for i, rec in enumerate(records):
        if is_mine(rec.row):
            continue
        text = rec.text if header == names else format_row(resource, rec.row)
        text = text if text.endswith("\n") else text + "\n"
        if sort_with is not None and sort_with(rec.row):
            block.append((tuple(rec.row.get(k, "") for k in key), text))
        else:
            (before if i < start else after).append(text)
    block += [(tuple(_format(r.get(k)) for k in key), format_row(resource, r)) for r in rows]
    out.extend(before)
    out.extend(text for _, text in sorted(block, key=lambda item: item[0]))
    out.extend(after)
    return "".join(out)


def replace_owned_rows(resource: Resource, is_mine: Callable[[dict], bool], rows: list[dict],
                       sort_with: Callable[[dict], bool] | None = None) -> None:
    """Replace one file's owned rows at once (atomically, not validated); importers use PackageWrite."""
    write = PackageWrite(None)
    write.replace_owned_rows(resource, is_mine, rows, sort_with)
    write.commit(validate=False)


@dataclass
class StagedTable:
    resource: Resource
    original: bytes | None  # the file's bytes when staged (None: there was no file)
    text: str  # the file's new content

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")

    @property
    def changed(self) -> bool:
        return self.data != self.original


class PackageWrite:
    """The tables one import changes, written together or not at all.

    Stage with `replace_owned_rows` or `replace_all_rows` (a table may be staged twice; the second sees the
    first) and `replace_owned_sources` last, read the staged state with `raw_rows`, then `commit`. Nothing
    touches the package before `commit`.
    """

    def __init__(self, package: AtlasPackage | None):
        self.package = package
        self.staged: dict[Path, StagedTable] = {}

    def replace_owned_rows(self, resource: Resource, is_mine: Callable[[dict], bool], rows: list[dict],
                           sort_with: Callable[[dict], bool] | None = None) -> None:
        """Stage `owned_rows_text` of the table as it now stands (on disk, or as staged before)."""
        original, content = self._current(resource)
        self._stage(resource, original, owned_rows_text(resource, content, is_mine, rows, sort_with))

    def replace_owned_sources(self, is_mine: Callable[[dict], bool], rows: list[dict],
                              sort_with: Callable[[dict], bool] | None = None) -> list[Problem]:
        """Stage the `sources` rows an import owns; one it would drop stays while another table cites it.

        Stage it after every other table, so their new citations are the ones that count. Returns a
        warning for each source kept, naming the rows that cite it.
        """
        kept, problems = cited_sources_kept(self, is_mine, rows)
        self.replace_owned_rows(self.package["sources"], is_mine, rows + kept, sort_with)
        return problems

    def replace_all_rows(self, resource: Resource, rows: list[dict]) -> None:
        """Stage a table the import owns entirely, in the given order (the bytes package.write_rows writes)."""
        original, _ = self._current(resource)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(resource.field_names)
        self._stage(resource, original, buf.getvalue() + "".join(format_row(resource, r) for r in rows))

    def _current(self, resource: Resource) -> tuple[bytes | None, str | None]:
        """(the file's bytes when first staged, its text as staged so far): a table staged twice sees both steps."""
        staged = self.staged.get(resource.path)
        if staged is not None:
            return staged.original, staged.text
        original = _read_bytes(resource.path)
        return original, None if original is None else original.decode("utf-8")

    def _stage(self, resource: Resource, original: bytes | None, text: str) -> None:
        self.staged[resource.path] = StagedTable(resource, original, text)

    def raw_rows(self, resource: Resource) -> list[dict[str, str]]:
        """The table's rows as strings, as they will be after the commit."""
        staged = self.staged.get(resource.path)
        if staged is None:
            return resource.raw_rows() if resource.path.exists() else []
        return [rec.row for rec in parse_records(staged.text, resource.field_names)[1]]

    def commit(self, validate: bool = True) -> list[Path]:
        """Write every changed table, or none: returns the paths written.

        Raises AtlasError (and writes nothing) when the staged package is invalid or a file changed since
        it was staged; any other failure while the files are renamed puts back those already renamed.
        """
        changed = [s for s in self.staged.values() if s.changed]
        if not changed:
            return []
        if validate and self.package is not None:
            refuse_invalid(self.package, changed)
        temps: dict[Path, Path] = {}
        try:
            for staged in changed:
                temps[staged.resource.path] = write_temp(staged.resource.path, staged.data)
            for staged in changed:
                if _read_bytes(staged.resource.path) != staged.original:
                    raise AtlasError(f"{staged.resource.path}: changed by someone else during the import; "
                                     "nothing was written, run the import again")
            _swap_in(changed, temps)
        finally:
            for tmp in temps.values():
                tmp.unlink(missing_ok=True)
        return [s.resource.path for s in changed]


def write_temp(final: Path, data: bytes) -> Path:
    """`data` complete and on disk under a hidden name beside `final` (same folder, so a rename is atomic)."""
    fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return Path(name)


def _swap_in(changed: list[StagedTable], temps: dict[Path, Path]) -> None:
    """Rename each staged file over its target; if one rename fails, put every replaced file back."""
    backups: dict[Path, Path | None] = {}
    done: list[Path] = []
    try:
        for path in temps:
            backups[path] = _backup(path)
        for staged in changed:
            path = staged.resource.path
            os.replace(temps[path], path)
            done.append(path)
    except BaseException:
        for path in reversed(done):
            backup = backups.pop(path)
            if backup is None:
                path.unlink(missing_ok=True)
            else:
                os.replace(backup, path)
        raise
    finally:
        for backup in backups.values():
            if backup is not None:
                backup.unlink(missing_ok=True)


def _backup(path: Path) -> Path | None:
    """A second name for the file's current bytes (a hard link, else a copy), to put it back; None if absent."""
    if not path.exists():
        return None
    backup = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.bak")
    try:
        os.link(path, backup)
    except OSError:
        shutil.copy2(path, backup)
    return backup


def refuse_invalid(package: AtlasPackage, changed: list[StagedTable]) -> None:
    """Validate a copy of the package with the staged files in it; raise AtlasError listing its errors."""
    from ..validate import validate_package  # the validator is heavy; only a commit needs it

    root = Path(package.root)
    with tempfile.TemporaryDirectory(prefix="atlas-import-") as tmp:
        copy = Path(tmp) / root.name  # same folder name, so problems name the files as in the package
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns(".*"))
        for staged in changed:
            (copy / staged.resource.path.relative_to(root)).write_bytes(staged.data)
        result = validate_package(copy)
    errors = [p for p in result.problems if p.severity == "error"]
    if errors:
        shown = "\n".join(f"  {p.location}: {p.message} [{p.id}]" for p in errors[:MAX_PROBLEMS_SHOWN])
        more = f"\n  ... and {len(errors) - MAX_PROBLEMS_SHOWN} more" if len(errors) > MAX_PROBLEMS_SHOWN else ""
        raise AtlasError(f"the import would leave the package invalid, so nothing was written:\n{shown}{more}")


def _read_bytes(path: Path) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None


def cited_sources_kept(write: PackageWrite, is_mine: Callable[[dict], bool],
                       rows: list[dict]) -> tuple[list[dict], list[Problem]]:
    """Source rows an import would drop (owned, not in `rows`) that another table still cites, with a warning each.

    An import given only some of the files it knows (a few of ICE's sheets) must not delete the source of
    a file it was not given while a hand-entered policy or agreement cites it: the package would fail its
    foreign keys. The old row is kept as it is; re-importing that file rewrites it.
    """
    sources = write.package["sources"]
    new_ids = {r["id"] for r in rows}
    dropped = {r["id"]: r for r in write.raw_rows(sources) if is_mine(r) and r["id"] not in new_ids}
    citing = citing_rows(write, set(dropped))
    problems = [Problem(
        "cited-source-kept", str(sources.path),
        f"source {sid} kept although this import did not read its file: cited by {_some(where)}",
        hint="Import that file too, or remove the citations before dropping the source.",
        value=sid, severity="warning") for sid, where in sorted(citing.items())]
    return [dropped[sid] for sid in sorted(citing)], problems


def citing_rows(write: PackageWrite, source_ids: set[str]) -> dict[str, list[str]]:
    """source id -> the rows ('detainer_policies 48339-2017-06-28') that cite it, in the staged package."""
    found: dict[str, list[str]] = {}
    if not source_ids:
        return found
    for resource in write.package.resources.values():
        fields = _source_fields(resource)
        if resource.name == "sources" or not fields:
            continue
        key = resource.primary_key or resource.field_names[:1]
        for row in write.raw_rows(resource):
            cited = {sid for f in fields for sid in (row.get(f) or "").split()}
            for sid in cited & source_ids:
                found.setdefault(sid, []).append(f"{resource.name} {' '.join(row.get(k, '') for k in key)}")
    return found


def _source_fields(resource: Resource) -> list[str]:
    """Fields that hold source ids: foreign keys to `sources`, and the space-separated other_source_ids."""
    fields = [f for fk in resource.schema.get("foreignKeys", [])
              if (fk.get("reference") or {}).get("resource") == "sources"
              for f in ([fk["fields"]] if isinstance(fk.get("fields"), str) else fk.get("fields", []))]
    if "other_source_ids" in resource.field_names:
        fields.append("other_source_ids")
    return fields


def _some(items: list[str], limit: int = 5) -> str:
    more = f" and {len(items) - limit} more" if len(items) > limit else ""
    return ", ".join(items[:limit]) + more
