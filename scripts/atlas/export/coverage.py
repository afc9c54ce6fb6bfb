"""Temporal and spatial coverage of the data, computed from the rows (never typed in by hand)."""
from __future__ import annotations

import datetime as dt

from ..domain.fiscal import fiscal_year_bounds
from ..package import AtlasPackage, Resource

# Fields whose values are facts about time (when an agreement was signed, a policy took effect, the fiscal
# year a figure counts). Dates about our own work (`verified`, `reviewed`, `retrieved`) or about codes are left out.
TEMPORAL_FIELDS = {
    "agreements_287g": ("signed", "first_listed", "last_listed", "ended"),
    "detainer_policies": ("effective", "ended"),
    "enforcement_stats": ("fiscal_year",),
}
SPATIAL_COVERAGE = "United States"


def date_range(resource: Resource) -> tuple[dt.date, dt.date] | None:
    fields = [f for f in TEMPORAL_FIELDS.get(resource.name, ()) if f in resource.field_names]
    lo = hi = None
    for row in resource.rows:
        for name in fields:
            value = row.get(name)
            if value is None:
                continue
            if name == "fiscal_year":
                start, end = fiscal_year_bounds(int(value))
            elif isinstance(value, dt.date):
                start = end = value
            else:
                continue
            lo = start if lo is None or start < lo else lo
            hi = end if hi is None or end > hi else hi
    return (lo, hi) if lo is not None else None


def package_date_range(package: AtlasPackage) -> tuple[dt.date, dt.date] | None:
    ranges = [r for r in (date_range(res) for res in package.resources.values()) if r]
    if not ranges:
        return None
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def iso_interval(r: tuple[dt.date, dt.date] | None) -> str | None:
    """ISO 8601 interval "start/end", as schema.org temporalCoverage and DCAT-US `temporal` expect."""
    return f"{r[0].isoformat()}/{r[1].isoformat()}" if r else None
