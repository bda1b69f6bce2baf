#!/usr/bin/env bash
# The Node client (client.mjs) against the built `cti serve`, as .ci/run runs it:
#
#   bash tests/node/check.sh [TERM [EXPECTED_NAME]]
#
# Installs the pinned `ws` package under target/ci-node-ws (once), builds `cti`, starts
# `cti serve --listen 127.0.0.1:0 --control` (tests/serve.sh), reads the port from its first
# line, runs the client
# (`--ring=...`: it rings itself through the control API, `cti serve --control`, and
# answers; `--hold=11`: two heartbeat ticks after the call, each ping answered), then stops the
# server with SIGTERM and checks that it exited 0 (a clean stop, and none of the client's
# frames refused by strict decoding). The server is stopped whatever happens. Arguments
# go to the client after the URL (a wrong TERM shows the check failing). Needs cargo, and
# Node.js 20 with npm.
set -euo pipefail
cd "$(dirname "$0")/../.."

. tests/node/setup.sh

# --control: the client rings itself through the control API (POST /_cti/ring).
start_serve --control

# In the background, so that a signal to this script stops the server at once (the
# client then sees its socket closed and exits too).
NODE_PATH="$dir/node_modules" node tests/node/client.mjs --hold=11 --ring=0427466347 "$url" "$@" &
client_status=0
wait $! || client_status=$?
if [ "$client_status" != 0 ]; then
  echo "error: the Node client failed; cti serve's log:" >&2
  cat "$serve_dir/serve.err" >&2
  exit 1
fi

check_serve_stopped
echo "node client check: passed"
