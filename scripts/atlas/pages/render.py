"""Render page models to Markdown with Jinja2. Every value printed by a template goes through
atlas.markup (HTML-escaped, Markdown syntax neutralised), so data text is shown as typed and never becomes
markup; links from the data are made only for `web_url` values.

The templates hold no words of their own: `t("key", name=...)` looks each one up in the message catalogue of
the language being built (atlas.pages.i18n), and the `date`, `num` and `dec` filters follow that language.

The Markdown holds data inside HTML blocks, which Python-Markdown passes through untouched.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..paths import BUILD_CACHE
from ..markup import code_spans, finalize, front_matter, href, is_web_url
from .county import script_json
from .i18n import current_language, format_date, format_decimal, format_number, t, t_markup

TEMPLATES = Path(__file__).parent / "templates"


def bytecode_cache(kind: str) -> FileSystemBytecodeCache:
    """Compiled templates, kept between builds (a one-state preview spent a tenth of its time compiling Jinja).
    Jinja checks each entry against its template's source, so an edited template is compiled afresh. One folder per
    `kind` of environment: an entry does not record the environment's options (trim_blocks...) it was compiled
    with, so two environments must not share one."""
    directory = BUILD_CACHE / f"jinja-{kind}"
    directory.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(directory))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=finalize,
                      bytecode_cache=bytecode_cache("pages"))
    env.filters["date"] = lambda d, precision="day": format_date(d, precision) if d else ""
    env.filters["num"] = format_number
    env.filters["dec"] = format_decimal
    # Every word a template writes comes from the catalogue of the language being built (atlas.pages.i18n).
    env.globals["t"] = t_markup
    env.globals["tt"] = t  # plain text, for front matter (the `meta` filter escapes it)
    env.globals["lang"] = current_language
    env.filters["script_json"] = script_json
    env.filters["meta"] = front_matter
    env.filters["href"] = href
    env.filters["code_spans"] = code_spans
    env.filters["markdown_html"] = markdown_html
    env.tests["web_url"] = is_web_url
    return env


def markdown_html(text) -> Markup:
    """Trusted Markdown (the changelog's, a citation made by atlas.export.citation) as HTML, for a block that must
    carry an attribute (lang="en") and so is an HTML block, which Python-Markdown leaves as it is."""
    import markdown

    return Markup(markdown.markdown(str(text), extensions=["tables"]))


def render(template: str, **context) -> str:
    """`template` with `context`. `data_root` (where the downloads and county CSVs are) defaults to `root`: the
    files are the English site's, so another language's pages pass root + "../" (site_files.SHARED_ROOT)."""
    context.setdefault("data_root", context.get("root", ""))
    return environment().get_template(template).render(**context)
