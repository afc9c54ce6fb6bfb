"""atlas.pages.grouped_rows: the groups pages read are exactly the rows of each key, in file order."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from atlas.package import Resource, load_package
from atlas.pages.grouped_rows import grouped_rows

FIELDS = [{"name": "county_fips", "type": "string"}, {"name": "state", "type": "string"},
          {"name": "value", "type": "integer"}]


def _by_hand(rows: list[dict], column: str, without: str | None = None) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in rows:
        if row[column] is not None and (without is None or row[without] is None):
            out.setdefault(row[column], []).append(row)
    return out


def _resource(tmp_path, text: str) -> Resource:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    return Resource("t", {}, {"fields": FIELDS}, path)


cells = st.sampled_from(["", "01001", "37119", "1001", "Doña", "zz"])


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.tuples(cells, st.sampled_from(["", "NC", "AL"]), st.integers(-5, 10 ** 12)), max_size=40),
       extra=st.booleans())
def test_every_group_holds_its_rows_in_file_order(tmp_path_factory, rows, extra):
    """Keys in any order, empty keys, and (extra=True) a stray cell, which makes the file no table of its schema
    and is grouped from Resource.rows instead."""
    lines = ["county_fips,state,value"] + [f"{c},{s},{v}" for c, s, v in rows] + (["x,NC,1,stray"] if extra else [])
    resource = _resource(tmp_path_factory.mktemp("g"), "\n".join(lines) + "\n")
    assert (resource.table is None) == extra
    for column, without in (("county_fips", None), ("state", "county_fips")):
        groups = grouped_rows(resource, column, without=without)
        expected = _by_hand(resource.rows, column, without)
        assert {key: groups[key] for key in groups} == expected
        assert {key: groups.count(key) for key in expected} == {key: len(v) for key, v in expected.items()}
        assert groups.get("99999", []) == [] and groups.count("99999") == 0
    assert resource.row_count == len(resource.rows)


def test_the_committed_figures_group_as_the_rows_do(package_dir):
    stats = load_package(package_dir)["enforcement_stats"]
    groups = grouped_rows(stats, "county_fips")
    expected = _by_hand(stats.rows, "county_fips")
    assert len(groups) == len(expected) > 100
    assert all(groups[key] == rows for key, rows in expected.items())
    mecklenburg = [(r["fiscal_year"], r["value"]) for r in groups["37119"] if r["metric"] == "ice_removals_criminal_charged_or_convicted"]
    assert (2018, 345) in mecklenburg and (2019, 64) in mecklenburg
