"""The maps at earlier dates (the time control): every county's 287(g) status and detainer policy on 31 December
of each year since 2006, and today, with the counts and what the data behind each date covers. Pure: index in,
model out.

Status on a date comes from atlas.pages.status (status_287g_key, policy_key with `on`), which read the rules of
atlas.domain.status: this module only asks them year by year. The browser (site_assets/timeline.js) shows
the snapshots written here as assets/atlas/timeline.json and never works a status out itself.

Snapshot dates: 31 December of every year from FIRST_YEAR to the year before `today`, then "today" (on=None: the
newest ICE list and the policies that have not ended, exactly what the maps show without the control). A
year-end date is past in every year the slider offers, and the same day each year makes years comparable.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from ..domain.status import (agreement_active, agreement_end_unknown, binding_state_rule, list_series,
                             period_covers)
from .atlas_index import AtlasIndex
from .i18n import day_in_words as day_words, format_number, t
from .status import (DATED_287G_COLOURS, KEYS_287G_DATED, KEYS_POLICY, categories_287g_dated, categories_policy,
                     policy_key, status_287g_key, today_keys)

FIRST_YEAR = 2006  # the first agreements in the atlas were signed in 2005-2006
TIMELINE_ASSET = "assets/atlas/timeline.json"
LAYER_287G, LAYER_POLICY = "287g", "policy"
GAP_DAYS = 366  # lists further apart than this leave a gap in which no ICE list survives


@dataclass(frozen=True)
class Snapshot:
    year: int  # the slider's value
    on: dt.date | None  # None: today (the newest list, the policies not ended)
    label: str  # "31 December 2012", "today"
    asof: dict[str, str]  # layer -> "as of 31 December 2012"; today: "at the newest ICE list (18 May 2026)", "in force now"
    coverage: dict[str, str]  # layer -> what the data behind this date covers, in a sentence or three


@dataclass
class Layer:
    """One map kind over every snapshot: categories in legend order, and per snapshot the category index of
    every county (in Timeline.fips order), the national counts and each state's counts."""
    key: str
    title: str  # "287(g) status"
    caption: str  # a figure caption for any date: "{when}" stands for the snapshot's `asof`
    categories: tuple[tuple[str, str], ...]
    dated: tuple[int, ...]  # categories shown (legend, tables) only at a date where some county has them
    codes: list[list[int]] = field(default_factory=list)
    counts: list[list[int]] = field(default_factory=list)
    state_counts: dict[str, list[list[int]]] = field(default_factory=dict)


@dataclass
class Timeline:
    snapshots: list[Snapshot]
    fips: list[str]  # every current county
    layers: dict[str, Layer]

    @property
    def first_year(self) -> int:
        return self.snapshots[0].year

    @property
    def last_year(self) -> int:
        return self.snapshots[-1].year

    def snapshot(self, year: int) -> int:
        """Index of the snapshot of `year`."""
        return next(i for i, s in enumerate(self.snapshots) if s.year == year)

    def status(self, layer: str, fips: str, year: int) -> str:
        """The label of a county's category in the snapshot of `year` (for tests and checks)."""
        lay = self.layers[layer]
        return lay.categories[lay.codes[self.snapshot(year)][self.fips.index(fips)]][0]

    def counts(self, layer: str, year: int, state_fips: str | None = None) -> dict[str, int]:
        lay = self.layers[layer]
        i = self.snapshot(year)
        row = lay.counts[i] if state_fips is None else lay.state_counts[state_fips][i]
        return {label: n for (label, _), n in zip(lay.categories, row)}


@dataclass(frozen=True)
class TimeControl:
    """What the time control of one page needs: the years, the asset, and on a state page the state's
    interactive map (drawn in place of the pre-rendered one when the reader picks a date)."""
    scope: str  # "us" or a state's FIPS code
    place: str  # "the United States", "North Carolina"
    first_year: int
    last_year: int
    asset: str = TIMELINE_ASSET
    map_json: str = ""
    map_text: str = ""


def snapshot_dates(today: dt.date, first_year: int = FIRST_YEAR) -> list[tuple[int, dt.date | None]]:
    """(year, day) of every snapshot: 31 December of each full year before `today`'s, then (today's year, None)."""
    return [(y, dt.date(y, 12, 31)) for y in range(first_year, today.year)] + [(today.year, None)]


@dataclass
class Codes:
    """What the timeline counts, in no language: every snapshot's category index of every current county, per
    layer (indexes into status.KEYS_287G_DATED and status.KEYS_POLICY, whose order is the legends'), and the
    figures of each snapshot's coverage note. One build works them out once (timeline_codes); each language
    only puts its words around them (build_timeline)."""
    layers: dict[str, list[list[int]]]
    figures: list[dict[str, int]]  # per snapshot: counties by policy scope ("county", "state"), agreements...


LAYER_KEYS = {LAYER_287G: KEYS_287G_DATED, LAYER_POLICY: KEYS_POLICY}


def _current_counties(index: AtlasIndex) -> list[dict]:
    return [c for c in index.counties if c["valid_to"] is None]


def timeline_codes(index: AtlasIndex, today: dt.date) -> Codes:
    """Ask the status rules for every county on every snapshot date (the costly part of the timeline)."""
    position = {layer: {key: i for i, key in enumerate(keys)} for layer, keys in LAYER_KEYS.items()}
    codes = Codes({LAYER_287G: [], LAYER_POLICY: []}, [])
    counties = _current_counties(index)
    for _, on in snapshot_dates(today):
        figures: dict[str, int] = {}
        values = {LAYER_287G: [], LAYER_POLICY: []}
        for c in counties:
            key_287g, key, scope = (today_keys(index)[c["fips"]] if on is None else
                                    (status_287g_key(index, c["fips"], on), *policy_key(index, c, on)))
            values[LAYER_287G].append(position[LAYER_287G][key_287g])
            values[LAYER_POLICY].append(position[LAYER_POLICY][key])
            figures[scope] = figures.get(scope, 0) + 1
        for key, snapshot in values.items():
            codes.layers[key].append(snapshot)
        if on is not None:
            figures.update(_agreement_figures(index, on), undated=_undated_periods(index, on))
        codes.figures.append(figures)
    return codes


def _agreement_figures(index: AtlasIndex, on: dt.date) -> dict[str, int]:
    """Agreements known to be in force on `on`, how many of them no ICE list of that time shows, and how many
    dropped off the lists with no later list to say whether they ended."""
    rows = [r for rs in index.agreements_by_county.values() for r in rs]
    active = [r for r in rows if agreement_active(r, on)]
    return {"active": len(active),
            "unlisted": sum(1 for r in active if not (r["first_listed"] and r["last_listed"]
                                                      and r["first_listed"] <= on <= r["last_listed"])),
            "unknown": sum(1 for r in rows if agreement_end_unknown(r, on, index.list_dates))}


def _undated_periods(index: AtlasIndex, on: dt.date) -> int:
    """Policy periods in force on `on` that have no start date (they count from the beginning:
    atlas.domain.status.period_covers)."""
    undated = sum(1 for rs in index.policies_by_county.values() for r in rs
                  if r["effective"] is None and period_covers(r, on))
    return undated + sum(1 for rs in index.state_rules.values() for r in rs
                         if r["effective"] is None and binding_state_rule(r) and period_covers(r, on))


def build_timeline(index: AtlasIndex, today: dt.date, codes: Codes | None = None) -> Timeline:
    """The timeline in the language being built; `codes` from timeline_codes (worked out here when not given)."""
    codes = codes or timeline_codes(index, today)
    counties = _current_counties(index)
    cats_287g = categories_287g_dated(index)
    dated = {key for key, _ in DATED_287G_COLOURS}
    layers = {
        LAYER_287G: Layer(LAYER_287G, t("timeline.title_287g"), t("timeline.caption_287g", when="{when}"),
                          cats_287g, tuple(i for i, key in enumerate(KEYS_287G_DATED) if key in dated)),
        LAYER_POLICY: Layer(LAYER_POLICY, t("timeline.title_policy"), t("timeline.caption_policy", when="{when}"),
                            categories_policy(index), ()),
    }
    members: dict[str, list[int]] = {}  # state FIPS -> positions of its counties
    for i, c in enumerate(counties):
        members.setdefault(c["state_fips"], []).append(i)
    for key, lay in layers.items():
        size = len(lay.categories)
        lay.codes = codes.layers[key]
        lay.counts = [_tally(snapshot, size) for snapshot in lay.codes]
        lay.state_counts = {s: [_tally((snapshot[i] for i in members[s]), size) for snapshot in lay.codes]
                            for s in sorted(members)}
    snapshots = []
    for (year, on), figures in zip(snapshot_dates(today), codes.figures):
        label = day_words(on) if on else t("timeline.today")
        asof = ({LAYER_287G: t("timeline.as_of", date=label), LAYER_POLICY: t("timeline.as_of", date=label)} if on else
                {LAYER_287G: _newest_list_words(index), LAYER_POLICY: t("timeline.in_force_now")})
        snapshots.append(Snapshot(
            year, on, label, asof,
            {LAYER_287G: coverage_287g(index, on, figures), LAYER_POLICY: coverage_policy(on, figures)}))
    return Timeline(snapshots, [c["fips"] for c in counties], layers)


def _tally(codes, size: int) -> list[int]:
    out = [0] * size
    for k in codes:
        out[k] += 1
    return out


def _newest_list_words(index: AtlasIndex) -> str:
    if index.newest_list:
        return t("timeline.newest_list_dated", date=day_words(index.newest_list))
    return t("timeline.newest_list")


def _list_name(index: AtlasIndex, day: dt.date) -> str:
    """ICE's list of that day, by the kind of its source: "ICE's roster as captured on 7 October 2012"."""
    series = {list_series(sid) for sid, row in index.sources.items()
              if list_series(sid) and row["published"] == day.isoformat()}
    if series == {"roster"}:
        return t("timeline.list_roster", date=day_words(day))
    return t("timeline.list_participating", date=day_words(day))


def coverage_287g(index: AtlasIndex, on: dt.date | None, figures: dict[str, int]) -> str:
    """Which ICE lists stand behind the 287(g) status of a date, and what rests on other sources (`figures` from
    timeline_codes)."""
    lists = index.list_dates
    if on is None:
        text = (t("timeline.now_from", list=_list_name(index, index.newest_list)) if index.newest_list in lists
                else t("timeline.now_unnamed"))
        if index.pending_list_dates:
            text += t("timeline.now_pending", date=day_words(index.pending_list_dates[-1]))
        return text + "."
    before = [d for d in lists if d <= on]
    after = [d for d in lists if d > on]
    if not before:
        first = day_words(lists[0]) if lists else ""
        text = t("timeline.before_first", first=first) if lists else t("timeline.no_list")
    elif not after:
        text = t("timeline.after_last", list=_list_name(index, before[-1]))
    elif (after[0] - before[-1]).days > GAP_DAYS:
        text = t("timeline.gap", before=day_words(before[-1]), after=day_words(after[0]))
    else:
        text = t("timeline.between", list=_list_name(index, before[-1]), after=day_words(after[0]))
    active, unlisted, unknown = figures["active"], figures["unlisted"], figures["unknown"]
    parts = []
    if unlisted:
        parts.append(t("timeline.unlisted", active=format_number(active), unlisted=format_number(unlisted)))
    elif active:
        parts.append(t("timeline.all_listed", active=format_number(active)))
    if unknown:
        parts.append(t("timeline.unknown", unknown=format_number(unknown)))
    if parts:
        text += t("timeline.across", parts="; ".join(parts))
    return text


def coverage_policy(on: dt.date | None, figures: dict[str, int]) -> str:
    """How many counties have a policy of their own or a state rule on a date, and how many periods in force
    then have no start date (`figures` from timeline_codes)."""
    own, state = figures.get("county", 0), figures.get("state", 0)
    text = t("timeline.policy_cov_now" if on is None else "timeline.policy_cov_date", own=format_number(own),
             state=format_number(state))
    if on is not None and figures.get("undated"):
        text += t("timeline.policy_undated", n=format_number(figures["undated"]))
    return text


def time_control(timeline: Timeline, scope: str, place: str, map_json: str = "", map_text: str = "") -> TimeControl:
    return TimeControl(scope, place, timeline.first_year, timeline.last_year, map_json=map_json, map_text=map_text)


def timeline_json(timeline: Timeline) -> str:
    """The asset the browser reads: small integers in arrays (category indexes, counts), the words once."""
    data = {
        "version": 1,
        "snapshots": [{"year": s.year, "date": s.on.isoformat() if s.on else None, "label": s.label,
                       "asof": s.asof, "coverage": s.coverage} for s in timeline.snapshots],
        "fips": timeline.fips,
        "layers": {key: {"title": lay.title, "caption": lay.caption, "categories": [list(c) for c in lay.categories],
                         "dated": list(lay.dated), "codes": lay.codes, "counts": lay.counts,
                         "states": lay.state_counts}
                   for key, lay in timeline.layers.items()},
    }
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)

