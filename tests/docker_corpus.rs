//! The labelled container corpus (tests/corpus/docker/): every Dockerfile
//! case is scanned alone by the docker checks, every compose case alone by
//! reliability.health-checks, and the problems found (check/rule of each
//! finding of a failing or partial outcome, low-confidence notes aside) are
//! compared with labels.toml and compose-labels.toml. Recall and precision
//! must both reach 95 %; every miss and false alarm is printed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use shipready::checks::{docker, reliability, CheckRef, Params, Profile};
use shipready::model::{Confidence, Status};
use shipready::workspace::Workspace;

fn labels(file: &str) -> BTreeMap<String, BTreeSet<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/docker");
    let text = std::fs::read_to_string(dir.join(file)).expect("labels");
    let table: toml::Table = toml::from_str(&text).expect("labels parse");
    table
        .into_iter()
        .map(|(k, v)| {
            let probs = v["problems"]
                .as_array()
                .expect("problems array")
                .iter()
                .map(|p| p.as_str().expect("string").to_string())
                .collect();
            (k, probs)
        })
        .collect()
}

fn found(checks: &[CheckRef], path: &str, text: &str) -> BTreeSet<String> {
    let ws = Workspace::in_memory([(path.to_string(), text.as_bytes().to_vec())]);
    let mut out = BTreeSet::new();
    for c in checks {
        let o = shipready::engine::run_check(c.as_ref(), &ws, &Params::default(), Profile::Service);
        if !matches!(o.status, Status::Fail | Status::Partial) {
            continue;
        }
        for f in &o.findings {
            if f.confidence > Confidence::Low {
                out.insert(format!("{}/{}", f.check, f.rule.as_deref().unwrap_or("")));
            }
        }
    }
    out
}

fn score(
    kind: &str,
    cases: &BTreeMap<String, BTreeSet<String>>,
    checks: &[CheckRef],
    path: &str,
) -> (usize, usize, usize, Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/docker");
    let (mut tp, mut fp, mut fnn) = (0, 0, 0);
    let mut report = Vec::new();
    for (file, want) in cases {
        let text = std::fs::read_to_string(dir.join(file)).expect("case");
        let got = found(checks, path, &text);
        for g in got.difference(want) {
            fp += 1;
            report.push(format!("{kind} {file}: false alarm {g}"));
        }
        for w in want.difference(&got) {
            fnn += 1;
            report.push(format!("{kind} {file}: missed {w}"));
        }
        tp += want.intersection(&got).count();
    }
    (tp, fp, fnn, report)
}

#[test]
fn corpus_recall_and_precision() {
    let dockerfiles = labels("labels.toml");
    let compose = labels("compose-labels.toml");
    assert!(dockerfiles.len() >= 40, "at least 40 Dockerfile cases");
    assert!(compose.len() >= 10, "at least 10 compose cases");
    // The dockerignore check judges a build context, not a file: its
    // cases are the fixture repositories.
    let docker_checks: Vec<CheckRef> = docker::all()
        .into_iter()
        .filter(|c| c.meta().id.as_str() != "docker.dockerignore")
        .collect();
    let (tp1, fp1, fn1, mut report) =
        score("Dockerfile", &dockerfiles, &docker_checks, "Dockerfile");
    let (tp2, fp2, fn2, r2) = score("compose", &compose, &reliability::all(), "compose.yaml");
    report.extend(r2);
    let (tp, fp, fnn) = (tp1 + tp2, fp1 + fp2, fn1 + fn2);
    let recall = tp as f64 / (tp + fnn).max(1) as f64;
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    eprintln!(
        "docker corpus: {} Dockerfiles, {} compose files, {} labelled problems; recall {:.3}, precision {:.3}",
        dockerfiles.len(),
        compose.len(),
        tp + fnn,
        recall,
        precision
    );
    assert!(
        recall >= 0.95 && precision >= 0.95,
        "recall {recall:.3}, precision {precision:.3}:\n{}",
        report.join("\n")
    );
    if !report.is_empty() {
        eprintln!("{}", report.join("\n"));
    }
}
