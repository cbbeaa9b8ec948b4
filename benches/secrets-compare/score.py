#!/usr/bin/env python3
"""Scores each tool's output against the generator's manifest and prints the
comparison table.

Usage: score.py MANIFEST RESULTS_DIR

RESULTS_DIR holds, per tool, `<tool>.out` (its report), `<tool>.time`
(`/usr/bin/time -v` output), `<tool>.version` and `<tool>.rc`. A finding
counts as a planted secret found when it is in the planted file and its line
lies within the planted lines (one line of slack either side). Every other
finding is a false positive by construction: nothing else in the tree is a
credential. Findings on a hard negative's lines are counted apart.
"""

import json
import os
import re
import sys
from collections import Counter, defaultdict

ORDER = ["shipready", "shipready-nolimit", "kingfisher", "betterleaks", "ripsecrets", "detect-secrets"]


def rel(path, root):
    path = path.replace("\\", "/")
    if root and path.startswith(root):
        path = path[len(root):]
    while path.startswith("./"):
        path = path[2:]
    return path.lstrip("/")


def parse(tool, text, root):
    """Returns [(path, line, rule)] from one tool's report."""
    out = []
    if tool.startswith("shipready"):
        d = json.loads(text)
        for c in d["checks"]:
            for f in c.get("findings", []):
                if f.get("level") in ("error", "warning") and f.get("path"):
                    out.append((rel(f["path"], root), f.get("line") or 0, f.get("rule", "")))
    elif tool == "kingfisher":
        for line in text.splitlines():
            line = line.strip()
            if not line.startswith("{"):
                continue
            o = json.loads(line)
            if "finding" not in o:
                continue  # the trailing summary record
            f = o["finding"]
            out.append((rel(f["path"], root), int(f.get("line") or 0), o["rule"]["id"]))
    elif tool == "betterleaks":
        d = json.loads(text) if text.strip() else {"findings": []}
        for f in d.get("findings") or []:
            loc = f["location"]
            out.append((rel(loc["path"], root), int(loc.get("start_line") or 0), f["rule_id"]))
    elif tool == "ripsecrets":
        for line in text.splitlines():
            m = re.match(r"^(.*?):(\d+):", line)
            if m:
                out.append((rel(m.group(1), root), int(m.group(2)), "ripsecrets"))
    elif tool == "detect-secrets":
        d = json.loads(text)
        for path, items in d["results"].items():
            for f in items:
                out.append((rel(path, root), int(f["line_number"]), f["type"]))
    return out


def peak(timefile):
    wall = rss = None
    with open(timefile) as fh:
        for line in fh:
            line = line.strip()
            if line.startswith("Elapsed (wall clock) time"):
                v = line.rsplit(" ", 1)[1]
                parts = [float(p) for p in v.split(":")]
                wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
            elif line.startswith("Maximum resident set size"):
                rss = int(line.rsplit(" ", 1)[1]) / 1024
    return wall, rss


def main():
    manifest_path, results = sys.argv[1], sys.argv[2]
    m = json.load(open(manifest_path))
    root = os.path.join(os.path.dirname(os.path.abspath(manifest_path)), "tree") + "/"
    planted = defaultdict(list)
    for i, p in enumerate(m["planted"]):
        planted[p["path"]].append((p["line"] - 1, p["end_line"] + 1, i))
    negs = defaultdict(list)
    for n in m["negatives"]:
        negs[n["path"]].append((n["line"] - 1, n["end_line"] + 1, n["label"]))
    n_planted = len(m["planted"])
    n_large = sum(1 for p in m["planted"] if p["large_file"])

    rows = []
    details = {}
    for tool in ORDER:
        base = os.path.join(results, tool)
        if not os.path.exists(base + ".time"):
            continue
        rc = open(base + ".rc").read().strip() if os.path.exists(base + ".rc") else "?"
        version = open(base + ".version").read().strip() if os.path.exists(base + ".version") else "?"
        wall, rss = peak(base + ".time")
        if wall is None or rss is None:
            continue  # still running, or killed before time(1) could report
        timed_out = rc == "124"
        findings = []
        report = next((base + ext for ext in (".out", ".out.json") if os.path.exists(base + ext)), None)
        if not timed_out and report:
            try:
                findings = parse(tool, open(report, errors="replace").read(), root)
            except (ValueError, KeyError) as e:
                print(f"warning: could not parse {tool} output: {e}", file=sys.stderr)
        found = set()
        fp = []
        neg_hits = Counter()
        fp_rules = Counter()
        for path, line, rule in findings:
            hit = [i for lo, hi, i in planted.get(path, []) if lo <= line <= hi]
            if hit:
                found.update(hit)
                continue
            fp.append((path, line, rule))
            fp_rules[rule] += 1
            for lo, hi, label in negs.get(path, []):
                if lo <= line <= hi:
                    neg_hits[label] += 1
        missed_kinds = Counter(m["planted"][i]["kind"] + ("(large file)" if m["planted"][i]["large_file"] else "")
                               for i in range(n_planted) if i not in found)
        tp = len(findings) - len(fp)
        rows.append({
            "tool": tool, "version": version, "wall": wall, "rss": rss, "rc": rc, "timed_out": timed_out,
            "findings": len(findings), "found": len(found), "fp": len(fp),
            "precision": (tp / len(findings)) if findings else None,
        })
        details[tool] = {"missed": dict(missed_kinds), "neg_hits": dict(neg_hits),
                         "fp_rules": dict(fp_rules.most_common(8)), "fp_examples": fp[:5]}

    base = next((r for r in rows if r["tool"] == "shipready"), None)
    print(f"tree: {m['files']} files, {m['bytes'] / 1e6:.0f} MB, {n_planted} planted secrets "
          f"({n_large} in files > 2 MiB), {len(m['negatives'])} hard negatives\n")
    print("| tool | version | wall s | peak RSS MB | findings | planted found (recall) | other findings (FP) | precision | wall / shipready | RSS / shipready |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        wall = f"{r['wall']:.2f}" if r["wall"] is not None else "?"
        if r["timed_out"]:
            wall = f">{r['wall']:.0f} (timed out)"
        rw = f"{r['wall'] / base['wall']:.1f}x" if base and r["wall"] else "?"
        rr = f"{r['rss'] / base['rss']:.1f}x" if base and r["rss"] else "?"
        if r["timed_out"]:
            rw = ">" + rw
            print(f"| {r['tool']} | {r['version']} | {wall} | {r['rss']:.0f} | n/a | n/a | n/a | n/a | {rw} | {rr} |")
            continue
        prec = f"{100 * r['precision']:.1f}%" if r["precision"] is not None else "n/a"
        print(f"| {r['tool']} | {r['version']} | {wall} | {r['rss']:.0f} | {r['findings']} | "
              f"{r['found']}/{n_planted} ({100 * r['found'] / n_planted:.1f}%) | {r['fp']} | {prec} | {rw} | {rr} |")
    print()
    for tool, d in details.items():
        if next(r for r in rows if r["tool"] == tool)["timed_out"]:
            print(f"{tool}: stopped by the time limit, no report to score")
            continue
        print(f"{tool}: missed {d['missed'] or '{}'}; hard-negative hits {d['neg_hits'] or '{}'}; "
              f"top FP rules {d['fp_rules'] or '{}'}")
    with open(os.path.join(results, "details.json"), "w") as fh:
        json.dump({"rows": rows, "details": details}, fh, indent=1)


if __name__ == "__main__":
    main()
