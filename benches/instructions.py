#!/usr/bin/env python3
"""Counts the instructions each way of decoding (and encoding) spends per round of each
frame set, with callgrind, and prints the table of benches/RESULTS.md: the counts do not
drift between runs the way wall time does on a shared machine.

Run from the repository root (needs valgrind):

    cargo build --release -p cti-bench --example profile
    python3 benches/instructions.py

Each count is a run of ROUNDS rounds minus a run of 0 rounds (loading the set, and for the
encoders decoding it once), divided by ROUNDS.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
PROFILE = os.path.join(ROOT, 'target', 'release', 'examples', 'profile')
ROUNDS = {'small': 200, 'contactsheet200': 5, 'commands': 100, 'mixed': 1}
DECODE = ['cti_proto', 'serde_derive_owned', 'serde_json_value']
ENCODE = ['cti_proto_encode', 'serde_json_value_encode']


def instructions(set_name, rounds, way):
    out = subprocess.run(
        ['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null', PROFILE, set_name,
         str(rounds), way],
        cwd=ROOT, capture_output=True, text=True, check=True).stderr
    return int(re.search(r'refs:\s+([\d,]+)', out).group(1).replace(',', ''))


def per_round(set_name, way):
    rounds = ROUNDS[set_name]
    return (instructions(set_name, rounds, way) - instructions(set_name, 0, way)) / rounds


def main():
    sets = sys.argv[1:] or list(ROUNDS)
    print('| set | ' + ' | '.join(DECODE) + ' | cti_proto / serde_derive_owned '
          '| cti_proto / serde_json_value |')
    print('| --- |' + ' --- |' * (len(DECODE) + 2))
    for s in sets:
        counts = {way: per_round(s, way) for way in DECODE}
        cells = [f'{counts[w] / 1e6:.3f} M' for w in DECODE]
        print(f'| `{s}` | ' + ' | '.join(cells) +
              f' | {counts["serde_derive_owned"] / counts["cti_proto"]:.2f}×'
              f' | {counts["serde_json_value"] / counts["cti_proto"]:.2f}× |')
    print()
    print('| set | ' + ' | '.join(ENCODE) + ' | cti_proto_encode / serde_json_value_encode |')
    print('| --- |' + ' --- |' * (len(ENCODE) + 1))
    for s in [s for s in sets if s in ('small', 'contactsheet200')]:
        counts = {way: per_round(s, way) for way in ENCODE}
        cells = [f'{counts[w] / 1e6:.3f} M' for w in ENCODE]
        print(f'| `{s}` | ' + ' | '.join(cells) +
              f' | {counts["serde_json_value_encode"] / counts["cti_proto_encode"]:.2f}× |')
    print('\n(instructions per round; ratios are speed ratios, higher is better for cti_proto)')


if __name__ == '__main__':
    main()
