"""What the benchmark scripts share: bench/site.py as a module (for its synthetic package and bare docs), and a
timed run in a fresh child process whose last output line is its figures as JSON."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def site_bench():
    """bench/site.py as a module: its name is taken by the standard library's `site`, so it is loaded by path."""
    spec = importlib.util.spec_from_file_location("bench_site", REPO / "bench" / "site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def child_figures(script: str, *args: str, what: str) -> dict:
    """Run `script --child args...` in a fresh Python (its imports and memory are its own) and read the JSON on the
    last line it prints; exit with the child's error output when it fails."""
    done = subprocess.run([sys.executable, script, "--child", *args], capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{what} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
