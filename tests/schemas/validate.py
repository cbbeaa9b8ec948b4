#!/usr/bin/env python3
"""Validates shipready's SARIF and JUnit output with real validators.

For each scenario repository given, copies it to a temporary directory
(renaming `dot_*` entries as tests/common/mod.rs does), adds files with
hostile names to `hostile`, runs `shipready scan . -o sarif=... -o
junit=...`, then checks:

- the SARIF against the official SARIF 2.1.0 JSON schema (the copy beside
  this script), with format checking (URIs and URI references), and
  against the GitHub code scanning ingestion limits and requirements;
- the JUnit file with Python's XML parser (expat), which rejects any
  document that is not well-formed XML 1.0.

Usage: validate.py SHIPREADY FIXTURE_DIR...
Needs: python3 -m pip install jsonschema rfc3986-validator
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.dom.minidom

try:
    import jsonschema
    import rfc3986_validator  # noqa: F401  (enables the uri-reference format)
except ImportError as e:
    sys.exit(f"validate.py: {e}; install with: python3 -m pip install jsonschema rfc3986-validator")

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(HERE, "sarif-schema-2.1.0.json")

# GitHub code scanning: what a SARIF upload may hold.
MAX_BYTES = 10 * 1000 * 1000
MAX_RUNS = 20
MAX_RESULTS = 25_000
MAX_RULES = 25_000
MAX_LOCATIONS = 1_000
MAX_TAGS = 20

# Names no fixture can commit: markup, quotes, a mention and control bytes.
ODD_FILES = {
    "odd/we\"ird <name> & 'q' `tick` |pipe| *star* @team #1 $x$.env": "API_PASSWORD=hunter2-very-secret-value\n",
    "odd/ctl\x01\x1b[31mred.env": "DB_PASSWORD=another-secret-value-xyz\n",
    "odd/fix<me>.py": "x = 1  # FIXME <b>&amp;</b> \"q\" \x01\x02 ]]> @someone\n",
}


def copy_fixture(src, dst):
    os.makedirs(dst, exist_ok=True)
    for name in sorted(os.listdir(src)):
        target = "." + name[4:] if name.startswith("dot_") else name
        s, d = os.path.join(src, name), os.path.join(dst, target)
        if os.path.isdir(s) and not os.path.islink(s):
            copy_fixture(s, d)
        elif os.path.isfile(s):
            shutil.copyfile(s, d)


def github_problems(doc, size):
    """What GitHub code scanning would refuse or not display."""
    out = []
    if size > MAX_BYTES:
        out.append(f"file is {size} bytes, over GitHub's {MAX_BYTES}")
    runs = doc.get("runs", [])
    if not 1 <= len(runs) <= MAX_RUNS:
        out.append(f"{len(runs)} runs")
    for run in runs:
        rules = run["tool"]["driver"].get("rules", [])
        if len(rules) > MAX_RULES:
            out.append(f"{len(rules)} rules")
        for i, rule in enumerate(rules):
            for key in ("shortDescription", "fullDescription", "help"):
                if not rule.get(key, {}).get("text", "").strip():
                    out.append(f"rule {i} ({rule.get('id')}) has no {key}.text")
            if len(rule.get("properties", {}).get("tags", [])) > MAX_TAGS:
                out.append(f"rule {rule.get('id')} has over {MAX_TAGS} tags")
        results = run.get("results", [])
        if len(results) > MAX_RESULTS:
            out.append(f"{len(results)} results")
        for i, res in enumerate(results):
            locs = res.get("locations", [])
            if not 1 <= len(locs) <= MAX_LOCATIONS:
                out.append(f"result {i} has {len(locs)} locations")
            for loc in locs:
                uri = loc.get("physicalLocation", {}).get("artifactLocation", {}).get("uri")
                if not uri:
                    out.append(f"result {i} has a location without artifactLocation.uri")
            idx = res.get("ruleIndex")
            if idx is None or idx >= len(rules) or rules[idx]["id"] != res.get("ruleId"):
                out.append(f"result {i}: ruleIndex {idx} does not name rule {res.get('ruleId')}")
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    shipready = os.path.abspath(sys.argv[1])
    with open(SCHEMA, encoding="utf-8") as f:
        validator = jsonschema.Draft4Validator(json.load(f), format_checker=jsonschema.FormatChecker())
    failed = 0
    checked = 0
    with tempfile.TemporaryDirectory(prefix="shipready-validate-") as tmp:
        for fixture in sys.argv[2:]:
            name = os.path.basename(os.path.normpath(fixture))
            repo = os.path.join(tmp, name)
            copy_fixture(fixture, repo)
            if name == "hostile":
                for rel, text in ODD_FILES.items():
                    p = os.path.join(repo, rel)
                    os.makedirs(os.path.dirname(p), exist_ok=True)
                    with open(p, "w", encoding="utf-8") as f:
                        f.write(text)
            sarif = os.path.join(tmp, f"{name}.sarif")
            junit = os.path.join(tmp, f"{name}.xml")
            run = subprocess.run(
                [shipready, "scan", ".", "-q", "-o", f"sarif={sarif}", "-o", f"junit={junit}"],
                cwd=repo,
                capture_output=True,
                text=True,
            )
            if run.returncode not in (0, 1):
                print(f"FAIL {name}: shipready exited {run.returncode}: {run.stderr}")
                failed += 1
                continue
            with open(sarif, "rb") as f:
                raw = f.read()
            doc = json.loads(raw)
            problems = [
                f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
                for e in validator.iter_errors(doc)
            ]
            problems += github_problems(doc, len(raw))
            checked += 1
            if problems:
                failed += 1
                print(f"FAIL {name}.sarif:")
                for p in problems[:20]:
                    print(f"  {p}")
            else:
                results = len(doc["runs"][0]["results"])
                print(f"ok   {name}.sarif: valid SARIF 2.1.0, {results} results, {len(raw)} bytes")
            checked += 1
            try:
                xml.dom.minidom.parse(junit)
                print(f"ok   {name}.xml: well-formed JUnit XML")
            except Exception as e:  # expat's error names line and column
                failed += 1
                print(f"FAIL {name}.xml: {e}")
    print(f"validate.py: {checked - failed} of {checked} files valid")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
