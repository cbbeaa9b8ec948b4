#!/usr/bin/env bash
# Runs shipready's Kubernetes checks and the peer tools over the labelled
# corpus (tests/corpus/k8s/) and prints recall and precision per tool,
# counted over (case, check) pairs.
#
# Peers: checkov (pip, `--framework kubernetes`). kube-score is not on PyPI
# or npm (it ships as a Go binary and a krew plugin), so it is reported as
# not installable here. Polaris likewise ships only as a Go binary.
#
# Rule mapping (checkov -> our check):
#   CKV_K8S_8 liveness, CKV_K8S_9 readiness                 -> k8s.probes
#   CKV_K8S_10..13 cpu/memory requests/limits                -> k8s.resources
#   CKV_K8S_14 tag not latest/blank, CKV_K8S_43 digest       -> k8s.image-tags
#   CKV_K8S_16 privileged, 17/18/19 hostPID/IPC/Network,
#   20 allowPrivilegeEscalation, 22 readOnlyRootFilesystem,
#   23 root containers, 28 NET_RAW, 29/30 securityContext,
#   40 high UID                                              -> k8s.security-context
#   (no checkov rule for replicas/PDB, rollout strategy, graceful shutdown,
#    literal env credentials or autoscaling)
# A peer is scored only on the checks it has rules for.
#
# Usage: benches/k8s-peers.sh [venv-dir]   (default /tmp/peers-venv)
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${1:-/tmp/peers-venv}
CORPUS=tests/corpus/k8s
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

if [ ! -x "$VENV/bin/checkov" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q checkov
fi

cargo build -q
BIN=target/debug/shipready
IDS=(k8s.probes k8s.resources k8s.image-tags k8s.security-context k8s.replicas-and-pdb
     k8s.rollout-strategy k8s.graceful-shutdown k8s.no-literal-secrets performance.autoscaling)

# Ours: each case alone in a temporary repository, like tests/k8s_corpus.rs.
for case in $(python3 -c "import json;print(' '.join(json.load(open('$CORPUS/labels.json'))))"); do
  repo="$OUT/repo"; rm -rf "$repo"; mkdir -p "$repo/deploy"
  name=${case%/}
  if [ -d "$CORPUS/$name" ]; then cp -r "$CORPUS/$name" "$repo/$name"; else cp "$CORPUS/$name" "$repo/deploy/$name"; fi
  args=(); for id in "${IDS[@]}"; do args+=(--check "$id"); done
  "$BIN" scan "$repo" --no-config "${args[@]}" --format json > "$OUT/ours-${name}.json" 2>/dev/null || true
done

# checkov: every file and chart directory of the corpus, one JSON report.
# Helm templates are not YAML; checkov's kubernetes framework skips them.
(cd "$CORPUS" && "$VENV/bin/checkov" -d . --framework kubernetes -o json --quiet --compact \
   > "$OUT/checkov.json" 2>/dev/null) || true
CHECKOV_VERSION=$("$VENV/bin/checkov" --version 2>/dev/null || echo unknown)

python3 - "$CORPUS" "$OUT" "$CHECKOV_VERSION" <<'PY'
import json, os, sys
corpus, out, ckv_version = sys.argv[1], sys.argv[2], sys.argv[3]
labels = json.load(open(os.path.join(corpus, "labels.json")))
IDS = ["k8s.probes", "k8s.resources", "k8s.image-tags", "k8s.security-context",
       "k8s.replicas-and-pdb", "k8s.rollout-strategy", "k8s.graceful-shutdown",
       "k8s.no-literal-secrets", "performance.autoscaling"]
CKV = {}
for n in (8, 9): CKV[f"CKV_K8S_{n}"] = "k8s.probes"
for n in (10, 11, 12, 13): CKV[f"CKV_K8S_{n}"] = "k8s.resources"
for n in (14, 43): CKV[f"CKV_K8S_{n}"] = "k8s.image-tags"
for n in (16, 17, 18, 19, 20, 22, 23, 28, 29, 30, 40): CKV[f"CKV_K8S_{n}"] = "k8s.security-context"

def case_of(path):
    p = path.lstrip("/").lstrip("./")
    for case in labels:
        if case.endswith("/") and p.startswith(case): return case
        if p == case: return case
    return None

ours = {}
for case in labels:
    name = case.rstrip("/")
    try: rep = json.load(open(os.path.join(out, f"ours-{name}.json")))
    except Exception: rep = {}
    flagged = set()
    for o in rep.get("checks", rep.get("outcomes", [])):
        cid = o.get("id") or o.get("check")
        if cid in IDS and o.get("status") in ("fail", "partial"): flagged.add(cid)
    ours[case] = flagged

ckv = {case: set() for case in labels}
ckv_no43 = {case: set() for case in labels}
try:
    raw = json.load(open(os.path.join(out, "checkov.json")))
except Exception:
    raw = []
reports = raw if isinstance(raw, list) else [raw]
for r in reports:
    for f in r.get("results", {}).get("failed_checks", []):
        cid = CKV.get(f.get("check_id"))
        case = case_of(f.get("file_path", ""))
        if cid and case:
            ckv[case].add(cid)
            if f.get("check_id") != "CKV_K8S_43": ckv_no43[case].add(cid)

def score(pred, covered, plain_only=False):
    tp = fp = fn = 0
    for case, exp in labels.items():
        if plain_only and case.endswith("/"): continue
        exp = set(exp) & covered
        got = pred[case] & covered
        tp += len(exp & got); fp += len(got - exp); fn += len(exp - got)
    r = tp / (tp + fn) if tp + fn else float("nan")
    p = tp / (tp + fp) if tp + fp else float("nan")
    return tp, fp, fn, r, p

ckv_cov = set(CKV.values())
rows = [("shipready (all 9 checks)", score(ours, set(IDS))),
        ("shipready (checkov's 4 checks)", score(ours, ckv_cov)),
        (f"checkov {ckv_version}", score(ckv, ckv_cov)),
        ("checkov, without CKV_K8S_43 (digest)", score(ckv_no43, ckv_cov)),
        ("checkov, plain manifests only", score(ckv_no43, ckv_cov, True)),
        ("shipready, plain manifests only", score(ours, ckv_cov, True))]
print(f"{len(labels)} cases")
print(f"{'tool':36} {'tp':>4} {'fp':>4} {'fn':>4} {'recall':>7} {'precision':>9}")
for name, (tp, fp, fn, r, p) in rows:
    print(f"{name:36} {tp:4} {fp:4} {fn:4} {r:7.3f} {p:9.3f}")
print("kube-score: not installable here (not on PyPI or npm; Go binary / krew plugin only)")
print()
print("per check (recall/precision): shipready | checkov without CKV_K8S_43")
for cid in IDS:
    a = score(ours, {cid}); b = score(ckv_no43, {cid}) if cid in ckv_cov else None
    bs = f"{b[3]:.2f}/{b[4]:.2f}" if b else "no rule"
    print(f"  {cid:28} {a[3]:.2f}/{a[4]:.2f} | {bs}")
PY
