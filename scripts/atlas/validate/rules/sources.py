"""Every fact names a source that exists, and every source can be found again."""
from __future__ import annotations

from collections.abc import Iterator

from ...problems import Problem
from .base import Context, cell_problem, cells_where, tokens


def missing_source(ctx: Context) -> Iterator[Problem]:
    """`other_source_ids` is a space-separated list, which a foreign key cannot check; `source_id` is (foreign-key)."""
    sources = ctx.table("sources")
    if sources is None:
        return
    ids = sources.raw_column("id")  # Row.raw.get("id"): None where the header lacks it, "" for a missing cell
    known = ({None} if sources.row_count else set()) if ids is None else {v or "" for v in ids.distinct}
    for table in ctx.tables.values():
        if table.field("other_source_ids") is None:
            continue

        def unknown(_, value: str) -> list[str]:
            return [source_id for source_id in tokens(value) if source_id not in known]

        for row, _, _, missing in cells_where(table, ["other_source_ids"], unknown):
            for source_id in missing:
                yield cell_problem(table, row, "missing-source", "other_source_ids",
                                   f"source {source_id!r} in other_source_ids is not in sources.csv",
                                   "Add the source to sources.csv first, or correct the id (ids are separated "
                                   "by one space).", value=source_id)


def source_needs_url_or_citation(ctx: Context) -> Iterator[Problem]:
    """A reader must be able to find a source: by its URL, or by title, publisher and publication date."""
    table = ctx.table("sources")
    if table is None or table.field("url") is None:
        return
    for row in table.rows:
        if row.raw.get("url"):
            continue
        missing = [f for f in ("title", "publisher", "published") if not row.raw.get(f)]
        if missing:
            yield cell_problem(table, row, "source-needs-url-or-citation", missing[0],
                               f"source {row.raw.get('id')!r} has no url and no {', '.join(missing)}",
                               "A source without a URL needs a title, a publisher and a publication date "
                               "(YYYY, YYYY-MM or YYYY-MM-DD) so a reader can find it.")
