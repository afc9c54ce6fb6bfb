"""Export benchmark: `atlas export` (export_all) of the SYNTHETIC full-coverage package.

Builds the package bench/site.py builds (every current county: 3,235 counties, about 403,000 rows in all), then
exports it `--runs` times, each in a fresh child process (nothing cached between runs; the peak memory is the
child's maximum resident set size, its own helper processes included). The time counted is export_all itself,
after the imports. Each writer of atlas.export is timed too (its own time: a writer's call to the loader counts
as loading), so the split shows where the seconds go. Prints the median of the runs per part and in total.
Target on a 2-core machine: under 10 s in total.

Everything is written under bench/out/ (git-ignored); nothing reaches datapackage/.

    .venv/bin/python bench/export.py                          # full size, median of 3
    .venv/bin/python bench/export.py --counties 20 --runs 1   # smoke run
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import importlib
import importlib.util
import json
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

from benchlib import child_figures, site_bench  # bench/ is the script's folder, first on sys.path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "export"
BUILD_DATE = dt.date(2026, 11, 28)  # fixed, so no run asks git
# What is timed, by the name each part has in atlas.export (or the module named before the colon); a name the
# code under test lacks is left out, so the script also measures older code (PYTHONPATH pointing elsewhere).
PARTS = {
    "load": ["load_package", "atlas.package:read_records", "atlas.columns:read_table"],
    # Each writer by its name in atlas.export (older code imported them there) and in its own module (where
    # export_package imports it from since the preview stopped loading the formats' libraries).
    "csv": ["write_csv", "atlas.export.resource_files:write_csv"],
    "json": ["write_json", "atlas.export.resource_files:write_json"],
    "schema": ["write_schema", "atlas.export.resource_files:write_schema"],
    "parquet": ["write_parquet", "atlas.export.parquet_files:write_parquet"],
    "zip": ["write_package_zip", "atlas.export.package_zip:write_package_zip"],
    "sqlite": ["write_sqlite", "atlas.export.sqlite_db:write_sqlite"],
    "xlsx": ["write_xlsx", "atlas.export.workbook:write_xlsx"],
    "catalog": ["catalog", "atlas.export.dcat:catalog"], "manifest": ["describe", "write_manifest", "write_sha256sums"],
}


class Clock:
    """Own time per part: time spent in a nested timed call counts for the inner part only."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.stack: list[list] = []

    def wrap(self, part: str, fn):
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            frame = [part, 0.0]  # part, time taken by nested timed calls
            self.stack.append(frame)
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent = time.perf_counter() - start
                self.stack.pop()
                self.seconds[part] = self.seconds.get(part, 0.0) + spent - frame[1]
                if self.stack:
                    self.stack[-1][1] += spent
        return timed


def instrument(clock: Clock) -> None:
    import atlas.export as export

    for part, names in PARTS.items():
        for name in names:
            module_name, _, attr = name.rpartition(":")
            try:
                module = importlib.import_module(module_name) if module_name else export
            except ImportError:
                continue
            if hasattr(module, attr):
                setattr(module, attr, clock.wrap(part, getattr(module, attr)))


def child(package: Path, out: Path) -> None:
    """One timed export in this process; prints {seconds, parts, peak_mb, files} as JSON on the last line."""
    if importlib.util.find_spec("atlas") is None:  # PYTHONPATH may name other code to measure
        sys.path.insert(0, str(REPO / "scripts"))
    import atlas.export as export

    clock = Clock()
    instrument(clock)
    if out.exists():
        shutil.rmtree(out)
    start = time.perf_counter()
    result = export.export_all(package, out, build_date=BUILD_DATE)
    seconds = time.perf_counter() - start
    peak_kb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(json.dumps({"seconds": seconds, "parts": clock.seconds, "peak_mb": peak_kb / 1024, "files": len(result)}))


def run(package: Path, out: Path) -> dict:
    return child_figures(__file__, str(package), str(out), what="export")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counties", type=int, default=None,
                        help="Synthetic facts for only the first N counties (a quick smoke run; default: all).")
    parser.add_argument("--runs", type=int, default=3, help="Export runs; the median is reported.")
    parser.add_argument("--out", type=Path, default=OUT, help="Where the package and downloads are written "
                        "(default bench/out/export/).")
    parser.add_argument("--package", type=Path, default=None,
                        help="Export this package instead of generating the synthetic one.")
    parser.add_argument("--child", nargs=2, metavar=("PACKAGE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(Path(args.child[0]), Path(args.child[1]))

    args.out.mkdir(parents=True, exist_ok=True)
    package = args.package
    if package is None:
        package = args.out / "package"
        t = time.perf_counter()
        n = site_bench().synthetic_package(package, limit=args.counties)
        print(f"SYNTHETIC package: {n} current counties", end="")
    else:
        t = time.perf_counter()
        print(f"package {package}", end="")
    rows = sum(p.read_bytes().count(b"\n") - 1 for p in (package / "data").glob("*.csv"))
    print(f", {rows:,} data rows in all ({time.perf_counter() - t:.1f} s to prepare, not counted)")

    runs = [run(package, args.out / "downloads") for _ in range(max(1, args.runs))]
    parts = sorted({p for r in runs for p in r["parts"]}, key=lambda p: list(PARTS).index(p))
    print(f"{'part':<10} {'median s':>9}  runs s")
    for part in parts:
        each = [r["parts"].get(part, 0.0) for r in runs]
        print(f"{part:<10} {statistics.median(each):>9.2f}  {', '.join(f'{s:.2f}' for s in each)}")
    totals = [r["seconds"] for r in runs]
    print(f"{'total':<10} {statistics.median(totals):>9.2f}  {', '.join(f'{s:.2f}' for s in totals)}")
    print(f"peak memory {max(r['peak_mb'] for r in runs):.0f} MB; {runs[0]['files']} files written")


if __name__ == "__main__":
    main()
