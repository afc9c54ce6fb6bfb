"""State-law rows of detainer_policies: every state and DC is covered, each rule cites its law and a real source,
periods of one state never overlap, and summaries read as neutral plain text.

Plain csv reading on purpose: these checks must hold even while the validator or package loader is being changed.
"""
from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "datapackage" / "data"
# 50 states and DC: the atlas promises a state row for each (territories are not covered).
STATE_FIPS = {
    "01": "al", "02": "ak", "04": "az", "05": "ar", "06": "ca", "08": "co", "09": "ct", "10": "de", "11": "dc",
    "12": "fl", "13": "ga", "15": "hi", "16": "id", "17": "il", "18": "in", "19": "ia", "20": "ks", "21": "ky",
    "22": "la", "23": "me", "24": "md", "25": "ma", "26": "mi", "27": "mn", "28": "ms", "29": "mo", "30": "mt",
    "31": "ne", "32": "nv", "33": "nh", "34": "nj", "35": "nm", "36": "ny", "37": "nc", "38": "nd", "39": "oh",
    "40": "ok", "41": "or", "42": "pa", "44": "ri", "45": "sc", "46": "sd", "47": "tn", "48": "tx", "49": "ut",
    "50": "vt", "51": "va", "53": "wa", "54": "wv", "55": "wi", "56": "wy",
}
HTML = re.compile(r"<[a-zA-Z/!][^>]*>|&[a-z]+;|&#\d+;")
# "Sanctuary policy" is a term several state statutes define (Fla. Stat. 908.102, O.C.G.A., Tenn. Pub. Ch. 973), and
# some laws forbid places to "declare themselves" sanctuaries (Wyo. HB 133). The atlas may describe those rules, but it
# never calls a place a "sanctuary state/city/jurisdiction" in its own voice.
STATUTORY_SANCTUARY = re.compile(
    r"\bsanctuary\s+polic(y|ies)\b|\bdeclar\w*\s+(itself|themselves)\s+(as\s+)?(a\s+)?sanctuar(y|ies)\b", re.IGNORECASE)
SANCTUARY = re.compile(r"\bsanctuar(y|ies)\b", re.IGNORECASE)


def sanctuary_as_claim(text: str) -> bool:
    return bool(SANCTUARY.search(STATUTORY_SANCTUARY.sub("", text)))


def read(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def state_rows() -> list[dict[str, str]]:
    return [r for r in read("detainer_policies") if r["jurisdiction"] == "state"]


@pytest.fixture(scope="module")
def sources() -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in read("sources")}


def day(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def overlapping(periods: list[tuple[dt.date, dt.date | None, str]]) -> list[tuple[str, str]]:
    """Pairs of row ids in force on a common day (`ended` is the first day no longer in force)."""
    far = dt.date.max
    ordered = sorted(periods, key=lambda p: p[0])
    return [(a[2], b[2]) for i, a in enumerate(ordered) for b in ordered[i + 1:] if b[0] < (a[1] or far)]


def test_every_state_and_dc_has_a_state_row(state_rows):
    covered = {r["state_fips"] for r in state_rows}
    missing = sorted(STATE_FIPS[f] for f in set(STATE_FIPS) - covered)
    assert missing == [], f"no state row for: {missing}"


def test_state_rows_name_no_county_and_use_the_state_prefix(state_rows):
    bad = [r["id"] for r in state_rows
           if r["county_fips"] or not r["id"].startswith(STATE_FIPS.get(r["state_fips"], "??") + "-")]
    assert bad == []


def test_every_state_row_cites_its_law(state_rows):
    assert [r["id"] for r in state_rows if not r["citation"].strip()] == []


def test_rows_without_a_start_say_what_was_searched(state_rows):
    """A row with no period is a finding that no rule was verified; its citation says what was searched and when."""
    vague = [r["id"] for r in state_rows
             if not r["effective"] and not re.match(r"None (found|verified)\b.*\d{4}-\d{2}-\d{2}", r["citation"])]
    assert vague == []
    assert all(r["policy"] in {"no_state_rule", "unknown"} for r in state_rows if not r["effective"])


def test_cited_sources_exist_and_can_be_found(state_rows, sources):
    problems = []
    for r in state_rows:
        for sid in [r["source_id"], *r["other_source_ids"].split()]:
            s = sources.get(sid)
            if s is None:
                problems.append((r["id"], sid, "missing"))
            elif not s["url"] and not (s["title"] and s["publisher"] and s["published"]):
                problems.append((r["id"], sid, "no url and no full citation"))
    assert problems == []


def test_periods_of_one_state_never_overlap(state_rows):
    by_state = defaultdict(list)
    for r in state_rows:
        if r["effective"]:
            by_state[r["state_fips"]].append((day(r["effective"]), day(r["ended"]), r["id"]))
    clashes = {STATE_FIPS.get(f, f): overlapping(p) for f, p in by_state.items() if overlapping(p)}
    assert clashes == {}


def test_periods_end_after_they_start_and_precision_matches_the_date(state_rows):
    bad = []
    for r in state_rows:
        start, end = day(r["effective"]), day(r["ended"])
        if start and end and end <= start:
            bad.append((r["id"], "ends before it starts"))
        for value, precision in ((start, r["effective_precision"]), (end, r["ended_precision"])):
            if value is None:
                if precision:
                    bad.append((r["id"], "precision without a date"))
            elif precision not in {"day", "month", "year"}:
                bad.append((r["id"], "date without a precision"))
            elif precision == "month" and value.day != 1 or precision == "year" and (value.month, value.day) != (1, 1):
                bad.append((r["id"], f"{value} is not stored as precision {precision} requires"))
    assert bad == []


def test_summaries_are_plain_neutral_text(state_rows):
    html = [r["id"] for r in state_rows if HTML.search(r["summary"]) or HTML.search(r["notes"])]
    claims = [r["id"] for r in state_rows if sanctuary_as_claim(r["summary"])]
    assert (html, claims) == ([], [])


def test_overlap_check_catches_a_shared_day():
    """The helper above must flag touching-but-overlapping periods and accept back-to-back ones."""
    d = dt.date
    assert overlapping([(d(2019, 1, 1), d(2020, 1, 2), "a"), (d(2020, 1, 1), None, "b")]) == [("a", "b")]
    assert overlapping([(d(2019, 1, 1), d(2020, 1, 1), "a"), (d(2020, 1, 1), None, "b")]) == []


def test_sanctuary_rule_allows_the_statutory_term_only():
    assert sanctuary_as_claim("Oregon is a sanctuary state")
    assert sanctuary_as_claim("Counties may not declare themselves sanctuaries, and Oregon is a sanctuary.")
    assert not sanctuary_as_claim("Local sanctuary policies are banned.")
    assert not sanctuary_as_claim("Cities may not declare themselves sanctuaries.")


# Rows written as "none verified" before a dated law for the same state was found. The CSV is append-only for
# engineers, so they await deletion by the maintainer; once deleted, empty this set.
SUPERSEDED_PENDING_DELETION: set[str] = set()  # "none found" rows kept only until a dated rule replaces them


def test_a_state_with_a_dated_rule_has_no_none_found_row(state_rows):
    dated = {r["state_fips"] for r in state_rows if r["effective"]}
    contradictions = [r["id"] for r in state_rows
                      if not r["effective"] and r["state_fips"] in dated and r["id"] not in SUPERSEDED_PENDING_DELETION]
    assert contradictions == []


def test_every_open_state_row_was_re_read_for_2025_2026():
    """Issue 15: the row in force of every state and DC was re-read against 2025-2026 laws and rulings (reviewed on
    or after 2026-12-01). A row added later carries a later date; an older date means a state was skipped."""
    with (DATA / "detainer_policies.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["jurisdiction"] == "state" and not r["ended"]]
    assert len({r["state_fips"] for r in rows}) == 51
    assert sorted(r["id"] for r in rows if r["reviewed"] < "2026-12-01") == []
