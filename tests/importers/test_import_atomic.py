"""An import ends in a valid package or changes nothing: atomic writes, staged validation, cited sources kept."""
from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner
from importer_fixtures import roster_file, stats_file

from atlas.cli import cli
from atlas.importers import ice_287g, ice_287g_stats, tables
from atlas.package import load_package
from atlas.paths import PACKAGE_DIR, SHARED_SOURCES
from atlas.problems import AtlasError
from atlas.validate import validate_package

METRICS_HEADER = ["id", "label", "definition", "unit", "source_id"]
FULL_FOIA = "ice-287g-foia-ddp-identifications-removals-fy2006-2013"
# SYNTHETIC hand-entered metric citing the full FOIA table's source, which an import of the excerpt would drop.
HAND_METRIC = ("hand_metric", "A metric entered by hand", "Synthetic.", "people", FULL_FOIA)


def snapshot(package):
    """Every file of the package folder, by relative path (leftover temporary files show up too)."""
    return {p.relative_to(package).as_posix(): p.read_bytes() for p in sorted(package.rglob("*")) if p.is_file()}


def imported_with_roster(tmp_path, package):
    ice_287g_stats.run(stats_file(tmp_path), package_dir=package, roster=roster_file(tmp_path))


def with_hand_metric(package):
    path = package / "data" / "metrics.csv"
    with path.open("a", encoding="utf-8", newline="") as fh:
        fh.write(",".join(HAND_METRIC) + "\n")


def excerpt_of(path):
    excerpt = path.with_name("pre2018-ice-removals-long.NC-excerpt.csv")
    path.rename(excerpt)
    return excerpt


def test_a_source_another_table_cites_is_kept_with_a_warning(tmp_path, tiny_package):
    ice_287g_stats.run(stats_file(tmp_path), package_dir=tiny_package)
    with_hand_metric(tiny_package)
    report = ice_287g_stats.run(excerpt_of(stats_file(tmp_path)), package_dir=tiny_package)
    source_ids = [line.split(",", 1)[0] for line in (tiny_package / "data" / "sources.csv").read_text().splitlines()]
    assert FULL_FOIA in source_ids and f"{FULL_FOIA}-nc-excerpt" in source_ids
    assert [p.id for p in report.problems] == ["cited-source-kept"] and report.ok
    assert "metrics hand_metric" in report.problems[0].message
    assert validate_package(tiny_package).ok


def test_an_uncited_source_is_still_dropped(tmp_path, tiny_package):
    ice_287g_stats.run(stats_file(tmp_path), package_dir=tiny_package)
    ice_287g_stats.run(excerpt_of(stats_file(tmp_path)), package_dir=tiny_package)
    assert FULL_FOIA + "," not in (tiny_package / "data" / "sources.csv").read_text()


def test_a_rename_failing_midway_leaves_every_file_as_it_was(tmp_path, tiny_package, monkeypatch):
    before = snapshot(tiny_package)
    real_replace, calls = os.replace, []

    def fail_second(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("disk full (simulated)")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", fail_second)
    with pytest.raises(OSError, match="simulated"):
        imported_with_roster(tmp_path, tiny_package)
    assert snapshot(tiny_package) == before
    assert len(calls) > 2  # the first file was replaced, then put back


def test_a_write_failing_midway_leaves_every_file_as_it_was(tmp_path, tiny_package, monkeypatch):
    before = snapshot(tiny_package)
    real_write, calls = tables.write_temp, []

    def fail_second(final, data):
        calls.append(final)
        if len(calls) == 2:
            raise OSError("interrupted (simulated)")
        return real_write(final, data)

    monkeypatch.setattr(tables, "write_temp", fail_second)
    with pytest.raises(OSError, match="simulated"):
        imported_with_roster(tmp_path, tiny_package)
    assert snapshot(tiny_package) == before


def test_an_import_that_would_leave_the_package_invalid_is_refused_with_exit_2(tmp_path, tiny_package, monkeypatch):
    real_row = ice_287g_stats.foia_source_row
    monkeypatch.setattr(ice_287g_stats, "foia_source_row", lambda path, sid: {**real_row(path, sid), "kind": "rumour"})
    before = snapshot(tiny_package)
    result = CliRunner().invoke(cli, ["import", "ice-287g-stats", str(stats_file(tmp_path)),
                                      "--package", str(tiny_package)])
    assert result.exit_code == 2, result.output
    assert "would leave the package invalid" in result.output and "sources.csv" in result.output
    assert snapshot(tiny_package) == before


def test_a_file_changed_during_the_import_stops_it(tmp_path, tiny_package, monkeypatch):
    real_refuse = tables.refuse_invalid
    path = tiny_package / "data" / "sources.csv"

    def someone_appends(package, changed):
        real_refuse(package, changed)
        with path.open("a", encoding="utf-8") as fh:
            fh.write("hand-late,Late,Someone,,https://example.org,2020,,,news-report,,synthetic\n")

    monkeypatch.setattr(tables, "refuse_invalid", someone_appends)
    with pytest.raises(AtlasError, match="changed by someone else"):
        ice_287g_stats.run(stats_file(tmp_path), package_dir=tiny_package)
    assert path.read_text().endswith("synthetic\n") and "ice-287g-foia-" not in path.read_text()


def test_a_reimport_writes_no_file(tmp_path, tiny_package):
    imported_with_roster(tmp_path, tiny_package)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (tiny_package / "data").glob("*.csv")}
    imported_with_roster(tmp_path, tiny_package)
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in (tiny_package / "data").glob("*.csv")} == before


def test_a_cr_in_a_cell_is_quoted_so_the_record_stays_one_record(tiny_package):
    resource = load_package(tiny_package)["sources"]
    row = {"id": "x", "title": "a\rb", "publisher": "p", "kind": "other"}
    text = tables.format_row(resource, row)
    assert text.startswith('"x","a\rb"')
    assert tables.parse_records(",".join(resource.field_names) + "\n" + text, [])[1][0].row["title"] == "a\rb"


@pytest.mark.shared
def test_importing_only_some_sheets_leaves_a_valid_package(tmp_path):
    """The 2021 and 2024 captures (names starting with P) not given: their sources stay while policies cite them."""
    package = tmp_path / "datapackage"
    shutil.copytree(PACKAGE_DIR, package)
    sheets = sorted(p for p in (SHARED_SOURCES / "ice-287g-sheets").glob("*.xlsx") if not p.name.startswith("P"))
    report = ice_287g.run(sheets, package_dir=package)
    result = validate_package(package)
    assert result.ok, [p.to_dict() for p in result.problems if p.severity == "error"][:5]
    assert "cited-source-kept" in [p.id for p in report.problems]
    again = snapshot(package)
    ice_287g.run(sheets, package_dir=package)
    assert snapshot(package) == again


def test_tables_write_nothing_outside_the_transaction(tiny_package):
    """Staging alone never touches the package."""
    package = load_package(tiny_package)
    before = snapshot(tiny_package)
    write = tables.PackageWrite(package)
    write.replace_owned_rows(package["metrics"], lambda r: False, [dict(zip(METRICS_HEADER, HAND_METRIC))])
    assert snapshot(tiny_package) == before
    assert [r["id"] for r in write.raw_rows(package["metrics"])] == ["hand_metric"]


def test_a_whole_table_is_staged_as_write_rows_writes_it(tmp_path, tiny_package):
    from atlas.package import write_rows
    package = load_package(tiny_package)
    rows = [{"id": "b", "title": "two\nlines", "publisher": "p", "kind": "other"},
            {"id": "a", "title": "bare\rCR", "publisher": "p, q", "kind": "other"}]
    write = tables.PackageWrite(package)
    write.replace_all_rows(package["sources"], rows)
    write_rows(package["sources"], rows)
    assert write.staged[package["sources"].path].data == (tiny_package / "data" / "sources.csv").read_bytes()
