"""What was written: one entry per download (format, media type, size, sha256, version, build date),
`manifest.json` for programs and `SHA256SUMS` for `sha256sum -c`.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from collections.abc import Iterable
from pathlib import Path

from .atomic import write_bytes_atomic
from .release import Release
from .values import json_text

# kind -> (human name of the format, media type). Media types are IANA-registered where one exists.
FORMATS = {
    "csv": ("CSV", "text/csv"),
    "json": ("JSON", "application/json"),
    "schema": ("Table Schema (JSON)", "application/json"),
    "parquet": ("Parquet", "application/vnd.apache.parquet"),
    "zip": ("Data Package (zip)", "application/zip"),
    "sqlite": ("SQLite", "application/vnd.sqlite3"),
    "xlsx": ("Excel workbook (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "catalog": ("DCAT-US catalogue (data.json)", "application/json"),
    "manifest": ("Manifest (JSON)", "application/json"),
    "checksums": ("SHA-256 checksums", "text/plain"),
}


@dataclass(frozen=True)
class Entry:
    file: str  # path relative to the export folder, with "/" separators
    resource: str | None  # resource name, or None for whole-package files
    kind: str  # key of FORMATS
    format: str
    mediatype: str
    bytes: int
    sha256: str
    version: str
    build_date: str

    def to_dict(self) -> dict:
        return asdict(self)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def describe(path: Path, out_dir: Path, kind: str, resource: str | None, release: Release) -> Entry:
    fmt, mediatype = FORMATS[kind]
    return Entry(file=path.relative_to(out_dir).as_posix(), resource=resource, kind=kind, format=fmt,
                 mediatype=mediatype, bytes=path.stat().st_size, sha256=sha256_file(path),
                 version=release.version, build_date=release.build_date.isoformat())


def manifest_document(entries: list[Entry], release: Release) -> dict:
    return {**release.identity(), "files": [e.to_dict() for e in sorted(entries, key=lambda e: e.file)]}


def write_manifest(entries: list[Entry], release: Release, out_dir: Path) -> Path:
    text = json_text(manifest_document(entries, release), indent=2) + "\n"
    return write_bytes_atomic(out_dir / "manifest.json", text.encode("utf-8"))


def sha256sums_text(entries: list[Entry]) -> str:
    return checksum_lines((e.file, e.sha256) for e in entries)


def checksum_lines(files: Iterable[tuple[str, str]]) -> str:
    """GNU coreutils format for `sha256sum -c`: `<hex>  <path>` (two spaces = text/binary-agnostic), by path."""
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(files))


def write_sha256sums(entries: list[Entry], out_dir: Path) -> Path:
    return write_bytes_atomic(out_dir / "SHA256SUMS", sha256sums_text(entries).encode("ascii"))


def human_size(n: int) -> str:
    """Decimal units as browsers and file managers show them: 999 B, 12.3 kB, 4.5 MB."""
    if n < 1000:
        return f"{n} B"
    for unit in ("kB", "MB", "GB"):
        n /= 1000
        if n < 1000 or unit == "GB":
            return f"{n:.1f} {unit}"
    return f"{n:.1f} GB"
