"""The columnar engine reports exactly what Frictionless reports: same problems, files, lines, columns, fields,
values, messages and hints, the atlas' domain problems included.

Each mutation breaks a small SYNTHETIC package (bench/site.py's synthetic_package, four counties) in one way,
covering every error Frictionless can report for the atlas' schemas, and the package is validated twice:
with the default engine and with `engine="frictionless"` (Package.validate over every row, the reference).
A mutation also says whether the columnar engine must handle it itself or hand the package to the reference
(an unusual CSV dialect, byte counts): parity must not come from falling back.
"""
from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from package_fixtures import build_valid_package

from atlas.paths import REPO_ROOT
from atlas.validate import columnar, validate_package

TODAY = dt.date(2026, 12, 6)
COUNTIES = 4  # synthetic facts for the first four counties: about 480 enforcement figures


def _site_bench():
    spec = importlib.util.spec_from_file_location("bench_site", REPO_ROOT / "bench" / "site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    pkg = tmp_path_factory.mktemp("synthetic") / "datapackage"
    _site_bench().synthetic_package(pkg, limit=COUNTIES)
    counties = pkg / "data/counties.csv"  # the first 60 counties hold the four; fewer rows, a quicker reference run
    counties.write_text("".join(counties.read_text(encoding="utf-8").splitlines(keepends=True)[:61]), encoding="utf-8")
    assert validate_package(pkg, today=TODAY).problems == []
    return pkg


# --- edits ---------------------------------------------------------------------------------------------------------

def _file(pkg: Path, resource: str) -> Path:
    return pkg / "data" / f"{resource}.csv"


def replace(resource: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def edit(pkg: Path) -> None:
        path = _file(pkg, resource)
        text = path.read_bytes().decode("utf-8")
        assert old in text, f"{old!r} not in {resource}.csv: the synthetic package changed"
        path.write_bytes(text.replace(old, new, count).encode("utf-8"))
    return edit


def _changed_record(lines: list[str], row: int, values: dict[str, str]) -> str:
    """Data row `row` (0-based) of a file's lines with some cells changed, as the csv module writes it."""
    header = lines[0].split(",")
    record = next(csv.reader([lines[row + 1]]))
    for name, value in values.items():
        record[header.index(name)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(record)
    return out.getvalue()


def cells(resource: str, row: int, **values: str) -> Callable[[Path], None]:
    """Set cells of data row `row` (0-based), written back as the csv module writes them."""
    def edit(pkg: Path) -> None:
        path = _file(pkg, resource)
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[row + 1] = _changed_record(lines, row, values)
        path.write_text("\n".join(lines), encoding="utf-8")
    return edit


def line(resource: str, row: int, transform: Callable[[str], str]) -> Callable[[Path], None]:
    """Rewrite line `row` (0 = the header) as raw text."""
    def edit(pkg: Path) -> None:
        path = _file(pkg, resource)
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[row] = transform(lines[row])
        path.write_text("\n".join(lines), encoding="utf-8")
    return edit


def append(resource: str, text: str) -> Callable[[Path], None]:
    def edit(pkg: Path) -> None:
        path = _file(pkg, resource)
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return edit


def duplicate(resource: str, row: int, **values: str) -> Callable[[Path], None]:
    """Append a copy of data row `row`, with some cells changed."""
    def edit(pkg: Path) -> None:
        path = _file(pkg, resource)
        text = path.read_text(encoding="utf-8")
        path.write_text(text + _changed_record(text.split("\n"), row, values) + "\n", encoding="utf-8")
    return edit


def schema(resource: str, change: Callable[[dict], None]) -> Callable[[Path], None]:
    def edit(pkg: Path) -> None:
        path = pkg / "schemas" / f"{resource}.json"
        doc = json.loads(path.read_text(encoding="utf-8"))
        change(doc)
        path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return edit


def field_of(doc: dict, name: str) -> dict:
    return next(f for f in doc["fields"] if f["name"] == name)


def set_field(resource: str, name: str, **keys) -> Callable[[Path], None]:
    return schema(resource, lambda doc: field_of(doc, name).update(keys))


def constrain(resource: str, name: str, **constraints) -> Callable[[Path], None]:
    return schema(resource, lambda doc: field_of(doc, name).setdefault("constraints", {}).update(constraints))


def foreign_key(resource: str, fields: list[str], target: str, target_fields: list[str]) -> Callable[[Path], None]:
    return schema(resource, lambda doc: doc.setdefault("foreignKeys", []).append(
        {"fields": fields, "reference": {"resource": target, "fields": target_fields}}))


def descriptor(resource: str, **keys) -> Callable[[Path], None]:
    def edit(pkg: Path) -> None:
        path = pkg / "datapackage.json"
        doc = json.loads(path.read_text(encoding="utf-8"))
        next(r for r in doc["resources"] if r["name"] == resource).update(keys)
        path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return edit


def raw(resource: str, change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def edit(pkg: Path) -> None:
        path = _file(pkg, resource)
        path.write_bytes(change(path.read_bytes()))
    return edit


@dataclass
class Mutation:
    name: str
    expect: set[str]  # problem ids the mutation must produce (empty: it must stay valid)
    edits: list[Callable[[Path], None]]
    fallback: bool = False  # True: the columnar engine must hand this package to the reference engine
    max_problems: int = 1000
    extra: dict = field(default_factory=dict)


STATS_ROW = "AL,01001,,2020,bench_removals,5,bench-source,,\n"
COUNTY_STATS_ROW = "AL,01001,2020,bench_removals,5,1,bench-source,{part_year},,\n"

MUTATIONS = [
    # type-error: integer, number, date, boolean, year, uri
    Mutation("integer-decimal", {"type-error"}, [cells("enforcement_stats", 3, value="12.5")]),
    Mutation("integer-plus-sign", {"type-error"}, [cells("enforcement_stats", 4, value="+12")]),
    Mutation("integer-underscore", {"type-error"}, [cells("enforcement_stats", 5, value="1_000")]),
    Mutation("integer-padded", {"type-error"}, [cells("enforcement_stats", 6, value=" 12")]),
    Mutation("integer-word", {"type-error"}, [cells("enforcement_stats", 7, value="many")]),
    Mutation("integer-arabic-digits", {"type-error"}, [cells("enforcement_stats", 8, value="١٢")]),
    Mutation("integer-leading-zeros", set(), [cells("enforcement_stats", 9, value="007")]),
    Mutation("number-nan", {"type-error"}, [set_field("enforcement_stats", "value", type="number"),
                                            cells("enforcement_stats", 10, value="nan")]),
    Mutation("number-exponent", set(), [set_field("enforcement_stats", "value", type="number"),
                                        cells("enforcement_stats", 10, value="1.5e3")]),
    Mutation("number-word", {"type-error"}, [set_field("enforcement_stats", "value", type="number"),
                                             cells("enforcement_stats", 11, value="lots"),
                                             cells("enforcement_stats", 12, value="-0.5")]),
    Mutation("date-month-13", {"type-error"}, [cells("agreements_287g", 1, signed="2020-13-01")]),
    Mutation("date-unpadded", {"type-error"}, [cells("agreements_287g", 2, last_listed="2020-1-5")]),
    Mutation("date-compact", {"type-error"}, [cells("detainer_policies", 2, verified="20200105")]),
    Mutation("boolean-word", {"type-error"}, [append("detention_county_stats", COUNTY_STATS_ROW.format(part_year="yes")),
                                              append("detention_county_stats",
                                                     COUNTY_STATS_ROW.format(part_year="true").replace("2020", "2021"))]),
    Mutation("boolean-true-values", {"type-error"}, [
        set_field("detention_county_stats", "part_year", trueValues=["yes"], falseValues=["no"]),
        append("detention_county_stats", COUNTY_STATS_ROW.format(part_year="yes")),
        append("detention_county_stats", COUNTY_STATS_ROW.format(part_year="TRUE").replace("2020", "2021"))]),
    Mutation("year-two-digits", {"type-error"}, [set_field("enforcement_stats", "fiscal_year", type="year"),
                                                 cells("enforcement_stats", 2, fiscal_year="99"),
                                                 cells("enforcement_stats", 3, fiscal_year="02019")]),
    Mutation("uri-format", {"type-error"}, [cells("agreements_287g", 0, moa_url="not a web address")]),
    # constraint-error: required, enum, pattern, minimum, maximum, minLength, maxLength
    Mutation("required-empty", {"constraint-error"}, [cells("enforcement_stats", 14, state="")]),
    Mutation("enum-unknown", {"constraint-error"}, [cells("agreements_287g", 1, model="posse")]),
    Mutation("pattern-short-fips", {"constraint-error", "foreign-key"}, [cells("enforcement_stats", 15, county_fips="1234")]),
    Mutation("minimum-negative", {"constraint-error"}, [cells("enforcement_stats", 16, value="-5")]),
    Mutation("maximum", {"constraint-error"}, [constrain("enforcement_stats", "fiscal_year", maximum=2024)]),
    Mutation("min-length", {"constraint-error"}, [constrain("metrics", "label", minLength=30)]),
    Mutation("max-length", {"constraint-error"}, [cells("agreements_287g", 2, agency="A" * 250)]),
    Mutation("pattern-and-max-length-on-one-cell", {"constraint-error"}, [
        cells("agreements_287g", 3, id="X" * 250)]),
    Mutation("enum-of-integers-compares-cast-values", {"constraint-error"}, [
        constrain("enforcement_stats", "fiscal_year", enum=[2010, 2011]),
        cells("enforcement_stats", 0, fiscal_year="02010")]),
    # unique-error, primary-key (single, composite, cast, all empty)
    Mutation("unique-usps", {"unique-error"}, [append("states", "99,AL,Elsewhere\n")]),
    Mutation("unique-name-twice", {"unique-error"}, [append("states", "98,ZZ,Alabama\n97,ZY,Alabama\n")]),
    Mutation("primary-key-single", {"primary-key"}, [duplicate("agreements_287g", 1)]),
    Mutation("primary-key-composite", {"primary-key"}, [duplicate("enforcement_stats", 20, value="1")]),
    Mutation("primary-key-cast-values", {"primary-key"}, [duplicate("enforcement_stats", 0, fiscal_year="02007")]),
    Mutation("primary-key-all-empty", {"primary-key", "constraint-error"}, [
        append("enforcement_stats", ",,,,,5,,note,\n")]),
    Mutation("primary-key-three-times", {"primary-key"}, [duplicate("metrics", 0), duplicate("metrics", 0)]),
    # foreign-key: single, into sources, composite, self-reference, partly empty
    Mutation("foreign-key-county", {"foreign-key"}, [cells("enforcement_stats", 30, county_fips="99999")]),
    Mutation("foreign-key-into-sources", {"foreign-key"}, [cells("agreements_287g", 0, source_id="no-such-source")]),
    Mutation("foreign-key-composite", {"foreign-key"}, [
        foreign_key("enforcement_stats", ["metric", "source_id"], "metrics", ["id", "source_id"]),
        append("sources", "other-source,Another synthetic source,bench,,https://example.org/b,2026,,,other,,\n"),
        cells("enforcement_stats", 40, source_id="other-source")]),
    Mutation("foreign-key-composite-partly-empty", {"foreign-key", "constraint-error"}, [
        foreign_key("enforcement_stats", ["metric", "source_id"], "metrics", ["id", "source_id"]),
        cells("enforcement_stats", 41, metric="")]),
    Mutation("foreign-key-self-reference", {"foreign-key", "successor-unknown"}, [
        foreign_key("counties", ["successor_fips"], "", ["fips"]),
        cells("counties", 1, successor_fips="99999", valid_to="2015-01-01")]),
    Mutation("foreign-key-state", {"foreign-key"}, [cells("agreements_287g", 1, state="ZZ")]),
    Mutation("county-in-another-state", {"county-state-mismatch"}, [cells("enforcement_stats", 33, state="NC")]),
    # missing-cell, extra-cell, blank-row
    Mutation("missing-cells", {"missing-cell"}, [line("enforcement_stats", 12, lambda t: t.rsplit(",", 3)[0])]),
    Mutation("extra-cell", {"extra-cell"}, [line("agreements_287g", 2, lambda t: t + ",stray,cells")]),
    Mutation("blank-line", {"blank-row"}, [line("enforcement_stats", 50, lambda t: t + "\n")]),
    Mutation("row-of-commas", {"blank-row"}, [line("enforcement_stats", 51, lambda t: t + "\n,,,,,,,,")]),
    Mutation("blank-line-at-end", {"blank-row"}, [append("metrics", "\n\n")]),
    # header: incorrect-label, missing-label, extra-label, blank-label, duplicate-label
    Mutation("incorrect-label", {"incorrect-label"}, [line("enforcement_stats", 0, lambda t: t.replace("value", "amount"))]),
    Mutation("missing-label", {"missing-label", "extra-cell"}, [line("metrics", 0, lambda t: t.rsplit(",", 1)[0])]),
    Mutation("extra-label", {"extra-label"}, [line("metrics", 0, lambda t: t + ",comment")]),
    Mutation("blank-label", {"blank-label"}, [line("enforcement_stats", 0, lambda t: t.replace("notes", ""))]),
    Mutation("duplicate-label", {"duplicate-label"}, [line("enforcement_stats", 0, lambda t: t.replace("notes", "agency"))]),
    Mutation("label-with-spaces", set(), [line("metrics", 0, lambda t: t.replace("unit", " unit "))]),
    # where a problem is: quoted cells over several lines, CR LF, BOM, missing values, the problem limit
    Mutation("multi-line-cell-before-an-error", {"type-error"}, [
        cells("detainer_policies", 1, summary="First line,\nsecond line", verified="2020-02-30")]),
    Mutation("crlf-and-an-error", {"crlf-line-endings", "constraint-error"}, [
        cells("enforcement_stats", 5, value="-1"), raw("enforcement_stats", lambda b: b.replace(b"\n", b"\r\n"))]),
    Mutation("bom-and-an-error", {"bom", "foreign-key"}, [
        cells("agreements_287g", 1, county_fips="99998"), raw("agreements_287g", lambda b: b"\xef\xbb\xbf" + b)]),
    Mutation("missing-values", {"constraint-error"}, [
        schema("enforcement_stats", lambda doc: doc.update(missingValues=["", "NA"])),
        cells("enforcement_stats", 3, value="NA"), cells("enforcement_stats", 4, state="NA")]),
    Mutation("problem-limit", {"constraint-error"}, [constrain("enforcement_stats", "fiscal_year", maximum=2010)],
             max_problems=7),
    Mutation("problem-limit-at-a-row-with-several-errors", {"constraint-error", "type-error"}, [
        constrain("enforcement_stats", "fiscal_year", maximum=2010),
        *[cells("enforcement_stats", i, value="x", state="") for i in range(2, 6)]], max_problems=4),
    Mutation("quoted-commas-and-a-short-row", {"missing-cell", "foreign-key"}, [
        cells("agreements_287g", 0, agency="Sheriff, Autauga County"),
        line("agreements_287g", 2, lambda t: t.rsplit(",", 5)[0]), cells("agreements_287g", 3, county_fips="99997")]),
    Mutation("duplicate-label-and-short-rows", {"duplicate-label", "missing-cell"}, [
        line("metrics", 0, lambda t: t.replace("unit", "label")), line("metrics", 2, lambda t: t.rsplit(",", 2)[0])]),
    # the reference engine decides: a dialect the csv module does not share, a declared byte count
    Mutation("sniffed-dialect", {"constraint-error"}, [
        cells("sources", 0, title="Synthetic, benchmark", kind="blog"),
        line("sources", 1, lambda t: t.replace(',"', ', "'))], fallback=True),
    Mutation("declared-bytes", {"byte-count"}, [descriptor("metrics", bytes=12)], fallback=True),
]


def spy_on_fallback(monkeypatch) -> list:
    calls = []
    real = columnar.run_frictionless

    def spy(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(columnar, "run_frictionless", spy)
    return calls


def test_at_least_40_mutations_cover_every_error_frictionless_reports():
    assert len(MUTATIONS) >= 40
    covered = set().union(*(m.expect for m in MUTATIONS))
    assert {"type-error", "constraint-error", "unique-error", "primary-key", "foreign-key", "missing-cell",
            "extra-cell", "blank-row", "incorrect-label", "missing-label", "extra-label", "blank-label",
            "duplicate-label"} <= covered


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.name for m in MUTATIONS])
def test_columnar_engine_reports_what_frictionless_reports(template, tmp_path, monkeypatch, mutation):
    pkg = tmp_path / "datapackage"
    shutil.copytree(template, pkg)
    for edit in mutation.edits:
        edit(pkg)
    fallbacks = spy_on_fallback(monkeypatch)
    fast = validate_package(pkg, today=TODAY, max_problems=mutation.max_problems)
    reference = validate_package(pkg, today=TODAY, max_problems=mutation.max_problems, engine="frictionless")

    keys = ("id", "path", "line", "column", "field", "value")
    assert [tuple(getattr(p, k) for k in keys) for p in fast.problems] == \
        [tuple(getattr(p, k) for k in keys) for p in reference.problems]
    assert fast.problems == reference.problems  # messages, hints and severities too
    assert (fast.truncated, fast.rows_checked) == (reference.truncated, reference.rows_checked)
    found = {p.id for p in fast.problems}
    assert mutation.expect <= found, found
    if not mutation.expect:
        assert fast.ok
    assert bool(fallbacks) is mutation.fallback


# --- random cells ------------------------------------------------------------------------------------------------

# Characters that make frictionless' casts and the CSV split interesting: signs, separators, exponents, Unicode
# digits and spaces, quotes, commas and line breaks.
CELL = st.text(alphabet=st.sampled_from(list("0123456789-+._eE ,\"\nNaIf:/TtrueFals\u0661\u00a0x")), max_size=8)
STATS_FIELDS = ["state", "county_fips", "agency", "fiscal_year", "metric", "value", "source_id", "notes"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return build_valid_package(tmp_path_factory.mktemp("tiny"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(row=st.fixed_dictionaries({name: CELL for name in STATS_FIELDS}),
       value_type=st.sampled_from(["integer", "number", "year", "boolean", "date", "string"]))
def test_random_cells_get_the_same_findings(tiny, tmp_path_factory, row, value_type):
    pkg = tmp_path_factory.mktemp("case") / "datapackage"
    shutil.copytree(tiny, pkg)
    path = pkg / "schemas/enforcement_stats.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    value = field_of(doc, "value")
    value["type"] = value_type
    if value_type not in {"integer", "number", "year"}:
        value["constraints"].pop("minimum", None)
    path.write_text(json.dumps(doc), encoding="utf-8")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([row[name] for name in STATS_FIELDS] + [""])
    stats = pkg / "data/enforcement_stats.csv"
    stats.write_text(stats.read_text(encoding="utf-8") + out.getvalue(), encoding="utf-8")

    fast = validate_package(pkg, today=TODAY)
    assert fast.problems == validate_package(pkg, today=TODAY, engine="frictionless").problems
