"""Where each known upstream file came from, keyed by its sha256 (from ../shared/sources/MANIFEST.md).

A file that is not listed here still imports; its sources row then says only what the atlas knows:
the file name and checksum.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

ICE_287G_PAGE = "https://www.ice.gov/identify-and-arrest/287g"
ICE = "U.S. Immigration and Customs Enforcement"

_RR = "RelevantResearch/287g-DetentionData"
_AP = "appelson/Tracking_287g"

# sha256 -> (repository, commit, path, how the file was made)
KNOWN_FILES: dict[str, tuple[str, str, str, str]] = {
    "11f841961e89d233d752349b405a725da81dcd6e89a9aa93f4ee7016ef807f25": (
        _RR, "7f6bf519a346427bc558775932db134d5a80c444", "participatingAgencies/ParticipatingEntities-20210113002027.xlsx",
        "a table extraction of ICE's web page as captured by the Wayback Machine on 2021-01-13"),
    "697ee2d2529d61416bee78acf969ed93e1f8fe305a5f3364285ca945adf4da0b": (
        _RR, "7f6bf519a346427bc558775932db134d5a80c444", "participatingAgencies/ParticipatingEntities-20241229010544.xlsx",
        "a table extraction of ICE's web page as captured by the Wayback Machine on 2024-12-29"),
    "5e79be058d3e5907e64ba2b2ef55d18e7b37bb627f60b57aeef3cea58d7169bf": (
        _RR, "0b2558b8c92fad688c744192d2807339844020fe", "After 1st jan/participatingAgencies-20250221214937.xlsx",
        "ICE's own spreadsheet download"),
    "46f827da806f2a0161e4768a8801b7970e431c76e4fd946576e06095bfd50503": (
        _AP, "7e983a73cdff3633f050acc86aa482171caa175d",
        "sheets/sheets_20250519_024922/participatingAgencies05162025am.xlsx", "ICE's own spreadsheet download"),
    "b3391e546443dbefd417830fdce05dcf2293a32a58c9535ccdcc34edd587913e": (
        _AP, "7e983a73cdff3633f050acc86aa482171caa175d",
        "sheets/sheets_20250519_024922/pendingAgencies05152025am.xlsx", "ICE's own spreadsheet download"),
    "f2d0629e4a4c7f4557d90c74998be7fec37738cd2ca35de36b0b749ca25d04e0": (
        _RR, "4f9d1c35b402db277e61c03bc85f8230713c4f3b", "participatingAgencies/participatingAgencies05182026am.xlsx",
        "ICE's own spreadsheet download"),
    "4c0fc44c608a9770250ee09b88278eb7cfc48f573b0e5859e20fbd9950d9501f": (
        _RR, "911180d08c2132773f757865ae7f1cb536951a41", "pendingAgencies/pendingAgencies02272026am.xlsx",
        "ICE's own spreadsheet download"),
    # deportationdata/ice-287g (text copies of the published CSVs)
    "7cfe96bae5a0e0beda0e153db9c2209aa96d1f49a8e75b0140453577e91cf0c4": (
        "deportationdata/ice-287g", "92556ed51e6084d8672c45611063fc2e2956160a", "data/pre2018-ice-removals-long.csv",
        "the Deportation Data Project's compilation of ICE's FOIA statistics"),
    "27f08faeec734492443b703b49997004ca97969e7dbca07f22a0b3fcb9b03194": (
        "deportationdata/ice-287g", "92556ed51e6084d8672c45611063fc2e2956160a", "data/pre2018-ice-removals-long.csv",
        "the North Carolina rows (an excerpt) of the Deportation Data Project's compilation of ICE's FOIA statistics"),
    "2d7b08df7e9df69697219a9dcec5919a90899b298621df5534ce7d5ca5e2b27b": (
        "deportationdata/ice-287g", "92556ed51e6084d8672c45611063fc2e2956160a", "data/pre2018-roster-long.csv",
        "the Deportation Data Project's transcription of 33 Wayback Machine captures of ICE's 287(g) fact sheet"),
}


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def describe(sha256: str, file_name: str) -> tuple[str, str]:
    """(notes, archived_url) for a file: the repository, commit and path it was copied from, when known."""
    known = KNOWN_FILES.get(sha256)
    if known is None:
        return f"File {file_name} (sha256 below); its origin is not recorded in the atlas.", ""
    repo, commit, path, how = known
    url = f"https://github.com/{repo}/blob/{commit}/{path.replace(' ', '%20')}"
    return f"Read from {repo}, {path} at commit {commit}: {how}.", url
