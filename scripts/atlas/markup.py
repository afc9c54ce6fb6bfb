"""How text from the data reaches a page: one place for every rule that keeps data text from becoming markup.

Data (names, summaries, notes, source titles) is untrusted: a contributor's row must show as the text it is,
never as Markdown syntax (`[x](javascript:…)`, `{: onfocus=… }`, a leading `#`), HTML, or a link to a scheme
other than http(s). Templates never decide this themselves; they call these functions through the Jinja
environment (autoescape, `finalize`, the `meta` filter and the `web_url` test).
"""
from __future__ import annotations

import html
import json
import re
from urllib.parse import quote, urlsplit

from markupsafe import Markup

# Characters that open Markdown (or Python-Markdown extension) syntax: links and images, attribute lists,
# code spans, emphasis, headings, table cells, backslash escapes. Line breaks could start a new Markdown block.
# One translation table, applied in one pass, so an entity written for one character is never re-escaped.
_TEXT_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
                               | {c: f"&#{ord(c)};" for c in "[]{}`#*_\\|\n\r"})
# Other control characters are not allowed in HTML text, and Python-Markdown uses \x02 and \x03 to mark its own
# placeholders: each becomes U+FFFD, the replacement character, so a reader still sees that something was there.
# Lone surrogates cannot even be written to a UTF-8 file.
_TEXT_ENTITIES |= {c: "\ufffd" for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0),
                                         *range(0xD800, 0xE000), 0xFFFE, 0xFFFF]}
# Backslash escapes for text that must stay Markdown (the downloads and changelog pages are Markdown tables).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")


def html_text(value) -> Markup:
    """Data text for an HTML page made from Markdown: HTML-escaped, and every character that could open
    Markdown syntax written as a character reference, so it is inert in an HTML block and in Markdown alike."""
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_TEXT_ENTITIES))


_CODE_SPAN = re.compile(r"&#96;(?!&#96;)(.+?)&#96;")


def code_spans(value) -> Markup:
    """Trusted prose that names codes in backticks (a schema's descriptions: "Never before `verified`"): escaped
    as html_text escapes it, then each `pair` of backticks becomes <code>, so a reader sees the code set apart
    instead of two stray backticks. The text inside stays escaped; an unpaired backtick stays a backtick."""
    return Markup(_CODE_SPAN.sub(r"<code>\1</code>", str(html_text(value))))


def md_escape(text) -> str:
    """Data text inside Markdown: HTML escaped, Markdown punctuation backslash-escaped, line breaks as spaces."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"[\r\n]+", " ", text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def front_matter(value) -> Markup:
    """A page title or description for YAML front matter. MkDocs and Material print page.meta values into
    <title>, <meta content> and the header without escaping, so the value is HTML-escaped here, then written
    as a JSON string (valid YAML) whose `&` are \\u escapes."""
    text = re.sub(r"\s+", " ", str(value)).strip()
    # YAML refuses control characters and lone surrogates even as escapes: U+FFFD stands in for them.
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]", "\ufffd", text)
    return Markup(json.dumps(html.escape(text, quote=True), ensure_ascii=False).replace("&", "\\u0026"))


def is_web_url(value) -> bool:
    """True only for an absolute http(s) URL with a host and no whitespace or control characters: the only
    URLs from the data that may become a link."""
    if not isinstance(value, str) or not value or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and value.lower().startswith(parts.scheme + "://")


def href(value) -> Markup:
    """A link target the atlas computed (a relative path to a page or file), percent-encoded where a
    character could end a Markdown link or an attribute."""
    return Markup(quote(str(value), safe="/:#?&=.~%+-_@!$*,;"))


def finalize(value):
    """Jinja `finalize`: every `{{ … }}` output that is not already Markup goes through html_text."""
    if value is None:
        return ""
    return html_text(value)
