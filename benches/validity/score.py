#!/usr/bin/env python3
"""Compare shipready's scores with two raters' ratings on the validity set.

    python3 benches/validity/score.py CHECKOUTS [--bin PATH] [--out DIR]
                                      [--rescan] [--profile-from-kind]
                                      [--set DIR]

--set DIR reads repos.tsv, ratings-A.csv and ratings-B.csv from DIR instead of
this script's directory (e.g. --set benches/validity/set2 for the second,
blind set); without it the first set next to this file is used.

CHECKOUTS holds one directory per repository of repos.tsv, named
<owner>__<name> (see checkout.sh). For each repository the script runs

    shipready scan DIR -f json --no-config --no-baseline --color never

(the audited repository's own .shipready.yaml and baseline never change the
scoring; SHIPREADY_* variables are removed from the environment), caches the
JSON report under --out/scans/, and prints:

  1. inter-rater agreement (Spearman A vs B per area and overall, and every
     disagreement of more than one point);
  2. the mean rating per repository and its tier (high >= 3.5,
     medium 2.5-3.5, low < 2.5, on the mean overall rating);
  3. Spearman between shipready's overall score (and raw score) and the mean
     overall rating, and per area between the mean rating of that area and
     shipready's score for the matching categories/checks (AREA_MAP below);
  4. whether every high-tier repository scores above every low-tier one;
  5. the same for the NAIVE COUNT anchor: a plain count of present files and
     grep hits, computed here from the checkout (naive_features below);
  6. one compact table, metric | shipready | naive count.

The numbers are also written to --out/summary.json. Python 3 standard library
only; Spearman (average ranks for ties) is implemented here.

The rubric, the method and the raters: rubric.md next to this file.
"""

import argparse
import csv
import datetime
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))  # the shipready repository

AREAS = ["security", "ci_deploy", "observability", "docs_runbooks",
         "data_migrations", "containers_k8s"]
RATED = AREAS + ["overall"]

# Which part of a shipready report speaks to each rated area.
#   categories: the report's category scores (after caps), combined by
#               category weight when there are several;
#   checks:     id prefixes of checks that count for the area although they
#               sit in another category (or when no category is mapped); their
#               credits are averaged by check weight and that mean joins the
#               categories with the mean weight of the mapped categories.
# An area for which none of these was examined in a report has no score for
# that repository ("n/a (not examined)" when no repository has one).
AREA_MAP = {
    "security":        {"categories": ["security"], "checks": []},
    "ci_deploy":       {"categories": ["deployment"], "checks": ["ci."]},
    "observability":   {"categories": ["observability"], "checks": []},
    "docs_runbooks":   {"categories": ["documentation", "operations"], "checks": []},
    "data_migrations": {"categories": ["recovery"], "checks": ["migrations."]},
    "containers_k8s":  {"categories": [], "checks": ["docker.", "k8s.", "helm.", "compose."]},
}

# Statuses that carry a credit (docs/report-schema.md); `attested` scores 1.
SCORED = {"pass", "partial", "fail", "attested"}


# ---------------------------------------------------------------- statistics

def average_ranks(values):
    """1-based ranks; tied values share the mean of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        mean_rank = (i + j) / 2.0 + 1.0
        for k in range(i, j + 1):
            ranks[order[k]] = mean_rank
        i = j + 1
    return ranks


def spearman(xs, ys):
    """Spearman's rho over the pairs where both values exist: Pearson's r on
    average ranks. Returns (rho or None, n); None when n < 3 or a side is
    constant."""
    pairs = [(x, y) for x, y in zip(xs, ys) if x is not None and y is not None]
    n = len(pairs)
    if n < 3:
        return None, n
    rx = average_ranks([p[0] for p in pairs])
    ry = average_ranks([p[1] for p in pairs])
    mx = sum(rx) / n
    my = sum(ry) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    if sxx == 0 or syy == 0:
        return None, n
    return sxy / (sxx * syy) ** 0.5, n


def fmt_rho(rho, n=None, total=None):
    if rho is None:
        s = "undefined"
    else:
        s = "%.2f" % rho
    if n is not None and total is not None and n != total:
        s += " (n=%d/%d)" % (n, total)
    elif n is not None and total is None:
        s += " (n=%d)" % n
    return s


def mean(xs):
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else None


def tier_of(rating):
    if rating is None:
        return None
    if rating >= 3.5:
        return "high"
    if rating >= 2.5:
        return "medium"
    return "low"


# ---------------------------------------------------------------- data

def load_repos(set_dir=HERE):
    with open(os.path.join(set_dir, "repos.tsv"), newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def load_ratings(name, set_dir=HERE):
    out = {}
    with open(os.path.join(set_dir, name), newline="") as f:
        for row in csv.DictReader(f):
            out[row["repo"]] = {a: (None if row[a].strip().upper() == "NA" else float(row[a]))
                                for a in RATED}
    return out


def checkout_dir(checkouts, repo):
    return os.path.join(checkouts, repo.replace("/", "__"))


# ---------------------------------------------------------------- shipready

def default_binary():
    cands = [os.path.join(ROOT, "target", p, "shipready") for p in ("release", "debug")]
    cands = [c for c in cands if os.path.isfile(c)]
    if not cands:
        return None
    return max(cands, key=os.path.getmtime)  # the more recent build


def scan_flags(binary):
    """The flags that keep a repository's own config and baseline out of the
    scoring; refuse to run without the first."""
    help_text = subprocess.run([binary, "scan", "--help"], capture_output=True,
                               text=True, check=True).stdout
    if "--no-config" not in help_text:
        sys.exit("%s scan has no --no-config: refusing to let the audited "
                 "repositories' .shipready.yaml change the scoring" % binary)
    flags = ["-f", "json", "--no-config", "--color", "never"]
    if "--no-baseline" in help_text:
        flags.append("--no-baseline")
    return flags


def run_scan(binary, flags, path, cache, rescan, profile):
    """The JSON report for one checkout, from the cache when it is newer than
    the binary (and was made with the same profile option)."""
    meta = cache + ".cmd"
    cmd = [binary, "scan", path] + flags + (["--profile", profile] if profile else [])
    fresh = (not rescan and os.path.exists(cache) and os.path.exists(meta)
             and os.path.getmtime(cache) >= os.path.getmtime(binary)
             and open(meta).read() == " ".join(cmd[1:]))
    if not fresh:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SHIPREADY_")}
        env["NO_COLOR"] = "1"
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        try:
            report = json.loads(proc.stdout)
        except ValueError:
            sys.exit("scan of %s failed (exit %d): %s" % (path, proc.returncode,
                                                          proc.stderr.strip()[:500]))
        with open(cache, "w") as f:
            json.dump(report, f, indent=1, sort_keys=True)
        with open(meta, "w") as f:
            f.write(" ".join(cmd[1:]))
    with open(cache) as f:
        return json.load(f)


def area_scores(report):
    """{area: score 0-100 or None} from one report, per AREA_MAP."""
    cats = {c["category"]: c for c in report.get("categories", [])}
    out = {}
    for area, m in AREA_MAP.items():
        parts = []  # (score, weight)
        cat_weights = []
        for cat in m["categories"]:
            c = cats.get(cat)
            if c is not None and c.get("score") is not None:
                parts.append((c["score"], c["weight"]))
                cat_weights.append(c["weight"])
        extra = [ch for ch in report.get("checks", [])
                 if ch["status"] in SCORED
                 and ch.get("category") not in m["categories"]
                 and any(ch["id"].startswith(p) for p in m["checks"])]
        if extra:
            credit = lambda ch: 1.0 if ch["status"] == "attested" else ch["score"]
            w = sum(ch["weight"] for ch in extra)
            if w > 0:
                s = 100.0 * sum(ch["weight"] * credit(ch) for ch in extra) / w
            else:
                s = 100.0 * sum(credit(ch) for ch in extra) / len(extra)
            parts.append((s, mean(cat_weights) if cat_weights else 1.0))
        if parts:
            tw = sum(p[1] for p in parts)
            out[area] = (sum(p[0] * p[1] for p in parts) / tw) if tw > 0 else mean([p[0] for p in parts])
        else:
            out[area] = None
    return out


# ---------------------------------------------------------------- naive count

# Directories that hold someone else's code or build output: never counted.
PRUNE = {".git", "node_modules", "vendor", "third_party", "bower_components",
         ".venv", "venv", "__pycache__", "target"}
# The greps read code and configuration, not prose: a README that mentions
# Prometheus is not an exporter. Lock files list transitive dependencies.
DOC_EXT = {".md", ".rst", ".txt", ".adoc", ".markdown"}
LOCKFILES = {"package-lock.json", "yarn.lock", "pnpm-lock.yaml", "go.sum",
             "cargo.lock", "poetry.lock", "gemfile.lock", "composer.lock", "uv.lock"}
BINARY_EXT = {".png", ".jpg", ".jpeg", ".gif", ".ico", ".svg", ".woff", ".woff2",
              ".ttf", ".ttc", ".eot", ".otf", ".pdf", ".zip", ".gz", ".tgz", ".jar",
              ".so", ".dll", ".exe", ".db", ".sqlite", ".map", ".mp4", ".webp"}
GREP_MAX = 1 << 20

GREPS = {
    "metrics": re.compile(r"(?<![a-z0-9])(?:prometheus|opentelemetry|statsd|micrometer)", re.I),
    "health_route": re.compile(r"/(?:health|healthz|ready|readyz|livez)\b", re.I),
    "error_tracking": re.compile(r"(?<![a-z0-9])(?:sentry|bugsnag|rollbar)", re.I),
}

CI_ROOT_FILES = {".gitlab-ci.yml", ".travis.yml", "jenkinsfile", "azure-pipelines.yml",
                 "bitbucket-pipelines.yml", ".drone.yml", ".woodpecker.yml",
                 ".woodpecker.yaml", "appveyor.yml", ".cirrus.yml"}
DEPBOT_FILES = {".github/dependabot.yml", ".github/dependabot.yaml", "renovate.json",
                "renovate.json5", ".renovaterc", ".renovaterc.json",
                ".github/renovate.json", ".github/renovate.json5",
                ".gitlab/renovate.json", ".pyup.yml"}
COMPOSE_RE = re.compile(r"^(docker-)?compose([.-][^/]*)?\.ya?ml$", re.I)

NAIVE_FEATURES = ["dockerfile", "ci_config", "helm_or_kustomize", "compose",
                  "dependency_bot", "security_md", "contributing", "migrations_dir",
                  "runbook_or_troubleshooting", "codeql", "dockerignore",
                  "metrics", "health_route", "error_tracking"]

# The subset of the count that speaks to each area (shown beside the total).
NAIVE_AREA = {
    "security": ["security_md", "dependency_bot", "codeql"],
    "ci_deploy": ["ci_config", "codeql", "dependency_bot"],
    "observability": ["metrics", "health_route", "error_tracking"],
    "docs_runbooks": ["contributing", "security_md", "runbook_or_troubleshooting"],
    "data_migrations": ["migrations_dir"],
    "containers_k8s": ["dockerfile", "dockerignore", "compose", "helm_or_kustomize"],
}


def naive_features(root):
    """{feature: path of the first evidence or None} for one checkout."""
    found = {f: None for f in NAIVE_FEATURES}

    def hit(feature, rel):
        if found[feature] is None:
            found[feature] = rel

    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in PRUNE)
        reldir = os.path.relpath(dirpath, root).replace(os.sep, "/")
        reldir = "" if reldir == "." else reldir
        low_dir = reldir.lower()
        base = low_dir.rsplit("/", 1)[-1]
        # a non-empty migrations directory: any */migrations (Django, sqlx,
        # diesel, prisma, golang-migrate), Rails db/migrate, Flyway
        # db/migration, Alembic alembic/versions
        if (filenames or dirnames) and (base == "migrations"
                                        or low_dir.endswith("db/migrate")
                                        or low_dir.endswith("db/migration")
                                        or low_dir.endswith("alembic/versions")):
            hit("migrations_dir", reldir)
        for name in sorted(filenames):
            rel = (reldir + "/" + name) if reldir else name
            low = name.lower()
            lrel = rel.lower()
            ext = os.path.splitext(low)[1]
            if (low in ("dockerfile", "containerfile") or low.startswith("dockerfile.")
                    or low.endswith(".dockerfile")):
                hit("dockerfile", rel)
            if low == ".dockerignore":
                hit("dockerignore", rel)
            if (lrel.startswith(".github/workflows/") and ext in (".yml", ".yaml")) \
                    or (reldir == "" and low in CI_ROOT_FILES) \
                    or lrel == ".circleci/config.yml" \
                    or (lrel.startswith(".woodpecker/") and ext in (".yml", ".yaml")) \
                    or lrel.startswith(".buildkite/"):
                hit("ci_config", rel)
            if low == "chart.yaml" or low in ("kustomization.yaml", "kustomization.yml", "kustomization"):
                hit("helm_or_kustomize", rel)
            if COMPOSE_RE.match(name):
                hit("compose", rel)
            if lrel in DEPBOT_FILES:
                hit("dependency_bot", rel)
            if low_dir in ("", ".github", "docs"):
                if low.startswith("security.") or low == "security":
                    hit("security_md", rel)
                if low.startswith("contributing"):
                    hit("contributing", rel)
            if ext in DOC_EXT | {".html"} and ("runbook" in lrel or "troubleshoot" in lrel):
                hit("runbook_or_troubleshooting", rel)
            is_workflow = lrel.startswith(".github/workflows/") and ext in (".yml", ".yaml")
            if is_workflow and "codeql" in low:
                hit("codeql", rel)
            # greps over code and configuration
            if (ext in BINARY_EXT or ext in DOC_EXT or low in LOCKFILES
                    or low.endswith((".min.js", ".min.css"))):  # bundled third-party assets
                continue
            need = [g for g in GREPS if found[g] is None]
            if not need and not (is_workflow and found["codeql"] is None):
                continue
            try:
                with open(os.path.join(dirpath, name), "rb") as f:
                    data = f.read(GREP_MAX)
            except OSError:
                continue
            if b"\0" in data[:8192]:
                continue
            text = data.decode("utf-8", "ignore")
            if is_workflow and "github/codeql-action" in text:
                hit("codeql", rel)
            for g in need:
                if GREPS[g].search(text):
                    hit(g, rel)
    return found


# ---------------------------------------------------------------- report

def separation(scores, tiers):
    """Does every high-tier repository score above every low-tier one?"""
    high = [(r, s) for r, s in scores.items() if tiers[r] == "high" and s is not None]
    low = [(r, s) for r, s in scores.items() if tiers[r] == "low" and s is not None]
    bad = [(h, hs, l, ls) for h, hs in high for l, ls in low if not hs > ls]
    return {
        "separated": not bad and bool(high) and bool(low),
        "min_high": min((s for _, s in high), default=None),
        "max_low": max((s for _, s in low), default=None),
        "violations": len(bad),
        "pairs": len(high) * len(low),
        "examples": [{"high": h, "high_score": hs, "low": l, "low_score": ls}
                     for h, hs, l, ls in sorted(bad, key=lambda b: b[3] - b[1], reverse=True)[:8]],
    }


def git_head(path):
    try:
        return subprocess.run(["git", "-C", path, "rev-parse", "--short=12", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def short(repo, width=44):
    return repo if len(repo) <= width else repo[:width - 1] + "~"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("checkouts", help="directory holding <owner>__<name> checkouts")
    ap.add_argument("--bin", help="shipready binary (default: the newer of "
                                  "target/release/shipready and target/debug/shipready)")
    ap.add_argument("--out", default="/tmp/shipready-validity",
                    help="where the JSON reports are cached and summary.json is written "
                         "(default %(default)s)")
    ap.add_argument("--rescan", action="store_true", help="ignore cached reports")
    ap.add_argument("--profile-from-kind", action="store_true",
                    help="pass repos.tsv's kind as --profile instead of letting shipready detect it")
    ap.add_argument("--set", dest="set_dir", default=HERE, metavar="DIR",
                    help="directory holding the set's repos.tsv, ratings-A.csv and ratings-B.csv "
                         "(default: this script's directory, the first set)")
    args = ap.parse_args()
    set_dir = os.path.abspath(args.set_dir)
    for name in ("repos.tsv", "ratings-A.csv", "ratings-B.csv"):
        if not os.path.isfile(os.path.join(set_dir, name)):
            sys.exit("%s has no %s" % (set_dir, name))

    binary = args.bin or default_binary()
    if not binary or not os.path.isfile(binary):
        sys.exit("no shipready binary: build one (cargo build) or pass --bin")
    binary = os.path.abspath(binary)
    flags = scan_flags(binary)
    scans = os.path.join(args.out, "scans")
    os.makedirs(scans, exist_ok=True)

    repos = load_repos(set_dir)
    ra = load_ratings("ratings-A.csv", set_dir)
    rb = load_ratings("ratings-B.csv", set_dir)
    names = [r["repo"] for r in repos]
    for n in names:
        if n not in ra or n not in rb:
            sys.exit("%s has no rating in ratings-A.csv or ratings-B.csv" % n)
    missing = [n for n in names if not os.path.isdir(checkout_dir(args.checkouts, n))]
    if missing:
        sys.exit("missing checkouts (run checkout.sh %s%s): %s" % (
            "" if set_dir == HERE else "--set %s " % set_dir, args.checkouts, ", ".join(missing)))
    N = len(names)

    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    print("shipready validity set: %d repositories, %s" % (N, datetime.date.today().isoformat()))
    print("set:    %s" % (os.path.relpath(set_dir, ROOT) if set_dir.startswith(ROOT) else set_dir))
    print("binary: %s (%s), source %s" % (os.path.relpath(binary, ROOT) if binary.startswith(ROOT) else binary,
                                          version or "?", git_head(ROOT)))
    print("scan:   shipready scan DIR %s%s" % (" ".join(flags),
                                               " --profile KIND" if args.profile_from_kind else ""))
    print()

    # ---- ratings
    mean_r = {n: {a: mean([ra[n][a], rb[n][a]]) for a in RATED} for n in names}
    tiers = {n: tier_of(mean_r[n]["overall"]) for n in names}

    print("== 1. Inter-rater agreement (A vs B)")
    print("%-16s %4s %9s %7s %9s %8s" % ("area", "n", "spearman", "exact", "within 1", "mean |d|"))
    agreement = {}
    for a in RATED:
        xs = [ra[n][a] for n in names]
        ys = [rb[n][a] for n in names]
        rho, k = spearman(xs, ys)
        pairs = [(x, y) for x, y in zip(xs, ys) if x is not None and y is not None]
        exact = sum(1 for x, y in pairs if x == y) / len(pairs) if pairs else None
        within = sum(1 for x, y in pairs if abs(x - y) <= 1) / len(pairs) if pairs else None
        mad = mean([abs(x - y) for x, y in pairs])
        na_mismatch = [n for n in names if (ra[n][a] is None) != (rb[n][a] is None)]
        agreement[a] = {"spearman": rho, "n": k, "exact": exact, "within_1": within,
                        "mean_abs_diff": mad, "na_mismatch": na_mismatch}
        print("%-16s %4d %9s %6.0f%% %8.0f%% %8.2f%s" % (
            a, k, fmt_rho(rho), 100 * exact, 100 * within, mad,
            ("  NA by one rater only: " + ", ".join(na_mismatch)) if na_mismatch else ""))
    disagreements = [(n, a, ra[n][a], rb[n][a]) for n in names for a in RATED
                     if ra[n][a] is not None and rb[n][a] is not None
                     and abs(ra[n][a] - rb[n][a]) > 1]
    print("disagreements by more than one point: %s" % (len(disagreements) or "none"))
    for n, a, x, y in disagreements:
        print("  %s %s: A %g, B %g" % (n, a, x, y))
    print()

    # ---- shipready and naive count per repository
    reports, ship, naive = {}, {}, {}
    for r in repos:
        n = r["repo"]
        path = checkout_dir(args.checkouts, n)
        cache = os.path.join(scans, n.replace("/", "__") + ".json")
        rep = run_scan(binary, flags, path, cache, args.rescan,
                       r["kind"] if args.profile_from_kind else None)
        reports[n] = rep
        ship[n] = {"score": rep["summary"]["score"], "raw_score": rep["summary"]["raw_score"],
                   "verdict": rep["summary"]["verdict"], "level": rep["summary"]["level"],
                   "profile": rep.get("profile", {}).get("profile"),
                   "capped_by": rep["summary"].get("capped_by", []),
                   "areas": area_scores(rep)}
        feats = naive_features(path)
        naive[n] = {"features": feats, "count": sum(1 for v in feats.values() if v),
                    "areas": {a: sum(1 for f in fs if feats[f]) for a, fs in NAIVE_AREA.items()}}

    print("== 2. Ratings (mean of A and B), tiers, scores")
    abbrev = {"security": "sec", "ci_deploy": "ci", "observability": "obs",
              "docs_runbooks": "docs", "data_migrations": "data", "containers_k8s": "ctr",
              "overall": "OVR"}
    head = "%-44s %-7s " % ("repo", "kind") + " ".join("%4s" % abbrev[a] for a in RATED)
    head += " %-6s %6s %6s %-8s %5s" % ("tier", "score", "raw", "profile", "naive")
    print(head)
    order = sorted(names, key=lambda n: (-(mean_r[n]["overall"] or 0), n))
    kinds = {r["repo"]: r["kind"] for r in repos}
    for n in order:
        cells = " ".join("%4s" % ("NA" if mean_r[n][a] is None else ("%.1f" % mean_r[n][a]))
                         for a in RATED)
        print("%-44s %-7s %s %-6s %6.1f %6.1f %-8s %5d" % (
            short(n), kinds[n], cells, tiers[n], ship[n]["score"], ship[n]["raw_score"],
            ship[n]["profile"] or "?", naive[n]["count"]))
    print("tiers: %s" % ", ".join("%s %d" % (t, sum(1 for n in names if tiers[n] == t))
                                  for t in ("high", "medium", "low")))
    print()

    # ---- correlations
    print("== 3. Spearman with the mean rating")
    overall = [mean_r[n]["overall"] for n in names]
    corr = {}
    rho, k = spearman([ship[n]["score"] for n in names], overall)
    corr["overall"] = {"shipready": rho, "n": k}
    rho_raw, _ = spearman([ship[n]["raw_score"] for n in names], overall)
    corr["overall_raw"] = {"shipready": rho_raw, "n": k}
    rho_nv, _ = spearman([naive[n]["count"] for n in names], overall)
    corr["overall"]["naive"] = rho_nv
    corr["overall_raw"]["naive"] = rho_nv
    print("overall:   shipready score %s, raw score %s; naive count %s" % (
        fmt_rho(rho), fmt_rho(rho_raw), fmt_rho(rho_nv)))
    print("per area (shipready's mapped score / naive total count / naive count of the area's own files):")
    for a in AREAS:
        rating = [mean_r[n][a] for n in names]
        rated_n = sum(1 for x in rating if x is not None)
        vals = [ship[n]["areas"][a] for n in names]
        examined = sum(1 for n in names if ship[n]["areas"][a] is not None and mean_r[n][a] is not None)
        m = AREA_MAP[a]
        mapped = " + ".join(m["categories"] + [p + "*" for p in m["checks"]])
        rho_nt, _ = spearman([naive[n]["count"] for n in names], rating)
        rho_na, _ = spearman([naive[n]["areas"][a] for n in names], rating)
        if examined == 0:
            rho_s, s_txt = None, "n/a (not examined)"
        else:
            rho_s, k = spearman(vals, rating)
            s_txt = fmt_rho(rho_s, k, rated_n)
            if rho_s is None and k >= 3:
                s_txt += " (constant score)"
            if k < 3:
                s_txt = "n/a (examined in %d of %d)" % (k, rated_n)
        corr[a] = {"shipready": rho_s, "examined": examined, "rated": rated_n,
                   "naive": rho_nt, "naive_area": rho_na, "mapping": mapped}
        print("  %-16s %-41s %-24s naive %s / %s" % (a, "[" + mapped + "]", s_txt,
                                                    fmt_rho(rho_nt), fmt_rho(rho_na)))
    print()

    # ---- tier separation
    print("== 4. Does every high-tier repository score above every low-tier one?")
    sep_s = separation({n: ship[n]["score"] for n in names}, tiers)
    sep_n = separation({n: naive[n]["count"] for n in names}, tiers)
    for label, sep in (("shipready score", sep_s), ("naive count", sep_n)):
        print("  %-16s %s: lowest high %s, highest low %s; %d of %d high/low pairs out of order" % (
            label, "yes" if sep["separated"] else "NO", sep["min_high"], sep["max_low"],
            sep["violations"], sep["pairs"]))
        for e in sep["examples"][:5]:
            print("      %s (%s) <= %s (%s)" % (e["high"], e["high_score"], e["low"], e["low_score"]))
    print()

    # ---- naive detail
    print("== 5. Naive count: which files and grep hits were found")
    print("%-44s %s" % ("repo", " ".join("%2d" % (i + 1) for i in range(len(NAIVE_FEATURES)))) + "  sum")
    for n in order:
        f = naive[n]["features"]
        print("%-44s %s  %3d" % (short(n), " ".join(" x" if f[k] else " ." for k in NAIVE_FEATURES),
                                 naive[n]["count"]))
    print("  " + "; ".join("%d %s" % (i + 1, k) for i, k in enumerate(NAIVE_FEATURES)))
    print()

    # ---- compact table
    print("== Summary: Spearman with the mean rating (n repositories)")
    rows = [("overall score (n=%d)" % N, fmt_rho(corr["overall"]["shipready"]), fmt_rho(rho_nv)),
            ("overall raw score", fmt_rho(rho_raw), fmt_rho(rho_nv))]
    for a in AREAS:
        c = corr[a]
        if c["examined"] == 0:
            s = "n/a (not examined)"
        elif c["examined"] < 3:
            s = "n/a (examined in %d)" % c["examined"]
        else:
            s = fmt_rho(c["shipready"])
            if c["examined"] != c["rated"]:
                s += " (n=%d/%d)" % (c["examined"], c["rated"])
        rows.append(("%s (n=%d)" % (a, c["rated"]), s, fmt_rho(c["naive"])))
    rows.append(("high above every low", "yes" if sep_s["separated"] else
                 "no (%d/%d pairs)" % (sep_s["violations"], sep_s["pairs"]),
                 "yes" if sep_n["separated"] else "no (%d/%d pairs)" % (sep_n["violations"], sep_n["pairs"])))
    rows.append(("inter-rater overall", fmt_rho(agreement["overall"]["spearman"]), ""))
    w0 = max(len(r[0]) for r in rows + [("metric", "", "")])
    w1 = max(len(r[1]) for r in rows + [("", "shipready", "")])
    print("%-*s | %-*s | %s" % (w0, "metric", w1, "shipready", "naive count"))
    print("%s-|-%s-|-%s" % ("-" * w0, "-" * w1, "-" * 11))
    for r in rows:
        print(("%-*s | %-*s | %s" % (w0, r[0], w1, r[1], r[2])).rstrip())

    summary = {
        "date": datetime.date.today().isoformat(),
        "set": set_dir,
        "binary": binary, "version": version, "source_commit": git_head(ROOT),
        "scan_flags": flags, "profile_from_kind": args.profile_from_kind,
        "repositories": N,
        "agreement": agreement,
        "disagreements": [{"repo": n, "area": a, "A": x, "B": y} for n, a, x, y in disagreements],
        "spearman": corr,
        "separation": {"shipready": sep_s, "naive": sep_n},
        "area_map": AREA_MAP, "naive_area": NAIVE_AREA,
        "repos": {n: {"kind": kinds[n], "tier": tiers[n], "mean_rating": mean_r[n],
                      "rating_A": ra[n], "rating_B": rb[n],
                      "shipready": ship[n], "naive": naive[n]} for n in names},
    }
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
