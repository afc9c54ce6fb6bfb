"""Facility identity across files: one stable id per facility, from ICE's DETLOC where a file gives one.

The yearly statistics have no DETLOC: their rows join a DETLOC facility by name, city and state or by address,
and otherwise get an id derived from the address (derived_id), so the same facility keeps its id from year to year.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict

from ..normalise import clean_text
from .constants import SOURCE_PREFIX, STATS
from .sheets import Observation, Sheet

_ABBREVIATIONS = {"ROAD": "RD", "STREET": "ST", "DRIVE": "DR", "AVENUE": "AVE", "HIGHWAY": "HWY", "BOULEVARD": "BLVD",
                  "PARKWAY": "PKWY", "LANE": "LN", "COURT": "CT", "PLACE": "PL", "NORTH": "N", "SOUTH": "S",
                  "EAST": "E", "WEST": "W", "SUITE": "STE", "HWY.": "HWY", "FREEWAY": "FWY", "CIRCLE": "CIR",
                  "TERRACE": "TER", "SQUARE": "SQ", "MOUNT": "MT", "FORT": "FT", "SAINT": "ST", "ROUTE": "RT"}


def address_key(address: str) -> str:
    words = re.sub(r"[^A-Z0-9 ]", " ", clean_text(address).upper()).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def name_tokens(name: str) -> set[str]:
    return set(re.sub(r"[^A-Z0-9 ]", " ", clean_text(name).upper()).split())


def name_key(name: str) -> str:
    return " ".join(sorted(name_tokens(name)))


def derived_id(usps: str, zip_code: str, address: str, name: str = "") -> str:
    """Id of a facility that no file gives a DETLOC for: state, ZIP and a hash of the normalised address
    (and of the normalised name, when two facilities share that address in one year)."""
    digest = hashlib.sha1(f"{address_key(address)}|{name_key(name)}".encode()).hexdigest()[:6]
    return f"{(usps or 'xx').lower()}-{zip_code or '00000'}-{digest}"


def _pick_by_name(name: str, candidates: list[str], names: dict[str, set[str]]) -> str | None:
    tokens = name_tokens(name)
    scored = sorted(((len(tokens & t) / max(1, len(tokens | t)), c) for c in candidates
                     for t in [set().union(*(name_tokens(n) for n in names[c]))]), reverse=True)
    if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


def link(sheets: list[Sheet]) -> tuple[dict[str, list[Observation]], Counter]:
    """Give every observation a facility id; returns id -> observations and counts of how each was linked."""
    how: Counter = Counter()
    by_detloc: dict[str, list[Observation]] = defaultdict(list)
    for sheet in sheets:
        if sheet.kind == STATS:
            continue
        seen_in_file: dict[str, int] = {}
        for obs in sheet.observations:
            detloc = obs.detloc
            if detloc.lower() == "redacted" or not detloc:
                # ICE redacted every identifying cell of its ORR rows: the row is kept under its place in the file.
                obs.facility_id = f"redacted-{sheet.source_id.removeprefix(SOURCE_PREFIX)}-line{obs.line}"
                obs.flags.append("identity redacted by ICE (no DETLOC, name or location in the file)")
                how["redacted (no DETLOC)"] += 1
            elif not re.fullmatch(r"[A-Z0-9]{2,10}", detloc):
                obs.facility_id = derived_id(obs.state, obs.zip, obs.address, obs.name)
                obs.flags.append(f"DETLOC {detloc!r} is not a facility code; id derived from the address")
                how["DETLOC unreadable"] += 1
            else:
                first_line = seen_in_file.setdefault(detloc, obs.line)
                if first_line != obs.line:
                    obs.facility_id = f"{detloc}-line{obs.line}"
                    obs.flags.append(f"DETLOC {detloc} is listed twice in {sheet.path.name} (also line {first_line}); "
                                     "kept as a separate facility for review")
                    how["DETLOC listed twice"] += 1
                else:
                    obs.facility_id = detloc
                    how["DETLOC"] += 1
            by_detloc[obs.facility_id].append(obs)
    # Indexes of the DETLOC facilities by address and by name, for the yearly statistics (which have no DETLOC).
    by_address: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_name: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    for fid, observations in by_detloc.items():
        if fid.startswith("redacted-"):
            continue
        for obs in observations:
            by_address[(obs.state, address_key(obs.address))].add(fid)
            by_name[(obs.state, address_key(obs.city), name_key(obs.name))].add(fid)
            names[fid].add(obs.name)
    stats_obs = [o for s in sheets if s.kind == STATS for o in s.observations]
    # An address where one file lists two differently named facilities holds two facilities (LA PALMA and
    # 'LA PALMA ... - APSO'): there a row joins a DETLOC only by its exact name, in every year.
    names_at: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for obs in stats_obs:
        names_at[(obs.source_id, obs.state, address_key(obs.address))].add(name_key(obs.name))
    shared_address = {(state, addr) for (_, state, addr), found in names_at.items() if len(found) > 1}
    unmatched: list[Observation] = []
    # First the rows that carry a DETLOC facility's exact name: their addresses join the address index, so a later
    # year's respelling at the same address ('EDEN DETENTION CTR') finds the same facility.
    for obs in stats_obs:
        exact = by_name.get((obs.state, address_key(obs.city), name_key(obs.name)), set())
        if len(exact) == 1:
            by_address[(obs.state, address_key(obs.address))].add(next(iter(exact)))
    for obs in stats_obs:
        exact = by_name.get((obs.state, address_key(obs.city), name_key(obs.name)), set())
        at_address = sorted(by_address.get((obs.state, address_key(obs.address)), set()))
        if (obs.state, address_key(obs.address)) in shared_address and len(exact) != 1:
            at_address = []
        if len(exact) == 1:
            obs.facility_id = next(iter(exact))
            how["statistics: DETLOC by name, city and state"] += 1
        elif len(at_address) == 1:
            obs.facility_id = at_address[0]
            how["statistics: DETLOC by address"] += 1
        elif len(at_address) > 1 and (pick := _pick_by_name(obs.name, at_address, names)):
            obs.facility_id = pick
            how["statistics: DETLOC by address, several at the address, closest name"] += 1
        else:
            if len(at_address) > 1:
                obs.notes.append(f"Several ICE facility codes share this address ({', '.join(at_address)}) and "
                                 "none has a name like this one; given its own id.")
            unmatched.append(obs)
    # Facilities only in the yearly statistics: one per address, unless one year lists several names there.
    groups: dict[tuple[str, str], list[Observation]] = defaultdict(list)
    for obs in unmatched:
        groups[(obs.state, address_key(obs.address))].append(obs)
    for (usps, _), observations in groups.items():
        per_year = Counter(o.fiscal_year for o in observations)
        split = (any(n > 1 for n in per_year.values()) or (usps, _) in shared_address) \
            and len({name_key(o.name) for o in observations}) > 1
        for obs in observations:
            obs.facility_id = derived_id(usps, obs.zip or observations[0].zip, obs.address,
                                         obs.name if split else "")
            how["statistics: id derived from the address" + (" and name" if split else "")] += 1
    out: dict[str, list[Observation]] = defaultdict(list)
    for obs in [o for s in sheets for o in s.observations]:
        out[obs.facility_id].append(obs)
    # The same facility twice in one year of one file: keep both, the later one under its own id, flagged.
    for fid in list(out):
        seen: dict[tuple[str, int], Observation] = {}
        for obs in list(out[fid]):
            key = (obs.source_id, obs.fiscal_year)
            if key in seen:
                first = seen[key]
                out[fid].remove(obs)
                obs.facility_id = f"{fid}-line{obs.line}"
                obs.flags.append(f"listed twice in {obs.file} for FY{obs.fiscal_year} (same facility as line "
                                 f"{first.line}: {first.name!r}); kept as a separate row for review")
                out[obs.facility_id].append(obs)
                how["listed twice in one year (kept, flagged)"] += 1
            else:
                seen[key] = obs
    return dict(out), how
