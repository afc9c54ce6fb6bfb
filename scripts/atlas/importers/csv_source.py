"""How an upstream CSV file is read: every importer's one reader (headers checked, strings kept as written)."""
from __future__ import annotations

import csv
from pathlib import Path

from ..problems import AtlasError


def read_csv(path: Path, required: set[str], optional: set[str]) -> list[dict[str, str]]:
    """Rows of a CSV as strings, after checking its headers (unknown or missing ones stop the import)."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            headers = [h.strip() for h in (reader.fieldnames or [])]
            for name in headers:
                if name not in required | optional:
                    raise AtlasError(f"{path}: unknown header {name!r} (known headers: "
                                     f"{', '.join(sorted(required | optional))})")
            for name in sorted(required):
                if name not in headers:
                    raise AtlasError(f"{path}: missing required header {name!r}")
            return [{(k or "").strip(): (v or "") for k, v in row.items()} for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise AtlasError(f"{path}: cannot read the file ({err})") from err
