"""Helpers for validator tests: build throwaway copies of the tiny valid package and apply an invalid case to them.

The valid package is the repository's real datapackage.json and schemas (copied at test time, so schema
changes flow through) plus the synthetic rows in tests/fixtures/valid/data/.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from atlas.paths import PACKAGE_DIR

FIXTURES = Path(__file__).parents[1] / "fixtures"
VALID_DATA = FIXTURES / "valid" / "data"
INVALID = FIXTURES / "invalid"


def build_valid_package(dest: Path) -> Path:
    """Write the valid fixture package into dest/datapackage and return that folder."""
    pkg = dest / "datapackage"
    pkg.mkdir(parents=True)
    shutil.copy2(PACKAGE_DIR / "datapackage.json", pkg / "datapackage.json")
    shutil.copytree(PACKAGE_DIR / "schemas", pkg / "schemas")
    shutil.copytree(VALID_DATA, pkg / "data")
    return pkg


def apply_case(pkg: Path, case_dir: Path) -> dict:
    """Overlay the case's files onto the package, then run its byte-level `edits`; return case.json."""
    case = json.loads((case_dir / "case.json").read_text(encoding="utf-8"))
    for src in case_dir.rglob("*"):
        if src.is_file() and src.name != "case.json":
            target = pkg / src.relative_to(case_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    for edit in case.get("edits", []):
        _edit(pkg, edit)
    return case


def _edit(pkg: Path, edit: dict) -> None:
    op = edit["op"]
    file = pkg / edit.get("file", "datapackage.json")
    if op == "descriptor":
        descriptor = json.loads(file.read_text(encoding="utf-8"))
        resource = next(r for r in descriptor["resources"] if r["name"] == edit["resource"])
        resource.update(edit["set"])
        file.write_text(json.dumps(descriptor, indent=2) + "\n", encoding="utf-8")
    elif op == "delete":
        file.unlink()
    elif op == "write":
        file.write_bytes(edit["text"].encode("utf-8"))
    elif op == "append":
        file.write_bytes(file.read_bytes() + edit["text"].encode("utf-8"))
    elif op == "replace":
        data = file.read_bytes()
        find = edit["find"].encode("utf-8")
        assert find in data, f"{edit['find']!r} not in {file.name}: the valid fixture changed"
        data = data.replace(find, edit["with"].encode(edit.get("encoding", "utf-8")), 1)
        file.write_bytes(data)
    elif op == "bom":
        file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    elif op == "crlf":
        file.write_bytes(file.read_bytes().replace(b"\n", b"\r\n"))
    else:
        raise ValueError(f"unknown edit op {op!r}")


def hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file under root (and root's siblings), to prove validation writes nothing."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def case_dirs() -> list[Path]:
    return sorted(p for p in INVALID.iterdir() if (p / "case.json").is_file())
