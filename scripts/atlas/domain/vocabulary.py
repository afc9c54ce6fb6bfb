"""Words for enum values, read once from the Table Schemas: a label and a definition per "resource.field" value.

The schema's `enumDefinitions` give each value's meaning. Labels are the value humanised, except 287(g)
models, whose definitions start with their proper names ("Jail Enforcement Model: ...").
"""
from __future__ import annotations

from dataclasses import dataclass, field

PROPER_NAMED = ("agreements_287g.model",)  # fields whose definitions start with "Proper Name: ..."


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

    def label(self, key: str, value: str | None) -> str:
        if value is None:
            return ""
        return self.labels.get(key, {}).get(value, humanise(value))

    def definition(self, key: str, value: str | None) -> str:
        return self.definitions.get(key, {}).get(value or "", "")

    def values(self, key: str) -> list[str]:
        """The allowed values of an enum field, in schema order."""
        return list(self.definitions.get(key, {}))


def vocabulary(package) -> Vocabulary:
    """The Vocabulary of every enum field of every resource of an AtlasPackage."""
    vocab = Vocabulary()
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
