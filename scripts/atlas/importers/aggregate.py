"""County x fiscal-year aggregation in DuckDB SQL, shared by the importers and bench/aggregate.py.

Two aggregations, each one SQL statement over a table the caller registers:

- facility figures (ICE detention): sums of average daily population and book-ins over the facilities located
  in each county, per source file and fiscal year. Values are summed as DECIMAL(18,6), so the county totals add
  up exactly to the facility totals they came from.
- detainer records (one row per ICE detainer): detainers issued and detainers by lift reason, per county and
  federal fiscal year (FY2019 = 1 October 2018 to 30 September 2019).

A facility or detainer that could not be placed in a county is aggregated under an empty county_fips in its
state, so no figure leaves the totals.
"""
from __future__ import annotations

import duckdb
import pyarrow as pa

DETAINER_DECLINED = "Detainer Declined by LEA"
# Facility kinds run by a county or a city (see pa_detainers.KIND_PATTERNS).
LOCAL_KINDS = ("county_jail", "police")


def connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(database=":memory:")
    con.execute("SET threads TO 4")
    return con


FACILITY_SQL = """
SELECT source_id, fiscal_year, state, county_fips, metric,
       SUM(CAST(value AS DECIMAL(18, 6))) AS value,
       COUNT(DISTINCT facility_id) AS facilities
FROM facility_figures
WHERE value IS NOT NULL
GROUP BY ALL
ORDER BY source_id, fiscal_year, state, county_fips, metric
"""


def county_facility_totals(con: duckdb.DuckDBPyConnection, figures: list[dict]) -> list[dict]:
    """Sum facility figures (facility_id, source_id, fiscal_year, state, county_fips, metric, value as text)
    to county x fiscal year x metric x source. Returns rows with value as a Decimal and the facility count."""
    table = pa.Table.from_pylist(figures, schema=pa.schema([
        ("facility_id", pa.string()), ("source_id", pa.string()), ("fiscal_year", pa.int32()),
        ("state", pa.string()), ("county_fips", pa.string()), ("metric", pa.string()), ("value", pa.string()),
    ]))
    con.register("facility_figures", table)
    try:
        cur = con.execute(FACILITY_SQL)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]
    finally:
        con.unregister("facility_figures")


def detainer_sql(relation: str) -> str:
    """County x FY counts of detainers from `relation` (columns: detainer_date DATE, state, county_fips,
    facility_kind, lift_reason): one row per state, county and fiscal year, one column per metric."""
    declined = DETAINER_DECLINED.replace("'", "''")
    local = ", ".join(f"'{k}'" for k in LOCAL_KINDS)
    return f"""
WITH d AS (
  SELECT CAST(year(detainer_date) + CASE WHEN month(detainer_date) >= 10 THEN 1 ELSE 0 END AS INTEGER) AS fiscal_year,
         coalesce(state, '') AS state, coalesce(county_fips, '') AS county_fips,
         coalesce(trim(lift_reason), '') AS lift_reason,
         coalesce(facility_kind, '') IN ({local}) AS local
  FROM {relation}
)
SELECT state, county_fips, fiscal_year,
       COUNT(*) AS ice_detainers_issued,
       COUNT(*) FILTER (WHERE lift_reason = '{declined}') AS ice_detainers_declined_by_lea,
       COUNT(*) FILTER (WHERE lift_reason = 'Booked into Detention') AS ice_detainers_lifted_booked_into_detention,
       COUNT(*) FILTER (WHERE lift_reason = '') AS ice_detainers_no_lift_reason,
       COUNT(*) FILTER (WHERE local) AS ice_detainers_issued_local,
       COUNT(*) FILTER (WHERE local AND lift_reason = '{declined}') AS ice_detainers_declined_by_lea_local
FROM d
GROUP BY ALL
ORDER BY state, county_fips, fiscal_year
"""


def county_detainer_counts(con: duckdb.DuckDBPyConnection, relation: str) -> list[dict]:
    """Run detainer_sql over a registered table or a DuckDB table expression (e.g. read_parquet('...'))."""
    cur = con.execute(detainer_sql(relation))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]
