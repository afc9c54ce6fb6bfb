"""Read datapackage.json and its Table Schemas without trusting them.

A descriptor can point anywhere (`../`, `/etc/passwd`, a URL). We refuse any resource or schema path
that leaves the package folder *before* anything is opened, so validating a pull request from a
stranger never reads outside the checkout or touches the network.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..paths import REPO_ROOT
from ..problems import AtlasError, Problem
from . import structure

DESCRIPTOR_NAME = "datapackage.json"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # http:, https:, file:, s3:, C: ...


@dataclass
class ResourceSpec:
    """One resource as declared, with the file and schema it may safely use (None when refused)."""

    name: str
    declared_path: object
    file: Path | None = None
    display: str = ""
    schema: dict | None = None
    schema_display: str = ""
    foreign_keys: list[dict] = field(default_factory=list)


@dataclass
class Layout:
    package_dir: Path
    descriptor: dict
    descriptor_text: str
    descriptor_display: str
    resources: list[ResourceSpec]
    problems: list[Problem]

    def display(self, path: Path) -> str:
        return display_path(path, self.package_dir)


def display_path(path: Path, package_dir: Path) -> str:
    """Paths in reports are relative to the repository root ("datapackage/data/sources.csv").

    For a package outside the repository (a test's temporary copy), relative to the package's parent.
    """
    path = Path(path).absolute()
    for base in (REPO_ROOT, Path(package_dir).absolute().parent):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def unsafe_reason(declared: object, package_dir: Path) -> str | None:
    """Why a declared path may not be opened, or None when it stays inside the package folder."""
    if not isinstance(declared, str) or not declared.strip():
        return "it is not a single relative file path"
    if _URL.match(declared) or declared.startswith("//"):
        return "it is a URL or names a drive; the validator reads local files inside the package only"
    if declared.startswith(("/", "\\")):
        return "it is an absolute path"
    parts = PurePosixPath(declared.replace("\\", "/")).parts
    if ".." in parts:
        return "it climbs out of the package folder with '..'"
    root = package_dir.resolve()
    target = (package_dir / declared).resolve()
    if target != root and root not in target.parents:
        return "it resolves (through a link) to a place outside the package folder"
    return None


def line_of(text: str, needle: str) -> int | None:
    """Line where a JSON-encoded value first appears in the descriptor text, for pointing at it."""
    pos = text.find(json.dumps(needle)) if isinstance(needle, str) else -1
    return text.count("\n", 0, pos) + 1 if pos >= 0 else None


def load_layout(package_dir: Path) -> Layout:
    """Parse the descriptor and schemas; raise AtlasError only when nothing can be validated."""
    package_dir = Path(package_dir)
    desc_file = package_dir / DESCRIPTOR_NAME
    if package_dir.is_file() and package_dir.name.endswith(".json"):
        raise AtlasError(f"{package_dir} is a file; pass the folder that holds {DESCRIPTOR_NAME}")
    if not desc_file.is_file():
        raise AtlasError(f"{desc_file} does not exist; pass --package with the folder that holds {DESCRIPTOR_NAME}")
    try:
        text = desc_file.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise AtlasError(f"cannot read {desc_file}: {err}") from err
    try:
        descriptor = structure.parse_json(text)
    except structure.UnreadableJSON as err:
        raise AtlasError(f"cannot read {desc_file}: {err}") from err
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise AtlasError(f"{desc_file} is not a data package: it needs a JSON object with a \"resources\" list")

    desc_display = display_path(desc_file, package_dir)
    layout = Layout(package_dir, descriptor, text, desc_display, [], [])
    for key, message in structure.typed_mistakes(descriptor, structure.PACKAGE_KEYS, ""):
        layout.problems.append(Problem("package-error", desc_display, f"{message}; it is ignored",
                                       hint=_SHAPE_HINT, line=line_of(text, key), field=key))
    for index, res in enumerate(descriptor["resources"]):
        layout.resources.append(_resource_spec(layout, index, res))
    return layout


_SHAPE_HINT = "Correct the key as the message says (see the Data Package standard)."


def _resource_spec(layout: Layout, index: int, res: object) -> ResourceSpec:
    desc = layout.descriptor_display
    if not isinstance(res, dict) or not isinstance(res.get("name"), str):
        layout.problems.append(Problem(
            "resource-error", desc, f"resource number {index + 1} has no name", line=None,
            hint="Every resource needs a \"name\" (lower-case, like \"counties\"), a \"path\" and a \"schema\"."))
        return ResourceSpec(name=f"resource-{index + 1}", declared_path=None)
    spec = ResourceSpec(name=res["name"], declared_path=res.get("path"))
    where = f"resources[{index}]."
    shape = (structure.typed_mistakes(res, structure.RESOURCE_KEYS, where)
             or structure.unsupported_values(res, structure.RESOURCE_VALUES, where))
    for key, message in shape:
        layout.problems.append(Problem(
            "resource-error", desc, f"resource {spec.name!r} is not checked: {message}", hint=_SHAPE_HINT,
            line=line_of(layout.descriptor_text, spec.name), field=key))
    if shape:
        return spec
    reason = unsafe_reason(res.get("path"), layout.package_dir)
    if reason:
        layout.problems.append(Problem(
            "unsafe-path", desc, f"resource {spec.name!r} path {res.get('path')!r} is refused: {reason}; it was not read",
            hint="Give a path relative to the datapackage folder, like \"data/counties.csv\".",
            line=line_of(layout.descriptor_text, res.get("path")), field="path", value=str(res.get("path"))))
    else:
        spec.file = layout.package_dir / res["path"]
        spec.display = layout.display(spec.file)
    spec.schema, spec.schema_display = _load_schema(layout, spec.name, res.get("schema"))
    if spec.schema is not None:
        fks = spec.schema.get("foreignKeys", [])
        spec.foreign_keys = fks if isinstance(fks, list) else []
    return spec


def _load_schema(layout: Layout, name: str, schema: object) -> tuple[dict | None, str]:
    desc = layout.descriptor_display
    if isinstance(schema, dict):
        return _checked_schema(layout, name, schema, desc)
    if not isinstance(schema, str):
        layout.problems.append(Problem(
            "schema-error", desc, f"resource {name!r} has no Table Schema",
            hint="Add \"schema\": \"schemas/<resource>.json\" to the resource.", field="schema"))
        return None, desc
    reason = unsafe_reason(schema, layout.package_dir)
    if reason:
        layout.problems.append(Problem(
            "unsafe-path", desc, f"resource {name!r} schema path {schema!r} is refused: {reason}; it was not read",
            hint="Give a path relative to the datapackage folder, like \"schemas/counties.json\".",
            line=line_of(layout.descriptor_text, schema), field="schema", value=schema))
        return None, desc
    file = layout.package_dir / schema
    shown = layout.display(file)
    if not file.is_file():
        layout.problems.append(Problem(
            "missing-file", shown, f"the Table Schema of resource {name!r} does not exist",
            hint=f"Create {schema} or correct the schema path in datapackage.json.", value=schema))
        return None, shown
    try:
        loaded = structure.parse_json(file.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, structure.UnreadableJSON) as err:
        layout.problems.append(Problem(
            "schema-error", shown, f"the Table Schema of resource {name!r} cannot be read: {err}",
            hint="Fix the JSON syntax (a missing comma or quote is the usual cause).", line=getattr(err, "line", None)))
        return None, shown
    return _checked_schema(layout, name, loaded, shown)


def _checked_schema(layout: Layout, name: str, schema: object, shown: str) -> tuple[dict | None, str]:
    """The schema when its shape is safe to hand to frictionless and the rules; else None and schema-errors."""
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        layout.problems.append(Problem(
            "schema-error", shown, f"the Table Schema of resource {name!r} has no \"fields\" list",
            hint="A Table Schema is a JSON object with a \"fields\" list."))
        return None, shown
    shape = structure.schema_problems(schema)
    for message in shape:
        layout.problems.append(Problem(
            "schema-error", shown, f"the Table Schema of resource {name!r} is not valid: {message}",
            hint="Correct the schema as the message says; the resource is checked once its schema is valid."))
    return (None if shape else schema), shown
