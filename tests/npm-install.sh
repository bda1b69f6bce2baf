# Sourced by .ci/run and tests/node/setup.sh: `npm_install DIR PACKAGE@VERSION` installs one
# pinned package under DIR, trying three times, because one dropped connection to the npm
# registry (seen in CI: "npm error A complete log of this run can be found in ...", nothing
# else) must not fail the checks. On the third failure it prints npm's own error lines and
# fails.
npm_install() {
  local dir=$1 package=$2 attempt log
  log=$(mktemp)
  for attempt in 1 2 3; do
    if npm install --prefix "$dir" --save-exact --no-audit --no-fund --loglevel=error "$package" >"$log" 2>&1; then
      cat "$log"
      rm -f "$log"
      return 0
    fi
    echo "npm install $package failed (attempt $attempt of 3):" >&2
    tail -20 "$log" >&2
    local npm_log
    npm_log=$(grep -o '/[^ ]*-debug-0.log' "$log" | tail -1 || true)
    [ -n "$npm_log" ] && [ -f "$npm_log" ] && grep -E ' (error|verbose stack|http fetch)' "$npm_log" | tail -15 >&2
    [ "$attempt" = 3 ] || sleep $((attempt * 10))
  done
  rm -f "$log"
  return 1
}
