"""The data behind a county page as one small CSV: agreements, policy periods and figures, each with its source.

These CSVs are for people who click "download" on a county page, and most open them in a spreadsheet, so
unlike the package's canonical CSVs (copied byte for byte, for programs) their text cells are neutralised
against formula injection (export.values.spreadsheet_csv_cell: OWASP's leading apostrophe). Numbers, such
as a figure's value or fiscal year, are written as numbers and never altered.
"""
from __future__ import annotations

import csv
import hashlib
import io

from ..export.manifest import checksum_lines
from ..export.values import spreadsheet_csv_cell
from .county import CountyPage, format_date

COLUMNS = ["county_fips", "county", "record_type", "agency", "item", "fiscal_year", "value", "start", "end",
           "status", "summary", "source_id", "source_title", "source_url"]


def county_csv_rows(page: CountyPage) -> list[dict]:
    """One row per agreement, policy period, state rule and figure shown on the page.

    A figure's summary is its metric's label (the definition is in metrics.csv: repeating it on every
    figure made a full-coverage county's CSV 90 KB).
    """
    base = {"county_fips": page.fips, "county": page.display_name}
    rows = []
    for a in page.current_agreements + page.past_agreements:
        rows.append({**base, "record_type": "287g_agreement", "agency": a.agency, "item": a.model,
                     "start": _iso(a.signed or a.first_listed), "end": _iso(a.ended), "status": a.status,
                     "summary": a.notes, **_source(a.source)})
    for p in page.policies + page.state_rules:
        rows.append({**base, "record_type": "detainer_policy" if p.scope == "county" else "state_rule",
                     "agency": p.agency, "item": p.policy, "start": format_date(p.effective_date, p.effective_precision),
                     "end": format_date(p.ended_date, p.ended_precision),
                     "summary": p.summary, **_source(p.source)})
    for s in page.series:
        for fy, value in s.values.items():
            rows.append({**base, "record_type": "enforcement_figure", "agency": s.agency, "item": s.metric_id,
                         "fiscal_year": fy, "value": "" if value is None else value, "summary": s.label,
                         **_source(s.source)})
    return rows


def county_csv(page: CountyPage) -> str:
    """The CSV text (UTF-8, LF line endings, header always present even for a county with no data)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows([spreadsheet_csv_cell(row.get(k, "")) for k in COLUMNS] for row in county_csv_rows(page))
    return out.getvalue()


def _iso(day) -> str:
    return day.isoformat() if day else ""


def _source(ref) -> dict:
    return {"source_id": ref.id, "source_title": ref.title, "source_url": ref.url}


COUNTY_SUMS = "downloads/counties/SHA256SUMS"


def county_checksums(assets: dict) -> str:
    """`sha256sum -c` lines for every county CSV, so a downloader can check them like the package files."""
    folder = COUNTY_SUMS.rsplit("/", 1)[0] + "/"
    return checksum_lines((path[len(folder):], hashlib.sha256(text.encode("utf-8")).hexdigest())
                          for path, text in assets.items() if path.startswith(folder) and path.endswith(".csv"))
