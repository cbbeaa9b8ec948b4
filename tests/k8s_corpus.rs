//! The labelled Kubernetes corpus (tests/corpus/k8s/): every case runs on
//! its own through each k8s check; a check "flags" a case when its outcome
//! is fail or partial. Labels list the checks that must flag each case.
//! Recall and precision over (case, check) pairs must both reach 95 %.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use shipready::checks::{Params, Profile, Registry};
use shipready::model::Status;
use shipready::workspace::Workspace;

const CHECKS: &[&str] = &[
    "k8s.probes",
    "k8s.resources",
    "k8s.image-tags",
    "k8s.security-context",
    "k8s.replicas-and-pdb",
    "k8s.rollout-strategy",
    "k8s.graceful-shutdown",
    "k8s.no-literal-secrets",
    "performance.autoscaling",
];

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/k8s")
}

/// The case's files as (repo path, content): a file lands in `deploy/`, a
/// chart directory keeps its layout.
fn case_files(name: &str) -> Vec<(String, Vec<u8>)> {
    let path = corpus().join(name.trim_end_matches('/'));
    if path.is_dir() {
        let mut out = Vec::new();
        let mut stack = vec![path.clone()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p
                        .strip_prefix(corpus())
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    out.push((rel, std::fs::read(&p).unwrap()));
                }
            }
        }
        out
    } else {
        vec![(format!("deploy/{name}"), std::fs::read(&path).unwrap())]
    }
}

#[test]
fn corpus_recall_and_precision() {
    let labels: BTreeMap<String, Vec<String>> =
        serde_json::from_slice(&std::fs::read(corpus().join("labels.json")).unwrap()).unwrap();
    assert!(labels.len() >= 40, "the corpus needs at least 40 cases");
    let registry = Registry::builtin();
    let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
    let mut errors = Vec::new();
    for (case, expected) in &labels {
        let expected: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
        let ws = Workspace::in_memory(case_files(case));
        for id in CHECKS {
            let check = registry
                .get(id)
                .unwrap_or_else(|| panic!("{id} not registered"));
            let o = shipready::engine::run_check(
                check.as_ref(),
                &ws,
                &Params::default(),
                Profile::Service,
            );
            let flagged = matches!(o.status, Status::Fail | Status::Partial);
            match (flagged, expected.contains(id)) {
                (true, true) => tp += 1,
                (true, false) => {
                    fp += 1;
                    errors.push(format!(
                        "{case}: {id} flagged ({}) but not labelled: {:?}",
                        o.summary,
                        o.findings.iter().map(|f| &f.message).collect::<Vec<_>>()
                    ));
                }
                (false, true) => {
                    fneg += 1;
                    errors.push(format!(
                        "{case}: {id} labelled but {} ({})",
                        o.status.as_str(),
                        o.summary
                    ));
                }
                (false, false) => {}
            }
        }
    }
    let recall = tp as f64 / (tp + fneg).max(1) as f64;
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    eprintln!("k8s corpus: {} cases, tp {tp}, fp {fp}, fn {fneg}, recall {recall:.3}, precision {precision:.3}", labels.len());
    for e in &errors {
        eprintln!("  {e}");
    }
    assert!(
        recall >= 0.95 && precision >= 0.95,
        "recall {recall:.3}, precision {precision:.3}:\n{}",
        errors.join("\n")
    );
}
