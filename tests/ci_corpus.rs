//! Recall and precision of the CI checks over the labelled workflows in
//! `tests/corpus/ci/` (`labels.toml` names each case's problems). A check
//! reports a problem for a case when it leaves an unsuppressed finding of
//! medium or high confidence (a first-party action on a version tag is a
//! lower-weight note, not the unpinned-action problem). Fails below 95 %
//! on either measure, over all checks together and per check.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use shipready::checks::{Params, Profile, Registry};
use shipready::model::{Confidence, Level};
use shipready::workspace::Workspace;

const DEFAULT_SCOPE: &[&str] = &[
    "ci.pinned-actions",
    "ci.least-privilege",
    "ci.no-dangerous-triggers",
    "ci.no-template-injection",
    "ci.no-persisted-credentials",
    "ci.no-hardcoded-credentials",
    "ci.no-unsecure-commands",
    "ci.no-cache-poisoning",
    "ci.timeouts",
    "ci.deploy-concurrency",
];

#[derive(serde::Deserialize)]
struct Label {
    problems: Vec<String>,
    #[serde(default)]
    scope: Vec<String>,
    path: Option<String>,
}

#[derive(Default, Debug)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

#[test]
fn ci_corpus_recall_and_precision() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/ci");
    let labels: BTreeMap<String, Label> =
        toml::from_str(&std::fs::read_to_string(dir.join("labels.toml")).expect("labels.toml"))
            .expect("labels parse");
    assert!(labels.len() >= 40, "corpus too small: {}", labels.len());
    let registry = Registry::builtin();
    let mut per_check: BTreeMap<String, Counts> = BTreeMap::new();
    let mut wrong = Vec::new();
    for (case, label) in &labels {
        let file = ["yml", "gitlab-ci.yml"]
            .iter()
            .map(|e| dir.join(format!("{case}.{e}")))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("no file for case {case}"));
        let text = std::fs::read(&file).expect("read case");
        let path = label
            .path
            .clone()
            .unwrap_or_else(|| format!(".github/workflows/{case}.yml"));
        let ws = Workspace::in_memory([(path, text)]);
        let scope: BTreeSet<&str> = DEFAULT_SCOPE
            .iter()
            .copied()
            .chain(label.scope.iter().map(String::as_str))
            .collect();
        for id in scope {
            let check = registry
                .get(id)
                .unwrap_or_else(|| panic!("unknown check {id}"));
            let o = shipready::engine::run_check(
                check.as_ref(),
                &ws,
                &Params::default(),
                Profile::Service,
            );
            let flagged = o.findings.iter().any(|f| {
                f.suppressed.is_none()
                    && f.level > Level::Info
                    && f.confidence >= Confidence::Medium
                    && f.rule.as_deref() != Some("first-party-tag")
            });
            let expected = label.problems.iter().any(|p| p == id);
            let c = per_check.entry(id.to_string()).or_default();
            match (expected, flagged) {
                (true, true) => c.tp += 1,
                (false, true) => {
                    c.fp += 1;
                    wrong.push(format!(
                        "{case}: false positive {id}: {}",
                        o.findings
                            .iter()
                            .map(|f| f.message.clone())
                            .collect::<Vec<_>>()
                            .join("; ")
                    ));
                }
                (true, false) => {
                    c.fn_ += 1;
                    wrong.push(format!(
                        "{case}: missed {id} ({}: {})",
                        o.status.as_str(),
                        o.summary
                    ));
                }
                (false, false) => {}
            }
        }
    }
    let (tp, fp, fn_) = per_check
        .values()
        .fold((0, 0, 0), |a, c| (a.0 + c.tp, a.1 + c.fp, a.2 + c.fn_));
    let recall = ratio(tp, tp + fn_);
    let precision = ratio(tp, tp + fp);
    for (id, c) in &per_check {
        eprintln!("{id:32} tp {:3} fp {:3} fn {:3}", c.tp, c.fp, c.fn_);
    }
    eprintln!(
        "overall: {} cases, recall {:.3}, precision {:.3}",
        labels.len(),
        recall,
        precision
    );
    for w in &wrong {
        eprintln!("{w}");
    }
    assert!(
        recall >= 0.95 && precision >= 0.95,
        "recall {recall:.3}, precision {precision:.3}:\n{}",
        wrong.join("\n")
    );
    for (id, c) in &per_check {
        let (r, p) = (ratio(c.tp, c.tp + c.fn_), ratio(c.tp, c.tp + c.fp));
        assert!(
            r >= 0.95 && p >= 0.95,
            "{id}: recall {r:.3}, precision {p:.3}:\n{}",
            wrong.join("\n")
        );
    }
}
