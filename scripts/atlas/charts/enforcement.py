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
from ..pages.i18n import current_language, format_date, t
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


def enforcement_chart(language: str = "en") -> alt.LayerChart:
    """Rules at dated changes, then lines and points by fiscal year for each metric (data by name).

    Colour and point shape both carry the metric, so colour is never the only cue.
    """
    enable_theme()
    w = {k: t(f"chart.{k}") for k in ("fiscal_year_axis", "count", "metric", "fiscal_year", "value", "date",
                                      "change")}
    x = alt.X("fy:Q", title=w["fiscal_year_axis"], scale=alt.Scale(nice=False, zero=False, padding=14),
              axis=alt.Axis(format="d", tickMinStep=1, labelOverlap=True))
    y = alt.Y("v:Q", title=w["count"])
    colour = alt.Color("m:N", title=w["metric"])
    shape = alt.Shape("m:N", title=w["metric"], scale=alt.Scale(range=SHAPES))
    tooltip = [alt.Tooltip("m:N", title=w["metric"]), alt.Tooltip("fy:Q", title=w["fiscal_year"], format="d"),
               alt.Tooltip("v:Q", title=w["value"], format=",")]
    figures = alt.Chart(alt.NamedData(name=FIGURES))
    rules = alt.Chart(alt.NamedData(name=MARKERS)).mark_rule(
        strokeDash=[4, 3], color=MARKER_COLOUR, strokeWidth=1.5).encode(
        x=alt.X("x:Q"), tooltip=[alt.Tooltip("d:N", title=w["date"]), alt.Tooltip("l:N", title=w["change"])])
    lines = figures.mark_line().encode(x=x, y=y, color=alt.Color("m:N", legend=None), detail="m:N")
    points = figures.mark_point(filled=True).encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
    # One legend, colour and shape merged: Vega-Lite merges them only within one layer, so the scales are
    # independent (same sorted domain, same colours) and the lines draw no legend of their own.
    return alt.layer(rules, lines, points).resolve_scale(color="independent", shape="independent").properties(
        width="container", height=260)


def _template() -> dict:
    return _language_template(current_language())


@lru_cache(maxsize=4)
def _language_template(language: str) -> dict:
    """The chart in one language (its axis titles and tooltips): built once per language."""
    spec = enforcement_chart(language).to_dict()
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
        spec["datasets"][MARKERS] = [{"x": m.position, "d": format_date(m.on), "l": m.label} for m in shown]
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
                         subject: str | None = None) -> str:
    """The chart in words: what is drawn, each series' first, last and highest value. No causes.
    Words from the catalogue of the language being built (atlas.pages.i18n)."""
    subject = subject or t("chart.subject")
    if not figures:
        return t("chart.none", subject=subject, place=place)
    years = sorted({f.fiscal_year for f in figures})
    metrics = sorted({f.metric for f in figures})

    def fy(year: int) -> str:
        return t("common.fy", year=year)

    parts = [t("chart.summary" if len(metrics) > 1 else "chart.summary_one", subject=subject, place=place, first=fy(years[0]), last=fy(years[-1]),
               n=len(metrics))]
    for metric in metrics:
        series = sorted((f for f in figures if f.metric == metric), key=lambda f: f.fiscal_year)
        top = max(series, key=lambda f: f.value)
        if len(series) == 1:
            parts.append(t("chart.one", metric=metric, value=f"{series[0].value:,}", fy=fy(series[0].fiscal_year)))
        else:
            parts.append(t("chart.series", metric=metric, first=f"{series[0].value:,}",
                           first_fy=fy(series[0].fiscal_year), last=f"{series[-1].value:,}",
                           last_fy=fy(series[-1].fiscal_year), top=f"{top.value:,}", top_fy=fy(top.fiscal_year)))
    shown = markers_in_range(figures, markers)
    if shown:
        parts.append(t("chart.rules", rules="; ".join(f"{m.label} ({format_date(m.on)})" for m in shown)))
    return " ".join(parts)
