"""Turn dated listings of ICE's 287(g) lists into agreements with a history, and keep that history consistent.

One agreement = one state + agency + model + signing date. Re-signings are separate agreements, because
ICE lists a new signing date when an MOA is signed again. Participating lists and pending lists are two
separate series: a pending row is an application, never an agreement, and its absence from a later
pending list says nothing about an agreement ending.

Every list an agreement appears on is cited by the row (`source_id` = newest list, `other_source_ids` =
the other sheets, and the first and last roster capture), and each list is a row in `sources` with its
date, so `first_listed`, `last_listed`, `status` and the inferred end can always be recomputed from the
rows themselves. That is what makes imports idempotent and independent of their order.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain.status import LIST_PREFIX, list_series
from .county_match import CountyIndex, CountyMatch
from .normalise import agency_key, agency_type_from_name, digits, is_missing, slugify

SHEET_PREFIXES = (f"{LIST_PREFIX}participating-", f"{LIST_PREFIX}pending-")
ROSTER_PREFIX = f"{LIST_PREFIX}roster-"
series_of = list_series  # 'participating', 'pending' or 'roster' for one of the importers' list sources, else None


def is_sheet_row(row: dict) -> bool:
    return (row.get("source_id") or "").startswith(SHEET_PREFIXES)


def is_roster_row(row: dict) -> bool:
    return (row.get("source_id") or "").startswith(ROSTER_PREFIX)


def is_list_row(row: dict) -> bool:
    return (row.get("source_id") or "").startswith(LIST_PREFIX)


@dataclass
class Listing:
    """One data row of one list, cleaned but not yet grouped into agreements."""

    file: str
    line: int  # row number in the sheet (header = 1)
    series: str  # participating | pending | roster
    snapshot: dt.date
    source_id: str
    state: str
    agency: str
    model: str
    signed: dt.date | None = None
    signed_raw: str = ""
    agency_type: str | None = None  # from ICE's TYPE column, when the list has one
    county_text: str = ""
    moa_url: str | None = None
    addendum_url: str | None = None
    moa_pending: bool = False
    flags: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def agency_key(self) -> str:
        return agency_key(self.agency)

    @property
    def place(self) -> tuple[str, str]:
        return self.state, self.agency_key

    @property
    def line_ref(self) -> str:
        return f"{self.file} row {self.line}"


def agreement_id(state: str, agency: str, model: str, signed: dt.date | None, pending: bool = False) -> str:
    """'nc-mecklenburg-county-sheriffs-office-jail-enforcement-2006-02-27'; undated and pending ids say so."""
    if pending:
        suffix = "pending"
    elif signed is None:
        suffix = "undated"
    else:
        suffix = signed.isoformat()
    return slugify(state, agency.replace("\u2019", "'"), model.replace("_", " "), suffix)


def resolve_malformed_dates(listings: list[Listing]) -> None:
    """Read a malformed SIGNED cell as a date only when another list of the same agency and model gives
    a date with exactly the same digits ('05/082025' -> 2025-05-08); the flag stays, so a person checks it."""
    dated: dict[tuple, set[dt.date]] = {}
    for item in listings:
        if item.signed is not None and item.series != "pending":
            dated.setdefault((*item.place, item.model), set()).add(item.signed)
    for item in listings:
        if item.signed is not None or not item.signed_raw or item.series == "pending":
            continue
        raw = digits(item.signed_raw)
        candidates = [d for d in dated.get((*item.place, item.model), set())
                      if raw in {d.strftime("%m%d%Y"), d.strftime("%Y%m%d")}]
        if len(candidates) == 1:
            item.signed = candidates[0]
            item.flags = [f for f in item.flags if not f.startswith("malformed signing date")] + [
                f"malformed signing date: {item.signed_raw!r} in {item.file}, read as {candidates[0]} because "
                f"another list gives that date for the same agency and model"]


def _group_key(item: Listing) -> tuple:
    if item.series == "pending":
        return (*item.place, item.model, "pending")
    return (*item.place, item.model, item.signed.isoformat() if item.signed else "undated")


def place_in_county(items: list[Listing], counties: CountyIndex, county_cells: dict[tuple[str, str], list[Listing]],
                    agency_type: str) -> tuple[CountyMatch, str]:
    """County of an agreement: ICE's COUNTY cell, the agency's name, ICE's COUNTY cell for the same agency on
    another list, then the alias table. Returns the match and, when unmatched, the review flag."""
    newest = items[-1]
    state = newest.state
    alias = counties.alias(state, newest.agency)
    if agency_type == "state":
        return CountyMatch(None, "state-agency"), ""
    if alias is not None and alias.how in {"state-agency", "alias"}:
        # A committed decision by a person outranks everything the lists say.
        return alias, ""
    if alias is not None and alias.how == "multiple":
        return alias, f"serves several counties: {newest.agency} ({state}): {alias.reason}"
    reasons = []
    own_cells = [i for i in reversed(items) if not is_missing(i.county_text)]
    other_cells = [i for i in reversed(county_cells.get(newest.place, [])) if i not in items]
    for item in own_cells:
        found = counties.lookup(state, item.county_text)
        if found.fips:
            return found, ""
        reasons.append(found.reason)
    by_name = counties.from_agency_name(state, newest.agency)
    if by_name is not None and by_name.fips:
        return by_name, ""
    if by_name is not None:
        reasons.append(by_name.reason)
    for item in other_cells:
        found = counties.lookup(state, item.county_text)
        if found.fips:
            return CountyMatch(found.fips, "county-column-other-list"), ""
    if alias is not None:
        reasons.append(alias.reason)
    why = " / ".join(dict.fromkeys(reasons)) or "no COUNTY cell, no county in the name and no alias"
    return CountyMatch(None, "unmatched"), f"county not matched: {newest.agency} ({state}): {why}"


def build_agreements(listings: list[Listing], counties: CountyIndex) -> tuple[list[dict], dict[str, list[Listing]]]:
    """Group listings into agreement rows (history within these listings only; status is set by `finalise`).

    Returns the rows and, per id, the listings that made it (for the report's dropped-row check).
    """
    resolve_malformed_dates(listings)
    groups: dict[tuple, list[Listing]] = {}
    for item in sorted(listings, key=lambda i: (i.snapshot, i.file, i.line)):
        groups.setdefault(_group_key(item), []).append(item)
    county_cells: dict[tuple[str, str], list[Listing]] = {}
    for item in sorted(listings, key=lambda i: (i.snapshot, i.file, i.line)):
        if not is_missing(item.county_text):
            county_cells.setdefault(item.place, []).append(item)

    rows, members = [], {}
    for key, items in groups.items():
        newest = items[-1]
        pending = newest.series == "pending"
        typed = [i.agency_type for i in reversed(items) if i.agency_type]
        agency_type = typed[0] if typed else agency_type_from_name(newest.agency, newest.state)
        match, county_flag = place_in_county(items, counties, county_cells, agency_type)
        if match.how == "state-agency" and agency_type == "unknown":
            agency_type = "state"
        flags = list(dict.fromkeys(f for i in items for f in i.flags))
        if county_flag:
            flags.append(county_flag)
        flags = [f.replace("; ", ", ") for f in flags]  # '; ' separates flags, never splits one
        if len({i.snapshot for i in items}) < len(items):
            flags.append("listed twice on one list: " + ", ".join(i.line_ref for i in items))
        notes = list(dict.fromkeys(n for i in items for n in i.notes))
        urls = [i.moa_url for i in reversed(items) if i.moa_url]
        addenda = [i.addendum_url for i in reversed(items) if i.addendum_url]
        if addenda:
            notes.append(f"ICE links an addendum ({addenda[0]}).")
        if not urls and any(i.moa_pending for i in items):
            notes.append("ICE's list reads 'link pending' for the agreement document.")
        if match.how == "alias" and match.reason:
            notes.append(f"County from the atlas' alias table: {match.reason.rstrip('.')}.")
        if match.how == "county-column-other-list":
            notes.append("County from ICE's COUNTY column on another list for the same agency.")
        row_id = agreement_id(newest.state, newest.agency, newest.model, None if pending else newest.signed, pending)
        cited = sorted({i.source_id for i in items} - {newest.source_id})
        rows.append({
            "id": row_id,
            "agency": newest.agency,
            "agency_type": agency_type,
            "state": newest.state,
            "county_fips": match.fips or "",
            "model": newest.model,
            "signed": "" if pending or newest.signed is None else newest.signed.isoformat(),
            "first_listed": min(i.snapshot for i in items).isoformat(),
            "last_listed": max(i.snapshot for i in items).isoformat(),
            "ended": "",
            "status": "pending" if pending else "active",
            "moa_url": urls[0] if urls else "",
            "source_id": newest.source_id,
            "other_source_ids": " ".join(_cite(cited)),
            "notes": " ".join(notes),
            "review_flag": "; ".join(flags),
        })
        members[row_id] = items
    return rows, members


def _cite(source_ids) -> list[str]:
    """Sheets are cited one by one; of a run of roster captures only the first and the last."""
    ids = sorted(set(source_ids))
    roster = [s for s in ids if s.startswith(ROSTER_PREFIX)]
    others = [s for s in ids if not s.startswith(ROSTER_PREFIX)]
    keep = sorted(set(roster[:1] + roster[-1:]))
    return sorted(others + keep, key=_cite_order)


def _cite_order(source_id: str) -> tuple:
    return (source_id[-10:], source_id)  # by date (ids end in YYYY-MM-DD), then id


def cited_ids(row: dict) -> list[str]:
    return [row.get("source_id") or ""] + (row.get("other_source_ids") or "").split()


def overlay(base: dict, extra_ids: list[str], dates: dict[str, str]) -> dict:
    """`base` also cites `extra_ids` (lists of another series that show the same agreement): first_listed and
    last_listed widen to their dates and the newest list becomes the row's source_id."""
    row = dict(base)
    ids = [s for s in dict.fromkeys(cited_ids(base) + extra_ids) if s]
    listed = [dates[s] for s in ids if s in dates]
    if listed:
        row["first_listed"] = min(listed)
        row["last_listed"] = max(listed)
    newest = max(ids, key=lambda s: (dates.get(s, ""), s))
    row["source_id"] = newest
    row["other_source_ids"] = " ".join(_cite([s for s in ids if s != newest]))
    return row


def keep_series(row: dict, series: set[str], dates: dict[str, str]) -> dict | None:
    """The row citing only lists of `series` (to rebuild the other series); None if none of them cites it."""
    ids = sorted((s for s in cited_ids(row) if s and series_of(s) in series), key=lambda s: (dates.get(s, ""), s))
    if not ids:
        return None
    base = dict(row, source_id=ids[0], other_source_ids="")
    return overlay(base, ids[1:], dates)


def covered_by_hand_row(row: dict, hand_rows: list[dict]) -> dict | None:
    """A hand-entered agreement of the same state, agency and model whose period overlaps this row's listings.

    Hand rows are never touched; an imported agreement they already cover is skipped and reported, so the
    package never holds two conflicting rows for one agreement (Mecklenburg NC 2006-2018).
    """
    for hand in hand_rows:
        if (hand.get("state"), agency_key(hand.get("agency") or ""), hand.get("model")) != (
                row["state"], agency_key(row["agency"]), row["model"]):
            continue
        start = hand.get("signed") or hand.get("first_listed") or ""
        end = hand.get("ended") or hand.get("last_listed") or ""
        if hand.get("status") in {"active", "pending"}:
            end = ""
        if (not start or start <= row["last_listed"]) and (not end or end >= row["first_listed"]):
            return hand
    return None


SHEET_SERIES = frozenset({"participating", "pending"})
ROSTER_SERIES = frozenset({"roster"})


def fold(existing: list[dict], built: list[dict], dates: dict[str, str], built_series: frozenset[str]
         ) -> tuple[list[dict], list[tuple[dict, dict]], int]:
    """Fold freshly built list rows (of `built_series`: ICE's sheets, or the 2011-2017 roster) into the agreement
    rows already in the package; the one merge both 287(g) list importers use.

    This run's series is rebuilt from scratch: existing rows keep only their citations of the other series. A
    built row with the id of such a row becomes one row citing both, with the sheet row as its base (first_listed
    moves back to the roster's). Rows entered by hand are never touched, and a built row they already cover (same
    agency and model, overlapping period) is skipped. A rebuilt row keeps the replaced row's `maintainer_notes`. Returns (rows, skipped (built, hand row), folded count).
    """
    other_series = (SHEET_SERIES | ROSTER_SERIES) - built_series
    hand = [r for r in existing if not is_list_row(r)]
    hand_ids = {r["id"] for r in hand}
    kept: dict[str, dict] = {}
    for row in existing:
        if is_list_row(row):
            part = keep_series(row, other_series, dates)
            if part is not None:
                kept.setdefault(part["id"], part)
    out, skipped, folded = [], [], 0
    for row in built:
        cover = next((h for h in hand if h["id"] == row["id"]), None) or covered_by_hand_row(row, hand)
        if cover is not None:
            skipped.append((row, cover))
            continue
        if row["id"] in kept:
            row = _combine(kept.pop(row["id"]), row, dates)
            folded += 1
        out.append(row)
    out.extend(r for r in kept.values() if r["id"] not in hand_ids)
    # maintainer_notes are a person's, never an importer's: a rebuilt row keeps those of the row it replaces.
    maintainer = {r["id"]: r["maintainer_notes"] for r in existing if is_list_row(r) and r.get("maintainer_notes")}
    out = [dict(r, maintainer_notes=maintainer.get(r["id"], r.get("maintainer_notes") or "")) for r in out]
    return out, skipped, folded


def _combine(a: dict, b: dict, dates: dict[str, str]) -> dict:
    """One agreement listed in both series: the sheet row, also citing the roster captures; flags of both."""
    sheet, roster = (a, b) if is_sheet_row(a) else (b, a)
    merged = overlay(sheet, cited_ids(roster), dates)
    merged["review_flag"] = "; ".join(dict.fromkeys(
        f for f in (sheet.get("review_flag") or "").split("; ") + (roster.get("review_flag") or "").split("; ") if f))
    return merged


def finalise(rows: list[dict], dates: dict[str, str]) -> list[dict]:
    """Set status, ended and the inferred-end note of every list row from the dates of all lists cited.

    dates: source id -> list date, for every list source in `sources`. An agreement on the newest
    participating list (sheet or roster) is active; one that is not has ended, somewhere between its
    last listing and the next list; no list gives an end date, so `ended` stays empty.
    """
    participating = sorted({d for s, d in dates.items() if series_of(s) in {"participating", "roster"}})
    pending_lists = sorted({d for s, d in dates.items() if series_of(s) == "pending"})
    signed_later: dict[tuple, list[dict]] = {}
    for row in rows:
        if row["status"] != "pending" and series_of(row["source_id"]) != "pending":
            signed_later.setdefault((row["state"], agency_key(row["agency"]), row["model"]), []).append(row)
    out = []
    for row in rows:
        row = dict(row)
        base = _base_notes(row.get("notes", ""))
        notes = [base] if base else []
        if series_of(row["source_id"]) == "pending":
            later = sorted((r for r in signed_later.get((row["state"], agency_key(row["agency"]), row["model"]), [])
                            if r["last_listed"] >= row["first_listed"]), key=lambda r: r["first_listed"])
            on_newest = bool(pending_lists) and row["last_listed"] == pending_lists[-1]
            row["status"] = "pending" if on_newest and not later else "unknown"
            if later:
                notes.append(f"Pending application: ICE listed it as pending from {row['first_listed']} to "
                             f"{row['last_listed']}; the agency is on the list of participating agencies under this "
                             f"model from {later[0]['first_listed']} (agreement {later[0]['id']}).")
            elif not on_newest:
                nxt = next((d for d in pending_lists if d > row["last_listed"]), "")
                notes.append(f"Pending application: not on ICE's list of pending agencies of {nxt}; the lists do "
                             f"not say whether it was signed or withdrawn.")
        elif participating and row["last_listed"] < participating[-1]:
            nxt = next(d for d in participating if d > row["last_listed"])
            row["status"] = "ended"
            resigned = sorted(r["id"] for r in signed_later.get((row["state"], agency_key(row["agency"]), row["model"]), [])
                              if r["first_listed"] <= nxt <= r["last_listed"] and (r["signed"] or "") > (row["signed"] or ""))
            if resigned:
                # A re-signing: ICE lists the same agency and model under a new agreement, so the program went on.
                notes.append(f"Ended between {row['last_listed']} and {nxt} by re-signing: the next list in the atlas "
                             f"({nxt}) shows the same agency and model under a later agreement ({resigned[0]}); "
                             f"no source gives the date (inferred).")
            else:
                notes.append(f"Ended between {row['last_listed']} and {nxt}: listed by ICE on {row['last_listed']}, "
                             f"not on the next list in the atlas ({nxt}); no source gives the date (inferred).")
        else:
            row["status"] = "active"
        row["ended"] = ""
        row["notes"] = " ".join(notes)
        out.append(row)
    return out


_GENERATED_NOTES = ("Pending application:", "Ended between ")


def _base_notes(text: str) -> str:
    """Notes without the sentence `finalise` writes (always last), so a re-run replaces it instead of repeating it."""
    text = text or ""
    cut = min((i for i in (text.find(m) for m in _GENERATED_NOTES) if i >= 0), default=len(text))
    return text[:cut].strip()
