"""History across SYNTHETIC snapshots: first/last listed, inferred ends, re-signings, pending lists, hand rows."""
from __future__ import annotations

import csv

from importer_fixtures import NEW_LAYOUT, OLD_LAYOUT, PENDING_LAYOUT, d, make_sheet

from atlas.importers import ice_287g
from atlas.importers.history import agreement_id

HAND_ROW = ("nc-mecklenburg-county-sheriffs-office-jail-enforcement-2006-02-27,Mecklenburg County Sheriff's Office,"
            "county,NC,37119,jail_enforcement,2006-02-27,,,2018-12-05,ended,,hand-source,,"
            "\"Entered by hand, quoted \"\"as is\"\"\",,\n")
HAND_SOURCE = "hand-source,A hand source,Someone,,https://example.org,2019,,,news-report,,\"synthetic, hand\"\n"


def sheets(tmp_path):
    """Three lists: Gaston re-signs in 2025; Wake leaves after 2021; Durham is pending, then participating."""
    old = make_sheet(tmp_path / "ParticipatingEntities-20210113002027.xlsx", OLD_LAYOUT, [
        ["NORTH CAROLINA", "Gaston County Sheriff's Office", "Jail Enforcement Model", "2020-06-09", None],
        ["NORTH CAROLINA", "Wake County Sheriff's Office", "Jail Enforcement Model", "2019-01-01", None],
    ])
    pending = make_sheet(tmp_path / "pendingAgencies05152025am.xlsx", PENDING_LAYOUT, [
        ["NORTH CAROLINA", "Durham County Sheriff's Office", "County", "Durham County", "Task Force Model"],
        ["NORTH CAROLINA", "Gaston County Sheriff's Office", "County", "Gaston County", "Warrant Service Officer"],
    ])
    new = make_sheet(tmp_path / "participatingAgencies05162025am.xlsx", NEW_LAYOUT, [
        ["NORTH CAROLINA", "Gaston County Sheriff's Office", "County", "Gaston County", "Jail Enforcement Model",
         d("2020-06-09"), None, None],
        ["NORTH CAROLINA", "Gaston County Sheriff's Office", "County", "Gaston County", "Jail Enforcement Model",
         d("2025-04-01"), None, None],
        ["NORTH CAROLINA", "Durham County Sheriff's Office", "County", "Durham County", "Task Force Model",
         d("2025-05-01"), None, None],
    ])
    newest = make_sheet(tmp_path / "participatingAgencies05182026am.xlsx", NEW_LAYOUT, [
        ["NORTH CAROLINA", "Gaston County Sheriff's Office", "County", "Gaston County", "Jail Enforcement Model",
         d("2025-04-01"), None, None],
        ["NORTH CAROLINA", "Durham County Sheriff's Office", "County", "Durham County", "Task Force Model",
         d("2025-05-01"), None, None],
    ])
    return [old, pending, new, newest]


def rows_by_id(package):
    with (package / "data" / "agreements_287g.csv").open(newline="", encoding="utf-8") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def test_history_status_and_inferred_ends(tmp_path, tiny_package):
    report = ice_287g.run(sheets(tmp_path), package_dir=tiny_package)
    rows = rows_by_id(tiny_package)
    old_gaston = rows["nc-gaston-county-sheriffs-office-jail-enforcement-2020-06-09"]
    assert (old_gaston["first_listed"], old_gaston["last_listed"], old_gaston["status"], old_gaston["ended"]) == (
        "2021-01-13", "2025-05-16", "ended", "")
    assert old_gaston["notes"].startswith("Ended between 2025-05-16 and 2026-05-18")
    assert old_gaston["notes"].startswith("Ended between 2025-05-16 and 2026-05-18 by re-signing")
    assert "later agreement (nc-gaston-county-sheriffs-office-jail-enforcement-2025-04-01)" in old_gaston["notes"]
    new_gaston = rows["nc-gaston-county-sheriffs-office-jail-enforcement-2025-04-01"]
    assert (new_gaston["status"], new_gaston["first_listed"], new_gaston["source_id"]) == (
        "active", "2025-05-16", "ice-287g-list-participating-2026-05-18")
    assert new_gaston["other_source_ids"] == "ice-287g-list-participating-2025-05-16"
    wake = rows["nc-wake-county-sheriffs-office-jail-enforcement-2019-01-01"]
    # The 2021 capture and the 2025 list are years apart: the end lies somewhere in that gap.
    assert wake["notes"].startswith("Ended between 2021-01-13 and 2025-05-16")
    assert report.ended == 2 and report.dropped == 0 and report.ok
    assert report.extra["ended since the last import"] == 2


def test_pending_rows_are_applications_not_agreements(tmp_path, tiny_package):
    ice_287g.run(sheets(tmp_path), package_dir=tiny_package)
    rows = rows_by_id(tiny_package)
    durham = rows["nc-durham-county-sheriffs-office-task-force-pending"]
    assert durham["status"] == "unknown" and durham["signed"] == ""
    assert "agreement nc-durham-county-sheriffs-office-task-force-2025-05-01" in durham["notes"]
    # Gaston's pending WSO application is on the newest pending list and never became an agreement.
    assert rows["nc-gaston-county-sheriffs-office-warrant-service-officer-pending"]["status"] == "pending"
    assert not any(r["status"] == "ended" for r in rows.values() if r["id"].endswith("-pending"))


def test_absence_from_a_later_pending_list_is_not_an_end(tmp_path, tiny_package):
    first = make_sheet(tmp_path / "pendingAgencies05152025am.xlsx", PENDING_LAYOUT, [
        ["NORTH CAROLINA", "Gaston County Sheriff's Office", "County", "Gaston County", "Task Force Model"]])
    later = make_sheet(tmp_path / "pendingAgencies02272026am.xlsx", PENDING_LAYOUT, [
        ["ARKANSAS", "Franklin County Sheriff's Office", "County", "Franklin County", "Task Force Model"]])
    ice_287g.run([first, later], package_dir=tiny_package)
    gaston = rows_by_id(tiny_package)["nc-gaston-county-sheriffs-office-task-force-pending"]
    assert gaston["status"] == "unknown"
    assert "not on ICE's list of pending agencies of 2026-02-27" in gaston["notes"]


def test_ids_are_slugs_and_undated_ids_say_so():
    assert agreement_id("NC", "Mecklenburg County Sheriff\u2019s Office", "jail_enforcement",
                        __import__("datetime").date(2006, 2, 27)) == \
        "nc-mecklenburg-county-sheriffs-office-jail-enforcement-2006-02-27"
    assert agreement_id("VA", "Campbell County Sheriff's Office", "task_force", None) == \
        "va-campbell-county-sheriffs-office-task-force-undated"


def test_malformed_date_kept_flagged_and_undated_when_no_other_list_gives_it(tmp_path, tiny_package):
    path = make_sheet(tmp_path / "participatingAgencies05162025am.xlsx", NEW_LAYOUT, [
        ["VIRGINIA", "Campbell County Sheriff's Office", "County", "Campbell County", "Task Force Model",
         "05/082025", "link pending", None]])
    report = ice_287g.run([path], package_dir=tiny_package)
    row = rows_by_id(tiny_package)["va-campbell-county-sheriffs-office-task-force-undated"]
    assert row["signed"] == "" and row["county_fips"] == "51031"
    assert row["review_flag"].startswith("malformed signing date: '05/082025'")
    assert report.flag_reasons == {"malformed signing date": 1}


def test_malformed_date_attaches_to_the_same_digits_on_another_list(tmp_path, tiny_package):
    a = make_sheet(tmp_path / "participatingAgencies05162025am.xlsx", NEW_LAYOUT, [
        ["VIRGINIA", "Campbell County Sheriff's Office", "County", "Campbell County", "Task Force Model",
         "05/082025", "link pending", None]])
    b = make_sheet(tmp_path / "participatingAgencies05182026am.xlsx", NEW_LAYOUT, [
        ["VIRGINIA", "Campbell County Sheriff's Office", "County", "Campbell County", "Task Force Model",
         d("2025-05-08"), None, None]])
    ice_287g.run([a, b], package_dir=tiny_package)
    rows = rows_by_id(tiny_package)
    assert list(rows) == ["va-campbell-county-sheriffs-office-task-force-2025-05-08"]
    row = rows["va-campbell-county-sheriffs-office-task-force-2025-05-08"]
    assert (row["first_listed"], row["status"]) == ("2025-05-16", "active")
    assert "read as 2025-05-08" in row["review_flag"]


def test_rerun_and_any_order_write_the_same_bytes_and_keep_hand_rows(tmp_path, tiny_package):
    data = tiny_package / "data"
    with (data / "agreements_287g.csv").open("a", encoding="utf-8") as fh:
        fh.write(HAND_ROW)
    with (data / "sources.csv").open("a", encoding="utf-8") as fh:
        fh.write(HAND_SOURCE)
    paths = sheets(tmp_path)
    ice_287g.run(paths, package_dir=tiny_package)
    first = {p.name: p.read_bytes() for p in data.glob("*.csv")}
    report = ice_287g.run(list(reversed(paths)), package_dir=tiny_package)
    assert {p.name: p.read_bytes() for p in data.glob("*.csv")} == first
    assert (report.added, report.changed, report.removed) == (0, 0, 0)
    assert report.extra["ended since the last import"] == 0
    text = (data / "agreements_287g.csv").read_text(encoding="utf-8")
    assert HAND_ROW in text and HAND_SOURCE in (data / "sources.csv").read_text(encoding="utf-8")


def test_sources_rows_one_per_list(tmp_path, tiny_package):
    paths = sheets(tmp_path)
    ice_287g.run(paths, package_dir=tiny_package)
    with (tiny_package / "data" / "sources.csv").open(newline="", encoding="utf-8") as fh:
        sources = {r["id"]: r for r in csv.DictReader(fh)}
    assert sorted(sources) == ["ice-287g-list-participating-2021-01-13", "ice-287g-list-participating-2025-05-16",
                               "ice-287g-list-participating-2026-05-18", "ice-287g-list-pending-2025-05-15"]
    row = sources["ice-287g-list-participating-2021-01-13"]
    assert (row["kind"], row["url"], row["published"]) == (
        "government-data", "https://www.ice.gov/identify-and-arrest/287g", "2021-01-13")
    assert row["sha256"] == __import__("hashlib").sha256(paths[0].read_bytes()).hexdigest()


def test_importing_fewer_sheets_rewrites_only_the_imported_rows(tmp_path, tiny_package):
    paths = sheets(tmp_path)
    ice_287g.run(paths, package_dir=tiny_package)
    report = ice_287g.run(paths[-1:], package_dir=tiny_package)
    rows = rows_by_id(tiny_package)
    assert all(r["status"] == "active" for r in rows.values())
    assert report.removed == 4 and report.rows_written == 2
