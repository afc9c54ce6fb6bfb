"""The county enforcement chart: figures by fiscal year, one series per metric, policy changes as rules.

Pure: rows in, a Vega-Lite spec (and its words) out. The chart is built with Altair once, with named
datasets; each county's spec is that template with its own data filled in. Building an Altair chart per
county costs ~65 ms (3,200 counties: over 3 minutes), filling the template well under 1 ms.
The page shows the same numbers as a table, so the chart only adds the shape of the series.
"""
from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import altair as alt

from ..domain.fiscal import fiscal_year, fiscal_year_bounds
from .theme import MARKER_COLOUR, SHAPES, enable_theme

FIGURES, MARKERS = "figures", "markers"


@dataclass(frozen=True)
class Figure:
    fiscal_year: int
    metric: str  # the metric's label, as the legend shows it
    value: int


@dataclass(frozen=True)
class Marker:
    """A dated change (a detainer policy or a 287(g) agreement starting or ending) drawn as a rule."""
    on: dt.date
    label: str

    @property
    def position(self) -> float:
        return fiscal_year_position(self.on)


def fiscal_year_position(day: dt.date) -> float:
    """Where a date falls on an axis whose ticks are federal fiscal years (FY N = 1 Oct N-1 to 30 Sep N).

    FY N's figure is drawn at N, so FY N spans N-0.5 to N+0.5 and 1 Oct N-1 sits at N-0.5.
    """
    fy = fiscal_year(day)
    start, last = fiscal_year_bounds(fy)
    return round(fy - 0.5 + (day - start).days / ((last - start).days + 1), 3)


def markers_in_range(figures: list[Figure], markers: list[Marker]) -> list[Marker]:
    """Markers from the first fiscal year with a figure onwards.

    A change after the last figure is kept (the axis runs on to it): a county's newest policy is often later than
    its newest published figure, and the reader should see both on one axis. Changes before the first figure
    would only stretch the axis, and are listed in the timeline anyway.
    """
    if not figures:
        return []
    lo = min(f.fiscal_year for f in figures) - 0.5
    return [m for m in markers if lo <= m.position]


def enforcement_chart() -> alt.LayerChart:
    """Rules at dated changes, then lines and points by fiscal year for each metric (data by name).

    Colour and point shape both carry the metric, so colour is never the only cue.
    """
    enable_theme()
    x = alt.X("fy:Q", title="Federal fiscal year", scale=alt.Scale(nice=False, zero=False, padding=14),
              axis=alt.Axis(format="d", tickMinStep=1, labelOverlap=True))
    y = alt.Y("v:Q", title="Count")
    colour = alt.Color("m:N", title="Metric")
    shape = alt.Shape("m:N", title="Metric", scale=alt.Scale(range=SHAPES))
    tooltip = [alt.Tooltip("m:N", title="Metric"), alt.Tooltip("fy:Q", title="Fiscal year", format="d"),
               alt.Tooltip("v:Q", title="Value", format=",")]
    figures = alt.Chart(alt.NamedData(name=FIGURES))
    rules = alt.Chart(alt.NamedData(name=MARKERS)).mark_rule(
        strokeDash=[4, 3], color=MARKER_COLOUR, strokeWidth=1.5).encode(
        x=alt.X("x:Q"), tooltip=[alt.Tooltip("d:N", title="Date"), alt.Tooltip("l:N", title="Change")])
    lines = figures.mark_line().encode(x=x, y=y, color=alt.Color("m:N", legend=None), detail="m:N")
    points = figures.mark_point(filled=True).encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    # One legend, colour and shape merged: Vega-Lite merges them only within one layer, so the scales are
    # independent (same sorted domain, same colours) and the lines draw no legend of their own.
    return alt.layer(rules, lines, points).resolve_scale(color="independent", shape="independent").properties(
        width="container", height=260)


@lru_cache(maxsize=1)
def _template() -> dict:
    spec = enforcement_chart().to_dict()
    spec.pop("$schema", None)
    return spec


def chart_config() -> dict:
    """The theme config every county chart shares (the site ships it once: atlas.pages.county.CHART_CONFIG_ASSET)."""
    return copy.deepcopy(_template().get("config", {}))


def enforcement_spec(figures: list[Figure], markers: list[Marker]) -> dict:
    """The Vega-Lite spec of one county's chart: the template with this county's data."""
    spec = copy.copy(_template())
    shown = markers_in_range(figures, markers)
    spec["datasets"] = {FIGURES: [{"fy": f.fiscal_year, "m": f.metric, "v": f.value}
                                  for f in sorted(figures, key=lambda f: (f.metric, f.fiscal_year))]}
    years = sorted({f.fiscal_year for f in figures} | {round(m.position) for m in shown})
    spec["layer"] = [_with_year_ticks(layer, years) for layer in spec["layer"]]
    if shown:
        spec["datasets"][MARKERS] = [{"x": m.position, "d": m.on.isoformat(), "l": m.label} for m in shown]
    else:  # an empty rule layer makes Vega warn about an infinite extent
        spec["layer"] = [layer for layer in spec["layer"] if layer.get("data", {}).get("name") != MARKERS]
    return spec


def _with_year_ticks(layer: dict, years: list[int]) -> dict:
    """A tick at each fiscal year with a figure or a change (Vega would put ticks at half years in short series)."""
    x = layer.get("encoding", {}).get("x", {})
    if "axis" not in x:
        return layer
    return {**layer, "encoding": {**layer["encoding"], "x": {**x, "axis": {**x["axis"], "values": years}}}}


def describe_enforcement(place: str, figures: list[Figure], markers: list[Marker],
                         subject: str = "ICE enforcement figures") -> str:
    """The chart in words: what is drawn, each series' first, last and highest value. No causes."""
    if not figures:
        return f"No {subject} for {place}."
    years = sorted({f.fiscal_year for f in figures})
    metrics = sorted({f.metric for f in figures})
    parts = [f"Chart of {subject} for {place} by federal fiscal year, FY{years[0]} to FY{years[-1]}, "
             f"{len(metrics)} {'series' if len(metrics) > 1 else 'series'}."]
    for metric in metrics:
        series = sorted((f for f in figures if f.metric == metric), key=lambda f: f.fiscal_year)
        top = max(series, key=lambda f: f.value)
        if len(series) == 1:
            parts.append(f"{metric}: {series[0].value:,} in FY{series[0].fiscal_year}.")
        else:
            parts.append(f"{metric}: {series[0].value:,} in FY{series[0].fiscal_year}, {series[-1].value:,} in "
                         f"FY{series[-1].fiscal_year}, highest {top.value:,} in FY{top.fiscal_year}.")
    shown = markers_in_range(figures, markers)
    if shown:
        parts.append("Dashed vertical rules mark: " + "; ".join(f"{m.label} ({m.on.isoformat()})" for m in shown) + ".")
    return " ".join(parts)
