"""Page models for the home page, the state pages and the dataset pages (pure: index in, model out)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..charts.maps import map_spec, static_state_map_spec, topology_subset
from .atlas_index import AtlasIndex
from .detention import state_facilities
from .county import AgreementRow, PolicyPeriod, _agreement, policy_period, script_json
from ..domain.status import agreement_active, has_recorded_county_policy
from .i18n import t
from .status import (categories_287g, categories_287g_dated, categories_policy, label_287g, label_policy,
                     not_active_287g, today_keys)
from .timeline import LAYER_287G, LAYER_POLICY, TimeControl

GEOMETRY_ASSET = "assets/atlas/counties-albers-10m.json"
STATUS_287G_ASSET = "assets/atlas/status-287g.json"
STATUS_POLICY_ASSET = "assets/atlas/status-policy.json"
FINDER_ASSET = "assets/atlas/counties.json"


def state_geometry_asset(usps: str) -> str:
    """A state's counties as TopoJSON, for its interactive map (drawn when the reader picks another date)."""
    return f"assets/atlas/maps/{usps.lower()}-counties.json"


def timeline_map_spec(index: AtlasIndex, layer: str, geometry_url: str, statuses: list[dict] | str) -> dict:
    """A map the time control can show at any date: every category of any date in the colour scale, the legend
    listing today's (the 287(g) map's "not known" appears only at dates that have it)."""
    if layer == LAYER_287G:
        return map_spec(categories_287g_dated(index), geometry_url, statuses, timeline=layer,
                        legend=tuple(label for label, _ in categories_287g(index)))
    return map_spec(categories_policy(index), geometry_url, statuses, timeline=layer)


@dataclass(frozen=True)
class CountyRow:
    fips: str
    name: str
    linked: bool
    status_287g: str
    policy: str


@dataclass
class StatePage:
    usps: str
    name: str
    fips: str
    counties: list[CountyRow]
    state_rules: list[PolicyPeriod]
    statewide_agreements: list[AgreementRow]
    totals: dict[str, int]
    map_spec: dict
    map_text: str
    facilities: list = field(default_factory=list)  # detention.FacilityRow: ICE detention facilities in the state
    map_file: str = ""  # set once the SVG is rendered: assets/atlas/maps/<usps>.svg
    map_size: tuple[int, int] = (0, 0)
    drawn: int = 0
    og_image: str = ""  # the map as PNG, the page's social-card image (assets/atlas/og/<usps>.png)
    geometry: dict = field(default_factory=dict)  # the state's counties (TopoJSON), for the interactive map
    interactive_map_json: str = ""  # the map the time control draws in place of the pre-rendered one
    time_control: TimeControl | None = None

    @property
    def url(self) -> str:
        return f"states/{self.usps.lower()}/"


@dataclass(frozen=True)
class StateSummary:
    usps: str
    name: str
    linked: bool
    counties: int
    with_287g: int
    with_policy: int


@dataclass
class HomePage:
    counts: dict[str, int]
    newest_list: str
    states: list[StateSummary]
    map_287g_json: str
    map_policy_json: str
    map_287g_counts: list[tuple[str, int]]
    map_policy_counts: list[tuple[str, int]]
    not_drawn: list[str]
    datasets: list[tuple[str, str]]
    # (path, width, height) of each national map pre-rendered as SVG, for readers without JavaScript
    static_287g: tuple[str, int, int] | None = None
    static_policy: tuple[str, int, int] | None = None
    time_control: TimeControl | None = None


@dataclass
class FieldDoc:
    name: str
    title: str
    type: str
    constraints: list[str]
    description: str
    enum: list[tuple[str, str]] = field(default_factory=list)
    english_title: bool = False  # on a page in another language, a text the translation lacks (shown as English)
    english_description: bool = False


@dataclass
class DatasetPage:
    name: str
    title: str
    description: str
    licences: list[dict]
    rows: int
    primary_key: list[str]
    foreign_keys: list[str]
    fields: list[FieldDoc]


def _is_current(county: dict) -> bool:
    return county["valid_to"] is None


def county_statuses(index: AtlasIndex) -> tuple[list[dict], list[dict]]:
    """Rows {f, s, n} of every current county for the two national maps (287(g), detainer policy)."""
    rows_287g, rows_policy = [], []
    for c in index.counties:
        if not _is_current(c):
            continue
        usps = index.states_by_fips.get(c["state_fips"], {}).get("usps", "")
        name = f"{c['name']}, {usps}"
        key_287g, key_policy, _ = today_keys(index)[c["fips"]]
        rows_287g.append({"f": c["fips"], "s": label_287g(index, key_287g), "n": name})
        rows_policy.append({"f": c["fips"], "s": label_policy(index, key_policy), "n": name})
    return rows_287g, rows_policy


def build_state_page(index: AtlasIndex, state: dict, built: set[str], topology: dict) -> StatePage:
    """A state's page; `topology` is the national county TopoJSON (the page's map uses its counties only)."""
    counties = [c for c in index.counties_by_state.get(state["fips"], []) if _is_current(c)]
    rows = []
    map_rows = []
    for c in counties:
        key_287g, key_policy, scope = today_keys(index)[c["fips"]]
        label, s287 = label_policy(index, key_policy), label_287g(index, key_287g)
        rows.append(CountyRow(c["fips"], c["name"], c["fips"] in built, s287,
                              label + (t("status.state_rule_suffix") if scope == "state" else "")))
        map_rows.append({"f": c["fips"], "s": s287, "n": c["name"]})
    rules = sorted((policy_period(index, r) for r in index.state_rules.get(state["fips"], [])),
                   key=lambda p: p.effective_date or dt.date.min)
    statewide_rows = index.agreements_without_county.get(state["usps"], [])
    statewide = [_agreement(index, r) for r in statewide_rows]
    active_agreements = sum(1 for c in counties for r in index.agreements_by_county.get(c["fips"], [])
                            if agreement_active(r)) + sum(1 for r in statewide_rows if agreement_active(r))
    totals = {
        "counties": len(counties),
        "counties_with_active_287g": sum(1 for r in rows if r.status_287g not in not_active_287g()),
        "active_agreements": active_agreements,
        "counties_with_policy": sum(1 for c in counties
                                    if has_recorded_county_policy(index.policies_by_county.get(c["fips"], []))),
        "enforcement_figures": sum(index.stats_by_county.count(c["fips"]) for c in counties),
    }
    geometry = topology_subset(topology, {c["fips"] for c in counties})
    drawn = len(geometry["objects"]["counties"]["geometries"])
    spec = static_state_map_spec(categories_287g(index), geometry, map_rows)
    counts = _count(r.status_287g for r in rows)
    text = t("state.map_text", state=index.state_name(state), counts="; ".join(f"{label}: {n}" for label, n in counts))
    if drawn < len(counties):
        text += " " + t("state.map_not_drawn", missing=len(counties) - drawn, total=len(counties))
    interactive = timeline_map_spec(index, LAYER_287G, state_geometry_asset(state["usps"]), map_rows)
    return StatePage(state["usps"], index.state_name(state), state["fips"], rows, rules, statewide, totals, spec, text,
                     facilities=state_facilities(index, state["usps"]), drawn=drawn, geometry=geometry,
                     interactive_map_json=script_json(interactive) if drawn else "")


def _count(values) -> list[tuple[str, int]]:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))


def build_home_page(index: AtlasIndex, built_states: set[str], geometry_ids: set[str] | None,
                    statuses: tuple[list[dict], list[dict]] | None = None) -> HomePage:
    """The home page; `statuses`: county_statuses(index), when the caller has them already."""
    rows_287g, rows_policy = statuses or county_statuses(index)
    package = index.package
    current = [c for c in index.counties if _is_current(c)]
    counts = {
        "counties": len(current),
        "counties_with_active_287g": sum(1 for r in rows_287g if r["s"] not in not_active_287g()),
        "agreements": len(package["agreements_287g"].rows),
        "active_agreements": sum(1 for r in package["agreements_287g"].rows if agreement_active(r)),
        "counties_with_policy": sum(1 for c in current
                                    if has_recorded_county_policy(index.policies_by_county.get(c["fips"], []))),
        "policy_periods": len(package["detainer_policies"].rows),
        "enforcement_figures": package["enforcement_stats"].row_count,
        "sources": len(index.sources),
    }
    states = []
    by_fips_287g = {r["f"]: r["s"] for r in rows_287g}
    for st in sorted(index.states_by_fips.values(), key=lambda s: _sort_key(index.state_name(s))):
        cs = [c for c in index.counties_by_state.get(st["fips"], []) if _is_current(c)]
        if not cs:
            continue
        states.append(StateSummary(
            st["usps"], index.state_name(st), st["usps"] in built_states, len(cs),
            sum(1 for c in cs if by_fips_287g.get(c["fips"]) not in not_active_287g()),
            sum(1 for c in cs if has_recorded_county_policy(index.policies_by_county.get(c["fips"], [])))))
    not_drawn = []
    if geometry_ids is not None:
        not_drawn = _not_drawn(index, [r for r in rows_287g if r["f"] not in geometry_ids])
    return HomePage(
        counts=counts, newest_list=index.newest_list.isoformat() if index.newest_list else "",
        states=states,
        map_287g_json=script_json(timeline_map_spec(index, LAYER_287G, GEOMETRY_ASSET, STATUS_287G_ASSET)),
        map_policy_json=script_json(timeline_map_spec(index, LAYER_POLICY, GEOMETRY_ASSET, STATUS_POLICY_ASSET)),
        map_287g_counts=_ordered_counts(categories_287g(index), [r["s"] for r in rows_287g]),
        map_policy_counts=_ordered_counts(categories_policy(index), [r["s"] for r in rows_policy]),
        not_drawn=not_drawn,
        datasets=[(r.name, index.vocabulary.resource(r.name, "title", r.descriptor.get("title", r.name)))
                  for r in package.resources.values()],
    )


def _not_drawn(index: AtlasIndex, rows: list[dict]) -> list[str]:
    """Counties the geometry lacks, grouped by state when there are many ("Puerto Rico: 78 municipios")."""
    by_state: dict[str, list[dict]] = {}
    for r in rows:
        by_state.setdefault(r["f"][:2], []).append(r)
    out = []
    for fips, group in sorted(by_state.items(),
                              key=lambda kv: _sort_key(index.state_name(index.states_by_fips.get(kv[0], {})))):
        name = index.state_name(index.states_by_fips.get(fips)) or fips
        if len(group) > 4:
            out.append(t("home.not_drawn_group", state=name, n=len(group)))
        else:
            out.append(f"{name}: " + ", ".join(f"{r['n'].rsplit(',', 1)[0]} ({r['f']})" for r in group))
    return out


def _sort_key(name: str) -> str:
    """Alphabetical order for names with accents ("Hawái" among the H)."""
    import unicodedata

    return unicodedata.normalize("NFD", name).encode("ascii", "ignore").decode().lower()


def _ordered_counts(categories, values) -> list[tuple[str, int]]:
    counts = dict(_count(values))
    return [(label, counts.get(label, 0)) for label, _ in categories]


def _constraints(f: dict) -> list[str]:
    out = []
    for key, value in f.get("constraints", {}).items():
        if key == "enum":
            continue
        if value is True:
            out.append(_word("dataset.constraint", key))
        elif value is not False:
            out.append(f"{_word('dataset.constraint', key)}: {value}")
    if f.get("format"):
        out.append(f"{_word('dataset.constraint', 'format')}: {f['format']}")
    return out


def _word(prefix: str, key: str) -> str:
    """A Table Schema keyword (a constraint, a type) in the language being built; unknown ones as they are."""
    from .i18n import catalogue, current_language

    return catalogue(current_language()).get(f"{prefix}.{key}", key)


def _enum_text(index: AtlasIndex, key: str, value: str, english: str) -> str:
    """A value's definition for the data dictionary; on another language's page its label first, as the site's
    tables and maps name it (unless the definition already starts with it)."""
    from .i18n import current_language

    definition = index.definition(key, value) or english
    if current_language() == "en":
        return definition
    from ..domain.vocabulary import PROPER_NAMED

    label = index.label(key, value)
    return definition if key in PROPER_NAMED or definition.startswith(label) else f"{label}. {definition}"


def build_dataset_page(index: AtlasIndex, name: str) -> DatasetPage:
    resource = index.package[name]
    key = f"{name}.{{}}"
    fields = []
    for f in resource.fields:
        title, english_title = index.vocabulary.field_text(name, f["name"], "title", f.get("title", ""))
        description, english_description = index.vocabulary.field_text(name, f["name"], "description",
                                                                       f.get("description", ""))
        fields.append(FieldDoc(f["name"], title, _word("dataset.type", f.get("type", "string")), _constraints(f),
                               description, [(v, _enum_text(index, key.format(f["name"]), v, text))
                                             for v, text in resource.enum_definitions(f["name"]).items()],
                               english_title, english_description))
    fks = [f"{', '.join(fk['fields']) if isinstance(fk['fields'], list) else fk['fields']} → "
           f"{fk['reference']['resource']}.{', '.join(fk['reference']['fields']) if isinstance(fk['reference']['fields'], list) else fk['reference']['fields']}"
           for fk in resource.schema.get("foreignKeys", [])]
    title = index.vocabulary.resource(name, "title", resource.descriptor.get("title", name))
    description = index.vocabulary.resource(name, "description", resource.descriptor.get("description", ""))
    return DatasetPage(name, title, description,
                       resource.descriptor.get("licenses") or index.package.descriptor.get("licenses", []),
                       resource.row_count, resource.primary_key, fks, fields)
