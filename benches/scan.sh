#!/usr/bin/env bash
# Benchmark `shipready scan` on a large synthetic repository.
#
#   benches/scan.sh [--files N] [--size SIZE] [--seed S] [--threads N] [--runs N]
#
# Builds --release, generates the tree with benches/gen-tree.py into /tmp
# (once: it is reused while the arguments stay the same), then runs the scan
# twice: with the checklist as shipped, and with an extra content check that
# reads every file (the worst case for the single pass: every byte through a
# regex, as the secrets scan does). Each run is measured with
# /usr/bin/time -v and prints one summary line:
#
#   mode  files  tree MiB  wall s  files/s  MiB read  MiB/s  peak RSS MiB
#
# Warm page cache: the first run after generation is a discarded warm-up.
# Not part of CI (minutes of I/O on a small machine).
set -euo pipefail

files=100000
size=1G
seed=42
threads=0
runs=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --files) files="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
tree="/tmp/shipready-bench-${files}-${size}-${seed}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ ! -x /usr/bin/time ]]; then
  echo "installing GNU time (for peak RSS)" >&2
  if command -v apt-get >/dev/null; then
    apt-get install -y -qq time >/dev/null
  else
    echo "/usr/bin/time not found; install GNU time" >&2
    exit 2
  fi
fi

echo "building release binary..." >&2
(cd "$repo" && cargo build --release --quiet)
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
bin="$target_dir/release/shipready"

if [[ ! -d "$tree" ]]; then
  echo "generating $tree..." >&2
  python3 "$here/gen-tree.py" "$tree" --files "$files" --size "$size" --seed "$seed" >&2
  "$bin" scan "$tree" --no-config --threads "$threads" -f json -o "$work/warmup.json" || true
fi

tree_bytes="$(du -sb --apparent-size "$tree" | cut -f1)"
tree_files="$(find "$tree" -type f | wc -l)"

# A content check over every file: forces the single pass to read it all.
cat > "$work/read-all.yaml" <<'EOF'
custom_checks:
  - id: bench.no-inline-credentials
    title: No credentials assigned inline
    category: security
    severity: low
    kind: content
    files: ["*"]
    must_not_match: '(?i)(api[_-]?key|secret|passw(or)?d|token)\s*[:=]\s*["''][A-Za-z0-9/+_\-]{16,}["'']'
EOF

measure() {
  local mode="$1"; shift
  local run
  for run in $(seq 1 "$runs"); do
    /usr/bin/time -v -o "$work/time.txt" "$bin" scan "$tree" --threads "$threads" \
      -f json -o "$work/report.json" "$@" || true
    python3 - "$mode" "$work/time.txt" "$work/report.json" "$tree_bytes" "$tree_files" <<'EOF'
import json, re, sys
mode, time_txt, report, tree_bytes, tree_files = sys.argv[1:]
t = open(time_txt).read()
def field(name):
    return re.search(re.escape(name) + r":\s*(.+)", t).group(1).strip()
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
parts = [float(p) for p in wall.split(":")]
secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
rss_mib = int(field("Maximum resident set size (kbytes)")) / 1024
cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
stats = json.load(open(report))["stats"]
read_mib = stats["bytes_read"] / (1 << 20)
listed = stats["files_listed"]
print(
    f"{mode:<9} files {listed} (tree {int(tree_files)}), tree {int(tree_bytes) / (1 << 20):.0f} MiB, "
    f"wall {secs:.2f} s, cpu {cpu:.2f} s, {listed / secs:,.0f} files/s, read {stats['files_read']} files "
    f"{read_mib:.0f} MiB, {read_mib / secs:.0f} MiB/s read "
    f"({int(tree_bytes) / (1 << 20) / secs:.0f} MiB/s of tree), peak RSS {rss_mib:.0f} MiB, "
    f"skipped {stats['skipped']}"
)
EOF
  done
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" >&2
echo "binary: $("$bin" --version), threads ${threads} (0 = one per core)" >&2
measure shipped --no-config
measure read-all --config "$work/read-all.yaml"

# The budget's yardstick: ripgrep searching the same tree (honouring the
# same ignore files) for the secrets scan's kind of pattern. CPU time is
# printed too: on a loaded machine it is steadier than the wall clock.
if command -v rg >/dev/null; then
  for run in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %U %S" -o "$work/rg.txt" \
      rg -c -i '(api[_-]?key|secret|passw(or)?d|token)\s*[:=]' "$tree" >/dev/null || true
    # rg exits 1 when nothing matches, and time then writes a line first.
    read -r wall user sys < <(tail -n 1 "$work/rg.txt")
    echo "ripgrep   wall ${wall} s, cpu $(python3 -c "print(round($user + $sys, 2))") s (same tree, one regex)"
  done
else
  echo "ripgrep not installed (apt-get install ripgrep): no yardstick printed" >&2
fi
