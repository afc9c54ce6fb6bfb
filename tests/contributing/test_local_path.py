"""Follow CONTRIBUTING.md's local path literally, in a copy of the repository: add a source and a policy row for a
county, run the commands the guide gives, and find the row on the built county page.

The row is SYNTHETIC and lives only in the temporary copy.
"""
from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from atlas.paths import REPO_ROOT

GUIDE = REPO_ROOT / "CONTRIBUTING.md"
STATE_USPS, STATE_FIPS = "NC", "37"
COPIED = ["datapackage", "docs", "CONTRIBUTING.md", "CONTRIBUTING.es.md", "scripts", "overrides", "mkdocs.yml",
          "mkdocs.es.yml", "Makefile", "pyproject.toml",
          "requirements.lock", "package.json", "package-lock.json"]


def guide_commands() -> list[str]:
    """The shell block right after the guide's 'run as written' marker."""
    text = GUIDE.read_text(encoding="utf-8")
    m = re.search(r"<!-- The next block is run as written[^>]*-->\s*```sh\n(.*?)```", text, flags=re.S)
    assert m, "CONTRIBUTING.md lost its tested block of local commands"
    return [line for line in m.group(1).splitlines() if line.strip() and not line.startswith("#")]


def read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def append(path: Path, row: dict[str, str]) -> None:
    """Add one line at the end, as the guide tells a contributor to."""
    fields, _ = read(path)
    with path.open("a", newline="", encoding="utf-8") as fh:
        csv.DictWriter(fh, fieldnames=fields, lineterminator="\n").writerow(row)


def copy_repository(dest: Path) -> Path:
    for name in COPIED:
        src = REPO_ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    # The guide's first `make site` installs .venv and node_modules: the copy links to the installed ones.
    (dest / ".venv").symlink_to(Path(sys.prefix))
    if (REPO_ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(REPO_ROOT / "node_modules")
    return dest


def pick_county(package: Path) -> str:
    """A current county of the state with no county policy row yet, so the new row overlaps nothing."""
    _, counties = read(package / "data" / "counties.csv")
    _, policies = read(package / "data" / "detainer_policies.csv")
    taken = {p["county_fips"] for p in policies}
    for county in counties:
        if county["state_fips"] == STATE_FIPS and not county["valid_to"] and county["fips"] not in taken:
            return county["fips"]
    pytest.skip(f"counties.csv has no {STATE_USPS} county without a policy row yet")


@pytest.mark.slow
def test_guide_local_path_puts_a_new_policy_row_on_its_county_page(tmp_path):
    repo = copy_repository(tmp_path / "atlas")
    package = repo / "datapackage"
    fips = pick_county(package)
    marker = f"SYNTHETIC test row {uuid.uuid4().hex[:8]}"
    source_id = "synthetic-2026-01-15-contributing-guide-test"
    append(package / "data" / "sources.csv", {
        "id": source_id, "title": "SYNTHETIC source for the contributing guide test", "publisher": "Test",
        "url": "https://example.org/synthetic", "published": "2026-01-15", "retrieved": "2026-11-28",
        "kind": "other", "notes": "Synthetic; exists only in a test's temporary copy."})
    append(package / "data" / "detainer_policies.csv", {
        "id": f"{fips}-2026-01-15", "jurisdiction": "county", "state_fips": STATE_FIPS, "county_fips": fips,
        "agency": "Synthetic County Sheriff's Office", "policy": "requires_judicial_warrant",
        "program_287g": "not_addressed", "notifies_ice_of_release": "unknown", "ice_jail_access": "unknown",
        "effective": "2026-01-15", "effective_precision": "day",
        "summary": f"{marker}: the jail holds a person for ICE only with a judicial warrant.",
        "source_id": source_id, "verified": "2026-11-28", "reviewed": "2026-11-28", "notes": "Synthetic test row."})

    env = {"PATH": f"{repo / '.venv' / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path),
           # `atlas` and the MkDocs hooks import the copy's scripts/, so they read the copy's datapackage/.
           "PYTHONPATH": str(repo / "scripts")}
    for command in guide_commands():
        result = subprocess.run(["bash", "-c", command], cwd=repo, env=env, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 0, f"`{command}` failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"

    counties_dir = repo / "site" / "counties"
    if not counties_dir.is_dir():
        pytest.skip("the site hooks do not generate county pages yet")
    page = counties_dir / fips / "index.html"
    assert page.is_file(), f"no county page for {fips}"
    html = page.read_text(encoding="utf-8")
    assert marker in html
    assert "template=policy.yml" in html  # the page's contribute link opens the policy form
