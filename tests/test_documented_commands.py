"""The commands the README, CONTRIBUTING, the docs and each command's --help show must parse as written.

Each concrete command line in a code block (and each `Example:` line of `atlas <command> --help`) is parsed by
the real CLI, with its options and arguments checked (a documented file that does not exist fails); each
synopsis in the README's command table must name a real command and only real options. Nothing is executed.
"""
from __future__ import annotations

import glob
import re
import shlex
from pathlib import Path
from urllib.parse import urlparse

import click
import pytest
import yaml

from atlas.cli import cli
from atlas.paths import SHARED_SOURCES

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", REPO / "CONTRIBUTING.md", *sorted((REPO / "docs").glob("*.md"))]
FENCE = re.compile(r"```(?:sh|bash|shell)?\n(.*?)```", re.S)


def _command_lines(text: str) -> list[str]:
    lines = []
    for block in FENCE.findall(text):
        for line in block.splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            for part in re.split(r"\s*&&\s*", line):
                if re.match(r"(\.venv/bin/)?atlas\s", part) and "<" not in part:
                    lines.append(part)
    return lines


def _documented():
    for path in DOCS:
        for line in _command_lines(path.read_text(encoding="utf-8")):
            yield pytest.param(line, id=f"{path.name}: {line}")


def _help_examples():
    def walk(command, prefix):
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                yield from walk(sub, [*prefix, name])
            return
        lines = (command.help or "").split("Example:", 1)[1:]
        for line in (lines[0].splitlines() if lines else []):
            line = line.strip()
            for part in re.split(r"\s*&&\s*", line):
                if part.startswith("atlas "):
                    yield pytest.param(part, id=f"{' '.join(prefix)} --help: {part}")
    yield from walk(cli, [])


def parse(line: str) -> click.Context:
    """Parse a command line with the real CLI (no callback runs); globs are expanded from the repository root."""
    words = []
    if "../shared/" in line and not SHARED_SOURCES.is_dir():
        pytest.skip(f"{SHARED_SOURCES} is absent")  # CI always has it (tests/conftest.py)
    for word in shlex.split(line)[1:]:
        matches = sorted(glob.glob(str(REPO / word))) if any(c in word for c in "*?[") else []
        words += matches or [str(REPO / word) if word.startswith("../") else word]
    ctx = cli.make_context("atlas", list(words))
    command = cli
    while isinstance(command, click.Group):
        pending = [*getattr(ctx, "_protected_args", []), *ctx.args]  # Click 8.2 keeps the sub-command here
        name, command, rest = command.resolve_command(ctx, pending)
        ctx = command.make_context(name, rest, parent=ctx)
    return ctx


@pytest.mark.parametrize("line", list(_documented()) + list(_help_examples()))
def test_documented_command_parses(line):
    parse(line)


def test_something_is_documented():
    assert len(list(_documented())) >= 10 and len(list(_help_examples())) >= 10


def _synopses():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for cell in re.findall(r"^\| `(atlas [^`]+)` \|", readme, re.M):
        yield pytest.param(cell.replace("\\|", "|"), id=cell)


@pytest.mark.parametrize("synopsis", list(_synopses()))
def test_readme_table_names_real_commands_and_options(synopsis):
    words = synopsis.split()[1:]
    command = cli
    while isinstance(command, click.Group):
        command = command.commands[words.pop(0)]
    options = {o for p in command.params for o in getattr(p, "opts", [])}
    for option in re.findall(r"--[a-z-]+", " ".join(words)):
        assert option in options, f"{synopsis}: {option} is not an option of this command"


def test_every_command_is_in_the_readme_table():
    documented = {" ".join(p.values[0].split()[1:3]) for p in _synopses()}
    for name, command in cli.commands.items():
        subs = command.commands if isinstance(command, click.Group) else {None: command}
        for sub in subs:
            words = f"{name} {sub}" if sub else name
            assert any(d == words or d.startswith(words + " ") or d.split()[0] == words for d in documented), words


def test_the_preview_address_in_the_readme_is_where_make_serve_serves():
    site_path = urlparse(yaml.safe_load(
        re.sub(r"!ENV \[[^]]*\]", "''", (REPO / "mkdocs.yml").read_text(encoding="utf-8")))["site_url"]).path
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    host = re.search(r"^HOST \?= (\S+)", makefile, re.M).group(1)
    port = re.search(r"^PORT \?= (\S+)", makefile, re.M).group(1)
    for doc in ("README.md", "CONTRIBUTING.md"):
        text = (REPO / doc).read_text(encoding="utf-8")
        addresses = re.findall(r"<(http://127\.0\.0\.1[^>]*)>", text)
        assert addresses and all(a == f"http://{host}:{port}{site_path}" for a in addresses), (doc, addresses)
