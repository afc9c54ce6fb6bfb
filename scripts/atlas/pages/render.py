"""Render page models to Markdown with Jinja2: autoescape on (all data text is escaped), StrictUndefined.

The Markdown holds data inside HTML blocks, which Python-Markdown passes through untouched, so a
summary containing Markdown or HTML syntax appears as the text it is.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .county import format_date, script_json

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["date"] = lambda d: format_date(d) if d else ""
    env.filters["num"] = lambda n: "" if n is None else f"{n:,}"
    env.filters["script_json"] = script_json
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
