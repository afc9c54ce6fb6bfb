"""The one MkDocs hook: hand the site generator's pages and files to MkDocs (nothing generated is committed).

Glue only: atlas.pages.site_files.generate_site makes everything, without MkDocs. What to build comes from
the MkDocs config's `extra` (set by `atlas build`), else the environment (for a plain `mkdocs build`/`serve`):
  extra.atlas_package   / ATLAS_PACKAGE_DIR  the data package to read (default: the repository's datapackage/)
  extra.atlas_states    / ATLAS_STATES       only build county pages of these states ("NC,VA"); empty = all
  extra.atlas_downloads / ATLAS_DOWNLOADS    "0" builds without the downloads (quicker previews, benchmarks)
  extra.atlas_languages / ATLAS_LANGUAGES    the site's languages ("en,es" in mkdocs.yml): English at the root, each
                                             other language under /<lang>/ by its own config, mkdocs.<lang>.yml
Languages (atlas.pages.i18n explains the choice of two configs over mkdocs-static-i18n): the English build
generates every language's pages in one pass (generate_sites) and, once built, builds each other language
in-process from mkdocs.<lang>.yml into <site_dir>/<lang>/, handing it the pages already generated. A config
whose `extra.atlas_language` is not English (mkdocs.es.yml) builds that language only.
Each page's language switch and <link rel="alternate" hreflang> point to the same page in the other language
(on_page_context sets Material's `extra.alternate` per page).
Nav entries for generated pages (downloads, changelog, contributing) and validation.md are added only when the
page exists, so `mkdocs build --strict` passes either way.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from atlas.pages.i18n import DEFAULT, LANGUAGES, t, use_language
from atlas.pages.render import bytecode_cache
from atlas.pages.site_files import generate_sites, parse_states
from atlas.paths import REPO_ROOT, site_package_dir

HOME_MARKER = "<!-- atlas:home -->"
# (nav title, page) added to the nav only if the page exists; the order is the nav's.
OPTIONAL_NAV = [  # titles are catalogue keys (atlas.pages.i18n)
    ("site.nav.detention", "detention/index.md"),
    ("site.nav.validation", "validation.md"),
    ("site.nav.downloads", "downloads/index.md"),
    ("site.nav.changelog", "changelog.md"),
    ("site.nav.contributing", "contributing.md"),
]
_state: dict = {}
# A county page's body (county.md.j2's <section class="atlas-county-body" data-search-exclude>) is one block of raw
# HTML, most of the page: Markdown would parse it only to pass it through unchanged, and the search plugin only to
# skip it, a third of a full build between them. on_page_markdown sets it aside (an empty section in its place) and
# on_page_context, after the search plugin has indexed the page, puts it back: the same HTML and the same index.
RAW_BODY_OPEN = '<section class="atlas-county-body" data-search-exclude>'
RAW_BODY_CLOSE = "\n</section>"
RAW_BODY_PLACEHOLDER = RAW_BODY_OPEN + "</section>"
_raw_bodies: dict[str, str] = {}  # page src_uri -> the body set aside
# Pages another language's build takes from the English build of the same process: language -> SiteFiles.
# In atlas.pages.i18n's module state, not this module's: MkDocs loads a hook file anew for each config.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def _pending() -> dict:
    import atlas.pages.i18n as i18n

    if not hasattr(i18n, "_pending_sites"):
        i18n._pending_sites = {}
    return i18n._pending_sites


def site_language(config) -> str:
    """The language a config builds: extra.atlas_language, else English."""
    return str(config["extra"].get("atlas_language") or DEFAULT)


def site_languages(config) -> tuple[str, ...]:
    """The languages of the whole site, English first. mkdocs.yml asks for "en,es"; a config that does not say
    builds English only."""
    value = _setting(config, "atlas_languages", "ATLAS_LANGUAGES") or DEFAULT
    wanted = [v.strip() for v in value.split(",") if v.strip()]
    unknown = [v for v in wanted if v not in LANGUAGES]
    if unknown:
        raise ValueError(f"unknown language {', '.join(unknown)} in atlas_languages (known: {', '.join(LANGUAGES)})")
    return tuple([DEFAULT] + [v for v in wanted if v != DEFAULT])


def _setting(config, key: str, env: str) -> str:
    value = config["extra"].get(key)
    return str(value) if value is not None else os.environ.get(env, "")


def on_files(files: Files, config) -> Files:
    language = site_language(config)
    start = time.perf_counter()
    generated = _pending().pop(language, None) if language != DEFAULT else None
    if generated is None:
        generated = _generate(config, language)
    for lang_file in ("robots.txt",) if language != DEFAULT else ():
        existing = files.get_file_from_path(lang_file)
        if existing is not None:
            files.remove(existing)
    for path, value in {**generated.pages, **generated.assets}.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        if isinstance(value, Path):
            files.append(File.generated(config, path, abs_src_path=str(value)))
        else:
            files.append(File.generated(config, path, content=value))
    _state["home"] = generated.home_markdown
    _state["timings"] = {**generated.timings, "on_files": time.perf_counter() - start}
    _extend_nav(config, files, language)
    return files


def project_dir(config) -> Path:
    """The folder of CONTRIBUTING.md and CHANGELOG.md: docs/'s parent (docs/<lang>/'s for another language)."""
    docs = Path(config["docs_dir"]).resolve()
    return docs.parent if site_language(config) == DEFAULT else docs.parent.parent


def _generate(config, language: str):
    """Every language's pages from one read of the package; the others wait for their own builds."""
    _cleanup()
    package = Path(_setting(config, "atlas_package", "ATLAS_PACKAGE_DIR") or site_package_dir())
    downloads = _setting(config, "atlas_downloads", "ATLAS_DOWNLOADS").lower() not in {"0", "false", "no", "off"}
    languages = site_languages(config) if language == DEFAULT else (DEFAULT, language)
    out = Path(tempfile.mkdtemp(prefix="atlas-downloads-")) if downloads else None
    _state["out"] = out
    root_url = config["extra"].get("atlas_root_url") or config.site_url or None
    sites = generate_sites(package, languages=languages,
                           states=parse_states(_setting(config, "atlas_states", "ATLAS_STATES")),
                           repository=config["extra"].get("repository", ""), site_url=root_url,
                           project_dir=project_dir(config), downloads_dir=out,
                           only=None if language == DEFAULT else (language,))
    if language == DEFAULT:
        _pending().clear()
        _pending().update({lang: site for lang, site in sites.items() if lang != DEFAULT})
    return sites[language]


def _extend_nav(config, files: Files, language: str = DEFAULT) -> None:
    nav = config["nav"]
    if nav is None:
        return
    present = {v for item in nav if isinstance(item, dict) for v in item.values() if isinstance(v, str)}
    with use_language(language):
        for key, path in OPTIONAL_NAV:
            if path not in present and files.get_file_from_path(path) is not None:
                nav.append({t(key): path})


def on_env(env, config, files):
    """The catalogue for the theme's templates (overrides/main.html: the preview banner, link previews), and a
    cache of the theme's compiled templates (atlas.pages.render.bytecode_cache)."""
    language = site_language(config)
    env.bytecode_cache = bytecode_cache("theme")

    def atlas_t(key: str, **values) -> str:
        with use_language(language):
            return t(key, **values)

    env.globals["atlas_t"] = atlas_t
    return env


@event_priority(-50)  # after the search plugin's on_page_context (priority 0), which must not see the body
def on_page_context(context, page, config, nav):
    """The language switch and <link rel="alternate" hreflang> of this page: the same page in each language.
    Material prints `extra.alternate` (head links through the `url` filter: absolute URLs from site_url, as
    hreflang wants them); overrides/partials/alternate.html draws the switch with `here`, a link relative to the
    page, so it also works offline and in a local preview."""
    _restore_body(page)
    language = site_language(config)
    languages = site_languages(config) if language == DEFAULT else tuple(dict.fromkeys((DEFAULT, language)))
    if len(languages) < 2 and language == DEFAULT:
        return context
    root_url = config["extra"].get("atlas_root_url") or config.site_url or ""
    path = page.url or ""
    up = "../" * path.count("/")  # from this page to its own site's root
    to_main = up + ("../" if language != DEFAULT else "")  # to the English site's root
    alternates = []
    for lang in languages:
        prefix = "" if lang == DEFAULT else f"{lang}/"
        here = (to_main + prefix + path) or "./"
        absolute = f"{root_url}{prefix}{path}" if root_url else here
        alternates.append({"name": LANGUAGE_NAMES.get(lang, lang), "link": absolute, "here": here, "lang": lang})
    alternates.append({**alternates[0], "lang": "x-default"})
    config["extra"]["alternate"] = alternates
    return context


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.file.src_uri != "index.md":
        return _set_aside_body(markdown, page)
    if HOME_MARKER not in markdown:
        raise ValueError(f"docs/index.md must contain {HOME_MARKER} where the generated home sections go")
    return markdown.replace(HOME_MARKER, _state["home"])


def _set_aside_body(markdown: str, page) -> str:
    """`markdown` with a county page's raw HTML body replaced by an empty section (the body kept for
    _restore_body); unchanged if the page has no such body, or one Markdown might not pass through verbatim."""
    start = markdown.find("\n" + RAW_BODY_OPEN + "\n")
    if start == -1:
        return markdown
    start += 1
    end = markdown.find(RAW_BODY_CLOSE, start)
    if end == -1:
        return markdown
    end += len(RAW_BODY_CLOSE)
    body = markdown[start:end]
    if markdown[end:end + 1] not in ("", "\n") or "<section" in body[len(RAW_BODY_OPEN):] or "</section" in body[:-10]:
        return markdown
    _raw_bodies[page.file.src_uri] = body
    return markdown[:start] + RAW_BODY_PLACEHOLDER + markdown[end:]


def _restore_body(page) -> None:
    body = _raw_bodies.pop(page.file.src_uri, None)
    if body is None:
        return
    if page.content is None or page.content.count(RAW_BODY_PLACEHOLDER) != 1:
        raise ValueError(f"{page.file.src_uri}: the county body set aside before Markdown has no one place to go")
    page.content = page.content.replace(RAW_BODY_PLACEHOLDER, body, 1)


def on_post_build(config) -> None:
    timings = dict(_state.get("timings", {}))
    language = site_language(config)
    if language == DEFAULT:
        for lang in site_languages(config)[1:]:
            l0 = time.perf_counter()
            build_language(config, lang)
            timings[f"build_{lang}"] = time.perf_counter() - l0
        if timings and os.environ.get("ATLAS_TIMINGS"):
            Path(os.environ["ATLAS_TIMINGS"]).write_text(
                "\n".join(f"{k}\t{v:.3f}" for k, v in timings.items()) + "\n", encoding="utf-8")
    _cleanup()


def language_config_file(config, language: str) -> Path:
    """mkdocs.<lang>.yml beside the English config, else the repository's."""
    name = f"mkdocs.{language}.yml"
    own = Path(config.config_file_path).resolve().parent / name
    return own if own.is_file() else REPO_ROOT / name


def build_language(config, language: str) -> None:
    """Build `language`'s site into <site_dir>/<language>/ with the English build's settings (package, states,
    downloads, strictness, site_url) and the pages it generated."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = language_config_file(config, language)
    site_url = config.site_url or ""
    options = {"site_dir": str(Path(config.site_dir) / language), "strict": config.strict}
    if site_url:
        options["site_url"] = f"{site_url}{language}/"
    language_config = load_config(config_file=str(config_file), **options)  # loaded once: it loads the hooks anew
    keep = ("atlas_package", "atlas_states", "atlas_downloads", "atlas_languages", "repository")
    language_config["extra"].update({k: config["extra"][k] for k in keep if config["extra"].get(k) is not None})
    language_config["extra"]["atlas_root_url"] = site_url
    build(language_config, dirty=False)


def on_shutdown() -> None:
    _cleanup()
    _pending().clear()


def _cleanup() -> None:
    out = _state.pop("out", None)
    if out is not None:
        shutil.rmtree(out, ignore_errors=True)
