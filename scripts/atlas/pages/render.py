"""Render page models to Markdown with Jinja2. Every value printed by a template goes through
atlas.markup (HTML-escaped, Markdown syntax neutralised), so data text is shown as typed and never becomes
markup; links from the data are made only for `web_url` values.

The Markdown holds data inside HTML blocks, which Python-Markdown passes through untouched.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..markup import finalize, front_matter, href, is_web_url
from .county import format_date, format_decimal, script_json

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=finalize)
    env.filters["date"] = lambda d, precision="day": format_date(d, precision) if d else ""
    env.filters["num"] = lambda n: "" if n is None else f"{n:,}"
    env.filters["dec"] = format_decimal
    env.filters["script_json"] = script_json
    env.filters["meta"] = front_matter
    env.filters["href"] = href
    env.tests["web_url"] = is_web_url
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
