"""Checksums, manifest, atomic writes, reproducible bytes, and how the build date is chosen."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from atlas.cli import cli
from atlas.export import export_all
from atlas.export import atomic
from atlas.export.manifest import human_size
from atlas.export.release import resolve_build_date, site_url_from_mkdocs
from atlas.problems import AtlasError
from export_synthetic import BUILD_DATE, RESOURCES, SITE_URL

EXPECTED_FILES = {
    *(f"{name}.{ext}" for name in RESOURCES for ext in ("csv", "json", "schema.json")),
    *(f"parquet/{name}.parquet" for name in RESOURCES),
    "ice-cooperation-atlas-0.1.0.zip", "ice-cooperation-atlas.sqlite", "ice-cooperation-atlas.xlsx",
    "data.json", "manifest.json", "SHA256SUMS",
}


def _files(folder):
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_export_writes_every_download_and_nothing_else(exported):
    assert _files(exported.out_dir) == EXPECTED_FILES
    assert len(exported) == len(EXPECTED_FILES)


def test_sha256sums_passes_sha256sum_check(exported):
    if shutil.which("sha256sum") is None:
        pytest.skip("coreutils sha256sum is not installed")
    proc = subprocess.run(["sha256sum", "-c", "--strict", "SHA256SUMS"], cwd=exported.out_dir,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.count(": OK") == len(EXPECTED_FILES) - 1  # every file but SHA256SUMS itself


def test_sha256sums_lists_every_other_file_with_its_real_hash(exported):
    lines = (exported.out_dir / "SHA256SUMS").read_text(encoding="ascii").splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    assert set(listed) == EXPECTED_FILES - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((exported.out_dir / name).read_bytes()).hexdigest() == digest, name


def test_a_changed_byte_fails_the_check(exported, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(exported.out_dir, copy)
    data = bytearray((copy / "states.csv").read_bytes())
    data[-2] ^= 1
    (copy / "states.csv").write_bytes(bytes(data))
    proc = subprocess.run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=copy, capture_output=True, text=True)
    assert proc.returncode == 1 and "states.csv: FAILED" in proc.stdout


def test_manifest_describes_every_file(exported):
    doc = json.loads((exported.out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert doc["version"] == "0.1.0" and doc["build_date"] == "2026-11-28"
    files = {f["file"]: f for f in doc["files"]}
    assert set(files) == EXPECTED_FILES - {"manifest.json", "SHA256SUMS"}
    for name, f in files.items():
        path = exported.out_dir / name
        assert f["bytes"] == path.stat().st_size
        assert f["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert f["version"] == "0.1.0" and f["build_date"] == "2026-11-28"
    assert files["counties.csv"]["resource"] == "counties" and files["counties.csv"]["mediatype"] == "text/csv"
    assert files["ice-cooperation-atlas.sqlite"]["resource"] is None
    assert files["parquet/states.parquet"]["mediatype"] == "application/vnd.apache.parquet"


def test_same_input_and_date_give_the_same_bytes(synthetic_package, exported, tmp_path):
    again = export_all(synthetic_package, tmp_path / "again", site_url=SITE_URL, build_date=BUILD_DATE)
    assert (tmp_path / "again" / "SHA256SUMS").read_bytes() == (exported.out_dir / "SHA256SUMS").read_bytes()
    assert [e.sha256 for e in again.entries] == [e.sha256 for e in exported.entries]


def test_an_interrupted_write_leaves_neither_a_partial_nor_a_whole_looking_file(tmp_path):
    final = tmp_path / "big.sqlite"
    with pytest.raises(RuntimeError):
        with atomic.atomic_path(final) as tmp:
            tmp.write_bytes(b"half of it")
            raise RuntimeError("killed")
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_export_keeps_the_previous_complete_file(synthetic_package, tmp_path, monkeypatch):
    out = tmp_path / "out"
    export_all(synthetic_package, out, site_url=SITE_URL, build_date=BUILD_DATE)
    before = (out / "ice-cooperation-atlas.xlsx").read_bytes()

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("openpyxl.writer.excel.ExcelWriter.save", boom)
    with pytest.raises(OSError):
        export_all(synthetic_package, out, site_url=SITE_URL, build_date=dt.date(2027, 1, 1))
    assert (out / "ice-cooperation-atlas.xlsx").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.endswith(".partial")]


def test_temp_names_are_hidden_and_never_end_like_a_download(tmp_path):
    name = atomic.temp_name(tmp_path / "ice-cooperation-atlas.zip").name
    assert name.startswith(".") and name.endswith(".partial")


def test_build_date_prefers_source_date_epoch(synthetic_package):
    date, origin = resolve_build_date(synthetic_package, environ={"SOURCE_DATE_EPOCH": "1767225600"})
    assert (date, origin) == (dt.date(2026, 1, 1), "SOURCE_DATE_EPOCH")


def test_build_date_falls_back_to_the_last_commit_touching_the_package(repo_root, package_dir):
    proc = subprocess.run(["git", "-C", str(repo_root), "log", "-1", "--format=%cs", "--", str(package_dir)],
                          capture_output=True, text=True)
    if proc.returncode != 0 or not proc.stdout.strip():
        pytest.skip("not a git checkout")
    date, origin = resolve_build_date(package_dir, repo_root, environ={})
    assert origin == "git"
    # %cs is the committer date in the committer's zone; ours is UTC, so allow the one-day edge.
    assert abs((date - dt.date.fromisoformat(proc.stdout.strip())).days) <= 1


def test_build_date_is_today_outside_git(tmp_path):
    date, origin = resolve_build_date(tmp_path, tmp_path, environ={"SOURCE_DATE_EPOCH": "not a number"})
    assert origin == "today" and date == dt.datetime.now(tz=dt.timezone.utc).date()


def test_site_url_is_read_from_mkdocs_yml(tmp_path):
    yml = tmp_path / "mkdocs.yml"
    yml.write_text("site_name: X\nsite_url: https://example.net/sub/  # comment\nmarkdown_extensions:\n"
                   "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    assert site_url_from_mkdocs(yml) == "https://example.net/sub/"


@pytest.mark.parametrize("n, text", [(0, "0 B"), (999, "999 B"), (1000, "1.0 kB"), (123456, "123.5 kB"),
                                     (4_500_000, "4.5 MB")])
def test_sizes_read_as_file_managers_show_them(n, text):
    assert human_size(n) == text


def test_cli_export_reports_the_count_and_exits_0(synthetic_package, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795824000")
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "out"), "--package", str(synthetic_package)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {len(EXPECTED_FILES)} files to {tmp_path / 'out'}"


def test_cli_export_exits_2_without_a_package(tmp_path):
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "out"), "--package", str(tmp_path / "none")])
    assert result.exit_code == 2 and "datapackage.json" in result.output


def test_a_cell_that_does_not_cast_is_a_domain_error(synthetic_package, tmp_path):
    broken = tmp_path / "pkg"
    shutil.copytree(synthetic_package, broken)
    csv_path = broken / "data" / "enforcement_stats.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(",2018,", ",twenty,"), encoding="utf-8")
    with pytest.raises(AtlasError, match="atlas validate"):
        export_all(broken, tmp_path / "out", site_url=SITE_URL, build_date=BUILD_DATE)
