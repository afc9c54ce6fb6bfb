"""Call-outs for the reviewer: facts that changed without their source, sources a reader cannot find."""
from __future__ import annotations

from .model import BOOKKEEPING_FIELDS, SOURCE_FIELDS, SOURCES_RESOURCE, Callout, DiffResult, ResourceDiff, RowChange
from .render import _key_text
from .versions import PackageVersion

def reviewer_callouts(result: DiffResult, head: PackageVersion) -> list[Callout]:
    callouts: list[Callout] = []
    sources_touched: set[str] = set()
    if any(r.name == SOURCES_RESOURCE for r in result.resources):
        src = result.resource(SOURCES_RESOURCE)
        sources_touched |= {row.get("id", "") for row in src.added}
        sources_touched |= {dict(zip(src.primary_key, c.key)).get("id", "") for c in src.changed}
        callouts += _source_callouts(src)
    for rd in result.resources:
        if rd.name == SOURCES_RESOURCE or "source_id" not in _field_names(head.schemas.get(rd.name, {})):
            continue
        head_rows = {rd.key_of(r): r for r in head.rows.get(rd.name, [])}
        for change in rd.changed:
            callouts += _fact_callout(rd, change, head_rows.get(change.key, {}), sources_touched)
        for row in rd.removed:
            key = rd.key_of(row)
            callouts.append(Callout("fact-row-removed", rd.name, key,
                                    f"{rd.name} {_key_text(key)} was removed. The atlas keeps rows and records "
                                    f"an end date instead; check that removing it is intended."))
    return callouts


def _field_names(schema: dict) -> list[str]:
    return [f["name"] for f in schema.get("fields", [])]


def _fact_callout(rd: ResourceDiff, change: RowChange, head_row: dict[str, str],
                  sources_touched: set[str]) -> list[Callout]:
    changed = {c.field for c in change.changes}
    facts = sorted(changed - BOOKKEEPING_FIELDS - SOURCE_FIELDS, key=[c.field for c in change.changes].index)
    if not facts or changed & SOURCE_FIELDS:
        return []
    cited = {head_row.get("source_id", "")} | set(head_row.get("other_source_ids", "").split())
    if cited & sources_touched:  # the cited source itself was updated in the same change
        return []
    return [Callout("fact-changed-without-source", rd.name, change.key,
                    f"{rd.name} {_key_text(change.key)}: {', '.join(facts)} changed but the row's source "
                    f"({head_row.get('source_id') or 'none'}) did not. Add or update the source that supports "
                    f"the new value.")]


def _source_callouts(src: ResourceDiff) -> list[Callout]:
    out = []
    for row in src.added:
        key = src.key_of(row)
        if not row.get("url", "").strip():
            out.append(Callout("source-without-url", src.name, key,
                               f"new source {_key_text(key)} has no URL: check that its title, publisher and "
                               f"date are enough for a reader to find it."))
        if not row.get("published", "").strip():
            out.append(Callout("source-without-date", src.name, key,
                               f"new source {_key_text(key)} has no publication date (`published`)."))
    return out

