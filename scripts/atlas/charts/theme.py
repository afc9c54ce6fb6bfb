"""The site's Altair theme, registered once so every chart looks and reads the same.

Colours are the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies) and
mid-tone, so they read on Material's light and dark backgrounds; the background is transparent and
text colours are patched for dark mode in the browser (site_assets/atlas.js), because Vega cannot read CSS.
Fonts are the system stack: the site loads no web fonts.
"""
from __future__ import annotations

import altair as alt

THEME_NAME = "atlas"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
# Okabe & Ito (2008), without black (reserved for text) and yellow (too light on white).
CATEGORY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9"]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]
TEXT_LIGHT = "#3b3b3b"
GRID_LIGHT = "#d9d9d9"
MARKER_COLOUR = "#6b6b6b"


def theme_config() -> dict:
    """The theme as a plain dict (also what the tests inspect)."""
    axis = {"labelFont": FONT, "titleFont": FONT, "labelColor": TEXT_LIGHT, "titleColor": TEXT_LIGHT,
            "labelFontSize": 12, "titleFontSize": 12, "gridColor": GRID_LIGHT, "domainColor": "#8c8c8c",
            "tickColor": "#8c8c8c"}
    return {
        "config": {
            "background": "transparent",
            "font": FONT,
            "view": {"stroke": None},
            "axis": axis,
            "legend": {"labelFont": FONT, "titleFont": FONT, "labelColor": TEXT_LIGHT, "titleColor": TEXT_LIGHT,
                       "labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "direction": "vertical",
                       "labelLimit": 0},
            "title": {"font": FONT, "color": TEXT_LIGHT, "fontSize": 14, "anchor": "start"},
            "range": {"category": CATEGORY_COLOURS},
            "line": {"strokeWidth": 2},
            "point": {"size": 50, "filled": True, "opacity": 1},
        }
    }


@alt.theme.register(THEME_NAME, enable=False)
def _atlas_theme() -> alt.theme.ThemeConfig:
    return theme_config()


def enable_theme() -> None:
    """Make the atlas theme the active one (idempotent)."""
    alt.theme.enable(THEME_NAME)
