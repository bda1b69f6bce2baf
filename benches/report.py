#!/usr/bin/env python3
"""Prints the table of benches/RESULTS.md from criterion's output of the last run
(target/criterion/<group>/<function>/new/estimates.json): median time, throughput, and the
ratios that the targets are stated in.

Run from the repository root after `cargo bench -p cti-bench`: python3 benches/report.py
"""
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'target', 'criterion')
SIZES = {}  # bytes per iteration, from each benchmark's recorded throughput


def median(group, function):
    base = os.path.join(ROOT, group.replace('/', '_'), function, 'new')
    estimates = json.load(open(os.path.join(base, 'estimates.json')))
    bench = json.load(open(os.path.join(base, 'benchmark.json')))
    SIZES[group] = bench.get('throughput', {}).get('Bytes')
    return estimates['median']['point_estimate']  # nanoseconds per iteration


def fmt_time(ns):
    return f'{ns / 1e6:.3f} ms' if ns >= 1e6 else f'{ns / 1e3:.2f} µs'


def mib_s(group, ns):
    size = SIZES.get(group)
    return f'{size / (ns / 1e9) / 2**20:.0f} MiB/s' if size else ''


def table(groups, functions, reference_pairs):
    print('| group | ' + ' | '.join(functions) + ' | ' + ' | '.join(f'{a} / {b}' for a, b in reference_pairs) + ' |')
    print('|' + ' --- |' * (1 + len(functions) + len(reference_pairs)))
    for group in groups:
        times = {f: median(group, f) for f in functions if os.path.isdir(os.path.join(ROOT, group.replace('/', '_'), f))}
        cells = [f'{fmt_time(times[f])} ({mib_s(group, times[f])})' if f in times else '' for f in functions]
        ratios = [f'{times[b] / times[a]:.2f}×' if a in times and b in times else '' for a, b in reference_pairs]
        print(f'| `{group}` | ' + ' | '.join(cells) + ' | ' + ' | '.join(ratios) + ' |')


decode = ['decode/small', 'decode/contactsheet200', 'decode/commands', 'decode/mixed']
table(decode, ['cti_proto', 'serde_json_value', 'serde_derive_owned', 'sonic_rs_value'],
      [('cti_proto', 'serde_json_value'), ('cti_proto', 'serde_derive_owned'), ('cti_proto', 'sonic_rs_value')])
print()
table(['encode/small', 'encode/contactsheet200'], ['cti_proto_encode', 'serde_json_value_encode'],
      [('cti_proto_encode', 'serde_json_value_encode')])
print()
table(['filter/mixed'], ['cti_proto_decode_all', 'cti_proto_skip_unwanted'],
      [('cti_proto_skip_unwanted', 'cti_proto_decode_all')])
