"""The XLSX file's zip archive: every entry stamped with the build date, and each resource's data rows streamed
into its sheet's XML as openpyxl hands the sheet over (sheet_rows writes them; openpyxl writes the rest).
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .sheet_rows import last_row, row_runs


class StampedZip(zipfile.ZipFile):
    """A ZipFile whose entries all carry one fixed timestamp (openpyxl stamps them with the clock), and that writes
    each resource's data rows into its sheet (`data_rows`: archive name -> (table, styles))."""

    stamp = (1980, 1, 1, 0, 0, 0)

    def __init__(self, *args, data_rows: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.data_rows = data_rows or {}
        self.written: set[str] = set()

    def _info(self, arcname: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(arcname, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3
        info.external_attr = 0o644 << 16
        return info

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl writes worksheets from temp files, which would carry the clock's mtime
        arcname = arcname or Path(filename).name
        with open(filename, "rb") as fh:
            data = fh.read()
        if arcname not in self.data_rows:
            return self.writestr(arcname, data)
        table, styles = self.data_rows[arcname]
        self.written.add(arcname)
        with self.open(self._info(arcname), "w") as member:
            for part in with_data_rows(data, table, styles):
                member.write(part)


def with_data_rows(sheet_xml: bytes, table, styles) -> Iterator[bytes]:
    """The XML openpyxl wrote for a sheet holding only its header row, with the data rows inserted after it and
    the sheet's dimension grown to cover them (what openpyxl would have written with every cell in the sheet)."""
    head, end, tail = sheet_xml.partition(b"</sheetData>")
    header_only = re.search(rb'<dimension ref="A1:([A-Z]+)1" />', head)
    if not end or not header_only or head.count(b"<dimension ") != 1:
        raise RuntimeError("unexpected worksheet XML from openpyxl: cannot add the data rows")
    rows = last_row(table)
    yield head.replace(header_only.group(), b'<dimension ref="A1:%s%d" />' % (header_only.group(1), rows))
    if rows > 1:
        yield from row_runs(table, styles)
    yield end + tail
