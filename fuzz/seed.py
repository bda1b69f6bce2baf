#!/usr/bin/env python3
"""Rewrites the seed corpora from the conformance fixtures: corpus/<target>/<fixture name
with / written __>, holding the fixture's frame. Server fixtures seed decode_event, client
ones decode_command, all of them roundtrip. Run from anywhere: python3 fuzz/seed.py"""
import os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', 'tests', 'fixtures')

def main():
    targets = {'decode_event': 'server', 'decode_command': 'client', 'roundtrip': None}
    for target in targets:
        shutil.rmtree(os.path.join(HERE, 'corpus', target), ignore_errors=True)
        os.makedirs(os.path.join(HERE, 'corpus', target))
    count = 0
    for side in ('client', 'server'):
        for folder, _, files in os.walk(os.path.join(FIXTURES, side)):
            for file in sorted(files):
                if not file.endswith('.fixture'):
                    continue
                path = os.path.join(folder, file)
                name = os.path.relpath(path, FIXTURES)[:-len('.fixture')].replace(os.sep, '__')
                text = open(path, 'rb').read()
                frame = text.split(b'\n---\n', 1)[1]
                frame = frame[:-1] if frame.endswith(b'\n') else frame
                for target, wanted in targets.items():
                    if wanted in (None, side):
                        open(os.path.join(HERE, 'corpus', target, name), 'wb').write(frame)
                count += 1
    print(f'{count} fixtures seeded')

if __name__ == '__main__':
    main()
