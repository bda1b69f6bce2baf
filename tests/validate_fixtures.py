#!/usr/bin/env python3
"""Validates the fixtures against schemas/ with Python's `jsonschema` package: an
implementation independent of the Rust validator the test suite uses.

Run from the repository root: python3 tests/validate_fixtures.py
- every schema file is a valid draft 2020-12 schema;
- a fixture that lenient decoding accepts (`expect: ok`) satisfies the lenient schema of its
  direction, and one that strict decoding accepts (`strict: ok`) the canonical schema too;
- a fixture that decoding rejects and that is valid JSON (no duplicate keys, nesting under
  the limit) is rejected for its shape, so both schemas reject it.
Prints the counts and exits 1 on any disagreement.

`tests/codegen.py` imports the reading functions below.
"""
import glob
import json
import os
import sys

from jsonschema import Draft202012Validator

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
MAX_NESTING = 128
# The contract files of each direction, relative to schemas/.
CONTRACTS = {
    (direction, contract): prefix + name
    for direction, name in (('server', 'server-event.schema.json'), ('client', 'client-command.schema.json'))
    for contract, prefix in (('canonical', ''), ('lenient', 'lenient/'))
}
# What read_fixture gives for a frame that is not JSON (or has duplicate keys, or is too deep
# for the parser).
NOT_JSON = object()


class Duplicate(Exception):
    pass


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise Duplicate()
    return dict(pairs)


def depth(value):
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    return 0


def load_schemas():
    """Every schema file, checked, by path relative to schemas/."""
    schemas = {}
    for path in sorted(glob.glob(os.path.join(ROOT, 'schemas', '**', '*.json'), recursive=True)):
        schema = json.load(open(path, encoding='utf-8'))
        Draft202012Validator.check_schema(schema)
        schemas[os.path.relpath(path, os.path.join(ROOT, 'schemas'))] = schema
    return schemas


def contract_validators(schemas):
    """A validator by (direction, contract), direction 'server' or 'client', contract
    'canonical' or 'lenient'."""
    return {key: Draft202012Validator(schemas[path]) for key, path in CONTRACTS.items()}


def fixture_paths():
    return sorted(glob.glob(os.path.join(ROOT, 'tests', 'fixtures', '**', '*.fixture'), recursive=True))


def read_fixture(path):
    """(name, header, instance): the name relative to tests/fixtures, the header as a dict,
    the frame parsed, or NOT_JSON."""
    name = os.path.relpath(path, os.path.join(ROOT, 'tests', 'fixtures'))
    head, frame = open(path, encoding='utf-8').read().split('\n---\n', 1)
    frame = frame[:-1] if frame.endswith('\n') else frame
    header = dict(line.split(': ', 1) for line in head.splitlines())
    try:
        instance = json.loads(frame, object_pairs_hook=no_duplicates)
    except (ValueError, Duplicate, RecursionError):
        instance = NOT_JSON
    return name, header, instance


def errors(validator, instance):
    """What the validator finds wrong, one line each with the JSON path; empty if valid."""
    return [f"{'/' + '/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(instance)]


def main():
    schemas = load_schemas()
    validators = contract_validators(schemas)
    failures, counts = [], {'lenient': 0, 'canonical': 0, 'rejected': 0, 'skipped': 0}
    for path in fixture_paths():
        name, header, instance = read_fixture(path)
        direction = header['direction']
        if instance is NOT_JSON:
            counts['skipped'] += 1
            continue
        if header['expect'] == 'ok':
            found = errors(validators[(direction, 'lenient')], instance)
            if found:
                failures.append(f'{name}: decodes, but the lenient schema says {found}')
            counts['lenient'] += 1
            if header.get('strict') == 'ok':
                found = errors(validators[(direction, 'canonical')], instance)
                if found:
                    failures.append(f'{name}: strict decoding accepts it, the canonical schema says {found}')
                counts['canonical'] += 1
        elif depth(instance) <= MAX_NESTING:
            for contract in ('lenient', 'canonical'):
                if not errors(validators[(direction, contract)], instance):
                    failures.append(f'{name}: decoding rejects it, the {contract} schema accepts it')
            counts['rejected'] += 1
        else:
            counts['skipped'] += 1
    print(f"{len(schemas)} schemas valid; fixtures: {counts['lenient']} lenient-valid, "
          f"{counts['canonical']} canonical-valid, {counts['rejected']} rejected by both, "
          f"{counts['skipped']} not JSON or too deep")
    for failure in failures:
        print('FAIL', failure)
    print(f"{counts['lenient'] + counts['canonical'] + counts['rejected'] - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
