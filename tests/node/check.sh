#!/usr/bin/env bash
# The Node client (client.mjs) against the built `cti serve`, as .ci/run runs it:
#
#   bash tests/node/check.sh [TERM [EXPECTED_NAME]]
#
# Installs the pinned `ws` package under target/ci-node-ws (once), builds `cti`, starts
# `cti serve --listen 127.0.0.1:0`, reads the port from its first line, runs the client
# (`--hold=11`: two heartbeat ticks after the sheet, each ping answered), then stops the
# server with SIGTERM and checks that it exited 0 (a clean stop, and none of the client's
# frames refused by strict decoding). The server is stopped whatever happens. Arguments
# go to the client after the URL (a wrong TERM shows the check failing). Needs cargo, and
# Node.js 20 with npm.
set -euo pipefail
cd "$(dirname "$0")/../.."

WS_VERSION=8.23.0
dir=target/ci-node-ws
command -v node >/dev/null || { echo "error: node (Node.js) is missing" >&2; exit 1; }
command -v npm >/dev/null || { echo "error: npm (Node.js) is missing" >&2; exit 1; }
if ! grep -qs "\"version\": \"$WS_VERSION\"" "$dir/node_modules/ws/package.json"; then
  npm install --prefix "$dir" --save-exact --no-audit --no-fund --loglevel=error "ws@$WS_VERSION"
fi
cargo build -q -p cti-cli --locked
cti_bin="${CARGO_TARGET_DIR:-target}/debug/cti"
serve_out="$dir/serve.out"
serve_err="$dir/serve.err"

serve_pid=
serve_status=
# Stops the server: SIGTERM, up to 10 s for its clean exit, then SIGKILL; sets
# serve_status to its exit status.
stop_serve() {
  [ -n "$serve_pid" ] || return 0
  kill -TERM "$serve_pid" 2>/dev/null || true
  for _ in $(seq 100); do
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$serve_pid" 2>/dev/null || true
  serve_status=0
  wait "$serve_pid" || serve_status=$?
  serve_pid=
}
trap stop_serve EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$cti_bin" serve --listen 127.0.0.1:0 >"$serve_out" 2>"$serve_err" &
serve_pid=$!

# Its first line, `listening on http://127.0.0.1:PORT`, within 10 s.
url=
for _ in $(seq 100); do
  url=$(sed -n '1s|^listening on \(http://127\.0\.0\.1:[1-9][0-9]*\)$|\1|p' "$serve_out")
  [ -n "$url" ] && break
  kill -0 "$serve_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "error: cti serve printed no 'listening on http://127.0.0.1:PORT' line; its output:" >&2
  cat "$serve_out" "$serve_err" >&2
  exit 1
fi
echo "cti serve (pid $serve_pid): $url"

# In the background, so that a signal to this script stops the server at once (the
# client then sees its socket closed and exits too).
NODE_PATH="$dir/node_modules" node tests/node/client.mjs --hold=11 "$url" "$@" &
client_status=0
wait $! || client_status=$?
if [ "$client_status" != 0 ]; then
  echo "error: the Node client failed; cti serve's log:" >&2
  cat "$serve_err" >&2
  exit 1
fi

stop_serve
if [ "$serve_status" != 0 ]; then
  echo "error: cti serve exited with status $serve_status; its log:" >&2
  cat "$serve_err" >&2
  exit 1
fi
tail -1 "$serve_err"
echo "node client check: passed"
