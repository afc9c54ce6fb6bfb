"""Validation benchmark: `atlas validate` against `frictionless validate` on the SYNTHETIC full-coverage package.

Builds the package bench/site.py builds (every current county: 3,235 counties, about 390,000 enforcement figures
and 403,000 rows in all), then times, side by side in one run, the atlas' validate_package and Frictionless'
Package.validate (what `frictionless validate datapackage.json` runs). Each run is a fresh child process, so the
peak memory (the child's maximum resident set size) belongs to one tool alone, and nothing is cached between runs;
the time counted is the call itself, after the imports. Prints the median of `--runs`, the peak memory and the
speed ratio.
Targets on a 2-core machine: the atlas >= 5x faster than Frictionless, < 2 s, < 1 GB.

Everything is written under bench/out/ (git-ignored); nothing reaches datapackage/.

    .venv/bin/python bench/validate.py                # full size, median of 3
    .venv/bin/python bench/validate.py --counties 20 --runs 1   # smoke run
    .venv/bin/python bench/validate.py --tools atlas,atlas-frictionless,frictionless   # also the reference engine
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

from benchlib import child_figures, site_bench  # bench/ is the script's folder, first on sys.path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "validate"
TOOLS = {"atlas": "atlas validate (validate_package)",
         "atlas-frictionless": "atlas validate, Frictionless engine (reference)",
         "frictionless": "frictionless validate (Package.validate)"}


def child(tool: str, package: Path) -> None:
    """One timed run in this process; prints {seconds, peak_mb, ok, problems} as JSON on the last line."""
    sys.path.insert(0, str(REPO / "scripts"))
    if tool.startswith("atlas"):
        from atlas.validate import validate_package

        options = {"engine": "frictionless"} if tool == "atlas-frictionless" else {}
        start = time.perf_counter()
        result = validate_package(package, **options)
        seconds = time.perf_counter() - start
        ok, problems = result.ok, len(result.errors)
    else:
        from frictionless import Package

        start = time.perf_counter()
        report = Package(str(package / "datapackage.json")).validate()
        seconds = time.perf_counter() - start
        ok, problems = report.valid, len(report.flatten(["type"]))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "ok": ok, "problems": problems}))


def run(tool: str, package: Path) -> dict:
    return child_figures(__file__, tool, str(package), what=tool)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counties", type=int, default=None,
                        help="Synthetic facts for only the first N counties (a quick smoke run; default: all).")
    parser.add_argument("--runs", type=int, default=3, help="Runs of each tool; the median is reported.")
    parser.add_argument("--tools", default="atlas,frictionless",
                        help=f"Comma-separated, from {', '.join(TOOLS)} (default atlas,frictionless).")
    parser.add_argument("--out", type=Path, default=OUT, help="Where the package is written (default bench/out/validate/).")
    parser.add_argument("--child", nargs=2, metavar=("TOOL", "PACKAGE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child[0], Path(args.child[1]))

    site = site_bench()

    tools = [t for t in args.tools.split(",") if t]
    unknown = set(tools) - set(TOOLS)
    if unknown:
        sys.exit(f"unknown tool(s) {', '.join(sorted(unknown))}; use {', '.join(TOOLS)}")
    package = args.out / "package"
    args.out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    n = site.synthetic_package(package, limit=args.counties)
    rows = {p.stem: p.read_bytes().count(b"\n") - 1 for p in (package / "data").glob("*.csv")}
    print(f"SYNTHETIC package: {n} current counties, {rows['enforcement_stats']:,} enforcement figures, "
          f"{sum(rows.values()):,} data rows in all ({time.perf_counter() - t:.1f} s to generate, not counted)")

    results: dict[str, list[dict]] = {tool: [] for tool in tools}
    for _ in range(max(1, args.runs)):  # alternate the tools, so machine noise falls on each alike
        for tool in tools:
            results[tool].append(run(tool, package))

    print(f"{'tool':<52} {'median s':>9} {'runs s':>22} {'peak MB':>8}  result")
    medians = {}
    for tool, runs in results.items():
        medians[tool] = statistics.median(r["seconds"] for r in runs)
        each = ", ".join(f"{r['seconds']:.2f}" for r in runs)
        outcome = "valid" if all(r["ok"] for r in runs) else f"INVALID ({runs[0]['problems']} errors)"
        print(f"{TOOLS[tool]:<52} {medians[tool]:>9.2f} {each:>22} "
              f"{max(r['peak_mb'] for r in runs):>8.0f}  {outcome}")
    if "atlas" in medians and "frictionless" in medians:
        print(f"speed ratio frictionless/atlas: {medians['frictionless'] / medians['atlas']:.1f}x")


if __name__ == "__main__":
    main()
