"""County rows of detainer_policies (issue 7, part 2): each cites a real source a reader can find, names a real
county of the state it claims, never overlaps another period of the same county, stores dates the way its
precision says, reads as neutral text, and none of the researched periods silently disappears.

Plain csv reading on purpose: these checks must hold even while the validator or package loader is being changed.
"""
from __future__ import annotations

import csv
import json
import datetime as dt
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "datapackage" / "data"
TOP_COUNTIES = ROOT / "scripts" / "reference" / "top_counties.csv"

# Periods researched for the most populous counties: county FIPS -> number of county rows. A dropped or merged
# row changes a count and fails here. Mecklenburg NC (37119) is written by another part of the project.
EXPECTED_PERIODS = {
    "04013": 2, "04019": 2, "06001": 2, "06013": 1, "06019": 2, "06029": 1, "06037": 4, "06059": 2, "06065": 2,
    "06067": 3, "06071": 2, "06073": 2, "06075": 2, "06077": 1, "06081": 2, "06085": 1, "06111": 1, "08031": 1, "08041": 2,
    "12011": 2, "12031": 1, "12057": 4, "12071": 2, "12086": 3, "12095": 1, "12099": 2, "12103": 3, "12105": 2,
    "13067": 2, "13089": 1, "13121": 1, "13135": 3, "17031": 1, "18097": 3, "21111": 3, "24003": 2, "24031": 3, "24033": 2,
    "26081": 1, "26163": 1, "27053": 1, "32003": 3, "34017": 2, "34023": 2, "35001": 2, "36005": 3, "36047": 3,
    "36059": 3, "36061": 3, "36081": 3, "36085": 3, "36103": 4, "36119": 1, "37183": 3, "39049": 1, "40109": 2, "40143": 1,
    "41051": 1, "42003": 1, "42091": 1, "42101": 3, "47157": 3, "48029": 2, "48113": 2, "48141": 1, "48201": 2, "48215": 2,
    "48439": 1, "48453": 2, "49035": 1, "51059": 2, "51153": 3, "53033": 2, "53061": 1, "55079": 2,
}
# Second pass down the top-100 list (scripts/reference/top_counties.csv ranks 25-100; r2-counties-top100).
EXPECTED_PERIODS.update({
    "24005": 2, "39061": 1, "47037": 3, "48085": 2, "48121": 1, "48157": 1, "48339": 1, "49049": 1,
})
# Counties whose 287(g) agreement ended, outside the top-100 list (r3-counties-ended287g).
ENDED_287G_PERIODS = {
    "24015": 1, "24021": 2, "24025": 2, "25001": 2, "25005": 3, "25023": 1,
    "34009": 1, "34025": 1, "34033": 1, "37063": 2, "37081": 1, "45019": 4,
}
EXPECTED_PERIODS.update(ENDED_287G_PERIODS)
# Fourth pass (r4-counties-more): Arapahoe CO and Pierce WA from the top-100 list, then counties whose 2014 change after
# the Oregon detainer ruling (Miranda-Olivares) or later sheriff statements are reported county by county.
MORE_COUNTY_PERIODS = {
    "08005": 1, "53053": 2, "36067": 4, "41005": 2, "41067": 2, "53035": 1,
    "53071": 1, "53009": 1, "53031": 1, "08013": 1, "08059": 1, "41017": 1, "08113": 1, "08123": 2,
}
EXPECTED_PERIODS.update(MORE_COUNTY_PERIODS)
# Fifth pass (r5-more): Thurston WA, reported in April 2014 as no longer holding people for ICE, then limited to
# people with violent or serious convictions by a November 2016 county ordinance; Yakima WA (2014 reports, 2019
# settlement) and Chelan WA (judicial warrant since 2014).
FIFTH_PASS_PERIODS = {"53067": 2, "53077": 2, "53007": 1}
EXPECTED_PERIODS.update(FIFTH_PASS_PERIODS)
# Issue 15: Wake NC (37183) gained a third period, its practice under North Carolina's HB 10 from 2024-12-01, and
# Gwinnett GA (13135) a third, its practice under Georgia's H.B. 1105 from 2024-05-01.
# Sixth pass (issue 15): counties with their own sources, found while re-checking state laws: North Carolina sheriffs
# who stopped holding people on detainers in 2019 (Buncombe, Forsyth), Georgia's Clayton and Clarke, and the 2014 wave
# after the Oregon and Third Circuit rulings in Kansas, Nebraska, Minnesota and Pennsylvania; Kalamazoo MI (2018).
SIXTH_PASS_PERIODS = {
    "37021": 2, "37067": 1, "13063": 1, "13059": 1, "26077": 1, "27123": 1, "20091": 1, "20177": 2, "20173": 2,
    "31055": 1, "31079": 1, "31153": 1, "31109": 1, "42077": 1,
    # Michigan's Ingham (2017) and Jackson (287(g), 2025); Comal TX (287(g) under Texas SB 8, 2025).
    "26065": 1, "26075": 1, "48091": 1,
    # Colorado's Mesa, Routt and Grand, listed with Jefferson (08059) in April 2014 as no longer honoring detainers.
    "08077": 1, "08107": 1, "08049": 1,
}
EXPECTED_PERIODS.update(SIXTH_PASS_PERIODS)
# Seventh pass (issue 15b): Tennessee sheriffs named in 2025 news reports as signing 287(g) agreements (dates from ICE's
# list), New York's Madison, Cortland (July 2014 refusals) and Otsego (287(g), 2025), and Iowa's Linn and Johnson
# (court order required from mid-2014 until Iowa's S.F. 481 on 2018-07-01).
SEVENTH_PASS_PERIODS = {
    "47067": 1, "47103": 1, "47113": 1, "47115": 1, "47175": 1, "47171": 1, "47141": 1, "47149": 1, "47165": 1,
    "47107": 1, "47035": 1, "47147": 1, "47031": 1, "47169": 1, "47123": 1, "47093": 1,
    "36053": 1, "36023": 1, "36077": 1, "19113": 1, "19103": 1,
}
# Florida counties without a row before: every county jail signed a 287(g) agreement by 24 February 2025 (Florida
# Sheriffs Association); each row starts on the jail agency's earliest active agreement on ICE's list of 2026-05-18.
FLORIDA_287G_PERIODS = {
    "12001": 1, "12003": 1, "12005": 1, "12007": 1, "12009": 1, "12013": 1, "12015": 1, "12017": 1, "12019": 1,
    "12021": 1, "12023": 1, "12027": 1, "12029": 1, "12033": 1, "12035": 1, "12037": 1, "12039": 1, "12041": 1,
    "12043": 1, "12045": 1, "12047": 1, "12049": 1, "12051": 1, "12053": 1, "12055": 1, "12059": 1, "12061": 1,
    "12063": 1, "12065": 1, "12067": 1, "12069": 1, "12073": 1, "12075": 1, "12077": 1, "12079": 1, "12081": 1,
    "12083": 1, "12085": 1, "12087": 1, "12089": 1, "12091": 1, "12093": 1, "12097": 1, "12101": 1, "12107": 1,
    "12109": 1, "12111": 1, "12113": 1, "12115": 1, "12117": 1, "12119": 1, "12121": 1, "12123": 1, "12125": 1,
    "12127": 1, "12129": 1, "12131": 1, "12133": 1,
}
SEVENTH_PASS_PERIODS.update(FLORIDA_287G_PERIODS)
# Maryland sheriffs whose 2025 Warrant Service Officer agreements ended with the state's ban on 2026-02-17, Bucks PA
# (task force agreement 2025, terminated 2026-01-14), and Wisconsin sheriffs named in 2025-2026 reports on 287(g).
SEVENTH_PASS_PERIODS.update({
    "24013": 1, "24023": 1, "24037": 1, "24043": 1, "42017": 2,
    "55061": 1, "55087": 1, "55131": 1, "55139": 1, "55141": 1, "55135": 1, "55033": 1, "55047": 1, "55127": 1,
    "55059": 1, "55073": 1, "55111": 1, "55133": 1,
})
# Georgia sheriffs named in 2025-2026 reports on 287(g) agreements under H.B. 1105.
SEVENTH_PASS_PERIODS.update({
    "13115": 1, "13139": 1, "13219": 1, "13233": 1, "13313": 1, "13207": 1, "13295": 1, "13021": 1, "13117": 1,
    "13123": 1, "13305": 1, "13001": 1,
})
# North Carolina's four 287(g) counties of early 2019, New York sheriffs with 2020-2025 agreements (Madison NY gains a
# second period), and the Middlesex and Worcester MA sheriffs who withdrew 287(g) applications in December 2012.
SEVENTH_PASS_PERIODS.update({
    "37025": 1, "37071": 1, "37089": 1, "37127": 1, "36053": 2, "36007": 1, "36063": 1, "36083": 1, "36101": 1,
    "25017": 1, "25027": 1,
})
EXPECTED_PERIODS.update(SEVENTH_PASS_PERIODS)
OTHER_OWNERS = {"37119"}
NYC = ["36005", "36047", "36061", "36081", "36085"]
# Words the atlas does not use in its own voice (the common brief: neutral language, sources' defined terms).
LOADED = re.compile(r"\b(sanctuar(y|ies)|illegal alien|illegals|criminal aliens?)\b", re.IGNORECASE)


def read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def county_rows() -> list[dict[str, str]]:
    return [r for r in read(DATA / "detainer_policies.csv") if r["jurisdiction"] == "county"]


@pytest.fixture(scope="module")
def mine(county_rows) -> list[dict[str, str]]:
    return [r for r in county_rows if r["county_fips"] not in OTHER_OWNERS]


@pytest.fixture(scope="module")
def sources() -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in read(DATA / "sources.csv")}


@pytest.fixture(scope="module")
def counties() -> dict[str, dict[str, str]]:
    return {r["fips"]: r for r in read(DATA / "counties.csv")}


def day(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def test_every_researched_period_is_present(mine):
    counts = Counter(r["county_fips"] for r in mine)
    assert dict(counts) == EXPECTED_PERIODS
    # Seventh pass: 21 counties, then 58 in Florida, 18 in MD/PA/WI, 12 in Georgia, 10 in NC/NY/MA.
    assert len(EXPECTED_PERIODS) == 75 + 8 + 12 + 14 + 3 + 20 + 21 + 58 + 18 + 12 + 10
    assert sum(EXPECTED_PERIODS.values()) == len(mine) == (148 + 12 + 21 + 21 + 5 + 2 + 23  # + Wake and Gwinnett under state laws, + sixth pass
                                                       + 21 + 58 + 19 + 12 + 11)  # + seventh pass


def test_county_row_ids_are_fips_and_start_date(county_rows):
    for r in county_rows:
        if r["county_fips"] in OTHER_OWNERS:
            continue
        assert r["id"] == f"{r['county_fips']}-{r['effective']}", r["id"]


def test_every_cited_source_exists_and_can_be_found(mine, sources):
    for r in mine:
        cited = [r["source_id"], *r["other_source_ids"].split()]
        for sid in cited:
            assert sid in sources, f"{r['id']} cites missing source {sid!r}"
            s = sources[sid]
            findable = bool(s["url"]) or all(s[k] for k in ("title", "publisher", "published"))
            assert findable, f"source {sid!r} has neither a url nor title+publisher+published"
            assert s["notes"], f"source {sid!r} does not say what in it supports the rows"


def test_county_fips_is_a_real_county_of_the_rows_state(county_rows, counties):
    for r in county_rows:
        assert r["county_fips"] in counties, f"{r['id']}: unknown county {r['county_fips']}"
        assert counties[r["county_fips"]]["state_fips"] == r["state_fips"] == r["county_fips"][:2], r["id"]


def test_periods_of_one_county_do_not_overlap(county_rows):
    by_county: dict[str, list[tuple[dt.date, dt.date, str]]] = defaultdict(list)
    for r in county_rows:
        by_county[r["county_fips"]].append((day(r["effective"]), day(r["ended"]) or dt.date.max, r["id"]))
    clashes = []
    for periods in by_county.values():
        periods.sort()
        for (s1, e1, a), (s2, e2, b) in zip(periods, periods[1:]):
            if s2 < e1:
                clashes.append((a, b))
    assert clashes == []


# Counties whose history has a documented gap between periods (no county source for the years in between).
DOCUMENTED_GAPS = {"12099", "18097"}  # Palm Beach 2019-2025 (Florida state row only); Marion IN 2019-2021 (unreported)


def test_each_period_ends_where_the_next_begins(mine):
    by_county = defaultdict(list)
    for r in mine:
        by_county[r["county_fips"]].append(r)
    breaks = []
    for fips, rows in by_county.items():
        rows.sort(key=lambda r: r["effective"])
        for a, b in zip(rows, rows[1:]):
            if (a["ended"], a["ended_precision"]) != (b["effective"], b["effective_precision"]):
                breaks.append(fips)
    assert sorted(set(breaks)) == sorted(DOCUMENTED_GAPS)


def test_only_the_latest_period_of_a_county_is_open(mine):
    by_county = defaultdict(list)
    for r in mine:
        by_county[r["county_fips"]].append(r)
    for fips, rows in by_county.items():
        rows.sort(key=lambda r: r["effective"])
        assert all(r["ended"] for r in rows[:-1]), f"{fips}: an earlier period is left open"


@pytest.mark.parametrize("field", ["effective", "ended"])
def test_dates_are_stored_as_their_precision_says(mine, field):
    for r in mine:
        value, precision = r[field], r[f"{field}_precision"]
        if not value:
            assert precision == "", f"{r['id']}: {field}_precision without a date"
            continue
        d = day(value)
        assert precision in {"day", "month", "year"}, r["id"]
        if precision == "month":
            assert d.day == 1, f"{r['id']}: month precision must store day 01"
        if precision == "year":
            assert (d.month, d.day) == (1, 1), f"{r['id']}: year precision must store 1 January"
        assert d >= dt.date(2011, 1, 1), f"{r['id']}: {field} {d} is before the policies the atlas covers"


def test_287g_participation_is_only_claimed_with_a_source_for_it(mine, sources):
    # `participates` is a fact about an agreement: the row must cite ICE's list or a source that names 287(g).
    for r in mine:
        if r["program_287g"] != "participates":
            continue
        cited = [r["source_id"], *r["other_source_ids"].split()]
        text = " ".join(sources[s]["title"] + " " + sources[s]["notes"] for s in cited)
        assert "287(g)" in text, r["id"]


def test_summaries_are_neutral_and_plain(mine):
    for r in mine:
        for field in ("summary", "notes", "citation"):
            assert not LOADED.search(r[field]), f"{r['id']} {field}: {LOADED.search(r[field]).group(0)!r}"
            assert "<" not in r[field] and "\n" not in r[field], r["id"]
        assert r["verified"] in {"2026-11-28", "2026-12-06"}  # first verified in the two research rounds


def test_new_york_city_counties_share_one_policy(mine):
    def periods(fips):
        return [(r["effective"], r["ended"], r["policy"], r["source_id"]) for r in mine if r["county_fips"] == fips]
    first = sorted(periods(NYC[0]))
    assert [r[2] for r in first] == ["limited_by_offense", "requires_judicial_warrant", "requires_judicial_warrant"]
    for fips in NYC[1:]:
        assert sorted(periods(fips)) == first


def test_los_angeles_history_reads_in_order(mine):
    la = sorted((r for r in mine if r["county_fips"] == "06037"), key=lambda r: r["effective"])
    assert [(r["effective"], r["policy"], r["program_287g"]) for r in la] == [
        ("2014-01-01", "declines_detainers", "participates"),
        ("2015-05-12", "declines_detainers", "not_participating"),
        ("2019-02-01", "declines_detainers", "not_addressed"),
        ("2020-09-01", "requires_judicial_warrant", "not_addressed"),
    ]


def test_top_counties_list_is_sourced_and_in_population_order(sources, counties):
    rows = read(TOP_COUNTIES)
    assert [r["fips"] for r in rows[:3]] == ["06037", "17031", "48201"]
    populations = [int(r["population"]) for r in rows]
    assert populations == sorted(populations, reverse=True)
    for r in rows:
        assert r["source_id"] in sources
        assert r["fips"] in counties and counties[r["fips"]]["name"] == r["name"], r["fips"]


def test_notes_that_name_a_coded_value_name_the_rows_own():
    """A note that explains a coding ("program_287g 'not_participating': ...") must explain the value the row has:
    recoding a row and leaving its note behind would tell readers the opposite of the data."""
    schema = json.loads((ROOT / "datapackage" / "schemas" / "detainer_policies.json").read_text(encoding="utf-8"))
    coded = [f["name"] for f in schema["fields"] if f.get("constraints", {}).get("enum")]
    stale = []
    with (DATA / "detainer_policies.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for name in coded:
                for value in re.findall(rf"\b{name} ['`\"](\w+)['`\"]", row["notes"]):
                    if value != row[name]:
                        stale.append((row["id"], name, value, row[name]))
    assert stale == []
