"""Asking git: the one way the atlas runs it (`atlas release`, `atlas diff`, the release date and the changelog of
the downloads). Each caller chooses what a failure means: `output` answers None (the build goes on without git),
`required` raises AtlasError with git's own words (a release must not half-happen)."""
from __future__ import annotations

import subprocess
from pathlib import Path

from .problems import AtlasError

TIMEOUT = 120  # seconds; git answers these in well under one, so a hang is a broken repository or filesystem


def run(repo: Path | None, *args: str, text: bool = True) -> subprocess.CompletedProcess | None:
    """`git -C repo args...` with its output captured (bytes when `text` is False: file contents at a revision);
    None when git cannot run here (not installed, or it did not finish)."""
    command = ["git", *(["-C", str(repo)] if repo is not None else []), *args]
    try:
        return subprocess.run(command, capture_output=True, text=text, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None


def output(repo: Path | None, *args: str) -> str | None:
    """What a git command printed when it succeeded; None outside a repository, without git, or when it failed."""
    done = run(repo, *args)
    return done.stdout if done is not None and done.returncode == 0 else None


def required(repo: Path, *args: str) -> str:
    """What a git command printed; an AtlasError with git's message when it could not run or failed."""
    done = run(repo, *args)
    if done is None:
        raise AtlasError(f"git {' '.join(args)} could not run: is git installed?")
    if done.returncode:
        raise AtlasError(f"git {' '.join(args)} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout
