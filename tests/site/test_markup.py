"""atlas.markup: data text never becomes Markdown syntax, HTML or a non-http(s) link, whatever it holds."""
from __future__ import annotations

from html.parser import HTMLParser

import markdown
from hypothesis import given, settings, strategies as st

from atlas.markup import code_spans, front_matter, html_text, is_web_url, md_escape

EXTENSIONS = ["toc", "tables", "attr_list", "admonition"]  # mkdocs.yml's markdown_extensions
PAYLOADS = ["{: tabindex=1 autofocus onfocus=alert(1) }", "[x](javascript:alert(1))", "![i](javascript:alert(1))",
            "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "`code`", "# heading", "\n\n# h\n\n",
            "<https://example.org>", "&lt;b&gt;", "a | b", "*em* __strong__", "\\[escaped\\]", "<!-- c -->"]
text = st.one_of(st.sampled_from(PAYLOADS), st.text(),
                 st.lists(st.sampled_from(PAYLOADS + ["word", " ", "\n", "{", "}", "[", "]", "(", ")", ":"]))
                 .map("".join))


class Elements(HTMLParser):
    """Tags and text of an HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text += data


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def squash(s: str) -> str:
    """Whitespace-insensitive text, with control characters (other than tab and line breaks) as U+FFFD."""
    s = "".join("\ufffd" if (ord(c) < 32 and c not in "\t\n\r") or 0x7F <= ord(c) < 0xA0
                or 0xD800 <= ord(c) < 0xE000 or c in "\ufffe\uffff" else c for c in s)
    return " ".join(s.split())


@settings(max_examples=300, deadline=None)
@given(text)
def test_data_text_in_a_markdown_heading_stays_text(value):
    html = markdown.markdown(f"# {html_text(value)}\n\nafter", extensions=EXTENSIONS)
    parsed = parse(html)
    assert [t for t, _ in parsed.tags] == ["h1", "p"]
    assert all(not attrs for _, attrs in parsed.tags[1:])
    assert all(name == "id" for name, _ in parsed.tags[0][1])  # toc's heading id, nothing from the data
    assert squash(parsed.text) == squash(value + " after")


@settings(max_examples=300, deadline=None)
@given(text)
def test_data_text_in_an_html_block_stays_text(value):
    html = markdown.markdown(f'<div class="x">\n<p>{html_text(value)}</p>\n</div>', extensions=EXTENSIONS)
    html.encode("utf-8")  # what the site build writes
    parsed = parse(html)
    assert [t for t, _ in parsed.tags] == ["div", "p"]
    assert squash(parsed.text) == squash(value)


@settings(max_examples=300, deadline=None)
@given(text)
def test_data_text_in_a_markdown_table_cell_stays_text(value):
    html = markdown.markdown(f"| a |\n| --- |\n| {md_escape(value)} |\n", extensions=EXTENSIONS)
    parsed = parse(html)
    assert {t for t, _ in parsed.tags} <= {"table", "thead", "tbody", "tr", "th", "td"}
    assert not any(attrs for _, attrs in parsed.tags)


@given(text)
def test_front_matter_values_cannot_leave_an_element_or_attribute(value):
    rendered = str(front_matter(value))
    assert "<" not in rendered and ">" not in rendered and "&" not in rendered.replace("\\u0026", "")
    import json
    import yaml
    decoded = yaml.safe_load(f"title: {rendered}")["title"]
    assert decoded == json.loads(rendered)
    assert '"' not in decoded and "<" not in decoded  # printed raw by Material: still no markup


def test_only_http_and_https_urls_become_links():
    assert is_web_url("https://example.org/a?b=c#d") and is_web_url("http://example.org")
    for url in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " https://example.org", "https://exa mple.org",
                "data:text/html,<script>alert(1)</script>", "vbscript:x", "//example.org", "https:/x", "https://",
                "http://\x00example.org", "ftp://example.org", "", None, 5, "https\n://x"]:
        assert not is_web_url(url), url


@given(st.text())
def test_a_web_url_always_has_an_http_scheme(value):
    if is_web_url(value):
        assert value.lower().startswith(("http://", "https://"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("`<>&\"'_*[]a b\n\\")) | st.text())
def test_code_spans_only_ever_adds_code_elements(text):
    """A schema description's `code` becomes <code>code</code>; nothing else in it can become markup."""
    out = str(code_spans(text))
    bare = out.replace("<code>", "").replace("</code>", "")
    assert "<" not in bare and ">" not in bare
    assert out.count("<code>") == out.count("</code>")
    # put the backticks back: the text is exactly what html_text makes of it
    assert out.replace("<code>", "&#96;").replace("</code>", "&#96;") == str(html_text(text))


def test_code_spans_in_a_schema_description():
    assert str(code_spans("Never before `verified`; `<b>` stays text.")) == (
        "Never before <code>verified</code>; <code>&lt;b&gt;</code> stays text.")
