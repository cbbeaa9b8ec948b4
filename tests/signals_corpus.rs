//! Recall and precision of the code-signal checks over the labelled corpus
//! in `tests/corpus/signals/` (labels in `labels.json`):
//!
//! - `reliability.health-endpoint`: one case per file; positive when the
//!   file defines a health route (the check passes on it alone).
//! - `reliability.timeouts`: positives are the lines of outbound calls
//!   without a timeout; the check's findings are its predictions.
//! - `docs.config-documented`: positives are the environment variables a
//!   file reads that the shared README (`README.md.doc`) does not name.
//!
//! Near-misses (a route in a comment, a client call to /health, a timeout
//! in a comment, an env assignment) are negatives. Fails below 95 % recall
//! or precision on either count. No peer tool covers these checks (OpenSSF
//! Scorecard and the linters we benchmark elsewhere do not look at health
//! routes, client timeouts or configuration docs); bandit's B113 covers the
//! Python `requests` subset of timeouts, see benches/signals-peers.sh.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use shipready::checks::{Params, Profile, Registry};
use shipready::model::Status;
use shipready::workspace::Workspace;

#[derive(serde::Deserialize)]
struct Label {
    check: String,
    #[serde(default)]
    health: Option<bool>,
    #[serde(default)]
    lines: Option<Vec<u32>>,
    #[serde(default)]
    undocumented: Option<Vec<String>>,
    #[serde(default, rename = "as")]
    place: Option<String>,
}

#[derive(Default)]
struct Count {
    tp: usize,
    fp: usize,
    fn_: usize,
    cases: usize,
}

impl Count {
    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/signals"))
}

#[test]
fn signal_checks_meet_recall_and_precision() {
    let labels: BTreeMap<String, Label> =
        serde_json::from_str(&std::fs::read_to_string(root().join("labels.json")).unwrap())
            .expect("labels.json parses");
    let readme = std::fs::read_to_string(root().join("README.md.doc")).unwrap();
    let registry = Registry::builtin();
    let mut counts: BTreeMap<String, Count> = BTreeMap::new();
    let mut misses = Vec::new();
    assert!(labels.len() >= 40, "corpus too small: {}", labels.len());
    for (file, label) in &labels {
        let text =
            std::fs::read_to_string(root().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let name = file.rsplit('/').next().unwrap();
        let place = label.place.clone().unwrap_or_else(|| format!("svc/{name}"));
        let mut files = vec![(place.clone(), text)];
        if label.check == "docs.config-documented" {
            files.push(("README.md".to_string(), readme.clone()));
        }
        let ws = Workspace::in_memory(files);
        let check = registry
            .get(&label.check)
            .unwrap_or_else(|| panic!("{}", label.check));
        let o =
            shipready::engine::run_check(check.as_ref(), &ws, &Params::default(), Profile::Service);
        let c = counts.entry(label.check.clone()).or_default();
        c.cases += 1;
        let (want, got): (BTreeSet<String>, BTreeSet<String>) = if let Some(h) = label.health {
            let w = if h {
                BTreeSet::from(["route".to_string()])
            } else {
                BTreeSet::new()
            };
            let g = if o.status == Status::Pass {
                BTreeSet::from(["route".to_string()])
            } else {
                BTreeSet::new()
            };
            (w, g)
        } else if let Some(lines) = &label.lines {
            (
                lines.iter().map(|l| l.to_string()).collect(),
                o.findings
                    .iter()
                    .filter_map(|f| f.line)
                    .map(|l| l.to_string())
                    .collect(),
            )
        } else {
            (
                label
                    .undocumented
                    .clone()
                    .unwrap_or_default()
                    .into_iter()
                    .collect(),
                o.findings
                    .iter()
                    .filter_map(|f| f.message.split_whitespace().next().map(str::to_string))
                    .collect(),
            )
        };
        let tp = want.intersection(&got).count();
        c.tp += tp;
        c.fp += got.len() - tp;
        c.fn_ += want.len() - tp;
        if want != got {
            misses.push(format!(
                "{file}: want {want:?}, got {got:?} ({})",
                o.summary
            ));
        }
    }
    let mut report = String::new();
    for (check, c) in &counts {
        report.push_str(&format!(
            "{check}: {} cases, recall {:.3} ({}/{}), precision {:.3} ({}/{})\n",
            c.cases,
            c.recall(),
            c.tp,
            c.tp + c.fn_,
            c.precision(),
            c.tp,
            c.tp + c.fp
        ));
    }
    eprintln!("{report}{}", misses.join("\n"));
    for (check, c) in &counts {
        assert!(
            c.recall() >= 0.95 && c.precision() >= 0.95,
            "{check} below 95 %:\n{report}\nmisses:\n{}",
            misses.join("\n")
        );
    }
    assert_eq!(counts.len(), 3, "every code-signal check has cases");
}
