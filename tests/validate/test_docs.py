"""docs/validation.md explains every problem id the validator can report."""
from __future__ import annotations

import json
import re

from package_fixtures import case_dirs

from atlas.paths import REPO_ROOT
from atlas.validate import hints

SOURCE = REPO_ROOT / "scripts" / "atlas" / "validate"
# Problem("id", ...) and cell_problem(table, row, "id", ...)
ID_IN_CODE = re.compile(r'(?:Problem\(\s*|cell_problem\(\s*\w+,\s*\w+,\s*)"([a-z]+(?:-[a-z0-9]+)+)"')


def emitted_ids() -> set[str]:
    ids = set(hints.GENERAL)
    for path in SOURCE.rglob("*.py"):
        ids.update(ID_IN_CODE.findall(path.read_text(encoding="utf-8")))
    for case in case_dirs():
        ids.add(json.loads((case / "case.json").read_text(encoding="utf-8"))["expect"]["id"])
    return ids


def test_every_id_is_documented():
    doc = (REPO_ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    ids = emitted_ids()
    assert {"unsafe-path", "overlapping-policy-periods", "review-flag-set", "type-error"} <= ids
    missing = sorted(i for i in ids if f"`{i}`" not in doc)
    assert missing == []
