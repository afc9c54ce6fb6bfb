"""The day the atlas checks dates against (future dates, fiscal years, reviews that are due)."""
from __future__ import annotations

import datetime as dt
import os

ENV = "ATLAS_TODAY"


def today() -> dt.date:
    """ATLAS_TODAY (YYYY-MM-DD) when set, for reproducible runs and the test suite; else the system date."""
    value = os.environ.get(ENV, "").strip()
    return dt.date.fromisoformat(value) if value else dt.date.today()
