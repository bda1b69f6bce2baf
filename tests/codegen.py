#!/usr/bin/env python3
"""Checks that the code generators schema consumers use take schemas/:

- quicktype (TypeScript) generates from every schema file;
- datamodel-code-generator (pydantic v2) generates from the canonical and lenient direction
  contracts, and the generated models accept every fixture the schema accepts: the
  contract's root model, and the model of the fixture's own message (so that a known
  message is not only accepted as an unknown one).

Run from the repository root with the venv of .ci/run (jsonschema, datamodel-code-generator,
pydantic) and quicktype installed in target/ci-node (or named by $QUICKTYPE):
    target/ci-python/bin/python tests/codegen.py
Prints the counts, a closing line `N passed, N failed`, and exits 1 on any failure.
Fixtures are read, and judged by the schemas, with the functions of validate_fixtures.py.
"""
import concurrent.futures
import importlib.util
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate_fixtures as vf  # noqa: E402

QUICKTYPE = os.environ.get('QUICKTYPE') or os.path.join(vf.ROOT, 'target', 'ci-node', 'node_modules', '.bin', 'quicktype')
# The root model datamodel-code-generator names after each contract's title.
ROOT_MODELS = {'server': 'ServerEvent', 'client': 'ClientCommand'}
# Fixtures a generated model may reject though the schema accepts them, each with the reason
# (a pydantic limit, not a schema bug). None today; a skip is counted and printed.
PYDANTIC_SKIPS = {}


def last_lines(text, count=5):
    return ' | '.join(text.strip().splitlines()[-count:])


def quicktype(path, out_dir):
    """Runs quicktype on one schema file; the error, or None."""
    name = os.path.relpath(path, os.path.join(vf.ROOT, 'schemas'))
    out = os.path.join(out_dir, name.replace('/', '_').replace('.schema.json', '.ts'))
    run = subprocess.run([QUICKTYPE, '--lang', 'typescript', '--src-lang', 'schema', '--out', out, path],
                         capture_output=True, text=True)
    if run.returncode != 0:
        return f'quicktype {name}: {last_lines(run.stderr + run.stdout)}'
    if not os.path.exists(out) or not os.path.getsize(out):
        return f'quicktype {name}: no output'
    return None


def datamodel(contract_path, out_dir, module_name):
    """Generates pydantic models from one contract and imports them: (module, error)."""
    out = os.path.join(out_dir, module_name + '.py')
    run = subprocess.run([sys.executable, '-m', 'datamodel_code_generator',
                          '--input', os.path.join(vf.ROOT, 'schemas', contract_path),
                          '--input-file-type', 'jsonschema',
                          '--output-model-type', 'pydantic_v2.BaseModel',
                          '--formatters', 'builtin', '--disable-timestamp',
                          '--output', out], capture_output=True, text=True)
    if run.returncode != 0:
        return None, f'datamodel-codegen {contract_path}: {last_lines(run.stderr + run.stdout)}'
    try:
        spec = importlib.util.spec_from_file_location(module_name, out)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    except Exception as e:  # the generated code itself is broken
        return None, f'datamodel-codegen {contract_path}: the generated module fails to import: {e!r}'
    return module, None


def message_models(schema):
    """The definition name of each known message of a contract, by its tags: (msgType,) for
    events, ('ping',) or ('web', command) for commands."""
    models = {}
    for member in schema['oneOf']:
        name = member['$ref'].removeprefix('#/$defs/')
        definition = schema['$defs'][name]
        properties = dict(definition.get('properties', {}))
        for part in definition.get('allOf', []):
            properties.update(part.get('properties', {}))
        tags = tuple(properties[tag]['const'] for tag in ('msgType', 'claz', 'command')
                     if 'const' in properties.get(tag, {}))
        if tags:
            models[tags] = name
    return models


def tags_of(direction, instance):
    if not isinstance(instance, dict):
        return None
    if direction == 'server':
        return (instance.get('msgType'),)
    if instance.get('claz') == 'ping':
        return ('ping',)
    return (instance.get('claz'), instance.get('command'))


def main():
    if not os.access(QUICKTYPE, os.X_OK):
        print(f'error: no quicktype at {QUICKTYPE} (install it as .ci/run does, or set $QUICKTYPE)')
        return 1
    schemas = vf.load_schemas()
    validators = vf.contract_validators(schemas)
    passed, failures = 0, []

    with tempfile.TemporaryDirectory(prefix='cti-codegen-') as out_dir:
        started = time.monotonic()
        paths = [os.path.join(vf.ROOT, 'schemas', name) for name in sorted(schemas)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            errors = [e for e in pool.map(lambda p: quicktype(p, out_dir), paths) if e]
        failures += errors
        passed += len(paths) - len(errors)
        print(f'quicktype (TypeScript): {len(paths) - len(errors)} of {len(paths)} schema files '
              f'({time.monotonic() - started:.0f} s)')

        started = time.monotonic()
        modules = {}
        for key, path in sorted(vf.CONTRACTS.items()):
            module, error = datamodel(path, out_dir, 'cti_{}_{}'.format(*key))
            if error:
                failures.append(error)
                continue
            if not hasattr(module, ROOT_MODELS[key[0]]):
                failures.append(f'datamodel-codegen {path}: no root model {ROOT_MODELS[key[0]]}')
                continue
            modules[key] = module
            passed += 1
        print(f'datamodel-codegen (pydantic v2): {len(modules)} of {len(vf.CONTRACTS)} contracts '
              f'({time.monotonic() - started:.0f} s)')

        started = time.monotonic()
        counts = {key: 0 for key in modules}
        skipped = not_accepted = 0
        kinds = {key: message_models(schemas[path]) for key, path in vf.CONTRACTS.items()}
        for fixture in vf.fixture_paths():
            name, header, instance = vf.read_fixture(fixture)
            direction = header['direction']
            if instance is vf.NOT_JSON or vf.errors(validators[(direction, 'lenient')], instance):
                not_accepted += 1
                continue
            for (d, contract), module in modules.items():
                if d != direction or vf.errors(validators[(d, contract)], instance):
                    continue
                if name in PYDANTIC_SKIPS:
                    print(f'SKIP {name} ({contract}): {PYDANTIC_SKIPS[name]}')
                    skipped += 1
                    continue
                unknown = 'UnknownEvent' if d == 'server' else 'UnknownCommand'
                message = kinds[(d, contract)].get(tags_of(d, instance), unknown)
                models = [ROOT_MODELS[d], message]
                if contract == 'canonical' and message == unknown:
                    models.pop()  # the canonical contract has no unknown messages
                for model in models:
                    cls = getattr(module, model, None)
                    try:
                        if cls is None:
                            raise LookupError(f'no generated model {model}')
                        cls.model_validate(instance)
                    except Exception as e:
                        failures.append(f'{name}: the {contract} schema accepts it, the generated '
                                        f'{model} rejects it: {last_lines(str(e), 4)}')
                        break
                else:
                    passed += 1
                    counts[(d, contract)] += 1
        print('fixtures accepted by the generated models as by the schema: '
              + ', '.join(f'{n} {d} {c}' for (d, c), n in sorted(counts.items()))
              + f'; {skipped} skipped; {not_accepted} not accepted by the lenient schema '
              f'({time.monotonic() - started:.0f} s)')

    for failure in failures:
        print('FAIL', failure)
    print(f'{passed} passed, {len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
