"""A small SYNTHETIC package built on the real Table Schemas, for the downloads tests.

Every row here is made up for testing (marked "SYNTHETIC" in notes) and never reaches datapackage/.
Values are chosen to break naive writers: text that looks like a formula, quotes, commas, a newline,
non-ASCII letters, markup, empty cells, a state-level row without county.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from atlas.package import load_package, write_rows
from atlas.paths import PACKAGE_DIR

BUILD_DATE = dt.date(2026, 11, 28)
SITE_URL = "https://example.org/atlas/"
SYN = "SYNTHETIC test row"
# Every resource the committed descriptor declares (the synthetic package copies it; tables not in ROWS are empty).
RESOURCES = [r["name"] for r in json.loads((PACKAGE_DIR / "datapackage.json").read_text(encoding="utf-8"))["resources"]]

ROWS = {
    "states": [
        {"fips": "37", "usps": "NC", "name": "North Carolina"},
        {"fips": "51", "usps": "VA", "name": "Virginia"},
        {"fips": "35", "usps": "NM", "name": "New Mexico"},
    ],
    "counties": [
        {"fips": "37119", "state_fips": "37", "name": "Mecklenburg County", "short_name": "Mecklenburg", "notes": SYN},
        {"fips": "51117", "state_fips": "51", "name": "Mecklenburg County", "short_name": "Mecklenburg", "notes": SYN},
        {"fips": "35013", "state_fips": "35", "name": "Doña Ana County", "short_name": "Doña Ana", "notes": SYN},
        {"fips": "51515", "state_fips": "51", "name": "Bedford city", "short_name": "Bedford",
         "valid_to": "2013-07-01", "successor_fips": "51019", "notes": SYN},
        {"fips": "51019", "state_fips": "51", "name": "Bedford County", "short_name": "Bedford",
         "valid_from": "2010-01-01", "notes": SYN},
    ],
    "sources": [
        {"id": "syn-source-one", "title": "=HYPERLINK(\"http://evil.example\",\"click\")", "publisher": "Test, \"Inc.\"",
         "url": "https://example.org/one", "published": "2019", "retrieved": "2026-11-01", "kind": "other",
         "notes": SYN + "\nsecond line"},
        {"id": "syn-source-two", "title": "<script>alert(1)</script> & more", "publisher": "Ñandú Press",
         "published": "2018-12-05", "kind": "government-data", "notes": SYN},
    ],
    "metrics": [
        {"id": "removals_287g", "label": "Removals (287(g))", "definition": "SYNTHETIC definition",
         "unit": "people", "source_id": "syn-source-one"},
        {"id": "identifications_287g", "label": "Identifications", "definition": "SYNTHETIC definition",
         "unit": "people", "source_id": "syn-source-one"},
    ],
    "agreements_287g": [
        {"id": "syn-meck-nc-jem-2006", "agency": "Mecklenburg County Sheriff's Office", "agency_type": "county",
         "state": "NC", "county_fips": "37119", "model": "jail_enforcement", "signed": "2006-02-27",
         "first_listed": "2010-01-01", "last_listed": "2018-11-30", "ended": "2018-12-05", "status": "ended",
         "source_id": "syn-source-one", "other_source_ids": "syn-source-two", "notes": SYN},
        {"id": "syn-meck-va-tfm-2025", "agency": "Mecklenburg County Sheriff's Office", "agency_type": "county",
         "state": "VA", "county_fips": "51117", "model": "task_force", "signed": "2025-05-13",
         "status": "active", "moa_url": "https://example.org/moa.pdf", "source_id": "syn-source-two", "notes": SYN},
    ],
    "detainer_policies": [
        {"id": "syn-nc-state-2024", "jurisdiction": "state", "state_fips": "37", "agency": "State of North Carolina",
         "policy": "honors_detainers", "program_287g": "not_addressed", "notifies_ice_of_release": "yes",
         "ice_jail_access": "unknown", "effective": "2024-12-01", "effective_precision": "day",
         "citation": "SYNTHETIC citation", "summary": "SYNTHETIC summary, with a comma", "source_id": "syn-source-two",
         "verified": "2026-11-28", "reviewed": "2026-11-28", "notes": SYN},
        {"id": "syn-meck-nc-2018", "jurisdiction": "county", "state_fips": "37", "county_fips": "37119",
         "agency": "Mecklenburg County Sheriff's Office", "policy": "declines_detainers",
         "program_287g": "unknown", "notifies_ice_of_release": "no", "ice_jail_access": "limited",
         "effective": "2018-12-01", "effective_precision": "month", "ended": "2024-12-01", "ended_precision": "day",
         "summary": "<b>SYNTHETIC</b> \"quoted\" summary", "source_id": "syn-source-one", "verified": "2026-11-28", "reviewed": "2026-11-28"},
    ],
    "enforcement_stats": [
        {"state": "NC", "county_fips": "37119", "agency": "Mecklenburg County Sheriff's Office", "fiscal_year": "2018",
         "metric": "removals_287g", "value": "345", "source_id": "syn-source-one", "notes": SYN},
        {"state": "NC", "county_fips": "37119", "agency": "Mecklenburg County Sheriff's Office", "fiscal_year": "2019",
         "metric": "removals_287g", "value": "64", "source_id": "syn-source-one", "notes": SYN},
        {"state": "NC", "county_fips": "37119", "agency": "Mecklenburg County Sheriff's Office", "fiscal_year": "2007",
         "metric": "identifications_287g", "value": "", "source_id": "syn-source-one", "notes": SYN},
        {"state": "VA", "county_fips": "", "agency": "Virginia State Police", "fiscal_year": "2009",
         "metric": "identifications_287g", "value": "0", "source_id": "syn-source-two", "notes": SYN,
         "review_flag": "state agency"},
    ],
}


def build_package(root: Path, rows: dict[str, list[dict]] = ROWS) -> Path:
    """Copy the real descriptor and schemas into `root` and write the given rows as CSVs (schema order, LF)."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(PACKAGE_DIR / "datapackage.json", root / "datapackage.json")
    shutil.copytree(PACKAGE_DIR / "schemas", root / "schemas", dirs_exist_ok=True)
    package = load_package(root)
    for name, resource in package.resources.items():
        resource.path.parent.mkdir(parents=True, exist_ok=True)
        write_rows(resource, rows.get(name, []))
    return root
