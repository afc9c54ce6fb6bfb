"""The contributing guide on the site is CONTRIBUTING.md itself, so the two can never drift apart."""
from __future__ import annotations

import re

_DOCS_LINK = re.compile(r"\]\(docs/([^)]+\.md)(#[^)]*)?\)")


_DOCS_LINK_ES = re.compile(r"\]\(docs/es/([^)]+\.md)(#[^)]*)?\)")


def site_guide(markdown: str, language: str = "en") -> str:
    """CONTRIBUTING.md as a page at the root of docs/: a link to docs/<page>.md becomes <page>.md, which MkDocs
    resolves (and checks in --strict builds) like any other link between pages. The Spanish guide
    (CONTRIBUTING.es.md) links to docs/es/<page>.md, the Spanish pages."""
    if language == "es":
        markdown = _DOCS_LINK_ES.sub(lambda m: f"]({m.group(1)}{m.group(2) or ''})", markdown)
    return _DOCS_LINK.sub(lambda m: f"]({m.group(1)}{m.group(2) or ''})", markdown)
