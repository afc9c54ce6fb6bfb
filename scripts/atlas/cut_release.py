"""`atlas release VERSION`: one version number in every file that names it, a dated changelog entry, a git tag.

A release is what downloaders cite ("ICE Cooperation Atlas v0.2.0") and what `atlas diff v0.1.0 v0.2.0` compares,
so the version lives in three places that must agree (datapackage.json, CITATION.cff, CHANGELOG.md) and the tag
`v<version>` marks the commit. The data must validate first: a release is never cut from invalid data.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import git
from .domain import clock
from .problems import AtlasError

VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
UNRELEASED = "(unreleased)"


@dataclass
class ReleasePlan:
    """What `atlas release` changes: files with their new text, then the commit and tag."""

    version: str
    date: dt.date
    files: dict[Path, str] = field(default_factory=dict)

    @property
    def tag(self) -> str:
        return f"v{self.version}"


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def plan_release(project: Path, package_dir: Path, version: str, today: dt.date | None = None) -> ReleasePlan:
    """The new text of datapackage.json, CITATION.cff and CHANGELOG.md; raises AtlasError when it cannot be cut."""
    if not VERSION.fullmatch(version):
        raise AtlasError(f"version {version!r} is not MAJOR.MINOR.PATCH, like 0.2.0")
    today = today or clock.today()
    plan = ReleasePlan(version, today)
    descriptor_path = package_dir / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    current = str(descriptor.get("version", "0.0.0"))
    if VERSION.fullmatch(current) and _key(version) < _key(current):
        raise AtlasError(f"version {version} is lower than the package's version {current}")
    descriptor["version"] = version
    plan.files[descriptor_path] = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"

    citation = project / "CITATION.cff"
    text = citation.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^version: .*$", f"version: {version}", text)
    text = re.sub(r'(?m)^date-released: .*$', f'date-released: "{today.isoformat()}"', text)
    plan.files[citation] = text

    changelog = project / "CHANGELOG.md"
    plan.files[changelog] = dated_changelog(changelog.read_text(encoding="utf-8"), version, today)
    return plan


def dated_changelog(text: str, version: str, today: dt.date) -> str:
    """The first `## <version> (unreleased)` or `## Unreleased` heading becomes `## <version> (YYYY-MM-DD)`."""
    heading = re.compile(rf"(?m)^## (?:{re.escape(version)} \(unreleased\)|Unreleased)[ \t]*$")
    if not heading.search(text):
        if re.search(rf"(?m)^## {re.escape(version)} \(\d{{4}}-\d{{2}}-\d{{2}}\)", text):
            raise AtlasError(f"CHANGELOG.md already has a dated entry for {version}")
        raise AtlasError(f"CHANGELOG.md has no '## {version} {UNRELEASED}' or '## Unreleased' heading: "
                         "write down what changed first")
    return heading.sub(f"## {version} ({today.isoformat()})", text, count=1)


def check_repository(project: Path, tag: str) -> None:
    """A release commits only its own changes and never moves an existing tag."""
    if git.required(project, "status", "--porcelain", "--untracked-files=no").strip():
        raise AtlasError("the working tree has uncommitted changes: commit or stash them before a release")
    if git.required(project, "tag", "--list", tag).strip():
        raise AtlasError(f"tag {tag} already exists")


def apply_release(project: Path, plan: ReleasePlan) -> None:
    for path, text in plan.files.items():
        path.write_text(text, encoding="utf-8")
    git.required(project, "add", *[str(p) for p in plan.files])
    git.required(project, "commit", "-q", "-m", f"Release {plan.version}")
    git.required(project, "tag", "-a", plan.tag, "-m", f"ICE Cooperation Atlas {plan.version} ({plan.date.isoformat()})")
