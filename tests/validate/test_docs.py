"""docs/validation.md explains every problem id the validator can report."""
from __future__ import annotations

import json
import re

from package_fixtures import case_dirs

from atlas.paths import REPO_ROOT
from atlas.validate import hints
from atlas.validate.registry import REGISTRY


def documented_ids() -> set[str]:
    """The ids docs/validation.md explains: those in its "#### `id`" headings."""
    doc = (REPO_ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    return {i for line in doc.splitlines() if line.startswith("#### ") for i in re.findall(r"`([a-z0-9-]+)`", line)}


def test_the_registry_and_the_docs_name_the_same_ids():
    assert set(REGISTRY) == documented_ids()
    assert {"unsafe-path", "overlapping-policy-periods", "review-flag-set", "type-error"} <= set(REGISTRY)


def test_every_case_of_the_invalid_corpus_expects_a_registered_error():
    for case in case_dirs():
        expected = json.loads((case / "case.json").read_text(encoding="utf-8"))["expect"]["id"]
        assert REGISTRY[expected].severity == "error", case.name


def test_every_default_hint_comes_from_the_registry():
    assert hints.GENERAL == {t.id: t.hint for t in REGISTRY.values() if t.hint}
