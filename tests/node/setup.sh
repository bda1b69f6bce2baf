# Sourced by tests/node/check.sh and tests/node/conform.sh, from the repository's root:
# checks that node and npm are there, installs the pinned `ws` package under
# target/ci-node-ws (once; `dir` is that folder), builds `cti` (`cti_bin`), and sources
# tests/serve.sh with the server stopped on exit, whatever happens.
WS_VERSION=8.23.0
dir=target/ci-node-ws
command -v node >/dev/null || { echo "error: node (Node.js) is missing" >&2; exit 1; }
command -v npm >/dev/null || { echo "error: npm (Node.js) is missing" >&2; exit 1; }
if ! grep -qs "\"version\": \"$WS_VERSION\"" "$dir/node_modules/ws/package.json"; then
  . tests/npm-install.sh
  npm_install "$dir" "ws@$WS_VERSION"
fi
cargo build -q -p cti-cli --locked
cti_bin="${CARGO_TARGET_DIR:-target}/debug/cti"
serve_dir="$dir"
. tests/serve.sh
trap stop_serve EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
