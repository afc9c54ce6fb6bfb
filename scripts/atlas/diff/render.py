"""Rendering a diff as Markdown (pull-request summaries, the changelog) or JSON."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..problems import AtlasError
from .model import MARKDOWN_ROW_LIMIT

if TYPE_CHECKING:
    from .model import DiffResult, ResourceDiff

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
