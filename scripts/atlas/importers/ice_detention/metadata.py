"""The rows that describe the data: one sources row per file read and the six metrics' definitions."""
from __future__ import annotations

from ..provenance import sha256_of
from .constants import COUNTY_METRICS, FOIA_31121, LIST_2017, METRIC_ADP, METRIC_FACILITY, METRIC_INITIAL
from .sheets import Sheet, fy_end, source_id_for

ICE = "U.S. Immigration and Customs Enforcement"

# sha256 -> (repository, commit, path) of the staged copies (from ../shared/sources/ice-detention/MANIFEST.md).
_UW, _UW_C = "UWCHR/ice-facilities", "2b4457f84feb8ac03d7b109563ec20629826a055"
_VERA, _VERA_C = "vera-institute/ice-fytd-stats", "e01a6fe01b0d498f5f8095bc6366c90fab0f5273"
KNOWN_FILES = {
    "d4721ff9e4b1614e2fd898389d5dec190473106457c909fa11a43ef640406c51": (_UW, _UW_C, "import/input/ICE_Facility_List_11-06-2017-web.xlsx"),
    "1468c5ba3ca92d1ac5fc5e35a2d6eec916507383a56f184493ce2ee7bba2fb40": (_UW, _UW_C, "import/input/2019-ICFO-31121.xlsx"),
    "35b0eaf280d5df061b19e23520dfbb436325c3c4e70b72e37b1deb39df532beb": (_VERA, _VERA_C, "raw/FY2019/2019-10-06_FY19-detentionstats.xlsx"),
    "6c63df07b7b58387fcfa139738a07769a29c423c92d3a4d89ced272b3395c20c": (_VERA, _VERA_C, "raw/FY2020/2021-01-14_FY20-detentionstats.xlsx"),
    "66ce2cc482f72082c626eab08f45b8686c5ab3d7c6b8d758cc2bd6b3fcecc697": (_VERA, _VERA_C, "raw/FY2021/2021-11-13_FY21_detentionStats11122021.xlsx"),
    "e212d479190015c4b4f12226e517bb42669d5ac2d619311b65c656d5784ccdc3": (_VERA, _VERA_C, "raw/FY2022/2022-09-30_FY22_detentionStats09292022.xlsx"),
    "12185efdb1215b9e3242c9f4f4eda5b856ce3fd4978917d105e1a4edf4226129": (_VERA, _VERA_C, "raw/FY2023/2023-11-08_FY23_detentionStats10312023.xlsx"),
    "ebd4a083f33aca8d7cc717ee4b9c363ac2f4b6c0e74b9ddc54b0772a414ce29e": (_VERA, _VERA_C, "raw/FY2024/2024-10-01_FY24_detentionStats.xlsx"),
    "3b9e2d626b1e249b2c87539554758333b27bc0da64a37e5dac99944a210c0782": (_VERA, _VERA_C, "raw/FY2025/2025-10-30_FY25_detentionStats09252025.xlsx"),
    "055a59c6fc97eee8cf2bd012525c3c1c56b63ee1b0a51feecf1e5e059c1bfdba": (_VERA, _VERA_C, "raw/FY2026/2026-02-13_FY26_detentionStats_02122026.xlsx"),
}


def source_row(sheet: Sheet) -> dict:
    sha = sha256_of(sheet.path)
    known = KNOWN_FILES.get(sha)
    url = archived = ""
    origin = f"File {sheet.path.name} (sha256 below); its origin is not recorded in the atlas."
    if known:
        repo, commit, path = known
        url = f"https://github.com/{repo}/blob/{commit}/{path}"
        archived = url
        origin = f"Read from {repo}, {path} at commit {commit}."
    if sheet.kind == LIST_2017:
        return {"id": sheet.source_id, "title": "ICE ERO Facility List Report, 6 November 2017 (ICE_Facility_List_11-06-2017-web.xlsx)",
                "publisher": ICE, "author": "", "url": url or "https://immigrantjustice.org/", "published": "2017-11-06",
                "retrieved": "", "archived_url": archived, "kind": "foia-release", "sha256": sha,
                "notes": ("ICE's list of every facility ERO recorded since FY2003 (1,685 rows), released under FOIA to the "
                          "National Immigrant Justice Center, which published it in November 2017. Gives each facility's "
                          "DETLOC code, address, County, type, ADP FY2009-FY2018 and book-ins FY2015-FY2018. FY2018 "
                          "covers 1 October to 4 November 2017 only. ICE redacted the name and location of its 207 ORR "
                          "rows. " + origin)}
    if sheet.kind == FOIA_31121:
        return {"id": sheet.source_id, "title": "2019-ICFO-31121: Authorized DMCP and JFRMU Detention Facilities List",
                "publisher": ICE, "author": "", "url": url, "published": "2019-03-25", "retrieved": "",
                "archived_url": archived, "kind": "foia-release", "sha256": sha,
                "notes": ("ICE FOIA release 2019-ICFO-31121 (ERO Custody Management Division): the 214 authorized "
                          "facilities with DETLOC, address, type, ADP and initial book-ins FY2011-FY2019. FY2019 data "
                          "run to 23 March 2019 (part year); FY2011 ADP is rounded to whole numbers. Authorized "
                          "facilities only, not every facility ICE used. " + origin)}
    fy = next(iter(sheet.sheet_total_adp))
    return {"id": sheet.source_id, "title": f"ICE detention statistics FY{fy}: {sheet.title.strip()} ({sheet.path.name})",
            "publisher": ICE, "author": "", "url": url or "https://www.ice.gov/detain/detention-management",
            "published": sheet.data_date.isoformat(), "retrieved": "", "archived_url": archived,
            "kind": "government-data", "sha256": sha,
            "notes": (f"ICE's yearly detention statistics workbook, facilities sheet, data as of IIDS "
                      f"{sheet.data_date.isoformat()}" + (" (part of the fiscal year)" if sheet.data_date < fy_end(fy) else "")
                      + ". Published by ICE at ice.gov/detain/detention-management; this copy was archived by the Vera "
                      "Institute of Justice (only ICE's untouched file is used, none of Vera's processed data). Lists "
                      "only facilities with at least one person in them on the day of the data pull. Gives each "
                      "facility's name, address, detailed type and ADP by classification level; no facility code, no "
                      "county, no book-ins. " + origin)}


PLACE_NOTE = ("It counts people where ICE held them, not where they were arrested or where they live.")


def metric_rows(source_ids: set[str] | None = None) -> list[dict]:
    """The six metrics; their wording follows the 2017 Facility List's field definitions (when it was imported)."""
    list_2017 = source_id_for(LIST_2017) if source_ids is None or source_id_for(LIST_2017) in source_ids else ""
    return [
        {"id": METRIC_ADP, "label": "Average daily population in ICE detention (facility)", "unit": "people",
         "source_id": list_2017,
         "definition": ("Average daily population (ADP) of people held in ICE detention at one facility in one federal "
                        "fiscal year (1 October to 30 September), as ICE reports it: the average number of ICE detainees "
                        "in the facility per day. " + PLACE_NOTE + " For a part year (FY2018 in the 2017 Facility List, "
                        "FY2019 in FOIA 2019-ICFO-31121, the yearly statistics pulled before 30 September, and FY2026) "
                        "it is the average over the days covered, shown by part_year and data_through. From the yearly "
                        "statistics it is the sum of ICE's Level A-D columns; those files list only facilities with at "
                        "least one person in them on the day of the data pull, so a facility with real use but empty "
                        "that day is missing. ICE's statistics exclude ORR facilities and, from FY2019 on, U.S. "
                        "Marshals Service prisoners.")},
        {"id": METRIC_INITIAL, "label": "Initial book-ins to ICE detention (facility)", "unit": "book-ins",
         "source_id": list_2017,
         "definition": ("Initial book-ins at one facility in one federal fiscal year, as ICE reports them: the number of "
                        "detention stays that began at this facility (the first facility of a stay). People transferred "
                        "in from another facility are not counted, so transfer hubs show few. " + PLACE_NOTE
                        + " Given by the 2017 Facility List (FY2015-FY2018) and FOIA 2019-ICFO-31121 (FY2011-FY2019); "
                        "FY2018 in the first and FY2019 in the second are part years.")},
        {"id": METRIC_FACILITY, "label": "Facility book-ins to ICE detention (facility)", "unit": "book-ins",
         "source_id": list_2017,
         "definition": ("Facility book-ins at one facility in one federal fiscal year, as ICE's 2017 Facility List reports "
                        "them (FY2015-FY2018; FY2018 to 4 November 2017 only): every booking of an ICE detainee into the "
                        "facility, including transfers in, so one detention stay can be counted at several facilities. "
                        + PLACE_NOTE)},
        {"id": COUNTY_METRICS[METRIC_ADP], "label": "Average daily population in ICE detention in the county",
         "unit": "people", "source_id": list_2017,
         "definition": ("Sum, over the facilities of one source file located in the county, of their average daily "
                        "population in ICE detention in the fiscal year (see ice_detention_adp). " + PLACE_NOTE
                        + " It includes every facility type ICE lists there (county jails, private and federal "
                        "facilities, hold rooms); facilities the atlas could not place in a county are summed under an "
                        "empty county in their state. Figures of different source files are never added together. "
                        "From the yearly statistics only facilities holding someone on the day of the data pull are "
                        "included.")},
        {"id": COUNTY_METRICS[METRIC_INITIAL], "label": "Initial book-ins to ICE detention in the county",
         "unit": "book-ins", "source_id": list_2017,
         "definition": ("Sum, over the facilities of one source file located in the county, of initial book-ins in the "
                        "fiscal year (see ice_detention_initial_book_ins). " + PLACE_NOTE + " Every facility type is "
                        "included; figures of different source files are never added together.")},
        {"id": COUNTY_METRICS[METRIC_FACILITY], "label": "Facility book-ins to ICE detention in the county",
         "unit": "book-ins", "source_id": list_2017,
         "definition": ("Sum, over the facilities of the 2017 Facility List located in the county, of facility book-ins "
                        "in the fiscal year (see ice_detention_facility_book_ins); a person moved between two facilities "
                        "of the county is counted at both. " + PLACE_NOTE)},
    ]
