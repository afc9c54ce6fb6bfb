#!/usr/bin/env python3
"""Download ICE's current 287(g) "participating" and "pending" agency spreadsheets into a temporary folder.

ICE's 287(g) page links its two lists as .xlsx files whose names change with each update
(for example `participatingAgencies05182026am.xlsx`), so the weekly refresh workflow cannot use fixed URLs:
this script reads the page, finds the two current links, downloads them under their published names (which
carry the list's date, read by `atlas import ice-287g`), and prints one path per line.

Files go to a temporary folder, never into the repository: raw sources are read by path, not committed.

    python scripts/fetch_ice_287g.py --out "$RUNNER_TEMP/ice-287g"
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import urllib.request
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlparse

PAGE_URL = "https://www.ice.gov/identify-and-arrest/287g"
LISTS = ("participating", "pending")
USER_AGENT = "ice-cooperation-atlas-refresh/1.0 (+https://github.com/ice-cooperation-atlas/atlas)"
MAX_BYTES = 50 * 1024 * 1024  # ICE's largest list so far is well under 1 MB
REPO_ROOT = Path(__file__).resolve().parents[1]


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())


def find_sheet_links(html: str, base_url: str = PAGE_URL) -> dict[str, str]:
    """The first .xlsx link of each list ("participating", "pending") on the page, as absolute URLs.

    A link belongs to a list when its file name starts with the list's name, whatever the case
    and date suffix ("participatingAgencies05182026am.xlsx", "PendingAgencies.xlsx").
    """
    collector = _LinkCollector()
    collector.feed(html)
    found: dict[str, str] = {}
    for href in collector.hrefs:
        url = urljoin(base_url, href)
        parsed = urlparse(url)
        if parsed.scheme not in ("http", "https"):
            continue
        name = unquote(PurePosixPath(parsed.path).name).lower()
        if not name.endswith(".xlsx"):
            continue
        for kind in LISTS:
            if name.startswith(kind) and kind not in found:
                found[kind] = url
    return found


def sheet_file_name(url: str) -> str:
    """The published file name, made safe to write (no folders, no query string)."""
    name = unquote(PurePosixPath(urlparse(url).path).name)
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name) or "sheet.xlsx"


def _get(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (https URLs from ICE's page)
        data = response.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise RuntimeError(f"{url} is larger than {MAX_BYTES} bytes")
    return data


def download(links: dict[str, str], out: Path, get=_get) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind in LISTS:
        data = get(links[kind])
        if not data.startswith(b"PK"):  # an .xlsx is a zip file; an HTML error page is not
            raise RuntimeError(f"{links[kind]} did not return a spreadsheet")
        path = out / sheet_file_name(links[kind])
        path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="Folder for the downloads (default: a new temporary folder).")
    parser.add_argument("--page", default=PAGE_URL, help="ICE's 287(g) page.")
    args = parser.parse_args(argv)
    out = (args.out or Path(tempfile.mkdtemp(prefix="ice-287g-"))).resolve()
    if out == REPO_ROOT or REPO_ROOT in out.parents:
        print(f"error: {out} is inside the repository; raw sources are never committed", file=sys.stderr)
        return 2
    try:
        links = find_sheet_links(_get(args.page).decode("utf-8", "replace"), args.page)
        missing = [kind for kind in LISTS if kind not in links]
        if missing:
            print(f"error: no {' or '.join(missing)} .xlsx link on {args.page}", file=sys.stderr)
            return 1
        paths = download(links, out)
    except (OSError, RuntimeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for kind, path in zip(LISTS, paths):
        print(f"{kind}: {links[kind]} -> {path}", file=sys.stderr)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
