"""County choropleth maps (national and per state) over the us-atlas TopoJSON, pre-projected (Albers USA).

The geometry is one shared site asset loaded by URL (never inlined: 800 KB); county statuses come from a
small JSON file (national map) or inline values (a state's map), joined by FIPS code with a lookup; both are
the dataset "statuses", which the time control replaces with another date's rows.
Built with Altair once per map kind; pages fill in URLs and data.
"""
from __future__ import annotations

import copy
from functools import lru_cache

import altair as alt

from ..pages.i18n import current_language, t
from .theme import enable_theme

GEOMETRY, STATUSES = "__geometry_url__", "statuses"
LEGEND_SIGNAL = "atlas_legend"  # the labels a time-controlled map's legend lists (timeline.js sets them per date)


def county_map(categories: tuple[tuple[str, str], ...], national: bool) -> alt.Chart:
    """A choropleth of counties coloured by status; `categories` is ((label, colour), ...) in legend order.

    Rows of the statuses data are {"f": fips, "s": status label, "n": county name}; only counties with a
    row are drawn.
    """
    enable_theme()
    topo = alt.Data(url=GEOMETRY, format=alt.DataFormat(type="topojson", feature="counties"))
    chart = alt.Chart(topo).mark_geoshape(stroke="#ffffff", strokeWidth=0.25 if national else 0.8)
    chart = chart.transform_lookup(lookup="id", from_=alt.LookupData(alt.NamedData(name=STATUSES), key="f",
                                                                       fields=["s", "n"]))
    # Draw only counties with a row: retired codes still in the 2019 geometry (Connecticut's old counties,
    # Valdez-Cordova) would otherwise show as "nothing" where their successors have data.
    chart = chart.transform_filter("isValid(datum.s)")
    chart = chart.transform_calculate(status=f"datum.s || '{categories[-1][0]}'",
                                      name="datum.n || datum.properties.name")
    labels = [c[0] for c in categories]
    colours = [c[1] for c in categories]
    return chart.encode(
        color=alt.Color("status:N", title=t("map.status"), scale=alt.Scale(domain=labels, range=colours),
                        legend=alt.Legend(orient="bottom", direction="vertical", columns=2, labelLimit=0,
                                          # room for the browser's font, which may be wider than
                                          # the one vl-convert measures pre-rendered labels with
                                          columnPadding=36)),
        tooltip=[alt.Tooltip("name:N", title=t("map.county")), alt.Tooltip("status:N", title=t("map.status"))],
    ).project(type="identity", reflectY=False).properties(width="container", height=420 if national else 360)


def _template(categories: tuple[tuple[str, str], ...], national: bool) -> dict:
    return _language_template(categories, national, current_language())


@lru_cache(maxsize=16)
def _language_template(categories: tuple[tuple[str, str], ...], national: bool, language: str) -> dict:
    """The map in one language (legend and tooltip titles, from atlas.pages.i18n)."""
    spec = county_map(categories, national).to_dict()
    spec.pop("$schema", None)
    return spec


def map_spec(categories: tuple[tuple[str, str], ...], geometry_url: str, statuses: list[dict] | str,
             timeline: str = "", legend: tuple[str, ...] | None = None) -> dict:
    """A map spec for the page: `statuses` is a list of rows (a state's map) or a URL (the national map).

    Either way the rows are the Vega dataset "statuses", which the time control (site_assets/timeline.js)
    replaces with a date's rows. `timeline` names the layer of assets/atlas/timeline.json the map shows at other
    dates ("287g", "policy"; in the spec's usermeta) and makes the legend list the labels of the signal
    LEGEND_SIGNAL, first `legend` (the labels shown today), so a category that only some dates have appears
    only then; `categories` then holds every category of any date, so colours never change."""
    national = isinstance(statuses, str)
    spec = copy.deepcopy(_template(categories, national))
    spec["data"]["url"] = geometry_url
    if national:
        spec.pop("datasets", None)
        _set_lookup_url(spec, statuses)
    else:
        spec["datasets"] = {STATUSES: statuses}
    if timeline:
        spec["usermeta"] = {"atlasTimeline": timeline}
        spec["params"] = [{"name": LEGEND_SIGNAL, "value": list(legend if legend is not None else
                                                                 (c[0] for c in categories))}]
        spec["encoding"]["color"]["legend"]["values"] = {"expr": LEGEND_SIGNAL}
    return spec


def _set_lookup_url(spec: dict, url: str) -> None:
    for step in spec.get("transform", []):
        if "lookup" in step:
            step["from"]["data"] = {"url": url, "name": STATUSES}


def topology_subset(topology: dict, fips: set[str]) -> dict:
    """The counties with these FIPS codes, with only the arcs they use (re-indexed).

    A state's counties are ~1-5% of the national file, so a state map carries ~30 KB instead of 840 KB.
    """
    geometries = [g for g in topology["objects"]["counties"]["geometries"] if g["id"] in fips]
    used: dict[int, int] = {}

    def remap(arcs):
        if isinstance(arcs, int):
            old = arcs if arcs >= 0 else ~arcs  # TopoJSON: ~i means arc i reversed
            new = used.setdefault(old, len(used))
            return new if arcs >= 0 else ~new
        return [remap(a) for a in arcs]

    kept = [{**g, "arcs": remap(g["arcs"])} for g in geometries]
    arcs = [None] * len(used)
    for old, new in used.items():
        arcs[new] = topology["arcs"][old]
    out = {"type": "Topology", "arcs": arcs,
           "objects": {"counties": {"type": "GeometryCollection", "geometries": kept}}}
    if "transform" in topology:
        out["transform"] = topology["transform"]
    return out


def static_state_map_spec(categories: tuple[tuple[str, str], ...], topology: dict, statuses: list[dict],
                          width: int = 640, national: bool = False) -> dict:
    """A map for pre-rendering: geometry inline (vl-convert cannot read files), fixed size, white card.
    `national` keeps the national map's thinner county borders (the home page's maps, its social image)."""
    spec = copy.deepcopy(_template(categories, national))
    spec["data"] = {"values": topology, "format": {"type": "topojson", "feature": "counties"}}
    spec["datasets"] = {STATUSES: statuses}
    spec["width"], spec["height"] = width, round(width * 0.62)
    spec["config"] = {**spec.get("config", {}), "background": "#ffffff"}
    if national:  # the inline rows replace the status file the interactive map looks up
        for step in spec.get("transform", []):
            if "lookup" in step:
                step["from"]["data"] = {"name": STATUSES}
    return spec
