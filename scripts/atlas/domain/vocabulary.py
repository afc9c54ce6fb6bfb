"""Words for enum values, read once from the Table Schemas: a label and a definition per "resource.field" value.

The schema's `enumDefinitions` give each value's meaning. Labels are the value humanised, except 287(g)
models, whose definitions start with their proper names ("Jail Enforcement Model: ...").

Other languages: the words are translated once, beside the schemas, in schemas/i18n/<language>.json, keyed
by "resource.field" then value -> {label, definition} ("metrics.id" for the rows of metrics.csv, "resources"
for the datasets' titles and descriptions, "fields" the fields' titles and descriptions by "resource.field").
`label` and `definition` answer in the language the pages are being
built in (atlas.pages.i18n.current_language), so the data dictionary, the legends and the maps use one set of
words; a value without a translation falls back to the English words.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

PROPER_NAMED = ("agreements_287g.model",)  # fields whose definitions start with "Proper Name: ..."
TRANSLATIONS_DIR = "schemas/i18n"  # under a package's root: <language>.json
REPO_TRANSLATIONS = Path(__file__).resolve().parents[3] / "datapackage" / TRANSLATIONS_DIR


def translations_file(package_root: Path | None, language: str) -> Path:
    """The package's own translations when it has them (a copy of the repository's), else the repository's."""
    if package_root is not None:
        own = Path(package_root) / TRANSLATIONS_DIR / f"{language}.json"
        if own.is_file():
            return own
    return REPO_TRANSLATIONS / f"{language}.json"


def load_translations(package_root: Path | None, language: str) -> dict:
    path = translations_file(package_root, language)
    if not path.is_file():
        return {}
    return {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if not k.startswith("_")}


def _language() -> str:
    from ..pages.i18n import current_language

    return current_language()


def humanise(value: str) -> str:
    """An enum value as words: "requires_judicial_warrant" -> "Requires judicial warrant". An upper-case code
    (ICE's facility types: "USMS IGA") is a name and stays as it is."""
    if value.isupper():
        return value
    return value.replace("_", " ").replace("-", " ").capitalize()


@dataclass
class Vocabulary:
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # "resource.field" -> value -> label
    definitions: dict[str, dict[str, str]] = field(default_factory=dict)
    # language -> "resource.field" -> value -> {"label", "definition"} (schemas/i18n/<language>.json)
    translations: dict[str, dict] = field(default_factory=dict)

    def _translated(self, key: str, value: str, part: str) -> str | None:
        lang = _language()
        if lang == "en":
            return None
        return self.translations.get(lang, {}).get(key, {}).get(value, {}).get(part) or None

    def label(self, key: str, value: str | None) -> str:
        if value is None:
            return ""
        return self._translated(key, value, "label") or self.labels.get(key, {}).get(value, humanise(value))

    def definition(self, key: str, value: str | None) -> str:
        return self._translated(key, value or "", "definition") or self.definitions.get(key, {}).get(value or "", "")

    def metric(self, row: dict, part: str) -> str:
        """A metric's label or definition (a row of metrics.csv) in the current language."""
        return self._translated("metrics.id", row.get("id", ""), part) or row.get(part) or ""

    def state_name(self, state: dict) -> str:
        """A state's name in the current language ("Carolina del Norte"); English when Spanish keeps it."""
        lang = _language()
        if lang == "en":
            return state.get("name", "")
        return self.translations.get(lang, {}).get("state_names", {}).get(state.get("usps", "")) or state.get("name", "")

    def resource(self, name: str, part: str, english: str) -> str:
        """A dataset's title or description in the current language."""
        lang = _language()
        if lang == "en":
            return english
        return self.translations.get(lang, {}).get("resources", {}).get(name, {}).get(part) or english

    def field_text(self, resource: str, name: str, part: str, english: str) -> tuple[str, bool]:
        """A field's title or description in the current language, and whether it is still the English text (a field
        the translation does not cover yet): pages mark that text as English."""
        lang = _language()
        if lang == "en":
            return english, False
        translated = self.translations.get(lang, {}).get("fields", {}).get(f"{resource}.{name}", {}).get(part)
        if translated or not english:
            return translated or english, False
        return english, True

    def values(self, key: str) -> list[str]:
        """The allowed values of an enum field, in schema order."""
        return list(self.definitions.get(key, {}))


def vocabulary(package, languages: tuple[str, ...] = ("es",)) -> Vocabulary:
    """The Vocabulary of every enum field of every resource of an AtlasPackage, with its translations."""
    vocab = Vocabulary()
    root = getattr(package, "root", None)
    vocab.translations = {lang: load_translations(root, lang) for lang in languages}
    for name, resource in package.resources.items():
        for f in resource.fields:
            if "enum" not in f.get("constraints", {}):
                continue
            key = f"{name}.{f['name']}"
            defs = resource.enum_definitions(f["name"])
            vocab.definitions[key] = defs
            vocab.labels[key] = {v: humanise(v) for v in defs}
    for key in PROPER_NAMED:
        for value, text in vocab.definitions.get(key, {}).items():
            if ":" in text and len(text.split(":", 1)[0]) <= 40:
                vocab.labels[key][value] = text.split(":", 1)[0]
    return vocab
