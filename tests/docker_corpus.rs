//! The labelled container corpus (tests/corpus/docker/): every Dockerfile
//! case is scanned alone by the docker checks, every compose case alone (at
//! the path its label gives, `compose.yaml` by default) by
//! reliability.health-checks and the compose checks, and the problems found
//! (check/rule of each finding of a failing or partial outcome,
//! low-confidence notes aside) are compared with labels.toml and
//! compose-labels.toml. Recall and precision must both reach 95 %; every
//! miss and false alarm is printed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use shipready::checks::{docker, reliability, CheckRef, Params, Profile};
use shipready::model::{Confidence, Status};
use shipready::workspace::Workspace;

type Labels = BTreeMap<String, (BTreeSet<String>, Option<String>)>;

fn labels(file: &str) -> Labels {
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
            let path = v.get("path").and_then(|p| p.as_str()).map(str::to_string);
            (k, (probs, path))
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
    cases: &Labels,
    checks: &[CheckRef],
    default_path: &str,
) -> (usize, usize, usize, Vec<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/docker");
    let (mut tp, mut fp, mut fnn) = (0, 0, 0);
    let mut report = Vec::new();
    for (file, (want, path)) in cases {
        let text = std::fs::read_to_string(dir.join(file)).expect("case");
        let got = found(checks, path.as_deref().unwrap_or(default_path), &text);
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
    assert!(compose.len() >= 25, "at least 25 compose cases");
    // The dockerignore check judges a build context, not a file: its
    // cases are the fixture repositories.
    let (compose_checks, docker_checks): (Vec<CheckRef>, Vec<CheckRef>) = docker::all()
        .into_iter()
        .filter(|c| c.meta().id.as_str() != "docker.dockerignore")
        .partition(|c| c.meta().id.as_str().starts_with("docker.compose-"));
    let (tp1, fp1, fn1, mut report) =
        score("Dockerfile", &dockerfiles, &docker_checks, "Dockerfile");
    let mut for_compose = reliability::all();
    for_compose.extend(compose_checks);
    let (tp2, fp2, fn2, r2) = score("compose", &compose, &for_compose, "compose.yaml");
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
