"""Temporal and spatial coverage of the data, computed from the typed columns (never typed in by hand)."""
from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc

from ..domain.fiscal import fiscal_year_bounds
from ..package import AtlasPackage, Resource
from .values import typed_table

# Fields whose values are facts about time (when an agreement was signed, a policy took effect, the fiscal
# year a figure counts). Dates about our own work (`verified`, `reviewed`, `retrieved`) or about codes are left out.
TEMPORAL_FIELDS = {
    "agreements_287g": ("signed", "first_listed", "last_listed", "ended"),
    "detainer_policies": ("effective", "ended"),
    "enforcement_stats": ("fiscal_year",),
}
SPATIAL_COVERAGE = "United States"


def date_range(resource: Resource) -> tuple[dt.date, dt.date] | None:
    """The first and last day the resource's temporal fields cover (a fiscal year covers all its days)."""
    table = typed_table(resource)
    lo = hi = None
    for name in TEMPORAL_FIELDS.get(resource.name, ()):
        if name not in resource.field_names:
            continue
        column = table.column(name)
        if name == "fiscal_year" and pa.types.is_integer(column.type):
            years = pc.min_max(column).as_py()
            bounds = [] if years["min"] is None else [fiscal_year_bounds(years["min"])[0],
                                                       fiscal_year_bounds(years["max"])[1]]
        elif name == "fiscal_year":  # text that reads as a year
            bounds = [day for value in column.drop_null().to_pylist() for day in fiscal_year_bounds(int(value))]
        elif pa.types.is_date(column.type):
            bounds = [day for day in pc.min_max(column).as_py().values() if day is not None]
        else:
            continue
        if bounds:
            lo = min(bounds) if lo is None else min(lo, *bounds)
            hi = max(bounds) if hi is None else max(hi, *bounds)
    return (lo, hi) if lo is not None else None


def package_date_range(package: AtlasPackage) -> tuple[dt.date, dt.date] | None:
    ranges = [r for r in (date_range(res) for res in package.resources.values()) if r]
    if not ranges:
        return None
    return min(r[0] for r in ranges), max(r[1] for r in ranges)


def iso_interval(r: tuple[dt.date, dt.date] | None) -> str | None:
    """ISO 8601 interval "start/end", as schema.org temporalCoverage and DCAT-US `temporal` expect."""
    return f"{r[0].isoformat()}/{r[1].isoformat()}" if r else None
