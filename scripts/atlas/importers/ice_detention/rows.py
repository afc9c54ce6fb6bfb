"""The rows of the three detention tables: facilities, facility x fiscal year, and county x fiscal year sums."""
from __future__ import annotations

import re
from decimal import Decimal

from .. import aggregate
from ..facility_county import FacilityCounties
from .constants import COUNTY_METRICS, METRIC_ADP, METRIC_FACILITY, METRIC_INITIAL
from .sheets import Observation

# The Observation field each facility metric reads.
FIGURE_FIELDS = {METRIC_ADP: "adp", METRIC_INITIAL: "initial_book_ins", METRIC_FACILITY: "facility_book_ins"}


def _latest(observations: list[Observation]) -> Observation:
    """The observation from the most recent data: later data date, then later fiscal year."""
    return max(observations, key=lambda o: (o.data_through, o.fiscal_year, o.source_id))


def _has_figure(obs: Observation) -> bool:
    return any(v not in (None, 0) for v in (obs.adp, obs.initial_book_ins, obs.facility_book_ins))


def facility_rows(facilities: dict[str, list[Observation]], placer: FacilityCounties) -> list[dict]:
    rows = []
    for fid in sorted(facilities):
        observations = facilities[fid]
        latest = _latest(observations)
        located = [o for o in observations if o.state]
        where = _latest(located) if located else latest
        county_raw = next((o.county_raw for o in sorted(observations, key=lambda o: o.data_through, reverse=True)
                           if o.county_raw), "")
        flags = sorted({f for o in observations for f in o.flags if "listed twice" in f or "redacted" in f
                        or "DETLOC" in f})
        if fid.startswith("redacted-"):
            placement_fips, method, evidence = "", "", "ICE redacted the facility's name and location"
        else:
            placement = placer.place(where.state, where.zip, where.city, where.address, county_raw)
            placement_fips, method, evidence = placement.county_fips, placement.method, placement.evidence
            if placement.review_flag:
                flags.append(placement.review_flag)
        typed = [o for o in observations if o.type_detailed or o.type]
        type_latest = _latest(typed) if typed else latest
        used = sorted({o.fiscal_year for o in observations if _has_figure(o)})
        other_names = sorted({o.name for o in observations if o.name and o.name != latest.name})
        zips = sorted({o.zip_note for o in observations if o.zip_note and o.zip})
        rows.append({
            "facility_id": fid, "detloc": fid if re.fullmatch(r"[A-Z0-9]{2,10}", fid) else "",
            "name": latest.name, "other_names": " | ".join(other_names),
            "address": where.address, "city": where.city, "state": where.state, "zip": where.zip,
            "county_fips": placement_fips, "county_method": method, "county_evidence": evidence,
            "ice_county": county_raw,
            "type": type_latest.type_detailed or type_latest.type,
            "type_fiscal_year": type_latest.fiscal_year,
            "first_fiscal_year": used[0] if used else "", "last_fiscal_year": used[-1] if used else "",
            "source_ids": " ".join(sorted({o.source_id for o in observations})),
            "notes": " ".join(zips),
            "review_flag": "; ".join(f.replace("; ", ", ") for f in flags),
        })
    return rows


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


# Flags about the facility as a whole (its facility row carries them), not about a year's cells.
FACILITY_LEVEL_FLAGS = ("identity redacted", "DETLOC", "listed twice")


def year_rows(facilities: dict[str, list[Observation]]) -> tuple[list[dict], int]:
    """One row per facility, fiscal year and source, for every facility a source gives a non-zero figure in some
    year (its zeros in the other years are written: a reported zero is not a missing figure). Facilities whose
    every figure in a source is zero or empty get no year rows from it (the facility row still lists them);
    their facility-years are counted and returned."""
    rows, zero = [], 0
    used = {(o.facility_id, o.source_id) for obs in facilities.values() for o in obs if _has_figure(o)}
    for fid in sorted(facilities):
        for obs in sorted(facilities[fid], key=lambda o: (o.fiscal_year, o.source_id)):
            if (fid, obs.source_id) not in used and not [f for f in obs.flags if not f.startswith(FACILITY_LEVEL_FLAGS)]:
                zero += 1
                continue
            rows.append({
                "facility_id": fid, "fiscal_year": obs.fiscal_year, "source_id": obs.source_id,
                "name": obs.name, "type": obs.type, "type_detailed": obs.type_detailed,
                "adp": _fmt(obs.adp), "initial_book_ins": "" if obs.initial_book_ins is None else obs.initial_book_ins,
                "facility_book_ins": "" if obs.facility_book_ins is None else obs.facility_book_ins,
                "part_year": "true" if obs.part_year else "false", "data_through": obs.data_through.isoformat(),
                "notes": " ".join(dict.fromkeys(obs.notes)),
                "review_flag": "; ".join(dict.fromkeys(f.replace("; ", ", ") for f in obs.flags)),
            })
    return rows, zero


def county_rows(con, facilities: dict[str, list[Observation]], placed: dict[str, dict]) -> tuple[list[dict], list[dict]]:
    """County x fiscal year sums in DuckDB; returns (rows, the facility figures that went in)."""
    figures = []
    for fid, observations in facilities.items():
        fac = placed[fid]
        for obs in observations:
            for metric, attr in FIGURE_FIELDS.items():
                value = getattr(obs, attr)
                if value is None or value == 0:  # zeros add nothing; a county row means some facility had a figure
                    continue
                figures.append({"facility_id": fid, "source_id": obs.source_id, "fiscal_year": obs.fiscal_year,
                                "state": fac["state"], "county_fips": fac["county_fips"], "metric": metric,
                                "value": str(value)})
    part = {(o.source_id, o.fiscal_year): o.part_year for obs in facilities.values() for o in obs}
    through = {(o.source_id, o.fiscal_year): o.data_through for obs in facilities.values() for o in obs}
    rows = []
    for r in aggregate.county_facility_totals(con, figures):
        key = (r["source_id"], r["fiscal_year"])
        notes = []
        if part.get(key):
            notes.append(f"Part year: the source's data run to {through[key].isoformat()}.")
        flag = ""
        if not r["county_fips"]:
            flag = ("facilities not placed in a county: their figures are summed here so that no figure leaves "
                    "the totals" if r["state"] else "facilities whose location ICE redacted")
        rows.append({"state": r["state"], "county_fips": r["county_fips"], "fiscal_year": r["fiscal_year"],
                     "metric": COUNTY_METRICS[r["metric"]], "value": _fmt(r["value"]), "facilities": r["facilities"],
                     "source_id": r["source_id"], "part_year": "true" if part.get(key) else "false",
                     "notes": " ".join(notes), "review_flag": flag})
    return rows, figures
