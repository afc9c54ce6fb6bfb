"""One pass over the package that groups rows the way pages need them (by county, by state).

Every page model reads from this index, so building 3,200 county pages stays linear in the data.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..domain.status import PARTICIPATING_SERIES, STATE, list_series
from ..domain.vocabulary import Vocabulary, vocabulary
from ..package import AtlasPackage
from .grouped_rows import grouped_rows


@dataclass
class AtlasIndex:
    package: AtlasPackage
    states_by_fips: dict[str, dict] = field(default_factory=dict)
    states_by_usps: dict[str, dict] = field(default_factory=dict)
    counties: list[dict] = field(default_factory=list)
    counties_by_fips: dict[str, dict] = field(default_factory=dict)
    counties_by_state: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    sources: dict[str, dict] = field(default_factory=dict)
    metrics: dict[str, dict] = field(default_factory=dict)
    agreements_by_county: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    agreements_without_county: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))  # by USPS
    policies_by_county: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    state_rules: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))  # by state FIPS
    stats_by_county: Mapping[str, list[dict]] = field(default_factory=dict)  # grouped_rows: .count(fips) too
    stats_without_county: Mapping[str, list[dict]] = field(default_factory=dict)  # by USPS
    facilities_by_county: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    facilities_by_state: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))  # by USPS
    facility_years: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))  # by facility id
    detention_by_county: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    newest_list: dt.date | None = None
    # Dates of ICE's 287(g) lists in `sources` (sorted): of participating agencies (sheets and roster captures),
    # and of pending applications.
    list_dates: tuple[dt.date, ...] = ()
    pending_list_dates: tuple[dt.date, ...] = ()
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    # What pages work out from the index once and share (pages.status.today_keys), whatever the language.
    derived: dict = field(default_factory=dict)

    def label(self, key: str, value: str | None) -> str:
        return self.vocabulary.label(key, value)

    def definition(self, key: str, value: str | None) -> str:
        return self.vocabulary.definition(key, value)

    def state_name(self, state: dict | None) -> str:
        """A state's name in the language being built (schemas/i18n/<language>.json "state_names")."""
        return self.vocabulary.state_name(state or {})


def build_index(package: AtlasPackage) -> AtlasIndex:
    """Group every row of the package by county and state (one pass per resource; the enforcement figures'
    groups are made into rows as pages ask for them)."""
    index = AtlasIndex(package=package)
    index.vocabulary = vocabulary(package)
    for row in package["states"].rows:
        index.states_by_fips[row["fips"]] = row
        index.states_by_usps[row["usps"]] = row
    for row in sorted(package["counties"].rows, key=lambda r: r["fips"]):
        index.counties.append(row)
        index.counties_by_fips[row["fips"]] = row
        index.counties_by_state[row["state_fips"]].append(row)
    index.sources = {r["id"]: r for r in package["sources"].rows}
    index.list_dates, index.pending_list_dates = _list_dates(index.sources.values())
    index.metrics = {r["id"]: r for r in package["metrics"].rows}
    for row in package["agreements_287g"].rows:
        if row["county_fips"]:
            index.agreements_by_county[row["county_fips"]].append(row)
        else:
            index.agreements_without_county[row["state"]].append(row)
        if row["last_listed"] and (index.newest_list is None or row["last_listed"] > index.newest_list):
            index.newest_list = row["last_listed"]
    for row in package["detainer_policies"].rows:
        if row["jurisdiction"] == STATE:
            index.state_rules[row["state_fips"]].append(row)
        elif row["county_fips"]:
            index.policies_by_county[row["county_fips"]].append(row)
    stats = package["enforcement_stats"]  # the largest resource: its groups become dicts as pages ask (grouped_rows)
    index.stats_by_county = grouped_rows(stats, "county_fips")
    index.stats_without_county = grouped_rows(stats, "state", without="county_fips")
    _index_detention(index, package)
    return index


def _list_dates(sources) -> tuple[tuple[dt.date, ...], tuple[dt.date, ...]]:
    participating, pending = set(), set()
    for row in sources:
        series = list_series(row["id"])
        if series is None or not row["published"] or len(row["published"]) != 10:
            continue
        (participating if series in PARTICIPATING_SERIES else pending).add(dt.date.fromisoformat(row["published"]))
    return tuple(sorted(participating)), tuple(sorted(pending))


def _index_detention(index: AtlasIndex, package: AtlasPackage) -> None:
    """ICE detention facilities, their yearly figures and the county sums (resources a package may lack)."""
    resources = package.resources
    if "detention_facilities" in resources:
        for row in resources["detention_facilities"].rows:
            index.facilities_by_state[row["state"] or ""].append(row)
            if row["county_fips"]:
                index.facilities_by_county[row["county_fips"]].append(row)
    if "detention_facility_years" in resources:
        for row in resources["detention_facility_years"].rows:
            index.facility_years[row["facility_id"]].append(row)
    if "detention_county_stats" in resources:
        for row in resources["detention_county_stats"].rows:
            if row["county_fips"]:
                index.detention_by_county[row["county_fips"]].append(row)
