"""Rewriting an importer's rows keeps everyone else's records byte for byte."""
from __future__ import annotations

from atlas.importers.tables import replace_owned_rows
from atlas.package import load_package

HEADER = "id,title,publisher,author,url,published,retrieved,archived_url,kind,sha256,notes\n"
# SYNTHETIC foreign records: needless quotes, a quoted line break and a CRLF ending must all survive.
FOREIGN = ['"hand-a","A title",Someone,,https://example.org,2019,,,news-report,,"two\nlines"\n',
           "hand-b,B,Someone,,https://example.org,2020,,,news-report,,plain\r\n"]


def test_foreign_records_keep_their_bytes_and_order(tiny_package):
    path = tiny_package / "data" / "sources.csv"
    path.write_text(HEADER + FOREIGN[0] + "ice-287g-foia-old,x,y,,,,,,other,,\n" + FOREIGN[1], encoding="utf-8",
                    newline="")
    resource = load_package(tiny_package)["sources"]
    mine = [{"id": "ice-287g-foia-b", "title": "t", "publisher": "p", "kind": "other"},
            {"id": "ice-287g-foia-a", "title": "t, with comma", "publisher": "p", "kind": "other"}]
    replace_owned_rows(resource, lambda r: r["id"].startswith("ice-287g-foia-"), mine)
    # The importer's block stays where its rows were, so rows others appended after it stay after it.
    assert path.read_bytes().decode("utf-8") == (
        HEADER + FOREIGN[0]
        + 'ice-287g-foia-a,"t, with comma",p,,,,,,other,,\n' + "ice-287g-foia-b,t,p,,,,,,other,,\n"
        + FOREIGN[1])


def test_the_first_import_appends_its_block(tiny_package):
    path = tiny_package / "data" / "sources.csv"
    path.write_text(HEADER + FOREIGN[0], encoding="utf-8", newline="")
    resource = load_package(tiny_package)["sources"]
    replace_owned_rows(resource, lambda r: r["id"].startswith("ice-287g-foia-"),
                       [{"id": "ice-287g-foia-a", "title": "t", "publisher": "p", "kind": "other"}])
    assert path.read_text(encoding="utf-8") == HEADER + FOREIGN[0] + "ice-287g-foia-a,t,p,,,,,,other,,\n"
