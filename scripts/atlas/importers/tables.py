"""Rewrite only an importer's own rows of a shared CSV, keeping everyone else's rows byte for byte.

Other people append hand-entered rows to the same files while importers run, so the file is re-read
immediately before it is replaced, rows that are not the importer's keep their exact bytes and order,
and the importer's rows form one block sorted by primary key, left where it is (appended the first
time), so a re-run writes the same bytes.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from ..package import Resource, _format


@dataclass
class RawRecord:
    row: dict[str, str]
    text: str  # the record's exact characters in the file, line ending included


def read_records(resource: Resource) -> tuple[list[str], list[RawRecord]]:
    """Header and every record with its original text (records may span lines inside quotes)."""
    if not resource.path.exists():
        return resource.field_names, []
    with resource.path.open(encoding="utf-8", newline="") as fh:
        content = fh.read()  # no newline translation: a record's bytes, CRLF included, are kept
    lines = [line + "\n" for line in content.split("\n")]
    lines[-1] = lines[-1][:-1]
    if not lines[-1]:
        lines.pop()
    consumed: list[str] = []

    def feed():
        for line in lines:
            consumed.append(line)
            yield line

    reader = csv.reader(feed())
    header = next(reader, None) or resource.field_names
    consumed.clear()
    records = []
    for values in reader:
        text = "".join(consumed)
        consumed.clear()
        if not values:
            continue
        records.append(RawRecord(dict(zip(header, values + [""] * (len(header) - len(values)))), text))
    return header, records


def format_row(resource: Resource, row: dict) -> str:
    """One row as write_rows writes it: schema order, minimal quoting, LF."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=resource.field_names, lineterminator="\n", extrasaction="raise")
    writer.writerow({k: _format(row.get(k)) for k in resource.field_names})
    return buf.getvalue()


def replace_owned_rows(resource: Resource, is_mine: Callable[[dict], bool], rows: list[dict],
                       sort_with: Callable[[dict], bool] | None = None) -> None:
    """Replace the rows `is_mine` selects with `rows`; every other record keeps its bytes and order.

    `sort_with` selects rows of sibling importers that share the sorted block (their
    bytes are kept too), so the file's order does not depend on which importer ran last.
    """
    header, records = read_records(resource)
    names = resource.field_names
    key = resource.primary_key or names[:1]
    out = [",".join(names) + "\n" if header == names else None]
    if out[0] is None:
        # The file's header differs from the schema: rows can only be rewritten in schema order.
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(names)
        out = [buf.getvalue()]
    in_block = (lambda row: is_mine(row) or sort_with(row)) if sort_with is not None else is_mine
    # The block stays where it is (where its first row is now), so rows others append later stay after it.
    start = next((i for i, rec in enumerate(records) if in_block(rec.row)), len(records))
    block: list[tuple[tuple, str]] = []
    before, after = [], []
    for i, rec in enumerate(records):
        if is_mine(rec.row):
            continue
        text = rec.text if header == names else format_row(resource, rec.row)
        text = text if text.endswith("\n") else text + "\n"
        if sort_with is not None and sort_with(rec.row):
            block.append((tuple(rec.row.get(k, "") for k in key), text))
        else:
            (before if i < start else after).append(text)
    block += [(tuple(_format(r.get(k)) for k in key), format_row(resource, r)) for r in rows]
    out.extend(before)
    out.extend(text for _, text in sorted(block, key=lambda item: item[0]))
    out.extend(after)
    tmp = resource.path.with_suffix(".csv.tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        fh.write("".join(out))
    tmp.replace(resource.path)
