"""The federal fiscal year: FY N runs from 1 October of N-1 to 30 September of N (FY2019 = 1 Oct 2018 to
30 Sep 2019). ICE reports every figure by it."""
from __future__ import annotations

import datetime as dt

FIRST_MONTH = 10  # October


def fiscal_year(day: dt.date) -> int:
    """The fiscal year a day falls in: 2018-10-01 -> 2019, 2019-09-30 -> 2019."""
    return day.year + 1 if day.month >= FIRST_MONTH else day.year


def fiscal_year_bounds(fy: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year `fy`."""
    return dt.date(fy - 1, FIRST_MONTH, 1), dt.date(fy, FIRST_MONTH, 1) - dt.timedelta(days=1)


MONTHS_ES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre")


def fiscal_year_span(fy: int, language: str = "en") -> str:
    """FY `fy` in words: "1 October 2018 to 30 September 2019"; in Spanish
    "del 1 de octubre de 2018 al 30 de septiembre de 2019"."""
    start, end = fiscal_year_bounds(fy)
    if language == "es":
        return (f"del {start.day} de {MONTHS_ES[start.month - 1]} de {start.year} "
                f"al {end.day} de {MONTHS_ES[end.month - 1]} de {end.year}")
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
