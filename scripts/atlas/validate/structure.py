"""Check the shape of datapackage.json and the Table Schemas before anything else trusts them.

Frictionless (and our own rules) assume a descriptor is shaped as the standard says: `foreignKeys` a list of
objects, `constraints` an object, `pattern` a regular expression. Given a string where an object belongs they
crash with a traceback instead of saying what is wrong. So every key that code reads is checked here first,
and each mistake becomes a sentence naming the key, like `foreignKeys[0].reference must be an object`.
"""
from __future__ import annotations

import json
import re

MAX_DEPTH = 32  # a Table Schema is 5 levels deep; anything far deeper is a mistake or an attack

# Keys of the descriptor that frictionless or the atlas reads, with the JSON type each must have.
PACKAGE_KEYS = {"name": str, "title": str, "description": str, "version": str, "homepage": str, "profile": str,
                "licenses": list, "contributors": list, "keywords": list, "sources": list, "resources": list,
                "created": str, "image": str, "id": str}
RESOURCE_KEYS = {"name": str, "path": str, "title": str, "description": str, "format": str, "mediatype": str,
                 "encoding": str, "profile": str, "hash": str, "bytes": int, "licenses": list, "sources": list,
                 "dialect": dict, "schema": (str, dict), "scheme": str, "compression": str}
# The atlas reads local, uncompressed CSV files only; other values would make frictionless read the file as
# something else (or fetch it), so they are refused rather than passed on.
RESOURCE_VALUES = {"format": {"csv"}, "mediatype": {"text/csv"}, "scheme": {"file"}, "compression": {"no"}}
_TYPE_WORDS = {str: "a string", int: "a whole number", list: "a list", dict: "an object", bool: "true or false"}


class UnreadableJSON(ValueError):
    """A JSON file that cannot be used at all; `line` is where the syntax breaks, when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def parse_json(text: str) -> object:
    """json.loads that never raises anything but UnreadableJSON (deep nesting raises RecursionError otherwise)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise UnreadableJSON(f"it is not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}",
                             err.lineno) from err
    except (RecursionError, MemoryError) as err:
        raise UnreadableJSON(f"it is nested too deeply to read (the limit is {MAX_DEPTH} levels)") from err
    if nesting_depth(value) > MAX_DEPTH:
        raise UnreadableJSON(f"it is nested more than {MAX_DEPTH} levels deep")
    return value


def nesting_depth(value: object) -> int:
    """Depth of nested lists and objects, counted without recursion so a deep value cannot crash the count."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _is(value: object, kind) -> bool:
    """isinstance, except that true/false is not a number (JSON keeps them apart; Python does not)."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False
    return isinstance(value, kinds)


def _words(kind) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(_TYPE_WORDS[k] for k in kinds)


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if nesting_depth(value) <= MAX_DEPTH else type(value).__name__
    return text if len(text) <= 40 else text[:39] + "…"


def typed_mistakes(obj: dict, expected: dict, where: str) -> list[tuple[str, str]]:
    """(key, message) for each key of `obj` whose value is not of the type `expected` names."""
    return [(key, f"{where}{key} must be {_words(kind)}, not {_shown(obj[key])}")
            for key, kind in expected.items() if key in obj and not _is(obj[key], kind)]


def bad_keys(obj: dict, expected: dict) -> list[str]:
    return [key for key, _ in typed_mistakes(obj, expected, "")]


def wrong_types(obj: dict, expected: dict, where: str) -> list[str]:
    return [message for _, message in typed_mistakes(obj, expected, where)]


def unsupported_values(obj: dict, allowed: dict, where: str) -> list[tuple[str, str]]:
    """(key, message) for each key of `obj` whose (well-typed) value is not one the atlas can read."""
    return [(key, f"{where}{key} must be {' or '.join(map(json.dumps, sorted(values)))}, not {_shown(obj[key])}")
            for key, values in allowed.items() if key in obj and obj[key] not in values]


def anchored(pattern: str) -> str:
    """A field pattern as frictionless compiles it: it must match the whole cell."""
    return f"^{pattern}$"


def pattern_error(pattern: str) -> str | None:
    """Why frictionless could not compile the pattern (e.g. `(?s).*`, whose flag is no longer first), or None."""
    try:
        re.compile(anchored(pattern))
    except (re.error, RecursionError, OverflowError) as err:
        return str(err)
    return None


_NAMES = (str, list)  # a key's fields: one name or a list of names
_CONSTRAINTS = {"required": bool, "unique": bool, "pattern": str, "enum": list,
                "minLength": int, "maxLength": int}
_FIELD_KEYS = {"name": str, "type": str, "format": str, "title": str, "description": str, "constraints": dict,
               "missingValues": list, "trueValues": list, "falseValues": list, "bareNumber": bool,
               "groupChar": str, "decimalChar": str, "enumDefinitions": dict}


def schema_problems(schema: dict) -> list[str]:
    """Every shape mistake in a Table Schema that would crash frictionless or the atlas' rules."""
    problems = wrong_types(schema, {"fields": list, "primaryKey": _NAMES, "foreignKeys": list,
                                    "missingValues": list}, "")
    fields = schema.get("fields") if isinstance(schema.get("fields"), list) else []
    for index, fdef in enumerate(fields):
        problems.extend(_field_problems(fdef, f"fields[{index}]"))
    problems.extend(_names_problems(schema.get("primaryKey", []), "primaryKey"))
    for index, fk in enumerate(schema.get("foreignKeys") if isinstance(schema.get("foreignKeys"), list) else []):
        problems.extend(_foreign_key_problems(fk, f"foreignKeys[{index}]"))
    problems.extend(_string_list_problems(schema, "missingValues", ""))
    return problems


def _field_problems(fdef: object, where: str) -> list[str]:
    if not isinstance(fdef, dict):
        return [f"{where} must be an object with a \"name\", not {_shown(fdef)}"]
    if "name" not in fdef:
        return [f"{where} has no \"name\""]
    problems = wrong_types(fdef, _FIELD_KEYS, f"{where}.")
    for key in ("missingValues", "trueValues", "falseValues"):
        problems.extend(_string_list_problems(fdef, key, f"{where}."))
    constraints = fdef.get("constraints")
    if isinstance(constraints, dict):
        problems.extend(wrong_types(constraints, _CONSTRAINTS, f"{where}.constraints."))
        pattern = constraints.get("pattern")
        error = pattern_error(pattern) if isinstance(pattern, str) else None
        if error:
            problems.append(f"{where}.constraints.pattern {_shown(pattern)} is not a valid regular expression "
                            f"once anchored as {_shown(anchored(pattern))}: {error}")
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if key in constraints and not _is(constraints[key], (str, int, float)):
                problems.append(f"{where}.constraints.{key} must be a number or a string, "
                                f"not {_shown(constraints[key])}")
    return problems


def _string_list_problems(obj: dict, key: str, where: str) -> list[str]:
    value = obj.get(key)
    if isinstance(value, list) and not all(isinstance(v, str) for v in value):
        return [f"{where}{key} must be a list of strings"]
    return []


def _names_problems(value: object, where: str) -> list[str]:
    """A key's `fields`: a field name or a list of field names (wrong types are reported by wrong_types)."""
    listed = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    if not all(isinstance(v, str) for v in listed):
        return [f"{where} must list field names as strings"]
    return []


def _foreign_key_problems(fk: object, where: str) -> list[str]:
    example = '{"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["id"]}}'
    if not isinstance(fk, dict):
        return [f"{where} must be an object like {example}, not {_shown(fk)}"]
    if "fields" not in fk or not isinstance(fk.get("reference"), dict):
        return [f"{where} needs \"fields\" and a \"reference\" object, like {example}"]
    problems = wrong_types(fk, {"fields": _NAMES}, f"{where}.")
    problems.extend(_names_problems(fk.get("fields", []), f"{where}.fields"))
    problems.extend(wrong_types(fk["reference"], {"resource": str, "fields": _NAMES}, f"{where}.reference."))
    problems.extend(_names_problems(fk["reference"].get("fields", []), f"{where}.reference.fields"))
    return problems
