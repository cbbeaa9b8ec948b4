//! Baselines end to end: the file `shipready baseline` writes is sorted,
//! stable and merges line by line; scans and the hook gate only on findings
//! it does not cover; stale entries are listed; a secret's entry follows it
//! when its file moves, and a different secret where a baselined one was is
//! called out.

use std::path::Path;
use std::process::Output;
use std::sync::Arc;

use shipready::baseline::Baseline;
use shipready::checklist::{self, Checklist};
use shipready::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use shipready::engine::{self, Mode, ScanOptions};
use shipready::model::{fingerprint, Finding, Level, Outcome, Suppression};
use shipready::report::Report;
use shipready::settings::{Overrides, Planned, Settings};
use shipready::workspace::{Content, FileEntry, MemorySource};

mod git_support;

use git_support::{isolated, text};

const BIN: &str = env!("CARGO_BIN_EXE_shipready");

/// A high-severity per-file content check: findings keyed by fingerprint
/// (check, rule, path, matched text; no line number). The built-in env-file
/// and secret checks would also report these files; the tests count the
/// custom check's findings alone.
const CONFIG: &str = r#"checks:
  secrets.no-env-files:
    disable: true
  secrets.no-committed-secrets:
    disable: true
custom_checks:
  - id: team.no-password
    title: No hard-coded passwords
    category: security
    severity: high
    kind: content
    files: ['*.env']
    must_not_match: 'PASSWORD=\S+'
"#;

fn write(root: &Path, rel: &str, content: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, content).unwrap();
}

#[track_caller]
fn run(root: &Path, args: &[&str], code: i32) -> Output {
    let o = isolated(BIN).current_dir(root).args(args).output().unwrap();
    assert_eq!(o.status.code(), Some(code), "{args:?}: {}", text(&o));
    o
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(o)))
}

fn baseline_text(root: &Path) -> String {
    std::fs::read_to_string(root.join(".shipready/baseline.json")).unwrap()
}

/// The no-password check's result in a JSON report.
fn password_check(report: &serde_json::Value) -> &serde_json::Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "team.no-password")
        .expect("team.no-password ran")
}

/// Runs git in `root`, asserting success; its standard output.
fn git(root: &std::path::Path, args: &[&str]) -> String {
    let o = isolated("git")
        .current_dir(root)
        .args(args)
        .output()
        .unwrap();
    assert!(o.status.success(), "git {args:?}: {}", text(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn repo_with_findings() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".shipready.yaml", CONFIG);
    write(root, "m.env", "PASSWORD=middle\n");
    write(root, "b.env", "PASSWORD=bee\nOTHER=1\nPASSWORD=bee-two\n");
    write(root, "y.env", "PASSWORD=why\n");
    dir
}

#[test]
fn the_baseline_file_is_sorted_stable_and_free_of_volatile_data() {
    let dir = repo_with_findings();
    let root = dir.path();
    let o = run(root, &["baseline"], 0);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("4 entries"),
        "{}",
        text(&o)
    );
    let first = baseline_text(root);
    // Byte-identical on a rerun, whatever the thread count.
    run(root, &["baseline", "-j", "1"], 0);
    assert_eq!(baseline_text(root), first);

    let parsed: serde_json::Value = serde_json::from_str(&first).unwrap();
    let entries = parsed["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 4);
    let paths: Vec<&str> = entries
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["b.env", "b.env", "m.env", "y.env"], "sorted");
    for e in entries {
        let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["check", "key", "path", "rule"], "{e}");
    }
    // One entry per line, and nothing that changes between runs or with
    // line moves: no line numbers, timestamps, commits or matched text.
    assert_eq!(
        first.lines().filter(|l| l.contains("\"key\":")).count(),
        4,
        "{first}"
    );
    for volatile in ["\"line\"", "time", "date", "commit", "middle", "bee"] {
        assert!(!first.contains(volatile), "{volatile} in {first}");
    }

    // --output writes elsewhere and leaves the repository alone.
    let other = tempfile::tempdir().unwrap();
    let target = other.path().join("nested/b.json");
    run(root, &["baseline", "-o", target.to_str().unwrap()], 0);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), first);
}

#[test]
fn a_baselined_scan_gates_only_on_new_findings() {
    let dir = repo_with_findings();
    let root = dir.path();
    // A failing high check does not fail a plain scan's gate...
    run(root, &["scan", "--no-baseline", "-q"], 0);
    run(root, &["baseline"], 0);

    // ...and with the baseline (used by default), the gate accepts every
    // finding, but readiness does not change: the check still fails.
    let o = run(root, &["scan", "-f", "json"], 0);
    let report = json(&o);
    let check = password_check(&report);
    assert_eq!(check["status"], "fail", "{check}");
    let findings = check["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 4, "baselined findings stay in the report");
    assert!(findings
        .iter()
        .all(|f| f["suppressed"]["kind"] == "baseline"));
    assert_eq!(report["baseline"]["baselined"], 4);
    assert_eq!(report["summary"]["suppressed"], 4);

    // Moving a finding to another line changes nothing.
    write(root, "m.env", "# comment\n\nPASSWORD=middle\n");
    run(root, &["scan", "-q"], 0);

    // A new finding fails the gate, and only it is open.
    write(root, "c.env", "PASSWORD=new-one\n");
    let o = run(root, &["scan"], 1);
    let out = stdout(&o);
    assert!(out.contains("c.env:1"), "{out}");
    assert!(out.contains("1 new finding not in the baseline"), "{out}");
    let report = json(&run(root, &["scan", "-f", "json"], 1));
    let open: Vec<&serde_json::Value> = password_check(&report)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("suppressed").is_none())
        .collect();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0]["path"], "c.env");

    // --no-baseline sees everything again; an explicit --baseline FILE works
    // from anywhere.
    let report = json(&run(root, &["scan", "--no-baseline", "-f", "json"], 0));
    assert!(report.get("baseline").is_none());
    let copy = tempfile::tempdir().unwrap();
    let file = copy.path().join("accepted.json");
    std::fs::copy(root.join(".shipready/baseline.json"), &file).unwrap();
    std::fs::remove_file(root.join(".shipready/baseline.json")).unwrap();
    run(
        root,
        &["scan", "-q", "--baseline", file.to_str().unwrap()],
        1,
    );
    std::fs::remove_file(root.join("c.env")).unwrap();
    run(
        root,
        &["scan", "-q", "--baseline", file.to_str().unwrap()],
        0,
    );
}

#[test]
fn stale_entries_are_reported() {
    let dir = repo_with_findings();
    let root = dir.path();
    run(root, &["baseline"], 0);
    std::fs::remove_file(root.join("y.env")).unwrap();
    write(root, "b.env", "PASSWORD=bee\nOTHER=1\n");
    let report = json(&run(root, &["scan", "-f", "json"], 0));
    let stale = report["baseline"]["stale"].as_array().unwrap();
    let stale_paths: Vec<&str> = stale.iter().map(|s| s["path"].as_str().unwrap()).collect();
    assert_eq!(stale_paths, ["b.env", "y.env"], "{stale:?}");
    assert!(stale.iter().all(|s| s["check"] == "team.no-password"));
    let out = stdout(&run(root, &["scan"], 0));
    assert!(out.contains("2 stale"), "{out}");
    assert!(
        out.contains("team.no-password/must-not-match in y.env"),
        "{out}"
    );
    // Regenerating drops them and says so.
    let o = run(root, &["baseline"], 0);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("2 entries (0 added, 2 removed)"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_malformed_baseline_is_a_usage_error_naming_the_file() {
    let dir = repo_with_findings();
    let root = dir.path();
    write(
        root,
        ".shipready/baseline.json",
        "{\"version\": 1, \"entries\": [\n  {\"check\": \"x.y\"}\n]}\n",
    );
    let o = run(root, &["scan"], 2);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(".shipready/baseline.json"), "{err}");
    assert!(err.contains("missing field `key`"), "{err}");
    let o = run(root, &["scan", "--baseline", "no-such-file.json"], 2);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no-such-file.json: baseline file not found")
    );
    // `shipready baseline` repairs it.
    run(root, &["baseline"], 0);
    run(root, &["scan", "-q"], 0);
}

#[test]
fn the_hook_honours_the_baseline_and_lists_stale_entries_of_staged_files() {
    let dir = repo_with_findings();
    let root = dir.path();
    let git = |args: &[&str]| git(root, args);
    git(&["init", "-q"]);
    git(&["add", "b.env", "m.env"]);
    run(root, &["baseline"], 0);
    // Staged, but covered by the baseline.
    let out = stdout(&run(root, &["hook"], 0));
    assert!(out.contains("3 baselined"), "{out}");
    // A new one in a staged file blocks; the baselined ones do not.
    write(root, "m.env", "PASSWORD=middle\nPASSWORD=another\n");
    git(&["add", "m.env"]);
    let out = stdout(&run(root, &["hook"], 1));
    assert!(out.contains("1 blocking finding"), "{out}");
    assert!(out.contains("m.env:2"), "{out}");
    assert!(!out.contains("m.env:1 "), "{out}");
    // y.env's entry is not stale in the hook: y.env was not staged.
    assert!(!out.contains("stale"), "{out}");
    write(root, "m.env", "NOTHING=here\n");
    git(&["add", "m.env"]);
    let out = stdout(&run(root, &["hook"], 0));
    assert!(out.contains("1 stale baseline entry"), "{out}");
    assert!(out.contains("in m.env"), "{out}");
    // --no-baseline in the hook.
    run(root, &["hook", "--no-baseline", "b.env"], 1);
}

#[test]
fn baselines_merge_line_by_line() {
    let dir = repo_with_findings();
    let root = dir.path();
    let git = |args: &[&str]| git(root, args);
    git(&["init", "-q", "-b", "main"]);
    git(&["config", "user.name", "T"]);
    git(&["config", "user.email", "t@test.invalid"]);
    run(root, &["baseline"], 0);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "baseline"]);
    // Two branches each accept a finding of their own.
    git(&["checkout", "-q", "-b", "a"]);
    write(root, "c.env", "PASSWORD=from-a\n");
    run(root, &["baseline"], 0);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "a"]);
    git(&["checkout", "-q", "main"]);
    git(&["checkout", "-q", "-b", "b"]);
    write(root, "n.env", "PASSWORD=from-b\n");
    run(root, &["baseline"], 0);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "b"]);
    git(&["merge", "-q", "--no-edit", "a"]);
    let merged = baseline_text(root);
    // The merge is exactly what regenerating gives: nothing lost, valid JSON.
    run(root, &["baseline"], 0);
    assert_eq!(baseline_text(root), merged);
    assert_eq!(Baseline::parse("merged", &merged).unwrap().len(), 6);
}

// ---- Secrets: value-keyed entries, through the engine with a stand-in
// check, until the real secrets check lands on main.

/// Reports every `TOKEN=<value>` the way the secrets check does: the
/// fingerprint carries the path, the baseline key only the value.
struct FakeSecret {
    meta: CheckMeta,
}

impl FakeSecret {
    fn new() -> Self {
        FakeSecret {
            meta: CheckMeta {
                id: CheckId::from_static("secrets.fake-token"),
                title: "No fake tokens".into(),
                category: Category::Security,
                severity: Severity::Critical,
                profiles: (&[][..]).into(),
                applies_when: "always".into(),
                stability: Stability::Stable,
                summary: "no fake tokens".into(),
                rationale: "test".into(),
                remediation: "test".into(),
                passes_when: "no TOKEN= line".into(),
                params: (&[][..]).into(),
                references: (&[][..]).into(),
            },
        }
    }
}

struct Tokens(Vec<(u32, String)>);

impl Check for FakeSecret {
    fn meta(&self) -> &CheckMeta {
        &self.meta
    }
    fn wants(&self, _: &FileEntry, _: &Params) -> bool {
        true
    }
    fn inspect(&self, _: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let found: Vec<(u32, String)> = content
            .text()
            .lines()
            .enumerate()
            .filter_map(|(i, l)| {
                l.strip_prefix("TOKEN=")
                    .map(|v| (i as u32 + 1, v.to_string()))
            })
            .collect();
        Some(Box::new(Tokens(found)))
    }
    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let mut findings = Vec::new();
        for (f, Tokens(found)) in ctx.data::<Tokens>() {
            for (line, value) in found {
                findings.push(
                    Finding::new(&self.meta.id, "a token")
                        .rule("fake-token")
                        .level(Level::Error)
                        .at(f.path.clone(), Some(*line))
                        .snippet(format!("{}…", &value[..value.len().min(2)]))
                        .matched(value)
                        .baseline_key(fingerprint(&["fake-token", value])),
                );
            }
        }
        Ok(if findings.is_empty() {
            Outcome::pass("no tokens")
        } else {
            Outcome::fail(format!("{} tokens", findings.len())).findings(findings)
        })
    }
}

fn settings_with_fake() -> Settings {
    let list = (
        checklist::DEFAULT_PATH.to_string(),
        checklist::DEFAULT_TEXT.to_string(),
        Checklist::default_embedded().unwrap(),
    );
    let mut s = Settings::resolve(
        list,
        None,
        None,
        &Overrides {
            respect_ignores: true,
            ..Default::default()
        },
    )
    .unwrap();
    // The stand-in alone: the built-in secret checks would report the same
    // lines and change the counts these tests assert.
    s.plan.clear();
    s.plan.push(Planned {
        check: Arc::new(FakeSecret::new()),
        severity: Severity::Critical,
        weight: 10.0,
        level: 0,
        cap_below: 1.0,
        params: Params::default(),
        profiles: None,
        ignore: vec![],
        confidence: Default::default(),
        not_applicable: None,
        waiver: None,
        attestation: None,
        attestation_at: None,
    });
    s
}

fn scan(files: &[(&str, &str)], mode: Mode, baseline: Option<&Baseline>) -> Report {
    let source = Arc::new(MemorySource::new(
        files
            .iter()
            .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec())),
    ));
    engine::scan_with(
        &settings_with_fake(),
        source,
        &ScanOptions {
            mode,
            baseline: baseline.map(|b| Arc::new(b.clone())),
        },
    )
    .unwrap()
}

fn fake(report: &Report) -> &shipready::report::CheckResult {
    report
        .checks
        .iter()
        .find(|c| c.id == "secrets.fake-token")
        .unwrap()
}

#[test]
fn a_secrets_baseline_entry_follows_the_secret_when_its_file_moves() {
    let before = scan(
        &[("config/app.cfg", "TOKEN=abc123secret\n")],
        Mode::Full,
        None,
    );
    let b = accept_every(&before);
    assert_eq!(b.len(), 1);
    let rendered = b.render();
    assert!(!rendered.contains("abc123secret"), "{rendered}");

    for mode in [Mode::Full, Mode::Staged] {
        let after = scan(
            &[("moved/elsewhere.cfg", "# moved\nTOKEN=abc123secret\n")],
            mode,
            Some(&b),
        );
        let c = fake(&after);
        // Still failing for readiness; accepted by the gate.
        assert_eq!(
            c.outcome.status.as_str(),
            "fail",
            "{mode:?}: {:?}",
            c.outcome
        );
        assert_eq!(
            c.outcome.findings[0].suppressed,
            Some(Suppression::Baseline)
        );
        assert!(after.blocking().is_empty());
        assert!(
            after.gate_failures().is_empty(),
            "{:?}",
            after.gate_failures()
        );
        assert!(after.baseline.as_ref().unwrap().stale.is_empty());
    }
}

#[test]
fn a_different_secret_where_a_baselined_one_was_is_flagged() {
    let before = scan(&[("app.cfg", "TOKEN=old-value-1\n")], Mode::Full, None);
    let b = accept_every(&before);
    let after = scan(
        &[("app.cfg", "TOKEN=new-value-2\n")],
        Mode::Staged,
        Some(&b),
    );
    let blocking = after.blocking();
    assert_eq!(blocking.len(), 1);
    let f = blocking[0].1;
    assert!(
        f.message
            .contains("a different value than the one baselined here"),
        "{}",
        f.message
    );
    let stale = &after.baseline.as_ref().unwrap().stale;
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0].replaced_by, ["app.cfg:1"]);
    assert_eq!(after.gate_failures().len(), 1);
    // In the hook, an entry for a file that was not staged is not stale.
    let other = scan(&[("unrelated.txt", "x\n")], Mode::Staged, Some(&b));
    assert!(other.baseline.as_ref().unwrap().stale.is_empty());
    // In a full scan it is.
    let full = scan(&[("unrelated.txt", "x\n")], Mode::Full, Some(&b));
    assert_eq!(full.baseline.as_ref().unwrap().stale.len(), 1);
}

/// A baseline that accepts every finding, credentials included, each with
/// a reason: the explicit, per-finding form `--accept` takes.
fn accept_every(report: &Report) -> Baseline {
    let accept = shipready::baseline::Acceptance {
        accepted: report
            .checks
            .iter()
            .flat_map(|c| c.outcome.findings.iter())
            .map(|f| (f.fingerprint.clone(), "test fixture".to_string()))
            .collect(),
        previous: Vec::new(),
    };
    Baseline::from_report("baseline.json", report, &accept).0
}

#[test]
fn credentials_enter_a_baseline_one_at_a_time_with_a_reason() {
    let report = scan(
        &[
            ("a.cfg", "TOKEN=first-secret-1\n"),
            ("b.cfg", "TOKEN=other-secret-2\n"),
        ],
        Mode::Full,
        None,
    );
    // Nothing named: no credential is accepted, both are listed as left out.
    let none = shipready::baseline::Acceptance::default();
    let (b, left) = Baseline::from_report("baseline.json", &report, &none);
    assert_eq!((b.len(), left.len()), (0, 2));
    // One named, with a reason: only it enters, and the file says why.
    let fp = left[0].fingerprint.clone();
    let one = shipready::baseline::Acceptance {
        accepted: vec![(fp, "revoked on 2026-11-01, kept in history".into())],
        previous: Vec::new(),
    };
    let (b, left) = Baseline::from_report("baseline.json", &report, &one);
    assert_eq!((b.len(), left.len()), (1, 1));
    assert!(
        b.render().contains("revoked on 2026-11-01"),
        "{}",
        b.render()
    );
    // Regenerating keeps what the previous baseline accepted.
    let again = shipready::baseline::Acceptance {
        accepted: Vec::new(),
        previous: b.entries.clone(),
    };
    let (b2, _) = Baseline::from_report("baseline.json", &report, &again);
    assert_eq!(b2.entries, b.entries);
}
