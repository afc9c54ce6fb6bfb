"""The whole package as one SQLite database: typed columns, primary and foreign keys, enum checks,
indexes on every foreign key and county_fips, and `metadata` + `data_dictionary` tables.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa

from ..package import AtlasPackage, Resource
from ..problems import AtlasError
from .atomic import atomic_path
from .release import Release
from .values import SQLITE_TYPES, data_dictionary, sqlite_value, typed_table

RESERVED_TABLES = ("metadata", "data_dictionary")
# No rollback journal and no syncing while the file is built (a failed build's temporary file is deleted anyway);
# they change neither the content nor the bytes.
BUILD_PRAGMAS = ("journal_mode = OFF", "synchronous = OFF")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def foreign_keys(resource: Resource) -> list[dict]:
    fks = []
    for fk in resource.schema.get("foreignKeys", []):
        fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        fks.append({"fields": fields, "resource": ref.get("resource") or resource.name, "ref_fields": ref_fields})
    return fks


def create_table_sql(resource: Resource) -> str:
    """CREATE TABLE for one resource, derived from its Table Schema only."""
    pk = resource.primary_key
    lines = []
    for f in resource.fields:
        c = f.get("constraints", {})
        col = f"{quote(f['name'])} {SQLITE_TYPES.get(f.get('type', 'string'), 'TEXT')}"
        if c.get("required"):
            col += " NOT NULL"
        if c.get("unique") and pk != [f["name"]]:
            col += " UNIQUE"
        if c.get("enum"):
            col += f" CHECK ({quote(f['name'])} IN ({', '.join(_literal(v) for v in c['enum'])}))"
        if f.get("type") == "date":
            col += f" CHECK ({quote(f['name'])} IS date({quote(f['name'])}))"  # ISO dates only
        lines.append(col)
    if pk:
        lines.append(f"PRIMARY KEY ({', '.join(quote(k) for k in pk)})")
    for fk in foreign_keys(resource):
        lines.append(f"FOREIGN KEY ({', '.join(quote(k) for k in fk['fields'])}) REFERENCES "
                     f"{quote(fk['resource'])} ({', '.join(quote(k) for k in fk['ref_fields'])})")
    return f"CREATE TABLE {quote(resource.name)} (\n  " + ",\n  ".join(lines) + "\n)"


def index_columns(resource: Resource) -> list[str]:
    """Columns worth an index: every single-column foreign key, and county_fips wherever it appears."""
    cols = [fk["fields"][0] for fk in foreign_keys(resource) if len(fk["fields"]) == 1]
    if "county_fips" in resource.field_names:
        cols.append("county_fips")
    pk_first = resource.primary_key[:1]
    return [c for c in dict.fromkeys(cols) if [c] != pk_first]


def insert_order(package: AtlasPackage) -> list[Resource]:
    """Resources with referenced tables first (so rows insert with foreign keys enforced)."""
    done: list[str] = []
    pending = list(package.resources)
    while pending:
        progressed = False
        for name in list(pending):
            deps = {fk["resource"] for fk in foreign_keys(package[name])} - {name}
            if deps <= set(done) or not deps & set(pending):
                done.append(name)
                pending.remove(name)
                progressed = True
        if not progressed:  # a cycle: keep descriptor order for the rest
            done.extend(pending)
            break
    return [package[n] for n in done]


def sqlite_column(column: pa.ChunkedArray) -> list:
    """A typed column as sqlite_value gives its values: booleans as 0/1, dates as ISO text, the rest as they are."""
    if pa.types.is_boolean(column.type):
        column = column.cast(pa.int64())
    elif pa.types.is_date(column.type):
        column = column.cast(pa.string())
    return column.to_pylist()


def table_rows(resource: Resource) -> Iterator[tuple]:
    """The rows to insert, in file order, in schema field order."""
    table = typed_table(resource)
    return zip(*(sqlite_column(table.column(name)) for name in resource.field_names))


def write_sqlite(package: AtlasPackage, release: Release, out_dir: Path) -> Path:
    clash = set(RESERVED_TABLES) & set(package.resources)
    if clash:
        raise AtlasError(f"resource name(s) {sorted(clash)} clash with the SQLite download's own tables")
    final = out_dir / f"{release.name}.sqlite"
    with atomic_path(final) as tmp:
        con = sqlite3.connect(tmp)
        for pragma in BUILD_PRAGMAS:
            con.execute(f"PRAGMA {pragma}")
        try:
            _fill(con, package, release)
        finally:
            con.close()
    return final


def _fill(con: sqlite3.Connection, package: AtlasPackage, release: Release) -> None:
    with con:
        for res in insert_order(package):
            con.execute(create_table_sql(res))
            names = res.field_names
            sql = (f"INSERT INTO {quote(res.name)} ({', '.join(quote(n) for n in names)}) "
                   f"VALUES ({', '.join('?' for _ in names)})")
            try:
                con.executemany(sql, table_rows(res))
            except sqlite3.IntegrityError as err:
                raise AtlasError(f"{res.name} cannot be written to SQLite ({err}); run `atlas validate`") from err
            for col in index_columns(res):
                con.execute(f"CREATE INDEX {quote(f'idx_{res.name}_{col}')} ON {quote(res.name)} ({quote(col)})")
        con.execute("CREATE TABLE metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        con.executemany("INSERT INTO metadata VALUES (?, ?)", sorted(metadata_pairs(release).items()))
        dd = data_dictionary(package)
        cols = list(dd[0]) if dd else ["resource", "position", "field"]
        con.execute("CREATE TABLE data_dictionary (" + ", ".join(
            f"{quote(c)} {'INTEGER' if c in ('position', 'required') else 'TEXT'}" for c in cols)
            + ", PRIMARY KEY (resource, field))")
        con.executemany(f"INSERT INTO data_dictionary VALUES ({', '.join('?' for _ in cols)})",
                        ([sqlite_value(r[c]) for c in cols] for r in dd))
    broken = con.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise AtlasError(f"{len(broken)} row(s) break a foreign key in SQLite, e.g. {table} row {rowid} -> {parent}; "
                         "run `atlas validate`")
    con.execute("VACUUM")  # compact, and page layout independent of insert history


def metadata_pairs(release: Release) -> dict[str, str]:
    return {
        **release.identity(),
        "license_url": release.licence_url,
        "license_note": ("Figures and lists copied from U.S. government records are public domain in the United "
                         "States (17 U.S.C. 105); the atlas' selection, normalisation, summaries and added fields "
                         f"are {release.licence}."),
        "creator": release.creator,
        "url": release.site_url,
    }
