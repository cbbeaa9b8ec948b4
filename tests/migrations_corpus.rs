//! Recall and precision of `migrations.reversible` and `migrations.safe-ddl`
//! over the labelled set in `tests/corpus/migrations/`. Each case is a tiny
//! repository; its `expect.txt` names the checks it is judged on and every
//! finding they must report (`<check> <rule> <path>:<line>`). A finding is
//! right when check, rule, path and line all match. Fails below 95 % on
//! either measure.
//!
//! `SHIPREADY_CORPUS_DUMP=<file>` writes our findings as JSON lines, which
//! `benches/migrations-peers.sh` compares with squawk's.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use shipready::checks::{Params, Profile, Registry};
use shipready::model::Level;
use shipready::workspace::Workspace;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/migrations")
}

fn files_under(dir: &Path, root: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_under(&p, root, out);
        } else {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if rel != "expect.txt" {
                out.push((rel, fs::read(&p).unwrap()));
            }
        }
    }
}

type Key = (String, String, String, String, u32);

struct Case {
    name: String,
    checks: Vec<String>,
    expected: BTreeSet<Key>,
    found: BTreeSet<Key>,
}

fn run_corpus() -> Vec<Case> {
    let registry = Registry::builtin();
    let mut out = Vec::new();
    let mut dirs: Vec<PathBuf> = fs::read_dir(corpus())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let spec = fs::read_to_string(dir.join("expect.txt"))
            .unwrap_or_else(|e| panic!("{name}: expect.txt: {e}"));
        let mut checks = Vec::new();
        let mut expected = BTreeSet::new();
        for line in spec
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            if let Some(c) = line.strip_prefix("checks:") {
                checks = c.split_whitespace().map(str::to_string).collect();
                continue;
            }
            let parts: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(parts.len(), 3, "{name}: bad expectation `{line}`");
            let (path, l) = parts[2].rsplit_once(':').unwrap();
            expected.insert((
                name.clone(),
                parts[0].to_string(),
                parts[1].to_string(),
                path.to_string(),
                l.parse().unwrap(),
            ));
        }
        let mut files = Vec::new();
        files_under(&dir, &dir, &mut files);
        let markers: Vec<_> = files
            .iter()
            .flat_map(|(p, b)| shipready::suppress::scan(p, b))
            .collect();
        let ws = Workspace::in_memory(files);
        let mut found = BTreeSet::new();
        for short in &checks {
            let id = format!("migrations.{short}");
            let check = registry.get(&id).unwrap_or_else(|| panic!("no check {id}"));
            let mut o = shipready::engine::run_check(
                check.as_ref(),
                &ws,
                &Params::default(),
                Profile::Service,
            );
            shipready::suppress::apply(&markers, &mut o.findings);
            for f in o
                .findings
                .iter()
                .filter(|f| f.suppressed.is_none() && f.level > Level::Info)
            {
                found.insert((
                    name.clone(),
                    short.clone(),
                    f.rule.clone().unwrap_or_default(),
                    f.path.clone().unwrap_or_default(),
                    f.line.unwrap_or(0),
                ));
            }
        }
        out.push(Case {
            name,
            checks,
            expected,
            found,
        });
    }
    out
}

#[test]
fn corpus_recall_and_precision() {
    let cases = run_corpus();
    let migrations = cases.len();
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    let mut problems = Vec::new();
    let mut dump = String::new();
    for c in &cases {
        for k in &c.found {
            dump.push_str(&format!(
                "{{\"case\":\"{}\",\"check\":\"{}\",\"rule\":\"{}\",\"path\":\"{}\",\"line\":{}}}\n",
                k.0, k.1, k.2, k.3, k.4
            ));
            if c.expected.contains(k) {
                tp += 1;
            } else {
                fp += 1;
                problems.push(format!(
                    "unexpected: {} {} {} {}:{}",
                    k.0, k.1, k.2, k.3, k.4
                ));
            }
        }
        for k in c.expected.difference(&c.found) {
            fneg += 1;
            problems.push(format!("missed: {} {} {} {}:{}", k.0, k.1, k.2, k.3, k.4));
        }
        assert!(!c.checks.is_empty(), "{}: no checks named", c.name);
    }
    if let Ok(p) = std::env::var("SHIPREADY_CORPUS_DUMP") {
        fs::write(p, &dump).unwrap();
    }
    let recall = tp as f64 / (tp + fneg).max(1) as f64;
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let summary = format!("{migrations} cases: {tp} true positives, {fp} false positives, {fneg} missed; recall {:.1} %, precision {:.1} %", recall * 100.0, precision * 100.0);
    eprintln!("{summary}");
    for p in &problems {
        eprintln!("  {p}");
    }
    assert!(migrations >= 60, "corpus too small: {summary}");
    assert!(
        recall >= 0.95,
        "recall below 95 %: {summary}\n{}",
        problems.join("\n")
    );
    assert!(
        precision >= 0.95,
        "precision below 95 %: {summary}\n{}",
        problems.join("\n")
    );
}

#[test]
fn corpus_covers_every_safe_ddl_rule() {
    let cases = run_corpus();
    let rules: BTreeSet<&str> = cases
        .iter()
        .flat_map(|c| c.expected.iter().map(|k| k.2.as_str()))
        .collect();
    for rule in [
        "create-index-non-concurrent",
        "add-column-not-null-no-default",
        "add-column-volatile-default",
        "alter-column-type",
        "rename-column",
        "rename-table",
        "drop-column",
        "drop-table",
        "foreign-key-without-not-valid",
        "check-without-not-valid",
        "unique-constraint-without-index",
        "add-primary-key",
        "set-not-null-without-check",
        "concurrent-index-in-transaction",
        "missing-lock-timeout",
        "vacuum-full",
        "lock-table",
        "backfill-in-ddl-transaction",
        "missing-down",
        "empty-down",
        "irreversible",
        "forward-only-undocumented",
    ] {
        assert!(rules.contains(rule), "no labelled case for {rule}");
    }
}
