#!/usr/bin/env bash
# The outside example (a crate of its own, as a user's) against the built `cti serve`, as
# .ci/run runs it:
#
#   bash examples/outside/check.sh
#
# Builds `cti` and the example (--locked: the example's own Cargo.lock; the workspace's
# target folder, so that the dependencies built for the workspace are reused), starts
# `cti serve --listen 127.0.0.1:0 --control` (tests/serve.sh), runs the example (60 s at
# most), waits for its "logged in", rings alice with curl through the control API
# (`POST /_cti/ring`), and checks that the example printed the ringing and the established
# call and exited 0 by itself, then that the server stopped cleanly. Needs cargo and curl.
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v curl >/dev/null || { echo "error: curl is missing" >&2; exit 1; }
target="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build -q -p cti-cli --locked
CARGO_TARGET_DIR="$target" cargo build -q --locked --manifest-path examples/outside/Cargo.toml
cti_bin="$target/debug/cti"
serve_dir="$target/ci-outside"
mkdir -p "$serve_dir"
. tests/serve.sh

example_pid=
stop_all() {
  [ -z "$example_pid" ] || kill -TERM "$example_pid" 2>/dev/null || true
  stop_serve
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_serve --control
out="$serve_dir/example.out"
timeout 60 "$target/debug/cti-outside-example" "${url#http://}" >"$out" 2>&1 &
example_pid=$!

for _ in $(seq 300); do
  grep -qx 'logged in' "$out" && break
  kill -0 "$example_pid" 2>/dev/null || break
  sleep 0.1
done
grep -qx 'logged in' "$out" || { echo "error: the example did not log in within 30 s:" >&2; cat "$out" >&2; exit 1; }

# The control API: one connection (the example's) rung.
answer=$(curl -sS --max-time 10 -w ' (HTTP %{http_code})' -X POST "$url/_cti/ring" -d '{"login":"alice","caller":"0427466347"}')
echo "POST /_cti/ring: $answer"
case "$answer" in
  *'"sessions":1'*) ;;
  *) echo "error: the ring reached no connection of the example" >&2; exit 1 ;;
esac

status=0
wait "$example_pid" || status=$?
example_pid=
cat "$out"
if [ "$status" != 0 ]; then
  echo "error: the example exited with status $status (124: still running after 60 s)" >&2
  exit 1
fi
for line in 'EventRinging 1001 0427466347' 'EventEstablished 1001 0427466347'; do
  grep -qx "$line" "$out" || { echo "error: the example did not print '$line'" >&2; exit 1; }
done
check_serve_stopped
echo "outside example check: passed"
