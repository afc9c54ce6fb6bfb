"""Reading one version of the package: a folder, or a git revision read with `git show` (no checkout)."""
from __future__ import annotations

import json
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .. import git
from ..paths import PACKAGE_DIR, REPO_ROOT
from ..records import read_records
from ..problems import AtlasError

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


def _read_csv(path: Path) -> list[dict[str, str]]:
    """Rows as strings, as committed (atlas.records; stray cells kept under EXTRA_CELLS)."""
    return [r.raw for r in read_records(path, [])]


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
    top = git.output(cwd, "rev-parse", "--show-toplevel")
    if top is not None:
        root = Path(top.strip())
        if (root / PACKAGE_DIR.relative_to(REPO_ROOT) / "datapackage.json").is_file():
            return root
    return REPO_ROOT


def _package_folder(path: Path) -> Path:
    if (path / "datapackage.json").is_file():
        return path
    if (path / "datapackage" / "datapackage.json").is_file():  # a repository root
        return path / "datapackage"
    raise AtlasError(f"{path} has no datapackage.json (nor datapackage/datapackage.json)")


def _is_revision(rev: str, repo: Path) -> bool:
    if rev.startswith("-"):  # never let a revision be read as an option
        return False
    return git.output(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}") is not None


def _export_revision(rev: str, repo: Path, out: Path) -> None:
    """Write the revision's datapackage/ files into `out` with `git show`, leaving the work tree alone."""
    package_rel = PACKAGE_DIR.relative_to(REPO_ROOT).as_posix()
    listing = git.run(repo, "ls-tree", "-r", "-z", "--name-only", rev, "--", package_rel, text=False)
    ok = listing is not None and listing.returncode == 0
    names = [n for n in listing.stdout.decode().split("\0") if n] if ok else []
    if f"{package_rel}/datapackage.json" not in names:
        raise AtlasError(f"revision {rev} has no {package_rel}/datapackage.json")
    for name in names:
        blob = git.run(repo, "show", f"{rev}:{name}", text=False)  # bytes: the file exactly as committed
        if blob is None or blob.returncode != 0:
            raise AtlasError(f"cannot read {name} at {rev}: {blob.stderr.decode().strip() if blob else 'git could not run'}")
        target = out / Path(name).relative_to(package_rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob.stdout)

