"""The county page model: everything the atlas knows about one county, ready for the template and the CSV.

Pure: an AtlasIndex in, a CountyPage out. Dates stay dates; the template formats them.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..charts.enforcement import Figure, Marker, describe_enforcement, enforcement_spec
from ..domain.status import agreement_current
from .atlas_index import AtlasIndex
from .i18n import fiscal_year_span, t
from .i18n import format_date as _format_date, format_decimal as _format_decimal

if TYPE_CHECKING:
    from .detention import DetentionSection

DATASET_TITLES = {  # catalogue keys (atlas.pages.i18n)
    "agreements_287g": "county.datasets.agreements_287g",
    "detainer_policies": "county.datasets.detainer_policies",
    "enforcement_stats": "county.datasets.enforcement_stats",
    "detention_county_stats": "county.datasets.detention_county_stats",
}


@dataclass(frozen=True)
class SourceRef:
    id: str
    title: str
    publisher: str
    url: str
    published: str


@dataclass(frozen=True)
class AgreementRow:
    agency: str
    model: str
    model_definition: str
    signed: dt.date | None
    first_listed: dt.date | None
    last_listed: dt.date | None
    ended: dt.date | None
    status: str
    notes: str
    source: SourceRef
    current: bool = False  # in force or pending at the newest list (atlas.domain.status.agreement_current)


@dataclass(frozen=True)
class PolicyPeriod:
    agency: str
    scope: str  # "county" or "state"
    policy: str
    policy_definition: str
    summary: str
    citation: str
    notifies: str
    jail_access: str
    program_287g: str
    source: SourceRef
    effective_date: dt.date | None = None
    ended_date: dt.date | None = None
    effective_precision: str = "day"  # how precisely the source dates it; templates format with the `date` filter
    ended_precision: str = "day"
    reviewed: dt.date | None = None  # last re-read against its sources ("checked on")
    notes: str = ""  # the row's `notes`, for readers (never `maintainer_notes`, which the site does not show)


@dataclass(frozen=True)
class Series:
    key: str  # legend label: the metric's label, plus agency/source when a county has several
    metric_id: str
    label: str
    definition: str
    unit: str
    agency: str
    source: SourceRef
    values: dict[int, int | None]


@dataclass
class CountyPage:
    fips: str
    name: str
    short_name: str
    state_usps: str
    state_name: str
    state_fips: str
    valid_to: dt.date | None
    successors: list[tuple[str, str, bool]]  # (fips, label, page exists)
    notes: str
    current_agreements: list[AgreementRow]
    past_agreements: list[AgreementRow]
    policies: list[PolicyPeriod]
    state_rules: list[PolicyPeriod]
    series: list[Series]
    fiscal_years: list[int]
    markers: list[Marker]
    chart_spec: dict | None
    chart_text: str
    sources: list[SourceRef]
    unknowns: list[str]
    newest_list: dt.date | None
    status_287g: str = ""
    policy_status: str = ""
    figure_notes: list[str] = field(default_factory=list)
    detention: "DetentionSection | None" = None
    static_chart: tuple[str, int, int] | None = None  # (pre-rendered SVG's path in the site, width, height)

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.state_usps}"

    @property
    def url(self) -> str:
        return f"counties/{self.fips}/"

    @property
    def description(self) -> str:
        """The county's status in one neutral sentence: the page's description and its social card's text."""
        at = f" ({_format_date(self.newest_list)})" if self.newest_list else ""
        return t("county.description", place=self.display_name, at=at, status=self.status_287g,
                 policy=self.policy_status)

    @property
    def csv_path(self) -> str:
        return f"downloads/counties/{self.fips}.csv"

    @property
    def issue_county(self) -> str:
        return quote(f"{self.display_name} ({self.fips})", safe="")

    @property
    def chart_json(self) -> str:
        return page_spec_json(self.chart_spec)

    @property
    def figure_rows(self) -> list[tuple[int, list[str]]]:
        """The figures table: one row per fiscal year, one formatted cell per series ("" = no figure)."""
        return [(fy, ["" if (v := s.values.get(fy)) is None else _format_decimal(v) for s in self.series])
                for fy in self.fiscal_years]

    @property
    def fiscal_year_note(self) -> str:
        """How to read the table's years, on its newest year: "FY2019 = 1 October 2018 to 30 September 2019"."""
        fy = self.fiscal_years[-1] if self.fiscal_years else 2019
        return t("common.fiscal_year_note", fy=t("common.fy", year=fy), year=fy, span=fiscal_year_span(fy))

    @property
    def has_data(self) -> bool:
        return bool(self.current_agreements or self.past_agreements or self.policies or self.series)


# The county charts' theme (fonts, colours: the same ~1 KB for every chart) is one shared file, not in each page;
# atlas.js puts it back into a spec that has none before drawing. Written by the site generator.
CHART_CONFIG_ASSET = "assets/atlas/chart-config.json"


def page_spec_json(spec: dict | None) -> str:
    """A county chart's spec for the page: without its `config`, which atlas.js loads from CHART_CONFIG_ASSET."""
    if not spec:
        return ""
    return script_json({k: v for k, v in spec.items() if k != "config"})


def script_json(value) -> str:
    """JSON that is safe inside <script type="application/json">: no "<", ">" or "&" can close the tag."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def format_decimal(value: float | int | None) -> str:
    """A count or an average as a reader wants it: whole numbers with separators, others to one decimal."""
    return _format_decimal(value)


def format_date(day: dt.date | None, precision: str | None = "day") -> str:
    """A date as precisely as its source gives it, in the language being built: 2019-05-01 with precision
    month -> "May 2019" ("mayo de 2019")."""
    return _format_date(day, precision)


def source_ref(index: AtlasIndex, source_id: str | None) -> SourceRef:
    row = index.sources.get(source_id or "")
    if row is None:  # the validator rejects this; the page still names the id rather than failing
        return SourceRef(source_id or "", source_id or "", "", "", "")
    return SourceRef(row["id"], row["title"] or row["id"], row["publisher"] or "", row["url"] or "",
                     row["published"] or "")


def _agreement(index: AtlasIndex, row: dict) -> AgreementRow:
    return AgreementRow(
        agency=row["agency"], model=index.label("agreements_287g.model", row["model"]),
        model_definition=index.definition("agreements_287g.model", row["model"]),
        signed=row["signed"], first_listed=row["first_listed"], last_listed=row["last_listed"], ended=row["ended"],
        status=index.label("agreements_287g.status", row["status"]), notes=row["notes"] or "",
        source=source_ref(index, row["source_id"]), current=agreement_current(row))


def policy_period(index: AtlasIndex, row: dict) -> PolicyPeriod:
    key = "detainer_policies"
    return PolicyPeriod(
        agency=row["agency"], scope=row["jurisdiction"], policy=index.label(f"{key}.policy", row["policy"]),
        policy_definition=index.definition(f"{key}.policy", row["policy"]),
        summary=row["summary"] or "",
        citation=row["citation"] or "",
        notifies=index.label(f"{key}.notifies_ice_of_release", row["notifies_ice_of_release"]),
        jail_access=index.label(f"{key}.ice_jail_access", row["ice_jail_access"]),
        program_287g=index.label(f"{key}.program_287g", row["program_287g"]),
        source=source_ref(index, row["source_id"]), effective_date=row["effective"], ended_date=row["ended"],
        effective_precision=row["effective_precision"] or "day", ended_precision=row["ended_precision"] or "day",
        reviewed=row.get("reviewed") or row.get("verified"), notes=row.get("notes") or "")


def _series(index: AtlasIndex, rows: list[dict]) -> list[Series]:
    """One series per (metric, agency, source); its legend label says only what tells them apart."""
    groups: dict[tuple[str, str, str], dict[int, int | None]] = {}
    for row in rows:
        groups.setdefault((row["metric"], row["agency"] or "", row["source_id"]), {})[row["fiscal_year"]] = row["value"]
    metric_counts: dict[str, int] = {}
    agency_counts: dict[tuple[str, str], int] = {}
    for metric, agency, _ in groups:
        metric_counts[metric] = metric_counts.get(metric, 0) + 1
        agency_counts[(metric, agency)] = agency_counts.get((metric, agency), 0) + 1
    series = []
    for (metric, agency, source_id), values in sorted(groups.items()):
        m = index.metrics.get(metric, {})
        label = index.vocabulary.metric(m, "label") or metric
        key = label
        if metric_counts[metric] > 1 and agency:
            key = f"{label} ({agency})"
        if agency_counts[(metric, agency)] > 1:
            key = f"{key} [{source_id}]"
        series.append(Series(key=key, metric_id=metric, label=label, definition=index.vocabulary.metric(m, "definition"),
                             unit=m.get("unit", ""), agency=agency, source=source_ref(index, source_id),
                             values=dict(sorted(values.items()))))
    return series


def _markers(agreements: list[AgreementRow], policies: list[PolicyPeriod]) -> list[Marker]:
    """Dated changes to mark on the chart: agreements signed and ended, policy periods starting."""
    markers = []
    for a in agreements:
        if a.signed:
            markers.append(Marker(a.signed, t("county.marker.signed", model=a.model)))
        if a.ended:
            markers.append(Marker(a.ended, t("county.marker.ended", model=a.model)))
    for p in policies:
        if p.effective_date:
            markers.append(Marker(p.effective_date, t("county.marker.policy", policy=p.policy)))
    return sorted(set(markers), key=lambda m: (m.on, m.label))


def build_county_page(index: AtlasIndex, county: dict, built: set[str] | None = None) -> CountyPage:
    """The page model of one county. `built` is the set of county FIPS codes that get a page (for links)."""
    from .detention import build_detention_section
    from .status import label_287g, label_policy, today_keys

    fips = county["fips"]
    state = index.states_by_fips.get(county["state_fips"], {"usps": "", "name": "", "fips": county["state_fips"]})
    agreements = sorted((_agreement(index, r) for r in index.agreements_by_county.get(fips, [])),
                        key=lambda a: (a.signed or a.first_listed or dt.date.min, a.agency))
    current = [a for a in agreements if a.current]
    past = [a for a in agreements if not a.current]
    policies = sorted((policy_period(index, r) for r in index.policies_by_county.get(fips, [])),
                      key=lambda p: (p.effective_date or dt.date.min))
    rules = sorted((policy_period(index, r) for r in index.state_rules.get(county["state_fips"], [])),
                   key=lambda p: (p.effective_date or dt.date.min))
    stat_rows = index.stats_by_county.get(fips, [])
    series = _series(index, stat_rows)
    years = sorted({fy for s in series for fy in s.values})
    markers = _markers(agreements, policies)
    figures = [Figure(fy, s.key, v) for s in series for fy, v in s.values.items() if v is not None]
    place = f"{county['name']}, {state['usps']}"
    detention = build_detention_section(index, fips, place, markers)
    sources: dict[str, SourceRef] = {}
    for ref in ([a.source for a in agreements] + [p.source for p in policies] + [p.source for p in rules]
                + [s.source for s in series]):
        sources.setdefault(ref.id, ref)
    for s in series:
        metric_source = index.metrics.get(s.metric_id, {}).get("source_id")
        if metric_source:
            sources.setdefault(metric_source, source_ref(index, metric_source))
    for ref in detention.sources:
        sources.setdefault(ref.id, ref)
    unknowns = [t(title) for name, title, has in (
        ("agreements_287g", DATASET_TITLES["agreements_287g"], bool(agreements)),
        ("detainer_policies", DATASET_TITLES["detainer_policies"], bool(policies)),
        ("enforcement_stats", DATASET_TITLES["enforcement_stats"], bool(series)),
        ("detention_county_stats", DATASET_TITLES["detention_county_stats"],
         bool(detention.figures or detention.facilities))) if not has]
    successors = [(s, _county_label(index, s), built is None or s in built)
                  for s in (county["successor_fips"] or "").split() if s]
    notes = sorted({r["notes"] for r in stat_rows if r.get("notes")})
    key_287g, key_policy, scope = today_keys(index)[fips]  # worked out once per build, shared with the maps
    return CountyPage(
        fips=fips, name=county["name"], short_name=county["short_name"], state_usps=state["usps"],
        state_name=index.state_name(state), state_fips=county["state_fips"], valid_to=county["valid_to"], successors=successors,
        notes=county["notes"] or "", current_agreements=current, past_agreements=past, policies=policies,
        state_rules=rules, series=series, fiscal_years=years, markers=markers,
        chart_spec=enforcement_spec(figures, markers) if figures else None,
        chart_text=describe_enforcement(place, figures, markers), sources=list(sources.values()),
        unknowns=unknowns, newest_list=index.newest_list, status_287g=label_287g(index, key_287g),
        policy_status=label_policy(index, key_policy) + (t("status.state_rule_suffix") if scope == "state" else ""), figure_notes=notes, detention=detention)


def _county_label(index: AtlasIndex, fips: str) -> str:
    row = index.counties_by_fips.get(fips)
    if not row:
        return fips
    state = index.states_by_fips.get(row["state_fips"], {}).get("usps", "")
    return f"{row['name']}, {state}"
