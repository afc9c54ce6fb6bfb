"""No descriptor or schema, however mangled, makes `atlas validate` print a traceback.

Hypothesis mutates the real datapackage.json and Table Schemas (copied to a temporary folder): wrong types at
any key, deleted keys, non-objects in lists, bad regular expressions, nesting thousands of levels deep. Each
run must end with exit 0, 1 or 2 and a report or an error message, never an exception.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from package_fixtures import build_valid_package

from atlas.cli import cli

DEEP = "__deeply_nested__"
BAD_PATTERNS = ["(?s).*", "(", "[z-a]", "\\", "a{2,1}", "(?P<x>a)(?P<x>b)", "*", ".*"]
FILES = ["datapackage.json", "schemas/agreements_287g.json", "schemas/enforcement_stats.json", "schemas/sources.json"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.sampled_from(BAD_PATTERNS),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6)


def key_paths(value, prefix=()) -> list[tuple]:
    """Every path to a value inside a JSON document (the root excluded)."""
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    paths = []
    for key, child in children:
        paths.append(prefix + (key,))
        paths.extend(key_paths(child, prefix + (key,)))
    return paths


@st.composite
def mutation(draw, doc):
    """(path, kind, new value) for one change to doc."""
    paths = key_paths(doc)
    path = draw(st.sampled_from(paths))
    kind = draw(st.sampled_from(["replace", "delete", "deep", "pattern", "wrap", "unwrap"]))
    value = draw(json_values) if kind == "replace" else draw(st.sampled_from(BAD_PATTERNS))
    return path, kind, value


def apply(doc, path, kind, value):
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    if kind == "delete":
        del parent[key]
    elif kind == "deep":
        parent[key] = DEEP
    elif kind == "pattern":
        parent[key] = {"pattern": value} if isinstance(parent[key], dict) else value
    elif kind == "wrap":
        parent[key] = [parent[key]]
    elif kind == "unwrap":
        old = parent[key]
        parent[key] = (list(old.values()) if isinstance(old, dict) else old[0] if isinstance(old, list) and old
                       else {"value": old})
    else:
        parent[key] = value


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_valid_package(tmp_path_factory.mktemp("template"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(data=st.data(), file=st.sampled_from(FILES), depth=st.sampled_from([40, 900, 5000, 100_000]))
def test_no_traceback_escapes(template, data, file, depth):
    with tempfile.TemporaryDirectory() as tmp:
        pkg = Path(tmp) / "datapackage"
        shutil.copytree(template, pkg)
        doc = json.loads((pkg / file).read_text(encoding="utf-8"))
        for _ in range(data.draw(st.integers(1, 3))):
            if key_paths(doc):
                apply(doc, *data.draw(mutation(doc)))
        text = json.dumps(doc, indent=2).replace(json.dumps(DEEP), "[" * depth + "]" * depth)
        (pkg / file).write_text(text, encoding="utf-8")

        result = CliRunner().invoke(cli, ["validate", "--package", str(pkg)])

    assert result.exit_code in {0, 1, 2}, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


@pytest.mark.parametrize("file", FILES)
@pytest.mark.parametrize("depth", [900, 100_000])
def test_deep_nesting_names_the_file(tmp_path, file, depth):
    pkg = build_valid_package(tmp_path)
    (pkg / file).write_text('{"fields": ' + "[" * depth + "]" * depth + "}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--package", str(pkg)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if file == "datapackage.json":  # a descriptor that cannot be read: validation cannot run
        assert result.exit_code == 2 and "datapackage.json" in result.output and "nested" in result.output
    else:
        assert result.exit_code == 1 and f"datapackage/{file}: error: schema-error:" in result.output


CSV_ALPHABET = st.sampled_from(list('ab1-_.,"\n\r\t =+@<>[](){}:\x00\x7f\u202e\ufeff\xe9'))
HEADER = "state,county_fips,agency,fiscal_year,metric,value,source_id,notes,review_flag\n"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(CSV_ALPHABET, max_size=60), with_header=st.booleans(), junk=st.binary(max_size=3))
def test_no_traceback_from_any_csv_bytes(template, body, with_header, junk):
    with tempfile.TemporaryDirectory() as tmp:
        pkg = Path(tmp) / "datapackage"
        shutil.copytree(template, pkg)
        (pkg / "data/enforcement_stats.csv").write_bytes((HEADER if with_header else "").encode() + body.encode()
                                                         + junk)
        result = CliRunner().invoke(cli, ["validate", "--package", str(pkg)])
    assert result.exit_code in {0, 1}, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "internal-error" not in result.output
