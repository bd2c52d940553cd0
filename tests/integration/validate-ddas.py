#!/usr/bin/python3
"""Validates a DDAS Vroegsignalering delivery against the Uitwisselmodel JSON Schema.

   validate-ddas.py SCHEMA FILE

Exit 0 when FILE is valid, 1 with every error listed when not, 2 when jsonschema is missing
(build-aux/install-deps --test installs python3-jsonschema)."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is missing: build-aux/install-deps --test installs it", file=sys.stderr)
    sys.exit(2)


def main():
    schema_path, file_path = sys.argv[1], sys.argv[2]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    with open(file_path, encoding="utf-8") as f:
        document = json.load(f)
    # The schema's own draft, and its formats (date, date-time, email) checked, not only annotated.
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    for error in errors:
        print("%s: %s" % ("/".join(str(p) for p in error.absolute_path), error.message), file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
