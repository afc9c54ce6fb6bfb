"""Hand-entered seed facts for Mecklenburg County, NC (37119): sources, metrics, figures, the 287(g) agreement,
the county's detainer-policy periods and North Carolina's HB 10.

Why a script: the rows are reviewed here, in one place, with the reason for each value; the script only
APPENDS rows whose primary key is not yet in the file (one short write per file), because other engineers and the
importers write the same shared CSVs. Running it again changes nothing.

Every source below was read (via the project's stored-pages search) before its row was written; each source's
`notes` says what exactly was checked. Figures that could not be read in a source are left out (see the report):
the FY2019 removal count and ICE's "more than 1,300" FY2017 screenings.

Usage:  .venv/bin/python scripts/reference/mecklenburg_seed.py [--data DIR] [--check]
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "scripts"))

from atlas.paths import PACKAGE_DIR  # noqa: E402

RETRIEVED = "2026-11-28"
VERIFIED = "2026-11-28"
SHERIFF = "Mecklenburg County Sheriff's Office"
AGREEMENT_ID = "nc-mecklenburg-county-sheriffs-office-jail-enforcement-2006-02-27"


def _source(id, title, publisher, url, published, kind, notes, author="", sha256=""):
    return {"id": id, "title": title, "publisher": publisher, "author": author, "url": url, "published": published,
            "retrieved": RETRIEVED, "archived_url": "", "kind": kind, "sha256": sha256, "notes": notes}


SOURCES = [
    _source(
        "wbtv-2018-12-05-mcfadden-ends-287g",
        "Mecklenburg Co. Sheriff keeps promise, ends controversial immigration program on first day in office",
        "WBTV", "https://www.wbtv.com/2018/12/05/first-day-office-mecklenburg-co-sheriff-ends-controversial-immigration-program/",
        "2018-12-05", "news-report",
        "Checked: Sheriff Garry McFadden ended the county's 287(g) program on his first day in office, notifying ICE the "
        "morning after he was sworn in; the program had let ICE operate inside the county jail since 2006. Supports the "
        "agreement's end date (2018-12-05) and the start of the second policy period."),
    _source(
        "wfae-2018-12-05-mcfadden-ends-287g",
        "New Meck Sheriff's First Act Ends Participation In 287(g)",
        "WFAE", "https://www.wfae.org/local-news/2018-12-05/new-meck-sheriffs-first-act-ends-participation-in-287g",
        "2018-12-05", "news-report",
        "Checked: the sheriff's letter halting participation was delivered to ICE on Wednesday morning (5 Dec 2018), the "
        "day after his swearing-in; the program had run since 2006; under it deputies ran people booked into the jail "
        "through a federal database, notified ICE of those believed to be in the country unlawfully and held them until "
        "ICE took custody. Supports the 2006-2018 period (detainers honored, ICE notified) and the end date."),
    _source(
        "ap-2018-12-05-nc-sheriff-ends-ice-agreement",
        "North Carolina sheriff ends county's agreement with ICE (AP; headline rebuilt from the page address, "
        "not shown in the stored copy)",
        "Associated Press (republished by The Washington Times, Higher Ground)",
        "https://highergroundtimes.com/higher-ground/2018/dec/5/north-carolina-sheriff-ends-countys-agreement-with",
        "2018-12-05", "news-report",
        "Checked: AP report dated Wednesday 5 Dec 2018. The sheriff said in a news release that deputies would stop "
        "immigration duties when the agreement ended and that, while he is sheriff, ICE officials need court-issued "
        "warrants or detainers to get access to the jail; an ICE spokesman confirmed the decision. Supports "
        "ice_jail_access 'limited' for 2018-2024."),
    _source(
        "wbtv-2018-12-07-ice-responds-287g-end",
        "ICE responds to Mecklenburg Co. Sheriff's removal of 287g",
        "WBTV", "https://www.wbtv.com/2018/12/07/ice-responds-mecklenburg-co-sheriffs-removal-g/",
        "2018-12-07", "news-report",
        "Checked: WBTV printed the statement ICE Atlanta Field Office Director Sean Gallagher gave on Thursday 6 Dec 2018: "
        "in Fiscal Year 2018 the county's 287(g) program 'encountered' 1,185 people ICE called 'criminal aliens'. Supports "
        "the FY2018 ice_287g_encounters figure. The Charlotte Observer printed the same statement."),
    _source(
        "spectrum-2018-05-10-fate-of-287g",
        "Fate of 287(g) in Mecklenburg County (Spectrum News; headline not in the stored copy, taken from the page "
        "address 'fate-of-287g')",
        "Spectrum News (Charlotte)", "http://spectrumlocalnews.com/nc/charlotte/news/2018/05/10/fate-of-287g",
        "2018-05-10", "news-report",
        "Checked: ICE spokesman Bryan Cox said that in fiscal year 2017 more than 1,300 people were screened under the "
        "county's 287(g) program and 287 of those screened were deported; the agreement then in force ran to June 2019 "
        "and either side could end it at any time. The atlas stores the 287 (FY2017, ice_287g_screened_removed) but not "
        "the screening count: 'more than 1,300' is a lower bound, and an integer cell would present it as exact."),
    _source(
        "wbtv-2019-09-26-mcfadden-doubles-down",
        "McFadden doubles down on not cooperating with ICE as both sides say they'd meet",
        "WBTV", "https://www.wbtv.com/2019/09/26/mcfadden-doubles-down-not-cooperating-with-ice-both-sides-say-theyd-meet/",
        "2019-09-26", "news-report",
        "Checked: since taking office the sheriff's policy has been not to honor detainer requests from ICE or any other "
        "federal agency; on 26 Sep 2019 he repeated that federal authorities should get a criminal arrest warrant to keep "
        "someone in custody; ICE's Tim Robbins answered that removal is civil and no criminal warrant exists for it. "
        "Supports the 2018-2024 period. The stored copy ends before any ICE removal figures, so the FY2018 removals are "
        "cited to Liberty Headlines, which credits them to ICE data WBTV received."),
    _source(
        "wbtv-2019-10-25-mcfadden-ice-calls-emails",
        "After calls for collaboration, Sheriff McFadden ignores calls, emails from ICE",
        "WBTV", "https://www.wbtv.com/2019/10/25/after-calls-collaboration-sheriff-mcfadden-ignores-calls-emails-ice/",
        "2019-10-25", "news-report",
        "Checked: WBTV reports that since taking office the sheriff has refused to honor ICE detainers and does not notify "
        "ICE when inmates who may be in the country unlawfully are released, and that he has challenged ICE to obtain "
        "arrest warrants instead. Supports notifies_ice_of_release 'no' for 2018-2024."),
    _source(
        "libertyheadlines-2019-paladino-mcfadden-ice",
        "Liberty Headlines report on Sheriff McFadden and ICE by Joshua Paladino (headline not in the stored copy)",
        "Liberty Headlines", "https://www.libertyheadlines.com/garry-mcfadden-ice-charlotte/",
        "2019", "news-report",
        "Checked: reports that WBTV received ICE data showing that in the 2017-2018 fiscal year ICE removed 345 people "
        "charged with or convicted of a crime in Mecklenburg County (FY2018). The article refers to the ICE official's "
        "Charlotte visit 'on Thursday', which WBTV dates 26 Sep 2019, so it was written shortly after; only the year is "
        "stored because the page date is not in the stored copy. The stored copy stops just before the 2018-2019 figure, "
        "so the FY2019 count could not be checked and is not entered.",
        author="Joshua Paladino"),
    _source(
        "mecksheriff-immigration-287g-page",
        "Immigration / 287(g) page of the Mecklenburg County Sheriff's Office (HTML title 'Untitled Document')",
        SHERIFF, "http://www.mecksheriff.com/immigration.asp", "", "government-statement",
        "Checked: the office states it entered the 287(g) partnership with ICE in February 2006 and describes the jail "
        "screening (fingerprints of arrestees born outside the U.S. checked in ICE's IDENT system, then an interview). "
        "The page's ICE report was last updated 29 Jan 2018; no publication date is given. Supports the February 2006 "
        "start alongside ICE's roster date."),
    _source(
        "ddp-ice-287g-roster-captures-2011-2017",
        "pre2018-roster-long.csv: ICE 287(g) roster captures from the Wayback Machine, 2011-2017",
        "Deportation Data Project (deportationdata/ice-287g), compiled from ICE's 287(g) web pages",
        "https://github.com/deportationdata/ice-287g/blob/92556ed51e6084d8672c45611063fc2e2956160a/data/pre2018-roster-long.csv",
        "", "government-data",
        "Checked in the file itself (staged copy of commit 92556ed): Mecklenburg County Sheriff's Office, North Carolina, "
        "is listed in all 33 captures from 2011-02-20 to 2017-08-01, always Jail Enforcement; the signing date ICE "
        "printed is 2006-02-27 in the 13 captures up to 2014-02-09, then 2013-12-30 and from 2017-05-02 2017-02-28 "
        "(re-signings). Supports the agreement's signing date. Licence of the compilation unstated; the facts come from "
        "ICE web pages. No single snapshot date, so `published` is empty.",
        sha256="2d7b08df7e9df69697219a9dcec5919a90899b298621df5534ce7d5ca5e2b27b"),
    _source(
        "wsoc-2024-12-mecklenburg-sheriff-hb10-impact",
        "Mecklenburg County Sheriff discusses impact of HB10",
        "WSOC-TV (Channel 9)",
        "https://wsoctv.com/news/local/mecklenburg-county-sheriff-discusses-impact-hb10/S7DL5FU4MFGM7BBZ6DEP54WD2Y/",
        "2024-12", "news-report",
        "Checked: a little over two weeks after HB 10 became law the sheriff said his office would follow it; the office "
        "counted 32 ICE detainers placed since 1 Dec 2024, with people held up to 48 hours and none yet picked up by ICE. "
        "Supports the period from 2024-12-01 (detainers honored under state law). Month only: the page date is not in the "
        "stored copy; its content places it in mid-December 2024."),
    _source(
        "wsoc-2024-12-ice-no-pickups-since-hb10",
        "Mecklenburg Co. sheriff says ICE hasn't picked up anyone after detainers since HB10",
        "WSOC-TV (Channel 9)",
        "https://wsoctv.com/news/local/mecklenburg-co-sheriff-says-ice-hasnt-picked-up-anyone-after-detainers-since-hb10/RABPHCTJMJHJHERC3VHHR2UUGY/",
        "2024-12", "news-report",
        "Checked: 19 detainers issued at the jail since HB 10 took effect at the start of the month; five people were "
        "released after their detainer holds expired; HB 10 requires holding a person with an ICE detainer for up to 48 "
        "hours even if bail is posted. Supports that the county applied the 48-hour holds. Month only, as above."),
    _source(
        "wsoc-2025-03-ice-charlotte-operation-24-arrests",
        "ICE, partner agencies arrest 24 people in Charlotte operation",
        "WSOC-TV (Channel 9)",
        "https://cmg-cmg-tv-10030-prod.web.arc-cdn.net/news/local/ice-partner-agencies-arrest-24-people-charlotte-operation/Q7RBT3I3DNBXXJDM4IB5I7TMGM",
        "2025-03", "news-report",
        "Checked: on the 1-8 March 2025 operation, the sheriff said he follows the law by holding people 48 hours on a "
        "detainer, ICE criticised him for not calling before a person is released, and he counted 163 people with "
        "detainers placed on them at the jail since 1 Dec 2024. Supports the notes of the period from 2024-12-01. Month only: page date not shown."),
    _source(
        "wfae-2024-11-25-hb10-qa",
        "Q&A: What does House Bill 10 mean for immigration enforcement in North Carolina?",
        "WFAE (WUNC reporting)", "https://www.wfae.org/2024-11-25/immigration-enforcement-house-bill-10-north-carolina",
        "2024-11-25", "news-report",
        "Checked: from 1 Dec 2024 every North Carolina sheriff must cooperate with ICE under HB 10's justice and public "
        "safety part; the bill became law when legislators overrode Governor Cooper's veto; it applies to people charged "
        "on or after 1 Dec 2024. Supports the state row's effective date."),
    _source(
        "legiplex-nc-2023-h10-history",
        "North Carolina House Bill H10 (2023-2024 session): Require ICE Cooperation & Budget Adjustments",
        "Legiplex (bill tracker)", "https://app.legiplex.com/nc/legislature/2023/2023-r/bills/h10", "", "other",
        "Bill-tracker page (not the legislature's own). Checked only its action history: passed and enrolled 11 Sep 2024, "
        "vetoed 20 Sep 2024, veto overridden and chaptered 20 Nov 2024. Supports the enactment date."),
    _source(
        "dailytarheel-2024-11-hb10-veto-override",
        "N.C. legislature overrides veto, implements ICE compliance for local sheriffs",
        "The Daily Tar Heel", "https://dailytarheel.com/article/2024/11/city-ncga-ice-regulations-sheriff-deportation",
        "2024-11", "news-report",
        "Checked: the General Assembly overrode the Governor's veto of HB 10 on 20 Nov 2024; a UNC law professor says the "
        "law leaves sheriffs no discretion over detainers. Supports the enactment date and the state row's policy value."),
    _source(
        "carolinajournal-2024-hb10-sheriffs-notified",
        "As NC cracks down on sanctuary cities, sheriffs notified of new ICE compliance law (headline from the page "
        "address; not shown in the stored copy)",
        "Carolina Journal", "https://www.carolinajournal.com/as-nc-cracks-down-on-sanctuary-cities-sheriffs-notified-of-new-ice-compliance-law/",
        "2024", "news-report",
        "Checked: HB 10 takes effect 1 Dec 2024; a person in custody who is subject to a federal immigration detainer must "
        "be brought before a North Carolina judicial official, who, if it is the same person, orders the person held in "
        "compliance with a state court order; the Sheriffs' Association endorsed the revised bill. Written the week after "
        "the override; only the year is stored because the page date is not in the stored copy."),
]

METRICS = [
    {"id": "ice_removals_criminal_charged_or_convicted",
     "label": "ICE removals of people charged with or convicted of a crime",
     "definition": "Number of people that U.S. Immigration and Customs Enforcement (Enforcement and Removal Operations) "
                   "removed from the United States in a federal fiscal year (1 October to 30 September) who had been "
                   "charged with or convicted of a crime in the county, as ICE gave the figure to the press (WBTV, 2019). "
                   "Counts removals, not arrests or detainers. People removed without a criminal charge or conviction are "
                   "not counted. The reports do not say whether the count is limited to people identified through a "
                   "287(g) program, and ICE did not publish its method.",
     "unit": "people", "source_id": "libertyheadlines-2019-paladino-mcfadden-ice"},
    {"id": "ice_287g_encounters",
     "label": "People encountered by the county's 287(g) program (ICE statement)",
     "definition": "Number of people that ICE says a county's 287(g) jail program 'encountered' in a federal fiscal year "
                   "and described as 'criminal aliens', as stated by ICE's Atlanta field office director to the press. ICE "
                   "did not define 'encountered'; it is not a count of detainers, arrests or removals.",
     "unit": "people", "source_id": "wbtv-2018-12-07-ice-responds-287g-end"},
    {"id": "ice_287g_screened_removed",
     "label": "Deported after 287(g) screening (ICE statement)",
     "definition": "Number of people screened under a county's 287(g) jail program in a federal fiscal year who were then "
                   "deported (removed), as an ICE spokesman stated it to the press. Counts removals, not screenings; ICE "
                   "did not say how a removal is assigned to a year.",
     "unit": "people", "source_id": "spectrum-2018-05-10-fate-of-287g"},
]

ENFORCEMENT_STATS = [
    {"state": "NC", "county_fips": "37119", "agency": "", "fiscal_year": "2018",
     "metric": "ice_removals_criminal_charged_or_convicted", "value": "345",
     "source_id": "libertyheadlines-2019-paladino-mcfadden-ice",
     "notes": "Reported as the 2017-2018 fiscal year: ICE data received by WBTV, as repeated by Liberty Headlines "
              "(Joshua Paladino, 2019). WBTV's own report (wbtv-2019-09-26-mcfadden-doubles-down) was not readable "
              "that far in the stored pages.",
     "review_flag": ""},
    {"state": "NC", "county_fips": "37119", "agency": SHERIFF, "fiscal_year": "2018",
     "metric": "ice_287g_encounters", "value": "1185", "source_id": "wbtv-2018-12-07-ice-responds-287g-end",
     "notes": "Statement of ICE Atlanta Field Office Director Sean Gallagher, 6 Dec 2018; the Charlotte Observer printed "
              "the same statement.",
     "review_flag": ""},
    {"state": "NC", "county_fips": "37119", "agency": SHERIFF, "fiscal_year": "2017",
     "metric": "ice_287g_screened_removed", "value": "287", "source_id": "spectrum-2018-05-10-fate-of-287g",
     "notes": "ICE spokesman Bryan Cox: of the people screened under 287(g) in FY2017 (which he put at more than 1,300), "
              "287 were deported. The screening count itself is not stored because ICE gave only a lower bound.",
     "review_flag": ""},
]

AGREEMENTS = [
    {"id": AGREEMENT_ID, "agency": SHERIFF, "agency_type": "county", "state": "NC", "county_fips": "37119",
     "model": "jail_enforcement", "signed": "2006-02-27", "first_listed": "", "last_listed": "", "ended": "2018-12-05",
     "status": "ended", "moa_url": "", "source_id": "ddp-ice-287g-roster-captures-2011-2017",
     "other_source_ids": "wbtv-2018-12-05-mcfadden-ends-287g wfae-2018-12-05-mcfadden-ends-287g "
                         "mecksheriff-immigration-287g-page",
     "notes": "Entered by hand; importers never touch this row. Signed date as ICE's roster printed it in 2011-2014 "
              "captures (the sheriff's office says February 2006); later captures print the re-signing dates 2013-12-30 "
              "and 2017-02-28 for the same jail program, which this row treats as one continuous agreement. Ended "
              "2018-12-05, when Sheriff Garry McFadden's letter ending participation reached ICE. Not the Mecklenburg "
              "County Sheriff's Office of Virginia (51117).",
     "review_flag": ""},
]

DETAINER_POLICIES = [
    {"id": "37119-2006-02-27", "jurisdiction": "county", "state_fips": "37", "county_fips": "37119", "agency": SHERIFF,
     "policy": "honors_detainers", "program_287g": "participates", "notifies_ice_of_release": "yes",
     "ice_jail_access": "yes", "effective": "2006-02-27", "effective_precision": "day", "ended": "2018-12-05",
     "ended_precision": "day", "citation": "",
     "summary": "Under a 287(g) jail agreement with ICE, trained deputies checked people booked into the county jail "
                "against federal immigration records, notified ICE of those believed removable and held them until ICE "
                "took custody; ICE worked inside the jail.",
     "source_id": "wfae-2018-12-05-mcfadden-ends-287g",
     "other_source_ids": "ddp-ice-287g-roster-captures-2011-2017 wbtv-2018-12-05-mcfadden-ends-287g "
                         "mecksheriff-immigration-287g-page",
     "verified": VERIFIED,
     "notes": "Start = the signing date ICE's roster printed (2006-02-27); the sheriff's office gives February 2006. How "
              "detainers and notification worked is as WFAE described the program when it ended; no source read "
              "describes earlier years separately."},
    {"id": "37119-2018-12-05", "jurisdiction": "county", "state_fips": "37", "county_fips": "37119", "agency": SHERIFF,
     "policy": "requires_judicial_warrant", "program_287g": "not_addressed", "notifies_ice_of_release": "no",
     "ice_jail_access": "limited", "effective": "2018-12-05", "effective_precision": "day", "ended": "2024-12-01",
     "ended_precision": "day", "citation": "",
     "summary": "The new sheriff ended the 287(g) agreement on his first day in office. The jail stopped holding "
                "people on an ICE detainer alone; the sheriff said he would hold a person for ICE on a criminal warrant "
                "signed by a judge. The office did not tell ICE before releasing people ICE had asked about.",
     "source_id": "wbtv-2019-09-26-mcfadden-doubles-down",
     "other_source_ids": "wbtv-2018-12-05-mcfadden-ends-287g wfae-2018-12-05-mcfadden-ends-287g "
                         "ap-2018-12-05-nc-sheriff-ends-ice-agreement wbtv-2019-10-25-mcfadden-ice-calls-emails",
     "verified": VERIFIED,
     "notes": "Policy is 'requires_judicial_warrant' rather than 'declines_detainers' because the sheriff consistently "
              "offered to hold people on a judge-signed criminal warrant; ICE answered that civil removal has no "
              "criminal warrant, so in practice detainers alone were not honored. Jail access 'limited': per AP, ICE "
              "needed court-issued warrants or detainers to get into the jail. program_287g 'not_addressed': the "
              "agreement was ended, no written ban on a new one was found. Ends when state law HB 10 took effect."},
    {"id": "37119-2024-12-01", "jurisdiction": "county", "state_fips": "37", "county_fips": "37119", "agency": SHERIFF,
     "policy": "honors_detainers", "program_287g": "not_addressed", "notifies_ice_of_release": "unknown",
     "ice_jail_access": "unknown", "effective": "2024-12-01", "effective_precision": "day", "ended": "",
     "ended_precision": "", "citation": "",
     "summary": "Since North Carolina's HB 10 took effect, the jail holds people named in an ICE detainer for up to 48 "
                "hours, as state law requires, and releases them if ICE has not taken custody by then.",
     "source_id": "wsoc-2024-12-mecklenburg-sheriff-hb10-impact",
     "other_source_ids": "wsoc-2024-12-ice-no-pickups-since-hb10 wsoc-2025-03-ice-charlotte-operation-24-arrests",
     "verified": VERIFIED,
     "notes": "County practice under the state rule nc-hb10-2024-12-01 (holds are ordered by a state judicial official on "
              "ICE's detainer and administrative warrant). In March 2025 ICE said the office did not call ICE before "
              "releasing people it had asked about. A 2025 state law (HB 318) added a duty to notify ICE before "
              "release; its effect here is not yet recorded, so notification is 'unknown' for the period as a whole."},
    {"id": "nc-hb10-2024-12-01", "jurisdiction": "state", "state_fips": "37", "county_fips": "",
     "agency": "North Carolina General Assembly", "policy": "honors_detainers", "program_287g": "not_addressed",
     "notifies_ice_of_release": "unknown", "ice_jail_access": "unknown", "effective": "2024-12-01",
     "effective_precision": "day", "ended": "", "ended_precision": "", "citation": "N.C. Session Law 2024-55 (H.B. 10)",
     "summary": "Requires every jail to bring a person subject to an ICE detainer and administrative warrant before a "
                "state judicial official, who orders the person held for up to 48 hours so ICE can take custody. "
                "Enacted over the Governor's veto on 20 November 2024; applies to people charged from 1 December 2024.",
     "source_id": "wfae-2024-11-25-hb10-qa",
     "other_source_ids": "carolinajournal-2024-hb10-sheriffs-notified dailytarheel-2024-11-hb10-veto-override "
                         "legiplex-nc-2023-h10-history",
     "verified": VERIFIED,
     "notes": "Passed 11 Sep 2024, vetoed 20 Sep 2024, veto overridden 20 Nov 2024. None of the sources read describe a "
              "duty to tell ICE of release dates in HB 10 (a 2025 law, HB 318, later added one; not yet entered), so "
              "notification is 'unknown'; 287(g) and ICE access to jails are not addressed in the sources read. The "
              "session-law number comes from the project brief and was not seen in the pages read."},
]

TABLES = [  # (file, primary key, rows)
    ("sources.csv", ("id",), SOURCES),
    ("metrics.csv", ("id",), METRICS),
    ("enforcement_stats.csv", ("state", "county_fips", "agency", "fiscal_year", "metric", "source_id"), ENFORCEMENT_STATS),
    ("agreements_287g.csv", ("id",), AGREEMENTS),
    ("detainer_policies.csv", ("id",), DETAINER_POLICIES),
]


def missing_rows(path: Path, key: tuple[str, ...], rows: list[dict]) -> tuple[list[str], list[dict]]:
    """The file's header and those of `rows` whose key is not in the file yet."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        present = {tuple(r[k] for k in key) for r in reader}
        header = reader.fieldnames or []
    for row in rows:
        if list(row) != header:
            raise SystemExit(f"{path.name}: seed row {row.get('id', row)} does not follow the header {header}")
    return header, [r for r in rows if tuple(r[k] for k in key) not in present]


def append_rows(path: Path, header: list[str], rows: list[dict]) -> None:
    """One short append; never rewrites what others wrote."""
    if not rows:
        return
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    writer.writerows(rows)
    data = path.read_bytes()
    prefix = "" if data.endswith(b"\n") else "\n"
    with path.open("a", encoding="utf-8", newline="") as fh:
        fh.write(prefix + buf.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=PACKAGE_DIR / "data")
    parser.add_argument("--check", action="store_true", help="only report rows that are missing; exit 1 if any")
    args = parser.parse_args(argv)
    total = 0
    for name, key, rows in TABLES:
        path = args.data / name
        header, todo = missing_rows(path, key, rows)
        total += len(todo)
        print(f"{name}: {len(rows)} seed rows, {len(rows) - len(todo)} present, {len(todo)} to append")
        if not args.check:
            append_rows(path, header, todo)
    return 1 if args.check and total else 0


if __name__ == "__main__":
    raise SystemExit(main())
