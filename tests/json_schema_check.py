#!/usr/bin/python3
"""Validates vpt's --json output against the schemas in man/schemas.

  json_schema_check.py SCHEMA_DIR --check-schemas
      every *.schema.json in SCHEMA_DIR is itself a valid draft 2020-12 schema
  json_schema_check.py SCHEMA_DIR NAME FILE
      FILE (a JSON document) is valid against SCHEMA_DIR/NAME.schema.json

Prints one line per problem on stderr; exits 0 when valid, 1 when not, 2 on
bad usage. Run by Debian's /usr/bin/python3 with python3-jsonschema (4.10).
"""
import json
import pathlib
import sys

import jsonschema
from jsonschema import Draft202012Validator


def load_schemas(schema_dir):
    schemas = {}
    for path in sorted(pathlib.Path(schema_dir).glob("*.schema.json")):
        with open(path, encoding="utf-8") as f:
            schemas[path.name] = json.load(f)
    return schemas


def check_schemas(schemas):
    problems = 0
    for name, schema in schemas.items():
        try:
            Draft202012Validator.check_schema(schema)
        except jsonschema.exceptions.SchemaError as error:
            print(f"{name}: not a valid schema: {error.message}", file=sys.stderr)
            problems += 1
        if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
            print(f"{name}: $schema is not draft 2020-12", file=sys.stderr)
            problems += 1
    return problems


def validate(schemas, name, document_path):
    schema = schemas.get(name + ".schema.json")
    if schema is None:
        print(f"no schema {name}.schema.json", file=sys.stderr)
        return 2
    # The schemas refer to each other by relative $ref; resolve them from
    # the directory, never from the network.
    store = {s["$id"]: s for s in schemas.values() if "$id" in s}
    resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
    with open(document_path, encoding="utf-8") as f:
        try:
            document = json.load(f)
        except json.JSONDecodeError as error:
            print(f"{document_path}: not JSON: {error}", file=sys.stderr)
            return 1
    validator = Draft202012Validator(schema, resolver=resolver)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for error in errors:
        # A oneOf (show's object or list) fails as a whole: name the
        # failure of the branch that came closest instead.
        while error.context:
            error = max(error.context, key=lambda e: len(e.absolute_path))
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        message = error.message if len(error.message) <= 300 else error.message[:300] + "..."
        print(f"{name}: {where}: {message}", file=sys.stderr)
    return 1 if errors else 0


def main(argv):
    if len(argv) == 3 and argv[2] == "--check-schemas":
        schemas = load_schemas(argv[1])
        if not schemas:
            print(f"no *.schema.json in {argv[1]}", file=sys.stderr)
            return 1
        return 1 if check_schemas(schemas) else 0
    if len(argv) == 4:
        return validate(load_schemas(argv[1]), argv[2], argv[3])
    print(__doc__.strip().splitlines()[2], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
