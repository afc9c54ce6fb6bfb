"""The committed detention and detainer tables: the facilities and figures a reader of Mecklenburg NC, Stewart GA,
Alamance NC and the Pennsylvania county pages relies on, and totals that must survive the county aggregation."""
from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal

import pytest


def _read(path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def data(package_dir):
    names = ("detention_facilities", "detention_facility_years", "detention_county_stats", "detainer_facilities",
             "enforcement_stats", "metrics", "sources")
    return {n: _read(package_dir / "data" / f"{n}.csv") for n in names}


def test_mecklenburg_jail_adp_falls_from_93_to_a_few_people(data):
    fac = {r["facility_id"]: r for r in data["detention_facilities"]}["MECKLNC"]
    assert (fac["county_fips"], fac["type"], fac["county_method"]) == ("37119", "USMS IGA", "zip")
    adp = {(r["fiscal_year"], r["source_id"]): r for r in data["detention_facility_years"] if r["facility_id"] == "MECKLNC"}
    assert adp[("2009", "ice-detention-facility-list-2017-11-06")]["adp"] == "93"
    fy2019 = adp[("2019", "ice-detention-foia-2019-icfo-31121")]
    assert 1 <= float(fy2019["adp"]) <= 4 and fy2019["part_year"] == "true"


def test_stewart_and_alamance_have_series(data):
    years = data["detention_facility_years"]
    for fid, county, n in (("STWRTGA", "13259", 18), ("ALAMCNC", "37001", 7)):
        fac = {r["facility_id"]: r for r in data["detention_facilities"]}[fid]
        assert fac["county_fips"] == county
        assert len({r["fiscal_year"] for r in years if r["facility_id"] == fid and r["adp"] and float(r["adp"]) > 0}) >= n


def test_county_sums_equal_facility_sums_for_every_source_year_and_metric(data):
    place = {r["facility_id"]: (r["state"], r["county_fips"]) for r in data["detention_facilities"]}
    facility = defaultdict(Decimal)
    for r in data["detention_facility_years"]:
        for field, metric in (("adp", "ice_detention_adp_county"), ("initial_book_ins", "ice_detention_initial_book_ins_county"),
                              ("facility_book_ins", "ice_detention_facility_book_ins_county")):
            if r[field]:
                facility[(r["source_id"], r["fiscal_year"], metric)] += Decimal(r[field])
    county = defaultdict(Decimal)
    for r in data["detention_county_stats"]:
        county[(r["source_id"], r["fiscal_year"], r["metric"])] += Decimal(r["value"])
    assert {k: v for k, v in facility.items() if v} == dict(county)
    assert all(fid in place for fid in {r["facility_id"] for r in data["detention_facility_years"]})


def test_every_figure_cites_a_source_and_a_defined_metric(data):
    sources = {r["id"] for r in data["sources"]}
    metrics = {r["id"] for r in data["metrics"]}
    for name in ("detention_facility_years", "detention_county_stats", "detainer_facilities"):
        assert {r["source_id"] for r in data[name]} <= sources, name
    assert {r["metric"] for r in data["detention_county_stats"]} <= metrics


def test_pennsylvania_detainers_every_record_once(data):
    rows = [r for r in data["enforcement_stats"] if r["source_id"] == "ice-foia-pa-detainers-fy2008-2015"]
    issued = sum(int(r["value"]) for r in rows if r["metric"] == "ice_detainers_issued")
    assert issued == sum(int(f["detainers"]) for f in data["detainer_facilities"]) == 32757
    assert sum(int(r["value"]) for r in rows if r["metric"] == "ice_detainers_declined_by_lea") == 225
    local = sum(int(r["value"]) for r in rows if r["metric"] == "ice_detainers_issued_local")
    assert local == sum(int(f["detainers"]) for f in data["detainer_facilities"] if f["kind"] in ("county_jail", "police"))
