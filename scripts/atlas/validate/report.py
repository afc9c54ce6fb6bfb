"""Print a ValidationResult for people (text), programs (json) or GitHub workflow annotations (github)."""
from __future__ import annotations

import json

from ..problems import Problem
from .result import ValidationResult

MAX_VALUE = 60


def render(result: ValidationResult, fmt: str = "text", show_warnings: bool = False) -> str:
    """`show_warnings` lists every warning in the text report (json and github always carry them all)."""
    if fmt == "text":
        return render_text(result, show_warnings=show_warnings)
    renderers = {"json": render_json, "github": render_github}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; use one of text, {', '.join(renderers)}")
    return renderers[fmt](result)


def _short(value: str) -> str:
    value = value.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    return value if len(value) <= MAX_VALUE else value[: MAX_VALUE - 1] + "…"


def text_line(p: Problem) -> str:
    """`path:line:column: error: id: message (value: '...') — hint`, the shape editors and terminals link to."""
    where = p.path + (f":{p.line}" if p.line is not None else "") + (f":{p.column}" if p.line is not None and p.column else "")
    kind = f"{p.severity}: {p.id}"
    value = f" (value: '{_short(p.value)}')" if p.value not in (None, "") else ""
    hint = f" — {p.hint}" if p.hint else ""
    return f"{where}: {kind}: {p.message}{value}{hint}"


def summary_line(result: ValidationResult) -> str:
    rows = result.total_rows
    if result.ok:
        warn = f" ({len(result.warnings)} warning{'s' * (len(result.warnings) != 1)})" if result.warnings else ""
        return f"✓ datapackage is valid: {result.resource_count} resources, {rows} rows checked{warn}"
    e, w, k = len(result.errors), len(result.warnings), len(result.files_with_problems)
    return (f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)} in {k} file{'s' * (k != 1)} "
            f"({rows} rows checked)")


def truncation_line(result: ValidationResult) -> str:
    return (f"Stopped after {result.max_problems} problems (--max-problems); fix these and run again, "
            f"or raise --max-problems, to see the rest.")


def warnings_line(result: ValidationResult) -> str:
    """One line for all warnings: how many of each id, and how to see them."""
    counts: dict[str, int] = {}
    for p in result.warnings:
        counts[p.id] = counts.get(p.id, 0) + 1
    n = len(result.warnings)
    kinds = ", ".join(f"{k} ×{v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return (f"{n} warning{'s' * (n != 1)} ({kinds}); they never fail a run. "
            "List them with `atlas validate --show-warnings`.")


def render_text(result: ValidationResult, show_warnings: bool = False) -> str:
    """Errors first, each on its own line; warnings listed after them, or summed up in one line."""
    lines = [text_line(p) for p in result.errors]
    if show_warnings:
        lines += [text_line(p) for p in result.warnings]
    elif result.warnings:
        lines.append(warnings_line(result))
    if result.truncated:
        lines.append(truncation_line(result))
    lines.append(summary_line(result))
    if not result.ok:
        lines.append("How to read this: docs/validation.md lists every error id with its fix.")
    return "\n".join(lines) + "\n"


def render_json(result: ValidationResult) -> str:
    keys = ("id", "path", "line", "column", "field", "value", "message", "hint", "severity")
    doc = {
        "ok": result.ok,
        "problems": [{k: getattr(p, k) for k in keys} for p in result.problems],
        "summary": result.summary(),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(p: Problem) -> str:
    """A workflow command GitHub turns into an annotation on the pull request's file and line."""
    level = "error" if p.severity == "error" else "warning"
    props = [f"file={_escape_property(p.path)}"]
    if p.line is not None:
        props.append(f"line={p.line}")
        if p.column:
            props.append(f"col={p.column}")
    props.append(f"title={_escape_property(p.id)}")
    value = f" (value: '{_short(p.value)}')" if p.value not in (None, "") else ""
    hint = f" — {p.hint}" if p.hint else ""
    return f"::{level} {','.join(props)}::{_escape_data(p.message + value + hint)}"


def render_github(result: ValidationResult) -> str:
    lines = [github_line(p) for p in result.problems]
    if result.truncated:
        lines.append(truncation_line(result))
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
