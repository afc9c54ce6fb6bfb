"""Write a file under a temporary name in the same folder and rename it into place.

An interrupted export therefore never leaves a half-written file under a name that looks whole:
either the old file (or nothing) or the complete new one is there.
"""
from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path


def temp_name(final: Path) -> Path:
    """A sibling name that cannot be mistaken for a download (hidden, `.partial` suffix)."""
    return final.with_name(f".{final.name}.{uuid.uuid4().hex[:8]}.partial")


@contextlib.contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """Yield a temporary path to write to; on success rename it to `final`, on error remove it."""
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(final)
    try:
        yield tmp
        with open(tmp, "rb") as fh:  # flush to disk before the rename makes it visible
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_bytes_atomic(final: Path, data: bytes) -> Path:
    with atomic_path(final) as tmp:
        tmp.write_bytes(data)
    return final
