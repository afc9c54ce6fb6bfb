"""The licence of each part of the downloads, in words, for the Downloads page, the README sheet and the zip."""
from __future__ import annotations

from .release import Release

# The notice shipped with us-atlas 3.0.1 (npm), which the site's county map geometry comes from.
# The ISC licence asks that this notice appear in all copies.
US_ATLAS_NOTICE = """Copyright 2013-2019 Michael Bostock

Permission to use, copy, modify, and/or distribute this software for any purpose
with or without fee is hereby granted, provided that the above copyright notice
and this permission notice appear in all copies.

THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH
REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND
FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT,
INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS
OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER
TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF
THIS SOFTWARE."""


GEOMETRY_LEAD = ("The site's maps draw county and state outlines from us-atlas 3.0.1 by Mike Bostock, derived "
                 "from the U.S. Census Bureau's cartographic boundary files (public domain). us-atlas is "
                 "distributed under the ISC licence, whose notice follows:")


def licence_parts(release: Release) -> list[dict]:
    """[{id, title, url, text}] for: the atlas' data, government-derived figures, the map geometry."""
    return [
        {
            "id": "data",
            "title": f"The atlas' data: {release.licence_title} ({release.licence})",
            "url": release.licence_url,
            "text": (f"The atlas' selection, normalisation, summaries and added fields are licensed under the "
                     f"{release.licence_title} licence ({release.licence_url}). You may share and adapt them for any "
                     f"purpose, provided you give appropriate credit ({release.creator}, with the version and build "
                     "date), link to the licence and indicate if changes were made."),
        },
        {
            "id": "government",
            "title": "Figures and lists from U.S. government records: public domain",
            "url": "https://www.law.cornell.edu/uscode/text/17/105",
            "text": ("Figures and lists copied from records of the U.S. federal government (for example ICE's 287(g) "
                     "participating-agency lists and FOIA statistics) are works of the U.S. government and are in "
                     "the public domain in the United States (17 U.S.C. 105). Each row's source_id names its source."),
        },
        {
            "id": "geometry",
            "title": "County map geometry: us-atlas (ISC licence)",
            "url": "https://github.com/topojson/us-atlas",
            "lead": GEOMETRY_LEAD,
            "notice": US_ATLAS_NOTICE,
            "text": GEOMETRY_LEAD + "\n\n" + US_ATLAS_NOTICE,
        },
    ]


def licence_markdown(release: Release) -> str:
    """LICENSE.md shipped inside the zip, so the licence travels with the data."""
    out = [f"# Licences of {release.title} {release.version}", ""]
    for part in licence_parts(release):
        out += [f"## {part['title']}", "", part["text"], "", f"<{part['url']}>", ""]
    return "\n".join(out)
