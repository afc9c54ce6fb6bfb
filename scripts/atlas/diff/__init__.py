"""`atlas diff`: what changed between two versions of the data package, row by row, in words a reviewer reads.

Rows are matched by each resource's primary key, so a pull request that edits one cell shows as one changed
row with `old → new`, not as a removed and an added line. Cells are compared as the strings committed in the
CSV (no casting), so a diff works even on data that does not validate yet.

Two kinds of change are *called out* for the reviewer, because the atlas' rule is that every fact names its
source: a fact that changed while its source did not, and a new source without a URL or a publication date.
"""
from .compare import diff_packages, diff_resource, diff_versions, descriptor_changes, schema_changes
from .model import Callout, DiffResult, FieldChange, Rekey, ResourceDiff, RowChange
from .render import render_diff, render_markdown
from .versions import PackageVersion, read_version

__all__ = [
    "Callout", "DiffResult", "FieldChange", "PackageVersion", "Rekey", "ResourceDiff", "RowChange",
    "descriptor_changes", "diff_packages", "diff_resource", "diff_versions", "read_version", "render_diff",
    "render_markdown", "schema_changes",
]
