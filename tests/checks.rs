//! Fixture cases: `fixtures/checks/<check-id>/<case>/` is a tiny repository
//! whose case name starts with the status the check must return (`pass-`,
//! `partial-`, `fail-`, `na-`, `unknown-`). Each case is copied into a
//! temporary directory (so this repository's own `.gitignore` and `.git`
//! cannot leak in, and `dot_`-prefixed names become dotfiles, see
//! fixtures/README.md), then scanned through the real engine with only that
//! check enabled. Every mismatch is collected and reported at once.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use shipready::checklist::{Checklist, DEFAULT_PATH, DEFAULT_TEXT};
use shipready::model::{Outcome, Status};
use shipready::settings::{Overrides, Settings};
use shipready::workspace::FsSource;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/checks")
}

fn sorted_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// `dot_x` in a fixture becomes `.x` in the copy.
fn real_name(name: &str) -> String {
    match name.strip_prefix("dot_") {
        Some(rest) => format!(".{rest}"),
        None => name.to_string(),
    }
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = real_name(&entry.file_name().to_string_lossy());
        let target = to.join(name);
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

fn expected(case: &str) -> Option<Status> {
    let prefix = case.split('-').next()?;
    Some(match prefix {
        "pass" => Status::Pass,
        "partial" => Status::Partial,
        "fail" => Status::Fail,
        "na" => Status::NotApplicable,
        "unknown" => Status::Unknown,
        "attested" => Status::Attested,
        _ => return None,
    })
}

fn run_case(id: &str, case: &Path) -> Result<Outcome, String> {
    let tmp = tempfile::TempDir::new().map_err(|e| format!("tempdir: {e}"))?;
    copy_tree(case, tmp.path()).map_err(|e| format!("copy: {e}"))?;
    let report = scan_tree(tmp.path(), Some(id))?;
    report
        .checks
        .into_iter()
        .find(|c| c.id == id)
        .map(|c| c.outcome)
        .ok_or_else(|| format!("{id} did not run: is it in checks/production-readiness.yaml?"))
}

/// Scans a copied tree through the real engine: with `only`, that check
/// alone; otherwise the whole default checklist.
fn scan_tree(root: &Path, only: Option<&str>) -> Result<shipready::report::Report, String> {
    let checklist = Checklist::default_embedded().map_err(|e| e.to_string())?;
    let config = match shipready::config::discover(root) {
        Some(p) => Some(shipready::config::load(&p).map_err(|e| e.to_string())?),
        None => None,
    };
    let overrides = Overrides {
        only: only.map(|id| vec![id.to_string()]).unwrap_or_default(),
        respect_ignores: true,
        ..Default::default()
    };
    let settings = Settings::resolve(
        (
            DEFAULT_PATH.to_string(),
            DEFAULT_TEXT.to_string(),
            checklist,
        ),
        config,
        shipready::config::load_attestations(&root.join(shipready::config::ATTESTATIONS_PATH))
            .map_err(|e| e.to_string())?,
        &overrides,
    )
    .map_err(|e| e.to_string())?;
    let source = FsSource::new(root).map_err(|e| e.to_string())?;
    shipready::engine::scan(&settings, Arc::new(source)).map_err(|e| e.to_string())
}

/// Every file below `dir`, relative, with `dot_` names as the copy has them.
fn relative_files(dir: &Path, base: &Path, out: &mut Vec<String>) {
    for e in fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            relative_files(&p, base, out);
        } else {
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().to_string();
            out.push(rel.split('/').map(real_name).collect::<Vec<_>>().join("/"));
        }
    }
}

/// No cliffs: adding to a failing or partial case the files that make a
/// passing case of the same check pass (evidence, and nothing else
/// changed) never lowers that check's score, nor the overall score.
#[test]
fn more_evidence_never_scores_lower() {
    let mut problems = Vec::new();
    let mut pairs = 0;
    for check_dir in sorted_dirs(&fixtures()) {
        let id = check_dir.file_name().unwrap().to_string_lossy().to_string();
        let cases = sorted_dirs(&check_dir);
        let name = |p: &Path| p.file_name().unwrap().to_string_lossy().to_string();
        for weak in cases
            .iter()
            .filter(|c| {
                let n = name(c);
                n.starts_with("fail-") || n.starts_with("partial-")
            })
            // A few pairs per check keep the test quick as checks multiply.
            .take(4)
        {
            for strong in cases
                .iter()
                .filter(|c| name(c).starts_with("pass-"))
                .take(4)
            {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                relative_files(weak, weak, &mut a);
                relative_files(strong, strong, &mut b);
                // Adding, not changing: skip pairs that share a path or
                // where the passing case brings its own config.
                if b.iter()
                    .any(|f| a.contains(f) || f.starts_with(".shipready"))
                {
                    continue;
                }
                let before_dir = tempfile::TempDir::new().unwrap();
                copy_tree(weak, before_dir.path()).unwrap();
                let after_dir = tempfile::TempDir::new().unwrap();
                copy_tree(weak, after_dir.path()).unwrap();
                copy_tree(strong, after_dir.path()).unwrap();
                let shown = format!("{id}: {} + {}", name(weak), name(strong));
                let score_of = |r: &shipready::report::Report| {
                    r.checks
                        .iter()
                        .find(|c| c.id == id)
                        .map(|c| c.outcome.credit())
                };
                let (Ok(before), Ok(after)) = (
                    scan_tree(before_dir.path(), None),
                    scan_tree(after_dir.path(), None),
                ) else {
                    problems.push(format!("{shown}: could not scan"));
                    continue;
                };
                // Files that change what the repository is (a `package main`
                // makes a Go service, three source files owe tests) change
                // which checks apply: another repository, not more evidence
                // about this one.
                let applicable = |r: &shipready::report::Report| {
                    r.checks
                        .iter()
                        .filter(|c| c.outcome.status != Status::NotApplicable)
                        .map(|c| c.id.clone())
                        .collect::<Vec<_>>()
                };
                if after.profile.profile != before.profile.profile
                    || applicable(&after) != applicable(&before)
                {
                    continue;
                }
                pairs += 1;
                if score_of(&after) < score_of(&before) {
                    problems.push(format!(
                        "{shown}: {id} went from {:?} to {:?}",
                        score_of(&before),
                        score_of(&after)
                    ));
                }
                if after.summary.raw_score + 1e-9 < before.summary.raw_score {
                    problems.push(format!(
                        "{shown}: overall went from {} to {}",
                        before.summary.raw_score, after.summary.raw_score
                    ));
                }
            }
        }
    }
    assert!(pairs >= 20, "only {pairs} pairs compared");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_fixture_case_gets_the_status_its_name_says() {
    let mut problems = Vec::new();
    let mut ran = 0;
    for check_dir in sorted_dirs(&fixtures()) {
        let id = check_dir.file_name().unwrap().to_string_lossy().to_string();
        for case in sorted_dirs(&check_dir) {
            let name = case.file_name().unwrap().to_string_lossy().to_string();
            let shown = format!("fixtures/checks/{id}/{name}");
            let Some(want) = expected(&name) else {
                problems.push(format!(
                    "{shown}: the case name must start with pass-, partial-, fail-, na- or unknown-"
                ));
                continue;
            };
            ran += 1;
            match run_case(&id, &case) {
                Err(e) => problems.push(format!("{shown}: could not run: {e}")),
                Ok(o) if o.status != want => problems.push(format!(
                    "{shown}: expected {}, got {} (score {:.2})\n    summary: {}\n    evidence: {:#?}\n    findings: {:#?}",
                    want.as_str(),
                    o.status.as_str(),
                    o.score,
                    o.summary,
                    o.evidence,
                    o.findings
                        .iter()
                        .map(|f| format!(
                            "{} [{}] {:?}: {}",
                            f.location(),
                            f.rule.as_deref().unwrap_or("-"),
                            f.level,
                            f.message
                        ))
                        .collect::<Vec<_>>()
                )),
                Ok(_) => {}
            }
        }
    }
    assert!(
        ran > 0,
        "no fixture cases found under {}",
        fixtures().display()
    );
    assert!(
        problems.is_empty(),
        "{} of {ran} fixture cases are wrong:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

#[test]
fn every_checklist_check_has_a_pass_and_a_fail_case() {
    let checklist = Checklist::default_embedded().expect("embedded checklist");
    let registry = shipready::checks::Registry::builtin();
    let mut problems = Vec::new();
    for id in checklist.checks.keys() {
        let dir = fixtures().join(id);
        let cases: Vec<String> = if dir.is_dir() {
            sorted_dirs(&dir)
                .iter()
                .map(|p| p.file_name().unwrap().to_string_lossy().to_string())
                .collect()
        } else {
            Vec::new()
        };
        // Only a person can settle an attestable check: it is unknown or
        // attested, never passed or failed by the tree.
        let attestable = registry.get(id).is_some_and(|c| c.attestable());
        let needed = if attestable {
            ["unknown-", "attested-"]
        } else {
            ["pass-", "fail-"]
        };
        for prefix in needed {
            if !cases.iter().any(|c| c.starts_with(prefix)) {
                problems.push(format!(
                    "{id}: no `{prefix}` case: add fixtures/checks/{id}/{prefix}<what-it-proves>/"
                ));
            }
        }
    }
    for dir in sorted_dirs(&fixtures()) {
        let id = dir.file_name().unwrap().to_string_lossy().to_string();
        if registry.get(&id).is_none() {
            problems.push(format!(
                "fixtures/checks/{id}: no check has this id (a typo, or a removed check?)"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn dot_prefix_becomes_a_dotfile() {
    assert_eq!(real_name("dot_gitignore"), ".gitignore");
    assert_eq!(real_name("dot_git"), ".git");
    assert_eq!(real_name("README.md"), "README.md");
    assert_eq!(real_name(".env"), ".env");
}

/// Binary bytes, invalid UTF-8, a huge single line and empty files, at the
/// paths every check reads: no check may error or panic.
#[test]
fn hostile_files_never_break_a_check() {
    let tmp = tempfile::TempDir::new().unwrap();
    let huge = format!("# {}\n", "a".repeat(1_000_000));
    let invalid: &[u8] =
        b"\xff\xfe# title\n\xc3\x28 DB_PASSWORD=\xa0\xa1\n-----BEGIN PRIVATE KEY-----\n";
    let files: &[(&str, &[u8])] = &[
        ("README.md", huge.as_bytes()),
        ("CODEOWNERS", invalid),
        (".github/CODEOWNERS", b""),
        (".env", invalid),
        (".env.production", b"=\n==\nexport\n'\n\"unterminated\n"),
        ("runbooks/a.md", huge.as_bytes()),
        ("runbooks/b.rst", b"===\n===\n===\n"),
        ("CHANGELOG.md", b""),
        ("src/lib.rs", invalid),
        ("src/b.rs", b"\x00\x01binary"),
        ("key.pem", b"-----BEGIN RSA PRIVATE KEY-----"),
        (".adr-dir", b"\n"),
        ("catalog-info.yaml", b"spec:\n  owner:"),
        ("OWNERS", b"approvers:"),
        (".npmrc", b"_authToken="),
        (".pgpass", b"::::"),
        ("docs/adr/x.md", invalid),
    ];
    for (path, bytes) in files {
        let p = tmp.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    let checklist = Checklist::default_embedded().unwrap();
    let ids: Vec<String> = checklist.checks.keys().cloned().collect();
    let settings = Settings::resolve(
        (
            DEFAULT_PATH.to_string(),
            DEFAULT_TEXT.to_string(),
            checklist,
        ),
        None,
        None,
        &Overrides {
            only: ids,
            respect_ignores: true,
            profile: Some(shipready::checks::Profile::Service),
            ..Default::default()
        },
    )
    .unwrap();
    let report =
        shipready::engine::scan(&settings, Arc::new(FsSource::new(tmp.path()).unwrap())).unwrap();
    for c in &report.checks {
        assert_ne!(
            c.outcome.status,
            Status::Error,
            "{}: {}",
            c.id,
            c.outcome.summary
        );
    }
}
