#!/usr/bin/env bash
# Peers for the code-signal checks, over tests/corpus/signals/.
#
# No tool we know covers health routes or configuration docs, and OpenSSF
# Scorecard does not look at any of these checks. The one overlap is
# bandit's B113 (request_without_timeout), which flags Python `requests`
# calls without `timeout=`: it is compared with reliability.timeouts on the
# Python timeout cases of the corpus. Mapping: bandit B113 -> reliability.timeouts.
#
# Usage: benches/signals-peers.sh   (needs python3, network for pip once)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$here/tests/corpus/signals"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv" >/dev/null
"$work/venv/bin/pip" install -q bandit >/dev/null
(cd "$here" && cargo build -q)

mkdir -p "$work/repo/svc"
for f in "$corpus"/timeouts/*.py; do cp "$f" "$work/repo/svc/"; done
printf 'profile: service\n' > "$work/repo/.shipready.yaml"

"$work/venv/bin/bandit" -q -t B113 -f json -r "$work/repo/svc" > "$work/bandit.json" || true
"$here/target/debug/shipready" scan "$work/repo" --check reliability.timeouts --format json > "$work/ours.json" || true

python3 - "$corpus/labels.json" "$work/bandit.json" "$work/ours.json" "$work/repo/" <<'PY'
import json, sys
labels = json.load(open(sys.argv[1]))
want = {(k.split("/")[-1], l) for k, v in labels.items()
        if k.startswith("timeouts/") and k.endswith(".py") for l in v.get("lines", [])}
bandit = json.load(open(sys.argv[2]))
got_b = {(r["filename"].split("/")[-1], r["line_number"]) for r in bandit.get("results", [])
         if r.get("test_id") == "B113"}
ours = json.load(open(sys.argv[3]))
got_o = set()
for c in ours["checks"]:
    for f in c.get("findings", []):
        if f.get("path", "").endswith(".py") and f.get("line"):
            got_o.add((f["path"].split("/")[-1], f["line"]))
def score(got):
    tp = len(want & got)
    r = tp / len(want) if want else 1.0
    p = tp / len(got) if got else 1.0
    return r, p, tp
print(f"Python timeout cases: {len(want)} unbounded call sites labelled")
print(f"{'tool':28} {'recall':>8} {'precision':>10}")
for name, got in [("shipready reliability.timeouts", got_o), ("bandit B113", got_b)]:
    r, p, tp = score(got)
    print(f"{name:28} {r:8.2f} {p:10.2f}   ({tp} hits, {len(got)} reported)")
PY
