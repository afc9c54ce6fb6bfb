"""Read each download format back into rows typed like `load_package(...)[name].rows`, for round-trip tests."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq


def json_rows(out: Path, resource) -> list[dict]:
    types = {f["name"]: f.get("type") for f in resource.fields}
    records = json.loads((out / f"{resource.name}.json").read_text(encoding="utf-8"))
    return [{k: (dt.date.fromisoformat(v) if types[k] == "date" and v is not None else v) for k, v in r.items()}
            for r in records]


def sqlite_rows(db: sqlite3.Connection, resource) -> list[dict]:
    types = {f["name"]: f.get("type") for f in resource.fields}
    cur = db.execute(f'SELECT * FROM "{resource.name}" ORDER BY rowid')
    names = [d[0] for d in cur.description]
    return [{k: (dt.date.fromisoformat(v) if types[k] == "date" and v is not None else v) for k, v in zip(names, row)}
            for row in cur]


def xlsx_rows(workbook, resource) -> list[dict]:
    ws = workbook[resource.name]
    rows = ws.iter_rows(values_only=True)
    header = list(next(rows))
    return [{k: (v.date() if isinstance(v, dt.datetime) else v) for k, v in zip(header, cells)} for cells in rows]


def parquet_rows(out: Path, resource) -> list[dict]:
    return pq.read_table(out / "parquet" / f"{resource.name}.parquet").to_pylist()
