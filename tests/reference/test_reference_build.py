"""states.csv and counties.csv: what the county finder and every join by FIPS rely on."""
from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import pytest

from atlas.paths import REPO_ROOT

SCRIPT = REPO_ROOT / "scripts" / "build_reference.py"


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_reference", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


builder = _load_builder()


def _read(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def states(package_dir) -> list[dict]:
    return _read(package_dir / "data" / "states.csv")


@pytest.fixture(scope="module")
def counties(package_dir) -> dict[str, dict]:
    return {r["fips"]: r for r in _read(package_dir / "data" / "counties.csv")}


def test_states_are_50_dc_pr_and_four_territories(states):
    usps = [s["usps"] for s in states]
    assert len(states) == 56
    for code in ("NC", "VA", "DC", "PR", "AS", "GU", "MP", "VI"):
        assert code in usps
    assert "UM" not in usps  # left out on purpose: see county_changes.csv
    assert [s["fips"] for s in states] == sorted(s["fips"] for s in states)
    assert {"fips": "37", "usps": "NC", "name": "North Carolina"} in states


def test_every_county_points_to_a_listed_state(states, counties):
    state_fips = {s["fips"] for s in states}
    assert {c["state_fips"] for c in counties.values()} == state_fips
    assert all(f.startswith(c["state_fips"]) for f, c in counties.items())


def test_mecklenburg_nc_and_va_are_both_present(counties):
    assert counties["37119"]["state_fips"] == "37"
    assert counties["51117"]["state_fips"] == "51"
    assert counties["37119"]["short_name"] == counties["51117"]["short_name"] == "Mecklenburg"
    assert not counties["37119"]["valid_to"] and not counties["51117"]["valid_to"]


RETIRED = {
    # fips: (valid_to = last day in use, successor_fips)
    "51515": ("2013-06-30", "51019"),
    "46113": ("2015-04-30", "46102"),
    "02270": ("2015-06-30", "02158"),
    "02261": ("2019-01-01", "02063 02066"),
    "09001": ("2022-06-05", "09120 09140 09190"),
    "09003": ("2022-06-05", "09110 09140 09160"),
    "09005": ("2022-06-05", "09140 09160 09190"),
    "09007": ("2022-06-05", "09130"),
    "09009": ("2022-06-05", "09140 09170"),
    "09011": ("2022-06-05", "09130 09150 09180"),
    "09013": ("2022-06-05", "09110 09150"),
    "09015": ("2022-06-05", "09150 09180"),
}


@pytest.mark.parametrize("fips", sorted(RETIRED))
def test_retired_codes_keep_their_end_date_and_successors(counties, fips):
    row = counties[fips]
    assert (row["valid_to"], row["successor_fips"]) == RETIRED[fips]
    assert "Source:" in row["notes"]
    for successor in row["successor_fips"].split():
        assert counties[successor]["valid_to"] == ""


def test_only_the_listed_codes_are_retired(counties):
    assert {f for f, c in counties.items() if c["valid_to"]} == set(RETIRED)


@pytest.mark.parametrize(
    "fips,name,short,valid_from",
    [
        ("46102", "Oglala Lakota County", "Oglala Lakota", "2015-05-01"),
        ("02158", "Kusilvak Census Area", "Kusilvak", "2015-07-01"),
        ("02063", "Chugach Census Area", "Chugach", "2019-01-02"),
        ("02066", "Copper River Census Area", "Copper River", "2019-01-02"),
        ("09110", "Capitol Planning Region", "Capitol", "2022-06-06"),
        ("09130", "Lower Connecticut River Valley Planning Region", "Lower Connecticut River Valley", "2022-06-06"),
        ("09190", "Western Connecticut Planning Region", "Western Connecticut", "2022-06-06"),
    ],
)
def test_new_codes_start_on_the_change_date(counties, fips, name, short, valid_from):
    row = counties[fips]
    assert (row["name"], row["short_name"], row["valid_from"], row["valid_to"]) == (name, short, valid_from, "")


def test_ct_has_nine_current_planning_regions(counties):
    current = [f for f, c in counties.items() if f.startswith("09") and not c["valid_to"]]
    assert current == [f"09{n}0" for n in range(11, 20)]


@pytest.mark.parametrize(
    "name,short",
    [
        ("Mecklenburg County", "Mecklenburg"),
        ("Bedford city", "Bedford"),
        ("Carson City", "Carson City"),
        ("James City County", "James City"),
        ("Juneau City and Borough", "Juneau"),
        ("Anchorage Municipality", "Anchorage"),
        ("Kusilvak Census Area", "Kusilvak"),
        ("Añasco Municipio", "Añasco"),
        ("District of Columbia", "District of Columbia"),
        ("Guam", "Guam"),
        ("St. Croix Island", "St. Croix"),
        ("Capitol Planning Region", "Capitol"),
    ],
)
def test_short_name_strips_only_the_area_description(name, short):
    assert builder.short_name(name) == short


def test_accented_names_come_from_us_atlas(counties):
    assert counties["35013"]["name"] == "Doña Ana County"
    assert counties["72011"]["short_name"] == "Añasco"


def test_files_are_lf_utf8_without_bom(package_dir):
    for name in ("states.csv", "counties.csv"):
        data = (package_dir / "data" / name).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data and data.endswith(b"\n")


@pytest.mark.shared
def test_generator_is_deterministic_and_matches_the_committed_files(tmp_path, package_dir, capsys):
    first, second = tmp_path / "a", tmp_path / "b"
    assert builder.main(["--out", str(first)]) == 0
    assert builder.main(["--out", str(second)]) == 0
    for name in ("states.csv", "counties.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
        assert (first / name).read_bytes() == (package_dir / "data" / name).read_bytes(), f"rerun build_reference.py: {name} is stale"
    assert "cross-check against us-atlas" in capsys.readouterr().out


@pytest.mark.shared
def test_every_us_atlas_county_is_present_unless_changed_after_2017(counties, shared_sources):
    topo = json.loads((shared_sources / builder.US_ATLAS).read_text(encoding="utf-8"))
    atlas = {g["id"]: g["properties"]["name"] for g in topo["objects"]["counties"]["geometries"]}
    assert len(atlas) == 3231
    missing = sorted(set(atlas) - set(counties))
    assert missing == []
    retired_since = {f for f, c in counties.items() if f in atlas and c["valid_to"]}
    # us-atlas is the 2017 vintage: only the 2019 Alaska split and the 2022 Connecticut change retire its codes.
    assert retired_since == {"02261", "09001", "09003", "09005", "09007", "09009", "09011", "09013", "09015"}
    for fips in set(atlas) & set(counties):
        assert counties[fips]["short_name"] == atlas[fips], fips


@pytest.mark.shared
def test_every_2010_list_row_is_kept_or_explicitly_excluded(counties, shared_sources):
    rows = _read(shared_sources / builder.FIPS_LIST)
    codes = {r["statefp"] + r["countyfp"] for r in rows}
    excluded = {c["fips"] for c in builder.read_changes() if c["action"] == "exclude"}
    assert excluded == {"74300"}
    assert codes - set(counties) == excluded
