"""The data changelog: rows added, changed and removed per resource since the previous version tag
(or, before the first tag, since the repository's first commit), computed with `atlas.diff` from git.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .. import git
from ..paths import REPO_ROOT
from ..problems import AtlasError


@dataclass(frozen=True)
class ResourceCounts:
    resource: str
    added: int
    changed: int
    removed: int
    status: str = "present"  # "added" / "removed" when the whole resource is new or gone


@dataclass
class DataChanges:
    """What the changelog page shows about the data."""

    base: str | None  # the tag or commit compared against; None when git could not tell
    base_kind: str  # "tag", "first-commit" or "none"
    counts: list[ResourceCounts] = field(default_factory=list)
    details_markdown: str = ""  # atlas.diff's Markdown report (only against a version tag)
    note: str = ""  # why there is nothing to show, in plain words


def previous_version_tag(tags: list[str], current_version: str) -> str | None:
    """The newest version tag (v1.2.3 or 1.2.3) that is not the current version's own tag.

    `tags` is newest first (git tag --sort=-v:refname).
    """
    own = {current_version, f"v{current_version}"}
    for tag in tags:
        name = tag.strip()
        if name and name not in own and name.lstrip("v")[:1].isdigit():
            return name
    return None


def choose_base(repo: Path, current_version: str) -> tuple[str | None, str]:
    out = git.output(repo, "tag", "--list", "--sort=-v:refname")
    if out is None:
        return None, "none"
    tag = previous_version_tag(out.splitlines(), current_version)
    if tag:
        return tag, "tag"
    roots = git.output(repo, "rev-list", "--max-parents=0", "HEAD")
    if roots and roots.split():
        return roots.split()[-1], "first-commit"
    return None, "none"


def counts_from_diff(result) -> list[ResourceCounts]:
    """Per resource counts from an atlas.diff DiffResult (a re-keyed row counts as changed)."""
    return [ResourceCounts(r.name, len(r.added), len(r.changed) + len(r.rekeyed), len(r.removed), r.status)
            for r in result.resources]


def data_changes(package_dir: Path, current_version: str, repo: Path = REPO_ROOT) -> DataChanges:
    base, kind = choose_base(repo, current_version)
    if base is None:
        return DataChanges(None, "none", note="This copy of the atlas is not a git repository, so the changes "
                                              "between versions cannot be computed here.")
    try:
        from ..diff import diff_packages, render_diff
    except ImportError:  # the diff module is optional for the site
        return DataChanges(base, kind, note="The data diff (atlas diff) is not available in this build.")
    try:
        result = diff_packages(base, str(package_dir), repo=repo)
    except AtlasError as err:
        return DataChanges(base, kind, note=f"The data at {base} could not be compared: {err}")
    details = render_diff(result, "markdown") if kind == "tag" else ""
    return DataChanges(base, kind, counts_from_diff(result), details)
