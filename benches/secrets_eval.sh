#!/usr/bin/env bash
# Prints "recall X% precision Y%" with counts for the labelled secrets corpus, then
# scan throughput on a generated ~100 MB text tree. Release build by default;
# pass --debug for a debug build, extra args go to the example (e.g. --mb 20).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=(--release)
if [[ "${1:-}" == "--debug" ]]; then profile=(); shift; fi
exec cargo run --quiet "${profile[@]}" --example secrets_eval -- "$@"
