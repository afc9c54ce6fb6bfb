"""ICE detention in a county, a state and the nation: the facilities ICE lists there, their types over the years,
and the average daily population (ADP) by fiscal year. Pure: an AtlasIndex in, page models out.

Each figure keeps its source: ICE published overlapping files (the 2017 Facility List, the 2019 FOIA list and
a year-end statistics file per year). The chart draws one value per fiscal year, chosen by `chart_figures`;
the table shows every source's value.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..charts.enforcement import Figure, Marker, describe_enforcement, enforcement_spec
from .atlas_index import AtlasIndex
from .county import SourceRef, source_ref
from .i18n import t

ADP = "ice_detention_adp_county"
INITIAL_BOOK_INS = "ice_detention_initial_book_ins_county"
TYPE_KEY = "detention_facilities.type"
CHART_SERIES = "detention.chart_series"  # catalogue key (atlas.pages.i18n)


@dataclass(frozen=True)
class TypeSpan:
    """A facility's type (ICE's code) over a run of fiscal years."""
    code: str
    label: str
    definition: str
    first_fy: int | None
    last_fy: int | None

    @property
    def years(self) -> str:
        if self.first_fy is None:
            return ""
        first = t("common.fy", year=self.first_fy)
        return first if self.first_fy == self.last_fy else f"{first}–{t('common.fy', year=self.last_fy)}"


@dataclass(frozen=True)
class FacilityRow:
    id: str
    name: str
    other_names: str
    address: str
    city: str
    state: str
    county_fips: str
    county_label: str
    types: list[TypeSpan]
    first_fy: int | None
    last_fy: int | None
    latest_adp: tuple[int, float] | None  # (fiscal year, ADP) of the newest figure
    review_flag: str


@dataclass(frozen=True)
class CountyFigure:
    fiscal_year: int
    source: SourceRef
    adp: float | None
    initial_book_ins: float | None
    facilities: int | None
    part_year: bool
    notes: str


@dataclass
class DetentionSection:
    facilities: list[FacilityRow]
    figures: list[CountyFigure]
    chart_spec: dict | None
    chart_text: str
    type_definitions: list[tuple[str, str]] = field(default_factory=list)  # (code, definition) used here
    static_chart: tuple[str, int, int] | None = None  # (pre-rendered SVG's path in the site, width, height)

    @property
    def chart_json(self) -> str:
        from .county import page_spec_json

        return page_spec_json(self.chart_spec)

    @property
    def sources(self) -> list[SourceRef]:
        seen: dict[str, SourceRef] = {}
        for f in self.figures:
            seen.setdefault(f.source.id, f.source)
        return list(seen.values())


def type_spans(index: AtlasIndex, years: list[dict], latest_type: str | None) -> list[TypeSpan]:
    """Consecutive fiscal years of one type, from the facility's yearly rows (ICE's detailed type, else its broad
    type); the registry's latest type when no year gives one."""
    by_year: dict[int, str] = {}
    for row in sorted(years, key=lambda r: r["fiscal_year"]):
        code = row.get("type_detailed") or row.get("type")
        if code:
            by_year[row["fiscal_year"]] = code
    spans: list[list] = []
    for fy, code in sorted(by_year.items()):
        if spans and spans[-1][0] == code:
            spans[-1][2] = fy
        else:
            spans.append([code, fy, fy])
    if not spans and latest_type:
        spans = [[latest_type, None, None]]
    return [TypeSpan(code, index.label(TYPE_KEY, code), index.definition(TYPE_KEY, code), first, last)
            for code, first, last in spans]


def facility_row(index: AtlasIndex, row: dict) -> FacilityRow:
    years = index.facility_years.get(row["facility_id"], [])
    with_adp = [(y["fiscal_year"], y["adp"]) for y in years if y.get("adp") is not None]
    county = index.counties_by_fips.get(row["county_fips"] or "")
    return FacilityRow(
        id=row["facility_id"], name=row["name"], other_names=row["other_names"] or "", address=row["address"] or "",
        city=row["city"] or "", state=row["state"] or "", county_fips=row["county_fips"] or "",
        county_label=county["name"] if county else "", types=type_spans(index, years, row["type"]),
        first_fy=row["first_fiscal_year"], last_fy=row["last_fiscal_year"],
        latest_adp=max(with_adp) if with_adp else None, review_flag=row["review_flag"] or "")


def county_figures(index: AtlasIndex, fips: str) -> list[CountyFigure]:
    """One row per (fiscal year, source): the county's ADP, initial book-ins and number of facilities."""
    grouped: dict[tuple[int, str], dict] = {}
    for row in index.detention_by_county.get(fips, []):
        cell = grouped.setdefault((row["fiscal_year"], row["source_id"]), {"part_year": False, "notes": ""})
        if row["metric"] == ADP:
            cell["adp"], cell["facilities"] = row["value"], row["facilities"]
        elif row["metric"] == INITIAL_BOOK_INS:
            cell["initial"] = row["value"]
        cell["part_year"] = cell["part_year"] or bool(row["part_year"])
        cell["notes"] = cell["notes"] or (row["notes"] or "")
    return [CountyFigure(fy, source_ref(index, source), c.get("adp"), c.get("initial"), c.get("facilities"),
                         c["part_year"], c["notes"])
            for (fy, source), c in sorted(grouped.items(), key=lambda kv: (kv[0][0], _published(index, kv[0][1])))]


def _published(index: AtlasIndex, source_id: str) -> str:
    return (index.sources.get(source_id) or {}).get("published") or ""


def chart_figures(index: AtlasIndex, figures: list[CountyFigure]) -> list[Figure]:
    """One ADP per fiscal year for the chart (chosen by `chosen_figures`)."""
    return [Figure(fy, t(CHART_SERIES), round(f.adp, 1)) for fy, f in sorted(chosen_figures(index, figures).items())]


def chosen_figures(index: AtlasIndex, figures: list[CountyFigure]) -> dict[int, CountyFigure]:
    """The figure that stands for each fiscal year on the chart and the national page: a full-year figure before
    a part-year one, then the source ICE published last (its newest count of that year)."""
    best: dict[int, CountyFigure] = {}
    for f in figures:
        if f.adp is None:
            continue
        current = best.get(f.fiscal_year)
        rank = (not f.part_year, _published(index, f.source.id))
        if current is None or rank > (not current.part_year, _published(index, current.source.id)):
            best[f.fiscal_year] = f
    return best


def build_detention_section(index: AtlasIndex, fips: str, place: str, markers: list[Marker]) -> DetentionSection:
    rows = sorted(index.facilities_by_county.get(fips, []), key=lambda r: r["name"])
    facilities = [facility_row(index, r) for r in rows]
    figures = county_figures(index, fips)
    points = chart_figures(index, figures)
    codes = sorted({t.code for f in facilities for t in f.types})
    return DetentionSection(
        facilities=facilities, figures=figures,
        chart_spec=enforcement_spec(points, markers) if points else None,
        chart_text=describe_enforcement(place, points, markers, subject=t("detention.chart_subject")),
        type_definitions=[(index.label(TYPE_KEY, c), index.definition(TYPE_KEY, c)) for c in codes])


def state_facilities(index: AtlasIndex, usps: str) -> list[FacilityRow]:
    """Every facility ICE lists in the state, largest newest ADP first."""
    rows = [facility_row(index, r) for r in index.facilities_by_state.get(usps, [])]
    return sorted(rows, key=lambda f: (-(f.latest_adp[0] if f.latest_adp else 0),
                                       -(f.latest_adp[1] if f.latest_adp else 0), f.name))


@dataclass(frozen=True)
class DetentionCounty:
    fips: str
    name: str
    usps: str
    adp: float
    largest: str  # the facility with the largest ADP that year
    largest_type: str
    linked: bool
    part_year: bool = False  # the figure covers only part of the fiscal year


def latest_detention_year(index: AtlasIndex) -> int | None:
    years = [r["fiscal_year"] for rows in index.detention_by_county.values() for r in rows if r["metric"] == ADP]
    return max(years) if years else None


def national_detention(index: AtlasIndex, fy: int, built: set[str]) -> list[DetentionCounty]:
    """Counties where ICE held people in fiscal year `fy` (ADP above zero), with the largest facility and its
    type that year; largest ADP first."""
    out = []
    for fips in index.detention_by_county:
        chosen = chosen_figures(index, county_figures(index, fips)).get(fy)
        county = index.counties_by_fips.get(fips)
        if chosen is None or not round(chosen.adp, 1) or county is None:
            continue
        adp = chosen.adp
        best = None
        for facility in index.facilities_by_county.get(fips, []):
            for y in index.facility_years.get(facility["facility_id"], []):
                if y["fiscal_year"] == fy and y.get("adp") and (best is None or y["adp"] > best[1]["adp"]):
                    best = (facility, y)
        state = index.states_by_fips.get(county["state_fips"], {})
        largest, largest_type = ("", "")
        if best is not None:
            largest = best[0]["name"]
            largest_type = best[1].get("type_detailed") or best[1].get("type") or best[0]["type"] or ""
        out.append(DetentionCounty(fips, county["name"], state.get("usps", ""), round(adp, 1), largest,
                                   index.label(TYPE_KEY, largest_type) if largest_type else "", fips in built,
                                   chosen.part_year))
    return sorted(out, key=lambda c: (-c.adp, c.fips))


# Map categories: the commonest facility types by ICE's code, then the rest together, then none.
MAP_TYPES = {"IGSA": "#D55E00", "DIGSA": "#E69F00", "USMS IGA": "#0072B2", "CDF": "#CC79A7", "SPC": "#009E73"}
OTHER_TYPE, NONE_HELD = "detention.other_type", "detention.none_held"  # catalogue keys (atlas.pages.i18n)
OTHER_COLOURS = ((OTHER_TYPE, "#56B4E9"), (NONE_HELD, "#c8c8c8"))
STATUS_DETENTION_ASSET = "assets/atlas/status-detention.json"


def detention_categories(index: AtlasIndex) -> tuple[tuple[str, str], ...]:
    return tuple((index.label(TYPE_KEY, code), colour) for code, colour in MAP_TYPES.items()) + tuple(
        (t(key), colour) for key, colour in OTHER_COLOURS)


@dataclass
class DetentionPage:
    fiscal_year: int | None
    counties: list[DetentionCounty]
    map_rows: list[dict]  # {f, s, n} for the national map
    counts: list[tuple[str, int]]
    total_adp: float
    part_year: bool
    map_json: str = ""  # the national map's spec, set by the site generator (it knows the shared assets)
    static_map: tuple[str, int, int] | None = None  # the map pre-rendered as SVG, for readers without JavaScript


def build_detention_page(index: AtlasIndex, built: set[str]) -> DetentionPage:
    """The national view: counties where ICE held people in the newest fiscal year, by largest facility type."""
    fy = latest_detention_year(index)
    counties = national_detention(index, fy, built) if fy else []
    labels = {index.label(TYPE_KEY, code) for code in MAP_TYPES}
    by_fips = {c.fips: (c.largest_type if c.largest_type in labels else t(OTHER_TYPE)) for c in counties}
    map_rows = []
    for county in index.counties:
        if county["valid_to"] is None:
            usps = index.states_by_fips.get(county["state_fips"], {}).get("usps", "")
            map_rows.append({"f": county["fips"], "s": by_fips.get(county["fips"], t(NONE_HELD)),
                             "n": f"{county['name']}, {usps}"})
    counts = {label: 0 for label, _ in detention_categories(index)}
    for row in map_rows:
        counts[row["s"]] += 1
    part_year = any(c.part_year for c in counties)
    return DetentionPage(fy, counties, map_rows, list(counts.items()), round(sum(c.adp for c in counties), 1),
                         part_year)
