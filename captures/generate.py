#!/usr/bin/env python3
"""Writes the sample captures of this folder from the conformance fixtures, but
vocabulary.jsonl, which `cargo xtask generate` writes (see CONTRIBUTING.md).

Run from the repository root: python3 captures/generate.py
Every frame is a fixture of tests/fixtures (the fixture files say where each came from);
the order of the session and the HAR wrapping are made up.
"""
import json, os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')

def frame(name):
    text = open(os.path.join(ROOT, 'tests', 'fixtures', name + '.fixture'), encoding='utf-8').read()
    body = text.split('\n---\n', 1)[1]
    body = body[:-1] if body.endswith('\n') else body
    # A JSON Lines capture holds one frame per line: fold pretty-printed samples.
    return json.dumps(json.loads(body), ensure_ascii=False, separators=(',', ':')) if '\n' in body else body

# (direction, fixture): a session of a user who logs in, searches, adds a favorite.
SESSION = [
    ('server', 'server/LoggedOn/no-payload'),
    ('server', 'server/UserPreference/seed'),
    ('server', 'server/CtiStatuses/seed'),
    ('server', 'server/UsersStatuses/seed'),
    ('server', 'server/UserConfigUpdate/seed'),
    ('client', 'client/ping/wire'),
    ('client', 'client/searchContacts/wire'),
    ('server', 'server/ContactSheet/seed'),
    ('server', 'server/DirectoryResult/doc-2022-10'),
    ('client', 'client/addFavorite/wire'),
    ('server', 'server/FavoriteUpdated/inferred-added'),
    ('client', 'client/getFavorites/wire'),
    ('server', 'server/Favorites/inferred'),
    ('client', 'client/addFavorite/edge-number-id'),
    ('server', 'server/UserConfigUpdate/edge-partial-nulls'),
    ('client', 'client/dial/wire'),
    ('server', 'server/PhoneEvent/dialing-rest-doc'),
    ('server', 'server/PhoneEvent/established'),
    ('client', 'client/hangup/wire'),
    ('client', 'client/getList/wire'),
    ('server', 'server/QueueList/crafted'),
    ('client', 'client/envelope/unknown-command'),
    ('server', 'server/envelope/unknown-kind'),
    ('client', 'client/ping/wire'),
]

# Frames that do not decode, between good ones, for the tests of errors.
MALFORMED = [
    'client/ping/wire',
    'server/ContactSheet/malformed-name-number',
    'client/addFavorite/malformed-missing-source',
    'server/envelope/duplicate-tag',
    'server/envelope/trailing-garbage',
    'client/envelope/missing-command',
    'server/UserPreference/malformed-bool-value',
    'server/LoggedOn/no-payload',
]

def main():
    frames = [(d, frame(n)) for d, n in SESSION]
    with open(os.path.join(ROOT, 'captures', 'session.jsonl'), 'w', encoding='utf-8') as f:
        for _, text in frames:
            f.write(text + '\n')
    with open(os.path.join(ROOT, 'captures', 'malformed.jsonl'), 'w', encoding='utf-8') as f:
        for name in MALFORMED:
            text = open(os.path.join(ROOT, 'tests', 'fixtures', name + '.fixture'), encoding='utf-8').read()
            f.write(text.split('\n---\n', 1)[1].rstrip('\n') + '\n')
    t0 = 1764403200.0
    messages = [
        {'type': 'send' if d == 'client' else 'receive', 'time': round(t0 + i * 0.25, 3), 'opcode': 1, 'data': text}
        for i, (d, text) in enumerate(frames)
    ]
    # A binary frame: not this protocol, skipped by `cti`.
    messages.insert(3, {'type': 'receive', 'time': t0 + 0.6, 'opcode': 2, 'data': 'AAEC'})
    har = {'log': {
        'version': '1.2',
        'creator': {'name': 'crafted for cti-proto', 'version': '1'},
        'pages': [],
        'entries': [
            {'request': {'method': 'GET', 'url': 'https://xuc.example.com/ccagent/'},
             'response': {'status': 200}, '_resourceType': 'document'},
            {'_resourceType': 'websocket',
             'request': {'method': 'GET', 'url': 'wss://xuc.example.com/xuc/api/2.0/cti?token=REDACTED'},
             'response': {'status': 101},
             '_webSocketMessages': messages},
        ],
    }}
    with open(os.path.join(ROOT, 'captures', 'session.har'), 'w', encoding='utf-8') as f:
        json.dump(har, f, ensure_ascii=False, indent=1)
        f.write('\n')

main()
