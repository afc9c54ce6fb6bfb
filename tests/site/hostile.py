"""A SYNTHETIC hostile package for the site's security tests, made from the `site_package` fixture.

Every free-text value (every string field of every resource that has no enum, pattern or format and is not a
foreign key: names of states, counties and agencies, source titles, summaries, notes, metric labels …) gets
every payload below, and every URL field a script URL. None of it may run, become markup or a link. The package
is deliberately not valid: the site must be safe even when validation was skipped.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

from sitebuild import materialise

# Markdown, Python-Markdown extension and HTML syntax that would run a script or make a link if data text were
# ever read as markup, plus an entity-encoded title break-out. The attribute list goes last: it acts only at
# the end of a heading or block.
PAYLOADS = (
    "# [official site](javascript:alert('md-link')) ![i](javascript:alert('md-image')) "
    "<script>alert('script')</script> \"><img src=x onerror=alert('img')> `code` "
    "<a href=\"javascript:alert('a')\">a</a> &lt;/title&gt;&lt;img src=x onerror=alert('entity')&gt; "
    "<svg onload=alert('svg')> | cell | {: tabindex=1 autofocus onfocus=alert('attr-list') }"
)
SCRIPT_URL = "javascript:alert('url')"


def hostile_fields(schema: dict) -> tuple[list[str], list[str]]:
    """(free-text fields, URL fields) of a Table Schema."""
    foreign = {f for fk in schema.get("foreignKeys", []) for f in ([fk["fields"]] if isinstance(fk["fields"], str)
                                                                  else fk["fields"])}
    text, urls = [], []
    for field in schema["fields"]:
        constraints = field.get("constraints", {})
        if field.get("type", "string") != "string" or field["name"] in foreign or "enum" in constraints:
            continue
        if field.get("format") == "uri" or field["name"].endswith("url"):
            urls.append(field["name"])
        elif "pattern" not in constraints and field.get("format", "default") == "default":
            text.append(field["name"])
    return text, urls


def hostile_package(dest: Path) -> Path:
    package = materialise("site_package", dest)
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        path = package / resource["path"]
        if not path.is_file():
            continue
        schema = json.loads((package / resource["schema"]).read_text(encoding="utf-8"))
        text, urls = hostile_fields(schema)
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
        # every field of the schema, also one the fixture's CSV predates (maintainer_notes)
        names = [f["name"] for f in schema["fields"]]
        for row in rows:
            for name in text:
                row[name] = f"{row.get(name) or ''} {PAYLOADS}".strip()
            for name in urls:
                row[name] = SCRIPT_URL
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=names, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return package
