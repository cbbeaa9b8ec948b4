#!/usr/bin/env bash
# Compares shipready's migration checks with squawk (the Postgres migration
# linter) over the labelled set in tests/corpus/migrations/.
#
# squawk reads SQL only, so it runs over every .sql file of the set (up and
# down files alike, as a user would point it at a migrations directory);
# its rule ids are mapped onto ours (table below and docs/migrations.md) and
# scored on the labels of the rules it covers. shipready is scored on the
# same subset and on everything. A finding is right when case, file, line
# and (mapped) rule match a label. Peers are optional: this is a benchmark,
# not a test.
#
# Usage: benches/migrations-peers.sh            (installs squawk-cli with pip
#        into a throwaway venv when `squawk` is not on PATH)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

squawk=$(command -v squawk || true)
if [ -z "$squawk" ]; then
  venv=${SQUAWK_VENV:-${TMPDIR:-/tmp}/shipready-squawk-venv}
  [ -x "$venv/bin/squawk" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q squawk-cli; }
  squawk=$venv/bin/squawk
fi
echo "squawk: $("$squawk" --version)" >&2

SHIPREADY_CORPUS_DUMP="$work/ours.jsonl" cargo test -q --test migrations_corpus corpus_recall_and_precision >/dev/null 2>&1 || true
[ -s "$work/ours.jsonl" ] || { echo "our corpus run produced nothing" >&2; exit 3; }

: > "$work/squawk.jsonl"
for case in tests/corpus/migrations/*/; do
  name=$(basename "$case")
  files=$(cd "$case" && find . -name '*.sql' | sed 's|^\./||' | sort)
  [ -n "$files" ] || continue
  # shellcheck disable=SC2086
  (cd "$case" && "$squawk" --reporter json $files 2>/dev/null || true) |
    python3 -c 'import json,sys
name=sys.argv[1]
raw=sys.stdin.read().strip()
for v in (json.loads(raw) if raw else []):
    print(json.dumps({"case":name,"rule":v["rule_name"],"path":v["file"],"line":v["line"]+1}))' "$name" >> "$work/squawk.jsonl"
done

python3 - "$root/tests/corpus/migrations" "$work/ours.jsonl" "$work/squawk.jsonl" <<'PY'
import json, os, sys
corpus, ours_f, squawk_f = sys.argv[1:]
# squawk rule -> our rules it stands for (many-to-one where squawk has one
# rule for two of ours).
MAP = {
    "require-concurrent-index-creation": {"create-index-non-concurrent"},
    "adding-required-field": {"add-column-not-null-no-default"},
    "adding-field-with-default": {"add-column-volatile-default"},
    "changing-column-type": {"alter-column-type"},
    "renaming-column": {"rename-column"},
    "renaming-table": {"rename-table"},
    "ban-drop-column": {"drop-column"},
    "ban-drop-table": {"drop-table"},
    "adding-foreign-key-constraint": {"foreign-key-without-not-valid"},
    "constraint-missing-not-valid": {"foreign-key-without-not-valid", "check-without-not-valid"},
    "adding-serial-primary-key-field": {"add-primary-key"},
    "disallowed-unique-constraint": {"unique-constraint-without-index"},
    "adding-not-nullable-field": {"set-not-null-without-check"},
    "require-timeout-settings": {"missing-lock-timeout"},
    "require-lock-timeout": {"missing-lock-timeout"},
    "ban-concurrent-index-creation-in-transaction": {"concurrent-index-in-transaction"},
}
covered = set().union(*MAP.values())
labels = set()
judged = set()  # cases judged on safe-ddl: the only ones squawk is scored on
for case in sorted(os.listdir(corpus)):
    spec = os.path.join(corpus, case, "expect.txt")
    if not os.path.exists(spec):
        continue
    for line in open(spec):
        line = line.strip()
        if line.startswith("checks:"):
            if "safe-ddl" in line.split():
                judged.add(case)
            continue
        if not line or line.startswith("#"):
            continue
        check, rule, loc = line.split()
        path, ln = loc.rsplit(":", 1)
        labels.add((case, check, rule, path, int(ln)))
ours = set()
for l in open(ours_f):
    d = json.loads(l)
    ours.add((d["case"], d["check"], d["rule"], d["path"], d["line"]))

def score(found, expected):
    tp = len(found & expected); fp = len(found - expected); fn = len(expected - found)
    r = tp / (tp + fn) if tp + fn else 1.0
    p = tp / (tp + fp) if tp + fp else 1.0
    return tp, fp, fn, r, p

sql = lambda k: k[3].endswith(".sql")
sub_labels = {k for k in labels if sql(k) and k[2] in covered}
sub_ours = {k for k in ours if sql(k) and k[2] in covered}
def squawk_score(skip=()):
    """squawk's TP/FP/FN: a finding is right when a label of a rule it maps
    to sits at its case/file/line; each label counts once."""
    expected = {k for k in sub_labels if k[2] not in skip}
    tp_labels, fp, fp_by_rule, seen = set(), 0, {}, set()
    for l in open(squawk_f):
        d = json.loads(l)
        rules = MAP.get(d["rule"])
        if not rules or d["case"] not in judged or rules <= set(skip):
            continue
        key = (d["case"], d["path"], d["line"], frozenset(rules))
        if key in seen:
            continue
        seen.add(key)
        hit = [k for k in expected if k[0] == d["case"] and k[3] == d["path"] and k[4] == d["line"] and k[2] in rules]
        if hit:
            tp_labels.update(hit)
        else:
            fp += 1
            fp_by_rule[d["rule"]] = fp_by_rule.get(d["rule"], 0) + 1
    fn = len(expected - tp_labels)
    tp = len(tp_labels)
    r = tp / (tp + fn) if tp + fn else 1.0
    p = tp / (tp + fp) if tp + fp else 1.0
    return tp, fp, fn, r, p, fp_by_rule, sorted(expected - tp_labels)

sq = squawk_score()
sq_nt = squawk_score(skip=("missing-lock-timeout",))
sub_nt = score({k for k in sub_ours if k[2] != "missing-lock-timeout"}, {k for k in sub_labels if k[2] != "missing-lock-timeout"})
all_s = score(ours, labels)
sub_s = score(sub_ours, sub_labels)
cases = len({k[0] for k in labels} | {c for c in os.listdir(corpus) if os.path.isdir(os.path.join(corpus, c))})
print(f"labelled set: {cases} cases, {len(labels)} labelled problems ({len(sub_labels)} in SQL files of rules squawk covers)\n")
print("| tool | scope | TP | FP | FN | recall | precision |")
print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
print(f"| shipready | all problems (SQL + ORM, both checks) | {all_s[0]} | {all_s[1]} | {all_s[2]} | {all_s[3]*100:.1f} % | {all_s[4]*100:.1f} % |")
print(f"| shipready | SQL, rules squawk covers | {sub_s[0]} | {sub_s[1]} | {sub_s[2]} | {sub_s[3]*100:.1f} % | {sub_s[4]*100:.1f} % |")
print(f"| squawk | SQL, rules squawk covers | {sq[0]} | {sq[1]} | {sq[2]} | {sq[3]*100:.1f} % | {sq[4]*100:.1f} % |")
print(f"| shipready | same, without the lock-timeout rule | {sub_nt[0]} | {sub_nt[1]} | {sub_nt[2]} | {sub_nt[3]*100:.1f} % | {sub_nt[4]*100:.1f} % |")
print(f"| squawk | same, without require-lock-timeout | {sq_nt[0]} | {sq_nt[1]} | {sq_nt[2]} | {sq_nt[3]*100:.1f} % | {sq_nt[4]*100:.1f} % |")
if sq[5]:
    print("\nsquawk false positives by rule: " + ", ".join(f"{r} {n}" for r, n in sorted(sq[5].items())))
missed = sq[6]
if missed:
    print("\nsquawk missed:")
    for k in missed:
        print(f"  {k[0]} {k[2]} {k[3]}:{k[4]}")
PY
