# Sourced by the CI scripts that run a client against the built `cti serve`
# (tests/node/check.sh, examples/outside/check.sh). Needs `cti_bin` (the built binary)
# and `serve_dir` (a folder for the server's output) set.
#
#   start_serve [FLAG...]   starts `cti serve --listen 127.0.0.1:0 FLAG...`, sets serve_pid
#                           and url (http://127.0.0.1:PORT, read from its first line within
#                           10 s); fails with the server's output otherwise
#   start_cti ARG...        the same with `cti ARG... --listen 127.0.0.1:0` (`cti conform
#                           client`, whose first line is the same)
#   stop_serve              SIGTERM, up to 10 s for its clean exit, then SIGKILL; sets
#                           serve_status to its exit status
#   check_serve_stopped     stop_serve, then fails unless the status is 0 (a clean stop,
#                           and no client frame refused by strict decoding)
#
# The caller sets `trap stop_serve EXIT`, so that the server is stopped whatever happens.

serve_pid=
serve_status=
url=

start_serve() {
  start_cti serve "$@"
}

start_cti() {
  "$cti_bin" "$@" --listen 127.0.0.1:0 >"$serve_dir/serve.out" 2>"$serve_dir/serve.err" &
  serve_pid=$!
  url=
  for _ in $(seq 100); do
    url=$(sed -n '1s|^listening on \(http://127\.0\.0\.1:[1-9][0-9]*\)$|\1|p' "$serve_dir/serve.out")
    [ -n "$url" ] && break
    kill -0 "$serve_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$url" ]; then
    echo "error: cti $1 printed no 'listening on http://127.0.0.1:PORT' line; its output:" >&2
    cat "$serve_dir/serve.out" "$serve_dir/serve.err" >&2
    return 1
  fi
  echo "cti $1 (pid $serve_pid): $url"
}

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

check_serve_stopped() {
  stop_serve
  if [ "$serve_status" != 0 ]; then
    echo "error: cti serve exited with status $serve_status; its log:" >&2
    cat "$serve_dir/serve.err" >&2
    return 1
  fi
  tail -1 "$serve_dir/serve.err"
}
