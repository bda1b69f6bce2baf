#!/usr/bin/env bash
# `cti conform client` judging the Node client (client.mjs, cti.js's encoding and heartbeat),
# as .ci/run runs it:
#
#   bash tests/node/conform.sh
#
# Installs the pinned `ws` package under target/ci-node-ws (once, as check.sh does), builds
# `cti`, starts `cti conform client --listen 127.0.0.1:0` (its test double, cti.js's 5 s
# heartbeat), reads the URL from its first line, runs the client there (`--hold=11`: it
# stays two pings after its search, then closes), and checks that both exit 0: the client
# logged in, pinged as cti.js does and sent only frames that decode strictly. client.mjs
# exits once done and does not log in again, so `client.relogin.*` is skipped. The report
# goes to target/ci-node-ws/conform. Needs cargo, and Node.js 20 with npm.
set -euo pipefail
cd "$(dirname "$0")/../.."

. tests/node/setup.sh

start_cti conform client --skip 'client.relogin.*' --timeout 20 --report "$dir/conform"

client_status=0
NODE_PATH="$dir/node_modules" node tests/node/client.mjs --hold=11 "$url" &
wait $! || client_status=$?

# The run ends by itself once the cases are judged (well within 60 s).
conform_status=0
for _ in $(seq 600); do
  kill -0 "$serve_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$serve_pid" 2>/dev/null; then
  echo "error: cti conform client did not finish within 60 s; its log:" >&2
  cat "$serve_dir/serve.err" >&2
  exit 1
fi
wait "$serve_pid" || conform_status=$?
serve_pid=
cat "$serve_dir/serve.out"
if [ "$client_status" != 0 ] || [ "$conform_status" != 0 ]; then
  echo "error: the Node client exited $client_status, cti conform client $conform_status; its log:" >&2
  cat "$serve_dir/serve.err" >&2
  exit 1
fi
echo "node client conformance: passed"
