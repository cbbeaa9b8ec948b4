#!/usr/bin/env bash
# Times `shipready hook` on a 3-file staged change in a large git repository.
#
#   benches/hook.sh [FILES]        # default 100000 committed files
#
# Builds --release, creates /tmp/shipready-hook-bench-FILES once (one commit
# of FILES small Python files), stages three changes (a new .env holding a
# synthetic key, a modified file, an added file with a space in its name),
# and prints the median and range of ten runs. The hook is expected to
# refuse the change (exit 1): that is the work being timed.
set -euo pipefail
files=${1:-100000}
here="$(cd "$(dirname "$0")/.." && pwd)"
repo="/tmp/shipready-hook-bench-$files"

cargo build --release --quiet --manifest-path "$here/Cargo.toml"
# Where cargo put it: CARGO_TARGET_DIR when set, as benches/scan.sh reads.
bin="${CARGO_TARGET_DIR:-$here/target}/release/shipready"
if [[ ! -x "$bin" ]]; then
  echo "no release binary at $bin" >&2
  exit 2
fi

if [[ ! -d "$repo/.git" ]]; then
  rm -rf "$repo"; mkdir -p "$repo"
  python3 - "$repo" "$files" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, f"pkg{i // 200}", f"mod{(i // 20) % 10}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"f{i}.py"), "w") as f:
        f.write(f"def f{i}(x):\n    return x + {i % 997}\n")
PY
  git -C "$repo" init -q
  git -C "$repo" -c user.email=b@bench.invalid -c user.name=bench add -A
  git -C "$repo" -c user.email=b@bench.invalid -c user.name=bench commit -qm init
fi

cd "$repo"
git reset -q --hard
git clean -qfd
# A synthetic key in Stripe's live shape, never issued.
# shipready: ignore[secrets.no-committed-secrets/stripe-secret-key] synthetic benchmark value
printf 'STRIPE_KEY=sk_live_Zq8mR2vT9xLp4WcN7bY1dF6h\n' > 'new file.env'
echo "x = 1" >> pkg0/mod0/f0.py
printf 'def g():\n    return 2\n' > 'pkg1/added file.py'
git add -A

"$bin" hook -q || true   # warm the page cache
times=()
for _ in 1 2 3 4 5 6 7 8 9 10; do
  start=$(date +%s%N)
  "$bin" hook -q || true
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "hook, 3 staged files in a $files-file repository: median ${sorted[5]} ms (min ${sorted[0]}, max ${sorted[9]}) over 10 runs"
