#!/usr/bin/env python3
"""Validate taxigen entity specs against schema/taxigen-spec.schema.json.

Usage: validate-specs.py DIR_OR_FILE [DIR_OR_FILE ...]

Every `*.yaml` file under each directory (recursively, hidden directories skipped) is checked
against the JSON Schema; a file named `taxigen.yaml` is checked against the config schema
instead. Each failure is printed as

    path:line:column: error: message
      hint: ...

and the exit status is 1 if any file failed, 0 otherwise (then `N specs valid` is printed).

The YAML is read with YAML 1.2 core rules, as the editors' YAML language server reads it:
only true/false are booleans, `yes`/`no`/`on`/`off` and unquoted dates stay strings.
This checks what the JSON Schema can express; `taxigen generate` checks the rest
(references between entities, min <= max, defaults against constraints, derived name lengths).

Needs jsonschema and PyYAML (run it with $TAXIGEN_PYTHON, the .venv-tools interpreter).
"""

import argparse
import difflib
import json
import re
import sys
from pathlib import Path

try:
    import yaml
    from jsonschema import Draft202012Validator
except ImportError as error:  # pragma: no cover - environment problem
    sys.stderr.write(
        f"validate-specs: {error}\n"
        "  hint: run with $TAXIGEN_PYTHON (the .venv-tools interpreter with jsonschema and pyyaml)\n"
    )
    sys.exit(2)

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
SPEC_SCHEMA = SCHEMA_DIR / "taxigen-spec.schema.json"
CONFIG_SCHEMA = SCHEMA_DIR / "taxigen-config.schema.json"
CONFIG_NAME = "taxigen.yaml"

# Hints for a missing required key, by field type.
REQUIRED_HINTS = {
    ("string", "max_length"): "a string is bounded (SQL varchar(max_length)); use type: text for unbounded text",
    ("array", "max_length"): "strings are bounded: max_length bounds each item (varchar(n)[]); or use items: text",
    ("decimal", "precision"): "numeric(precision, scale) needs a precision between 1 and 1000",
    ("array", "items"): "the item type: string, text, int, bigint, double, bool or uuid",
    ("enum", "values"): "the allowed values, e.g. values: [active, suspended, closed]",
    ("ref", "entity"): "the referenced entity's name, e.g. entity: Customer",
    ("vector", "dimensions"): "the embedding size, e.g. dimensions: 384",
}


# ---------------------------------------------------------------------------
# YAML 1.2 core schema loading, keeping the position of every key and value.
# ---------------------------------------------------------------------------

class CoreLoader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema's implicit types (no yes/no, no timestamps)."""


CoreLoader.yaml_implicit_resolvers = {}
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789"))
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))
CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])


class SpecError(Exception):
    """A problem found while reading a file, with its 1-based position."""

    def __init__(self, line, column, message):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


class Document:
    """A loaded YAML document: plain Python data plus the position of each key and value."""

    def __init__(self, root):
        self.value_marks = {}
        self.key_marks = {}
        self.data = self._convert(root, ())

    @staticmethod
    def _mark(node):
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def _convert(self, node, path):
        self.value_marks[path] = self._mark(node)
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                    line, column = self._mark(key_node)
                    raise SpecError(line, column, "a key must be a plain name (a string)")
                key = key_node.value
                if key in result:
                    line, column = self._mark(key_node)
                    raise SpecError(line, column, f"duplicate key '{key}'")
                self.key_marks[path + (key,)] = self._mark(key_node)
                result[key] = self._convert(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self._convert(item, path + (index,)) for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node):
        text, tag = node.value, node.tag
        if tag == "tag:yaml.org,2002:str":
            return text
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return text.lower() == "true"
        if tag == "tag:yaml.org,2002:int":
            if text.startswith(("0o", "0x")):
                return int(text, 0)
            return int(text, 10)
        if tag == "tag:yaml.org,2002:float":
            lowered = text.lower()
            if lowered.endswith(".inf"):
                return float("-inf") if lowered.startswith("-") else float("inf")
            if lowered == ".nan":
                return float("nan")
            return float(text)
        line, column = self._mark(node)
        raise SpecError(line, column, f"unsupported YAML tag {tag}")

    def key_position(self, path):
        """Where the key of the value at `path` is written (the value's own position otherwise)."""
        return self.key_marks.get(path) or self.position(path)

    def position(self, path):
        """Where the value at `path` is written, or the nearest enclosing value."""
        while path not in self.value_marks and path:
            path = path[:-1]
        return self.value_marks.get(path, (1, 1))


def load(path):
    """Loads one YAML file as a Document, or raises SpecError."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SpecError(1, 1, "not UTF-8 text")
    try:
        root = yaml.compose(text, Loader=CoreLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        raise SpecError(line, column, f"YAML syntax: {problem}")
    except yaml.YAMLError as error:
        raise SpecError(1, 1, f"YAML syntax: {error}")
    if root is None:
        raise SpecError(1, 1, "the file is empty: a spec is a mapping with 'entity' and 'fields'")
    try:
        return Document(root)
    except RecursionError:
        raise SpecError(1, 1, "the document nests too deeply (a recursive alias?)")


# ---------------------------------------------------------------------------
# Turning jsonschema errors into taxigen diagnostics.
# ---------------------------------------------------------------------------

def owner(path):
    """What a mapping at `path` is, in words."""
    if len(path) >= 2 and path[0] == "fields":
        return f"field '{path[1]}'"
    if len(path) >= 2 and path[0] == "indexes":
        return f"indexes[{path[1]}]"
    if path == ("fields",):
        return "'fields'"
    return "the spec" if path else "the top level"


def key_name(path):
    """The key a value at `path` belongs to, relative to its field or index."""
    rest = path[2:] if len(path) >= 2 and path[0] in ("fields", "indexes") else path
    text = ""
    for part in rest:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def close_match(word, candidates):
    """The candidate `word` was probably meant to be, if any."""
    if not isinstance(word, str):
        return None
    found = difflib.get_close_matches(word, [c for c in candidates if isinstance(c, str)], n=1, cutoff=0.6)
    return found[0] if found else None


def suggestible(schema_properties):
    """Keys a user may write (refused keys are listed in the schema but never suggested)."""
    return [key for key, sub in schema_properties.items() if not (isinstance(sub, dict) and sub.get("doNotSuggest"))]


def diagnose(error, doc):
    """One jsonschema error as a list of (line, column, message, hint, path, custom)."""
    path = tuple(error.absolute_path)
    validator = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    custom = schema.get("errorMessage")
    if validator == "pattern":
        custom = schema.get("patternErrorMessage") or custom

    if validator == "additionalProperties" and isinstance(error.instance, dict):
        known = schema.get("properties", {})
        result = []
        for key in error.instance:
            if key in known:
                continue
            line, column = doc.key_position(path + (key,))
            hint = close_match(key, suggestible(known))
            where = f" in {owner(path)}" if path else ""
            result.append((line, column, f"unknown key '{key}'{where}",
                           f"did you mean '{hint}'?" if hint else None, path + (key,), True))
        return result

    if validator == "required" and isinstance(error.instance, dict):
        result = []
        field_type = error.instance.get("type")
        for key in error.validator_value:
            if key in error.instance:
                continue
            line, column = doc.key_position(path)
            hint = REQUIRED_HINTS.get((field_type, key))
            where = f"{owner(path)} of type '{field_type}'" if path[:1] == ("fields",) and field_type else owner(path)
            result.append((line, column, f"missing required key '{key}' in {where}", hint, path + (key,), True))
        return result

    if "propertyNames" in error.absolute_schema_path:
        name = error.instance
        line, column = doc.key_position(path + (name,))
        detail = custom or error.message
        kind = "field name" if path == ("fields",) else "key"
        return [(line, column, f"invalid {kind} '{name}': {detail}", None, path + (name,), True)]

    if validator == "not" and custom:
        line, column = doc.key_position(path)
        prefix = f"{owner(path[:-1])}: " if path[:-1] else ""
        return [(line, column, prefix + custom, None, path, True)]

    if validator == "type" and len(path) == 2 and path[0] == "fields" and "object" in error.validator_value:
        line, column = doc.position(path)
        return [(line, column, f"field '{path[1]}' must be a mapping with a type, not {json.dumps(error.instance)}",
                 "e.g. " + path[1] + ": { type: string, max_length: 255 }", path, True)]

    line, column = doc.position(path)
    hint = None
    if validator == "enum":
        match = close_match(error.instance, error.validator_value)
        hint = f"did you mean '{match}'?" if match else None
    if validator == "type" and error.validator_value == "boolean" and isinstance(error.instance, str):
        hint = "write true or false (yes, no, on and off are strings in YAML 1.2)"
    if validator == "pattern" and custom and custom.startswith(("is ", "cannot ")):
        detail = f"{error.instance!r} {custom}"
    elif custom:
        detail = f"{custom}, not {json.dumps(error.instance)}"
    else:
        detail = error.message
    if not path:
        message = f"invalid spec: {detail}"
    elif len(path) == 2 and path[0] == "fields":
        message = f"invalid field '{path[1]}': {detail}"
    else:
        where = owner(path[:2]) if len(path) > 2 and path[0] in ("fields", "indexes") else None
        message = f"invalid '{key_name(path)}'" + (f" in {where}" if where else "") + f": {detail}"
    return [(line, column, message, hint, path, bool(custom))]


def check(path, validator):
    """All diagnostics for one file, sorted by position."""
    try:
        doc = load(path)
    except SpecError as error:
        return [(error.line, error.column, error.message, None)]
    found = []
    for error in validator.iter_errors(doc.data):
        found.extend(diagnose(error, doc))
    # One message per spot: where a value breaks both a generic and a taxigen-specific rule
    # (e.g. `index: gin` on a string), keep the specific one.
    specific = {d[4] for d in found if d[5]}
    seen, result = set(), []
    for line, column, message, hint, at, is_custom in found:
        if not is_custom and at in specific:
            continue
        if (line, column, message) in seen:
            continue
        seen.add((line, column, message))
        result.append((line, column, message, hint))
    return sorted(result, key=lambda d: (d[0], d[1]))


def yaml_files(argument):
    """The *.yaml files an argument names: itself, or every one under a directory."""
    if argument.is_file():
        return [argument]
    return sorted(
        p for p in argument.rglob("*.yaml")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(argument).parts[:-1])
    )


def main():
    parser = argparse.ArgumentParser(description="Validate taxigen specs against the JSON Schema.")
    parser.add_argument("paths", nargs="+", type=Path, help="spec directories (searched recursively) or files")
    arguments = parser.parse_args()

    validators = {}
    for name, schema_path in (("spec", SPEC_SCHEMA), ("config", CONFIG_SCHEMA)):
        schema = json.loads(schema_path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        validators[name] = Draft202012Validator(schema)

    checked, failed, missing = 0, 0, 0
    for argument in arguments.paths:
        if not argument.exists():
            print(f"{argument}: error: no such file or directory", file=sys.stderr)
            missing += 1
            continue
        for path in yaml_files(argument):
            checked += 1
            kind = "config" if path.name == CONFIG_NAME else "spec"
            diagnostics = check(path, validators[kind])
            if diagnostics:
                failed += 1
            for line, column, message, hint in diagnostics:
                print(f"{path}:{line}:{column}: error: {message}", file=sys.stderr)
                if hint:
                    print(f"  hint: {hint}", file=sys.stderr)

    if failed or missing:
        print(f"{failed} of {checked} specs invalid", file=sys.stderr)
        return 1
    print(f"{checked} specs valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
