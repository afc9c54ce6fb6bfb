"""What every download says about itself: title, version, build date, licences, creator, site address.

The build date is reproducible: `SOURCE_DATE_EPOCH` (the reproducible-builds convention) wins; otherwise the
date of the last git commit touching datapackage/; otherwise today. Rebuilding the same commit therefore
gives the same date in every file, and the same bytes wherever the format allows.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..package import AtlasPackage
from .. import git
from ..paths import REPO_ROOT

DEFAULT_SITE_URL = "https://ice-cooperation-atlas.github.io/atlas/"
CREATOR = "ICE Cooperation Atlas contributors"
DATA_LICENCE = "CC-BY-4.0"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
DATA_LICENCE_TITLE = "Creative Commons Attribution 4.0 International"


@dataclass(frozen=True)
class Release:
    """The facts about one build of the package that every download carries."""

    name: str  # the package's machine name, e.g. "ice-cooperation-atlas"
    title: str
    description: str
    version: str
    build_date: dt.date
    build_date_origin: str  # "SOURCE_DATE_EPOCH", "git" or "today": how the date was found
    keywords: tuple[str, ...]
    site_url: str  # absolute, ends with "/"
    creator: str = CREATOR
    licence: str = DATA_LICENCE
    licence_url: str = DATA_LICENCE_URL
    licence_title: str = DATA_LICENCE_TITLE

    @property
    def zip_name(self) -> str:
        return f"{self.name}-{self.version}.zip"

    @property
    def build_datetime(self) -> dt.datetime:
        """Midnight UTC of the build date: the timestamp put into files that need a time."""
        return dt.datetime.combine(self.build_date, dt.time(0, 0), tzinfo=dt.timezone.utc)

    def identity(self) -> dict[str, str]:
        """Name, title, version, build date and licence: what every file that carries metadata states."""
        return {"name": self.name, "title": self.title, "version": self.version,
                "build_date": self.build_date.isoformat(), "license": self.licence}

    def url(self, path: str) -> str:
        """Absolute URL of a path under the site root (for JSON-LD and data.json, which need absolute URLs)."""
        return self.site_url + path.lstrip("/")


def release_for(package: AtlasPackage, *, site_url: str | None = None, build_date: dt.date | None = None,
                repo_root: Path = REPO_ROOT) -> Release:
    """Collect the release facts for `package` (descriptor fields, build date, site URL)."""
    d = package.descriptor
    if build_date is not None:
        date, origin = build_date, "given"
    else:
        date, origin = resolve_build_date(package.root, repo_root)
    return Release(
        name=d.get("name", "ice-cooperation-atlas"),
        title=d.get("title", d.get("name", "")),
        description=d.get("description", ""),
        version=d.get("version", "0.0.0"),
        build_date=date,
        build_date_origin=origin,
        keywords=tuple(d.get("keywords", [])),
        site_url=normalise_site_url(site_url or site_url_from_mkdocs(repo_root / "mkdocs.yml") or DEFAULT_SITE_URL),
    )


def resolve_build_date(package_dir: Path, repo_root: Path = REPO_ROOT,
                       environ: dict[str, str] | None = None) -> tuple[dt.date, str]:
    """(date, origin): SOURCE_DATE_EPOCH, else last git commit touching the package folder, else today (UTC)."""
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date(), "SOURCE_DATE_EPOCH"
        except (ValueError, OverflowError, OSError):
            pass  # a malformed value falls through to git, as reproducible-builds tools do
    git_date = last_commit_date(package_dir, repo_root)
    if git_date is not None:
        return git_date, "git"
    return dt.datetime.now(tz=dt.timezone.utc).date(), "today"


def last_commit_date(path: Path, repo_root: Path = REPO_ROOT) -> dt.date | None:
    """Committer date (UTC) of the last commit touching `path`, or None outside git / with no such commit."""
    out = (git.output(repo_root, "log", "-1", "--format=%ct", "--", str(path)) or "").strip()
    if not out.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(out), tz=dt.timezone.utc).date()


_SITE_URL_LINE = re.compile(r"^site_url:\s*['\"]?([^'\"#\s]+)", re.MULTILINE)


def site_url_from_mkdocs(mkdocs_yml: Path) -> str | None:
    """The `site_url` of mkdocs.yml, read as text (mkdocs.yml may hold tags a plain YAML loader rejects)."""
    try:
        m = _SITE_URL_LINE.search(mkdocs_yml.read_text(encoding="utf-8"))
    except OSError:
        return None
    return m.group(1) if m else None


def normalise_site_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"
