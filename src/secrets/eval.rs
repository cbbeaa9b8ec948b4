//! Corpus evaluation shared by `tests/secrets_corpus.rs` and
//! `examples/secrets_eval.rs`: load labelled cases, scan them, count.
//!
//! Scoring is per case and rule id: an expected id that is reported is a true
//! positive, one that is not is a false negative, and every reported id that was not
//! expected is a false positive. Any confidence counts as reported.

use serde::Deserialize;

use super::SecretScanner;

/// One labelled case.
#[derive(Debug, Clone, Deserialize)]
pub struct Case {
    pub name: String,
    /// Repo-relative path the content is scanned as.
    pub path: String,
    pub content: String,
    /// Rule ids that must be reported; empty = nothing may be reported.
    #[serde(default)]
    pub expect: Vec<String>,
}

/// Parse the JSONL manifest (one case per line; blank lines and `#` comments skipped).
pub fn load_cases(jsonl: &str) -> Result<Vec<Case>, String> {
    jsonl
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

#[derive(Debug, Default, Clone)]
pub struct Report {
    pub cases: usize,
    pub positives: usize,
    pub negatives: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    /// Human-readable misses and false alarms.
    pub errors: Vec<String>,
}

impl Report {
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn summary(&self) -> String {
        format!(
            "recall {:.1}% precision {:.1}% (tp {} fp {} fn {}; {} cases: {} with secrets, {} without)",
            self.recall() * 100.0,
            self.precision() * 100.0,
            self.tp,
            self.fp,
            self.fn_,
            self.cases,
            self.positives,
            self.negatives
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

pub fn evaluate(scanner: &SecretScanner, cases: &[Case]) -> Report {
    let mut r = Report {
        cases: cases.len(),
        ..Report::default()
    };
    for c in cases {
        if c.expect.is_empty() {
            r.negatives += 1;
        } else {
            r.positives += 1;
        }
        let found = scanner.scan(&c.path, c.content.as_bytes());
        let mut got: Vec<&str> = found.iter().map(|m| m.rule_id.as_str()).collect();
        got.sort_unstable();
        got.dedup();
        for e in &c.expect {
            if got.contains(&e.as_str()) {
                r.tp += 1;
            } else {
                r.fn_ += 1;
                r.errors.push(format!(
                    "MISS {} ({}): expected {e}, got {got:?}",
                    c.name, c.path
                ));
            }
        }
        for g in got {
            if !c.expect.iter().any(|e| e == g) {
                r.fp += 1;
                let m = found
                    .iter()
                    .find(|m| m.rule_id == g)
                    .map(|m| m.redacted.clone())
                    .unwrap_or_default();
                r.errors
                    .push(format!("FALSE {} ({}): reported {g} {m}", c.name, c.path));
            }
        }
    }
    r
}
