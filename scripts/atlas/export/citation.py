"""How to cite the dataset (APA 7 style and BibTeX), always naming the version and the build date."""
from __future__ import annotations

import re

from ..markup import md_escape
from .release import Release

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _apa_date(release: Release) -> str:
    d = release.build_date
    return f"{d.year}, {MONTHS[d.month - 1]} {d.day}"


def apa_citation(release: Release, *, part_title: str | None = None, url: str | None = None) -> str:
    """APA 7 data-set reference, plain text. With `part_title`, cites one resource within the atlas."""
    link = url or release.site_url
    if part_title:
        return (f"{release.creator}. ({_apa_date(release)}). {part_title} [Data set]. In {release.title} "
                f"(Version {release.version}). {link}")
    return f"{release.creator}. ({_apa_date(release)}). {release.title} (Version {release.version}) [Data set]. {link}"


def apa_citation_markdown(release: Release, *, part_title: str | None = None, url: str | None = None) -> str:
    """The same reference with the title in italics, as APA sets it (Markdown-escaped)."""
    link = url or release.site_url
    if part_title:
        return (f"{md_escape(release.creator)}. ({_apa_date(release)}). {md_escape(part_title)} [Data set]. In "
                f"*{md_escape(release.title)}* (Version {md_escape(release.version)}). <{link}>")
    return (f"{md_escape(release.creator)}. ({_apa_date(release)}). *{md_escape(release.title)}* "
            f"(Version {md_escape(release.version)}) [Data set]. <{link}>")


_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def bibtex_escape(text: str) -> str:
    text = text.replace("\\", r"\textbackslash{}").replace("~", r"\textasciitilde{}").replace("^", r"\^{}")
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def bibtex_key(release: Release, part: str | None = None) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", f"{release.name} {part or ''} {release.version}".lower()).strip("_")
    return base


def bibtex(release: Release, *, part_title: str | None = None, part_name: str | None = None,
           url: str | None = None) -> str:
    """A @misc entry (readable by BibTeX and biblatex alike) with version, date and URL."""
    d = release.build_date
    title = f"{part_title}, in {release.title}" if part_title else release.title
    fields = [
        ("author", "{" + bibtex_escape(release.creator) + "}"),  # double braces: a group, not a person's name
        ("title", "{" + bibtex_escape(title) + "}"),
        ("year", str(d.year)),
        ("month", BIBTEX_MONTHS[d.month - 1]),
        ("date", d.isoformat()),
        ("version", bibtex_escape(release.version)),
        ("howpublished", "Data set"),
        ("url", url or release.site_url),
        ("note", f"Version {bibtex_escape(release.version)}, built {d.isoformat()}. Licence: {release.licence}"),
    ]
    body = ",\n".join(f"  {k} = {v}" if k == "month" else f"  {k} = {{{v}}}" for k, v in fields)
    return f"@misc{{{bibtex_key(release, part_name)},\n{body}\n}}"


