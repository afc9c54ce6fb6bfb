"""The whole package as one XLSX workbook: a README sheet (about, licence, citation, data dictionary), the same
in Spanish (LÉAME: its words from atlas.pages.i18n's es.yml, the values' words from schemas/i18n/es.json)
and one sheet per resource with typed cells (numbers as numbers, dates as dates).

Text is always stored as text: a value such as "=HYPERLINK(...)" stays a string and never becomes a formula.
Formula-like text (values.formula_like, OWASP's rule) is stored as a string cell *and* carries Excel's
quotePrefix flag, the one a leading apostrophe typed into Excel sets: the cell shows exactly the data (no
apostrophe is added to the value, so the workbook round-trips), and it stays text even when someone edits it.

openpyxl writes the README sheet and each sheet's header; the data rows, 3.5 million cells at full coverage, are
written column by column by sheet_rows, the same bytes openpyxl would write for them in a fraction of the time.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..package import AtlasPackage
from .atomic import atomic_path
from .citation import apa_citation
from .licences import licence_parts
from .release import Release
from .sheet_rows import Styles
from .values import data_dictionary, formula_like, typed_table
from .xlsx_archive import StampedZip

README = "README"
README_ES = "LÉAME"
DICTIONARY_COLUMNS = ["resource", "field", "title", "type", "required", "constraints", "description", "values"]
BOLD = Font(bold=True)


_OOXML_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_NOT_IN_XML = r"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"  # characters XML 1.0 cannot hold at all
_XML_FORBIDDEN = re.compile(f"[{_NOT_IN_XML}]")
# ... plus "\r", which XML parsers turn into "\n" (end-of-line normalisation).
_XML_ILLEGAL = re.compile(f"[{_NOT_IN_XML}\r]")


def xlsx_text(text: str) -> str:
    """Text as OOXML stores it: control characters XML cannot hold, and "\\r" (read back as "\\n"), become
    `_xHHHH_` escapes, which Excel and LibreOffice decode back to the character; a literal `_xHHHH_` in the data
    is protected as `_x005F_xHHHH_`.
    """
    text = _OOXML_ESCAPE.sub(r"_x005F_\1", text)
    return _XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def property_text(text: str) -> str:
    """Text for the workbook's document properties (docProps/core.xml), which have no `_xHHHH_` escapes: a
    character XML cannot hold becomes U+FFFD, or the file would not open at all."""
    return _XML_FORBIDDEN.sub("\ufffd", text)


def _put(ws, row: int, col: int, value, *, date_format: str = "yyyy-mm-dd"):
    cell = ws.cell(row=row, column=col)
    text = isinstance(value, str)
    cell.value = xlsx_text(value) if text else value
    if text:
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if formula_like(value):
            cell.quotePrefix = True
    elif isinstance(value, dt.date):
        cell.number_format = date_format
    return cell


def readme_rows(package: AtlasPackage, release: Release) -> list[list]:
    """The README sheet's top block: what this is, version, build date, licence parts, how to cite."""
    rows = [
        [release.title],
        [release.description],
        [],
        ["Version", release.version],
        ["Build date", release.build_date],
        ["Website", release.site_url],
        ["Cite as", apa_citation(release)],
        [],
        ["Licence"],
    ]
    rows += [[part["title"], part["text"]] for part in licence_parts(release)]
    rows += [[], ["Sheets"]]
    rows += [[res.name, res.descriptor.get("title", ""), f"{typed_table(res).num_rows} rows"]
             for res in package.resources.values()]
    return rows


def readme_rows_es(package: AtlasPackage, release: Release) -> list[list]:
    """The LÉAME sheet's top block: readme_rows in Spanish (the licences' texts stay in English)."""
    from ..domain.vocabulary import load_translations
    from ..pages.i18n import message

    def w(key: str) -> str:
        return message(f"workbook.{key}", "es")

    resources = load_translations(getattr(package, "root", None), "es").get("resources", {})
    rows = [
        [w("title")],
        [w("description")],
        [],
        [w("version"), release.version],
        [w("build_date"), release.build_date],
        [w("website"), release.site_url],
        [w("cite_as"), apa_citation(release)],
        [],
        [w("licence"), w("licence_note")],
    ]
    rows += [[part["title"], part["text"]] for part in licence_parts(release)]
    rows += [[], [w("sheets")]]
    rows += [[res.name, resources.get(res.name, {}).get("title") or res.descriptor.get("title", ""),
              w("rows").format(n=res.row_count)] for res in package.resources.values()]
    return rows


def data_dictionary_es(package: AtlasPackage) -> list[dict]:
    """data_dictionary in Spanish: each field's title and description and each enum value's label and definition
    (schemas/i18n/es.json); a text the translation lacks stays English."""
    from ..domain.vocabulary import load_translations

    words = load_translations(getattr(package, "root", None), "es")
    rows = []
    for entry in data_dictionary(package):
        key = f"{entry['resource']}.{entry['field']}"
        field_words = words.get("fields", {}).get(key, {})
        entry = {**entry, "title": field_words.get("title") or entry["title"],
                 "description": field_words.get("description") or entry["description"]}
        values = words.get(key) if entry["values"] else None  # enum fields only
        if values:
            entry = {**entry, "values": "; ".join(
                f"{value}: {v.get('label', '')} — {v.get('definition', '')}" for value, v in values.items())}
        rows.append(entry)
    return rows


def _readme_sheet(ws, top: list[list], title: str, headers: list[str], dictionary: list[dict], yes_no) -> None:
    r = 0
    for r, values in enumerate(top, start=1):
        for c, v in enumerate(values, start=1):
            _put(ws, r, c, v)
    ws["A1"].font = Font(bold=True, size=14)
    r += 2
    _put(ws, r, 1, title).font = BOLD
    r += 1
    for c, name in enumerate(headers, start=1):
        _put(ws, r, c, name).font = BOLD
    for entry in dictionary:
        r += 1
        for c, name in enumerate(DICTIONARY_COLUMNS, start=1):
            value = entry[name]
            _put(ws, r, c, yes_no[bool(value)] if name == "required" else value)
    for col, width in zip("ABCDEFGH", (20, 22, 24, 10, 9, 40, 80, 60)):
        ws.column_dimensions[col].width = width
    ws["B2"].alignment = Alignment(wrap_text=False)


def build_workbook(package: AtlasPackage, release: Release) -> Workbook:
    """The workbook with its README sheet and each resource's sheet up to its header row: the data rows are
    written into the file by write_xlsx (sheet_rows.row_runs), as openpyxl would write them."""
    wb = Workbook()
    ws = wb.active
    ws.title = README
    r = 0
    for r, values in enumerate(readme_rows(package, release), start=1):
        for c, v in enumerate(values, start=1):
            _put(ws, r, c, v)
    ws["A1"].font = Font(bold=True, size=14)
    r += 2
    _put(ws, r, 1, "Data dictionary").font = BOLD
    r += 1
    for c, name in enumerate(DICTIONARY_COLUMNS, start=1):
        _put(ws, r, c, name).font = BOLD
    for entry in data_dictionary(package):
        r += 1
        for c, name in enumerate(DICTIONARY_COLUMNS, start=1):
            value = entry[name]
            _put(ws, r, c, ("yes" if value else "no") if name == "required" else value)
    for col, width in zip("ABCDEFGH", (20, 22, 24, 10, 9, 40, 80, 60)):
        ws.column_dimensions[col].width = width
    ws["B2"].alignment = Alignment(wrap_text=False)
    from ..pages.i18n import message

    _readme_sheet(wb.create_sheet(README_ES), readme_rows_es(package, release), message("workbook.dictionary", "es"),
                  [message(f"workbook.columns.{c}", "es") for c in DICTIONARY_COLUMNS], data_dictionary_es(package),
                  {True: message("workbook.yes", "es"), False: message("workbook.no", "es")})

    for res in package.resources.values():
        sheet = wb.create_sheet(res.name[:31])
        names = res.field_names
        for c, name in enumerate(names, start=1):
            _put(sheet, 1, c, name).font = BOLD
        sheet.freeze_panes = "A2"
        if names:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(1, typed_table(res).num_rows + 1)}"
        for c, name in enumerate(names, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = max(10, min(50, len(name) + 4))

    props = wb.properties
    props.title = property_text(f"{release.title} {release.version}")
    props.subject = property_text(release.description[:255])
    props.creator = property_text(release.creator)
    props.version = property_text(release.version)
    props.identifier = property_text(release.site_url)
    props.keywords = property_text(", ".join(release.keywords))
    props.description = property_text(
        f"Version {release.version}, built {release.build_date.isoformat()}. Licence: {release.licence}.")
    props.created = props.modified = release.build_datetime.replace(tzinfo=None)
    return wb


def write_xlsx(package: AtlasPackage, release: Release, out_dir: Path) -> Path:
    final = out_dir / f"{release.name}.xlsx"
    wb = build_workbook(package, release)
    # ExcelWriter numbers the sheets' files in workbook order (README and LÉAME come before the resources)
    position = {sheet.title: index for index, sheet in enumerate(wb.worksheets, start=1)}
    data_rows = {f"xl/worksheets/sheet{position[res.name[:31]]}.xml": (typed_table(res), Styles(wb[res.name[:31]]))
                 for res in package.resources.values() if res.field_names}
    with atomic_path(final) as tmp:
        archive = StampedZip(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True, data_rows=data_rows)
        archive.stamp = max(release.build_datetime.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
        try:
            # ExcelWriter directly (not Workbook.save) so the core properties keep the build date, not the clock.
            ExcelWriter(wb, archive).save()
        finally:
            archive.close()
        if archive.written != set(data_rows):
            raise RuntimeError(f"openpyxl did not write the sheets {sorted(set(data_rows) - archive.written)}")
    return final
