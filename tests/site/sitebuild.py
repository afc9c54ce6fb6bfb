"""Helpers shared by the site and browser tests: materialise a fixture package, build a site, serve it."""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from atlas.paths import PACKAGE_DIR, REPO_ROOT

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MKDOCS = Path(sys.executable).parent / "mkdocs"


def materialise(fixture: str, dest: Path) -> Path:
    """The real datapackage.json and schemas with a fixture's synthetic CSVs, in `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(PACKAGE_DIR / "datapackage.json", dest / "datapackage.json")
    shutil.copytree(PACKAGE_DIR / "schemas", dest / "schemas", dirs_exist_ok=True)
    shutil.copytree(FIXTURES / fixture / "data", dest / "data", dirs_exist_ok=True)
    _empty_tables_for_new_resources(dest)
    return dest


def _empty_tables_for_new_resources(package: Path) -> None:
    """A resource the fixture has no CSV for (one added to the package after the fixture was made) gets a
    header-only table, so every fixture follows the real contract."""
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        path = package / resource["path"]
        if not path.exists():
            schema = json.loads((package / resource["schema"]).read_text(encoding="utf-8"))
            path.write_text(",".join(f["name"] for f in schema["fields"]) + "\n", encoding="utf-8")


def build(site_dir: Path, package_dir: Path | None = None, states: str = "") -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the repository's site config into `site_dir`."""
    env = {**os.environ, "ATLAS_STATES": states, "NO_MKDOCS_2_WARNING": "1"}
    if package_dir is not None:
        env["ATLAS_PACKAGE_DIR"] = str(package_dir)
    return subprocess.run([str(MKDOCS), "build", "--strict", "-d", str(site_dir)], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@contextlib.contextmanager
def serve(site_dir: Path):
    """Serve `site_dir` on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
