"""The Spanish edition (issue 16): both message catalogues complete, every enum value of every Table Schema
translated, Spanish dates, numbers and fiscal years, and no English template text on a Spanish page."""
from __future__ import annotations

import csv
import datetime as dt
import html
import json
import re

import pytest
from hypothesis import given, settings, strategies as st

from atlas.domain.fiscal import fiscal_year_span
from atlas.domain.vocabulary import REPO_TRANSLATIONS, load_translations
from atlas.package import load_package
from atlas.pages.i18n import (LANGUAGES, catalogue, fiscal_year_explained, format_date, format_decimal, format_number,
                              use_language)
from atlas.paths import PACKAGE_DIR, REPO_ROOT
from sitebuild import materialise

PLACEHOLDER = re.compile(r"\{(\w*)\}")
SOURCES = [*(REPO_ROOT / "scripts/atlas").rglob("*.py"), *(REPO_ROOT / "scripts/atlas/pages/templates").glob("*.j2"),
           REPO_ROOT / "overrides/main.html"]
# t("key"...), tt("key"...), atlas_t("key"...), message("key", ...)
KEY_USE = re.compile(r"""\b(?:t|tt|atlas_t|message|t_markup)\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")


def test_both_catalogues_have_every_key_with_the_same_placeholders():
    en, es = catalogue("en"), catalogue("es")
    assert sorted(set(en) - set(es)) == [], "keys missing from es.yml"
    assert sorted(set(es) - set(en)) == [], "keys missing from en.yml"
    for key in en:
        assert set(PLACEHOLDER.findall(en[key])) == set(PLACEHOLDER.findall(es[key])), key
        assert en[key].strip() and es[key].strip(), f"{key} is empty"


def test_every_key_the_code_asks_for_is_in_the_catalogues():
    used = {key for path in SOURCES for key in KEY_USE.findall(path.read_text(encoding="utf-8"))}
    assert len(used) > 100
    for lang in LANGUAGES:
        assert sorted(used - set(catalogue(lang))) == [], f"keys used but missing from {lang}.yml"


def _schemas() -> dict[str, dict]:
    descriptor = json.loads((PACKAGE_DIR / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: json.loads((PACKAGE_DIR / r["schema"]).read_text(encoding="utf-8"))
            for r in descriptor["resources"]}


def test_every_enum_value_of_every_schema_has_a_spanish_label_and_definition():
    es = load_translations(None, "es")
    expected = set()
    for name, schema in _schemas().items():
        for f in schema["fields"]:
            for value in f.get("constraints", {}).get("enum", []):
                key = f"{name}.{f['name']}"
                expected.add(key)
                words = es.get(key, {}).get(value, {})
                assert words.get("label", "").strip(), f"{key} = {value}: no Spanish label"
                assert words.get("definition", "").strip(), f"{key} = {value}: no Spanish definition"
            if "enum" in f.get("constraints", {}):  # no translation of a value the schema does not have
                assert set(es.get(f"{name}.{f['name']}", {})) <= set(f["constraints"]["enum"]), f"{name}.{f['name']}"
    assert expected and {k for k in es if "." in k and not k.startswith("metrics.")} == expected


def test_every_field_of_every_schema_has_a_spanish_title_and_description():
    """The data dictionary in Spanish: each field's title and description, carrying every `code`, number and
    YYYY-MM-DD the English names (a translation must not drop a value, a limit or a date the schema states)."""
    fields = load_translations(None, "es")["fields"]
    expected = {f"{name}.{f['name']}": f for name, schema in _schemas().items() for f in schema["fields"]}
    assert set(fields) == set(expected)
    for key, f in expected.items():
        spanish = fields[key]
        assert spanish.get("title", "").strip(), f"{key}: no Spanish title"
        assert bool(spanish.get("description", "").strip()) == bool(f.get("description", "").strip()), key
        for token in re.findall(r"`[^`]+`|\b\d{4}-\d{2}-\d{2}\b|\b\d+\b", f.get("description", "")):
            assert token in spanish["description"], f"{key}: {token} is in the English description only"


def test_a_field_the_translation_lacks_is_shown_in_english_and_marked_so():
    from atlas.domain.vocabulary import Vocabulary

    vocab = Vocabulary(translations={"es": {"fields": {"t.a": {"title": "Título", "description": ""}}}})
    with use_language("es"):
        assert vocab.field_text("t", "a", "title", "Title") == ("Título", False)
        assert vocab.field_text("t", "a", "description", "What it is") == ("What it is", True)
        assert vocab.field_text("t", "b", "title", "Other") == ("Other", True)
        assert vocab.field_text("t", "b", "description", "") == ("", False)
    with use_language("en"):
        assert vocab.field_text("t", "a", "title", "Title") == ("Title", False)


def test_every_metric_and_dataset_has_spanish_words():
    es = load_translations(None, "es")
    with (PACKAGE_DIR / "data" / "metrics.csv").open(encoding="utf-8", newline="") as fh:
        metrics = [r["id"] for r in csv.DictReader(fh)]
    for metric in metrics:
        assert es["metrics.id"].get(metric, {}).get("label") and es["metrics.id"][metric].get("definition"), metric
    for name in _schemas():
        assert es["resources"].get(name, {}).get("title") and es["resources"][name].get("description"), name
    assert (REPO_TRANSLATIONS / "es.json").is_file()


def test_spanish_dates_numbers_and_fiscal_year():
    assert format_date(dt.date(2018, 12, 5), "day", "es") == "5 de diciembre de 2018"
    assert format_date(dt.date(2019, 5, 1), "month", "es") == "mayo de 2019"
    assert format_date(dt.date(2019, 5, 1), "year", "es") == "2019"
    assert format_date(dt.date(2018, 12, 5), "day", "en") == "2018-12-05"  # English pages unchanged
    # Numbers US-style in both languages, as Univision Noticias writes them (see atlas.pages.i18n).
    assert format_number(1185, "es") == "1,185" and format_decimal(11.7, "es") == "11.7"
    assert format_decimal(1234.56, "es") == "1,234.6" and format_decimal(None, "es") == ""
    assert fiscal_year_span(2019, "es") == "del 1 de octubre de 2018 al 30 de septiembre de 2019"
    assert fiscal_year_explained(2019, "es") == ("año fiscal federal 2019: del 1 de octubre de 2018 al 30 de "
                                                 "septiembre de 2019")
    assert fiscal_year_span(2019) == "1 October 2018 to 30 September 2019"


def test_template_filters_follow_the_language(tmp_path):
    from atlas.pages.render import environment

    tpl = environment().from_string("{{ d|date }} · {{ d|date('month') }} · {{ n|num }} · {{ x|dec }} · {{ t('common.fy', year=2019) }}")
    with use_language("es"):
        assert tpl.render(d=dt.date(2018, 12, 5), n=1185, x=11.7) == (
            "5 de diciembre de 2018 · diciembre de 2018 · 1,185 · 11.7 · AF\u00a02019")
    assert tpl.render(d=dt.date(2018, 12, 5), n=1185, x=11.7) == "2018-12-05 · December 2018 · 1,185 · 11.7 · FY2019"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    from atlas.pages.site_files import generate_sites

    package = materialise("site_package", tmp_path_factory.mktemp("i18n") / "package")
    return generate_sites(package, languages=("en", "es"), repository="https://example.org/repo")


def test_a_spanish_build_alone_renders_only_the_spanish_pages_and_the_same_ones(sites, tmp_path):
    """mkdocs build -f mkdocs.es.yml: the Spanish pages as the two-language build makes them, without rendering
    the English site it links to."""
    from atlas.pages.site_files import generate_sites

    package = materialise("site_package", tmp_path / "package")
    alone = generate_sites(package, languages=("en", "es"), repository="https://example.org/repo", only=("es",))
    assert list(alone) == ["es"]
    assert alone["es"].pages == sites["es"].pages and alone["es"].home_markdown == sites["es"].home_markdown


ENGLISH_ELEMENT = re.compile(r'<(span|div) lang="en"[^>]*>.*?</\1>', re.S)
FRONT_MATTER_DATA = re.compile(r"^(jsonld|dataset): .*$", re.M)
SPEC = re.compile(r'<script type="application/json" class="atlas-spec">.*?</script>', re.S)


def _without_english(text: str) -> str:
    """A Spanish page without what may be English there: elements marked lang="en", and data (JSON-LD, specs)."""
    return html.unescape(SPEC.sub("", FRONT_MATTER_DATA.sub("", ENGLISH_ELEMENT.sub("", text))))


def _english_phrases() -> set[str]:
    """Every English catalogue text and English enum definition, cut at its placeholders, of four words or more,
    that is not also Spanish (a name such as "ICE Cooperation Atlas")."""
    es_values = " ".join(catalogue("es").values())
    phrases = set()
    texts = list(catalogue("en").values())
    package = load_package(PACKAGE_DIR)
    for res in package.resources.values():
        for f in res.fields:
            texts += [d for d in res.enum_definitions(f["name"]).values() if d]
    for text in texts:
        for part in PLACEHOLDER.split(html.unescape(text))[::2]:
            part = part.strip(" .,:;()·")
            if len(part.split()) >= 4 and part not in es_values:
                phrases.add(part)
    return phrases


def test_spanish_pages_hold_no_english_template_text(sites):
    es = sites["es"]
    pages = {**es.pages, "index.md (home)": es.home_markdown}
    assert len(pages) > 20
    phrases = _english_phrases()
    assert len(phrases) > 150
    found = {(path, p) for path, text in pages.items() for p in phrases if p in _without_english(text)}
    assert sorted(found) == []
    # The same check finds the English text on the English pages (it is not vacuous).
    english = _without_english(sites["en"].pages["counties/37119.md"])
    assert len([p for p in phrases if p in english]) > 15


def test_spanish_pages_mark_english_data_and_link_to_the_one_set_of_downloads(sites):
    es, en = sites["es"], sites["en"]
    county = es.pages["counties/37119.md"]
    assert '<span lang="en">Synthetic first period: detainers honored.' in county
    assert "Los resúmenes y notas de las fuentes están en inglés" in county
    assert 'href="../../../downloads/counties/37119.csv"' in county  # the English site's file
    assert not any(p.startswith("downloads/") for p in es.assets)  # one set of downloads, the English site's
    assert "downloads/counties/37119.csv" in en.assets
    assert "5 de diciembre de 2018" in county and "Cumple las órdenes de retención" in county


def test_spanish_maps_and_charts_use_the_schema_translations(sites):
    es = sites["es"]
    statuses = json.loads(es.assets["assets/atlas/status-287g.json"])
    assert {"Sin acuerdo en la lista", "Solo acuerdos anteriores"} <= {r["s"] for r in statuses}
    spec = es.pages["counties/37119.md"]
    assert '"title":"Año fiscal federal"' in spec and "Cumple las órdenes de retención" in spec


def test_spanish_state_and_dataset_pages(sites):
    es = sites["es"]
    nc = es.pages["states/nc.md"]
    assert "Mapa de los condados de Carolina del Norte coloreados según su situación 287(g)" in nc
    assert "<h1>Mecklenburg County, Carolina del Norte</h1>" in es.pages["counties/37119.md"]
    dataset = es.pages["datasets/detainer_policies.md"]
    assert "Exige orden judicial" not in dataset or "La cárcel retiene a una persona para ICE solo cuando" in dataset
    assert "La cárcel retiene a una persona para ICE solo cuando un juez" in dataset
    # the data dictionary in Spanish, not marked as English
    assert "<small>Política sobre órdenes de retención</small>" in dataset
    assert "Qué dice la política sobre las órdenes de retención (detainers) de ICE" in dataset
    assert '<span lang="en">What the policy says' not in dataset


def _prose(markdown: str) -> list[str]:
    """Prose lines of a Markdown page (no code blocks, tables, front matter or link-only lines)."""
    out, code = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            code = not code
            continue
        text = line.strip(" -*")
        if code or line.startswith(("|", "---", "<!--")) or len(line.split()) < 8 or text.startswith(("`", '"')):
            continue  # code, tables, and program output quoted as it is printed
        out.append(text)
    return out


@pytest.mark.parametrize("english, spanish", [
    ("docs/index.md", "docs/es/index.md"), ("docs/about.md", "docs/es/about.md"),
    ("docs/methodology.md", "docs/es/methodology.md"), ("docs/validation.md", "docs/es/validation.md"),
    ("CONTRIBUTING.md", "CONTRIBUTING.es.md")])
def test_hand_written_pages_are_translated(english, spanish):
    en = (REPO_ROOT / english).read_text(encoding="utf-8")
    es = (REPO_ROOT / spanish).read_text(encoding="utf-8")
    assert len(es) > 0.6 * len(en), f"{spanish} looks shorter than a full translation"
    left = [line for line in _prose(en) if line in es]
    assert left == [], f"English lines left in {spanish}"


def test_glossary_in_both_methodology_pages():
    for path, words in (("docs/methodology.md", "## Glossary"), ("docs/es/methodology.md", "## Glosario")):
        text = (REPO_ROOT / path).read_text(encoding="utf-8")
        assert words in text
        assert "orden de retención (detainer)" in text and "expulsión (removal)" in text
    assert "ilegales" not in (REPO_ROOT / "scripts/atlas/pages/i18n/es.yml").read_text(encoding="utf-8")


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(st.text(), st.integers(), st.floats(allow_nan=False)), language=st.sampled_from(LANGUAGES),
       key=st.sampled_from(["county.figures.caption", "common.fy", "county.figures.agency", "timeline.as_of"]))
def test_a_message_with_data_is_the_escaping_formatters_text(value, language, key):
    """t_markup fills a message with str.format over escaped values: exactly what Markup.format would write, so
    markup in the data (<script>, **, [link](…)) stays text in every language."""
    from markupsafe import Markup

    from atlas.markup import html_text
    from atlas.pages.i18n import message, t_markup

    with use_language(language):
        names = re.findall(r"{(\w+)}", message(key))
        values = {name: value for name in names}
        assert t_markup(key, **values) == Markup(message(key)).format(**{k: html_text(v) for k, v in values.items()})
        assert "<script" not in t_markup(key, **{name: "<script>" for name in names})
