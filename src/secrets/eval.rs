//! Corpus evaluation shared by `tests/secrets_corpus.rs` and
//! `examples/secrets_eval.rs`: load labelled cases, scan them, count.
//!
//! Scoring is per case and rule id: an expected id that is reported is a true
//! positive, one that is not is a false negative, and every reported id that was not
//! expected is a false positive. Any confidence counts as reported.
//!
//! A case may also say which confidence a reviewer would give a finding
//! (`"confidence": {"rule-id": "high"}`). Those are scored apart: agreement
//! (the engine graded the finding as labelled) and the precision and recall
//! of the blocking findings, the high-confidence ones that fail the check.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Confidence, SecretScanner};

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
    /// Expected confidence per expected rule id (optional).
    #[serde(default)]
    pub confidence: BTreeMap<String, Confidence>,
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
    /// Labelled confidences, and how many the engine matched.
    pub graded: usize,
    pub graded_agree: usize,
    /// Blocking (high-confidence) findings: expected high and reported high,
    /// reported high but not expected high, expected high and not high.
    pub block_tp: usize,
    pub block_fp: usize,
    pub block_fn: usize,
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
    pub fn blocking_precision(&self) -> f64 {
        ratio(self.block_tp, self.block_tp + self.block_fp)
    }
    pub fn blocking_recall(&self) -> f64 {
        ratio(self.block_tp, self.block_tp + self.block_fn)
    }
    /// Blocking numbers and confidence agreement; meaningful only for a
    /// corpus whose cases label confidences.
    pub fn graded_summary(&self) -> String {
        format!(
            "confidence agreement {}/{}; blocking (high) recall {:.1}% precision {:.1}% (tp {} fp {} fn {})",
            self.graded_agree,
            self.graded,
            self.blocking_recall() * 100.0,
            self.blocking_precision() * 100.0,
            self.block_tp,
            self.block_fp,
            self.block_fn
        )
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
        let best = |rule: &str| {
            found
                .iter()
                .filter(|m| m.rule_id == rule)
                .map(|m| m.confidence)
                .max()
        };
        for (rule, want) in &c.confidence {
            r.graded += 1;
            let have = best(rule);
            if have == Some(*want) {
                r.graded_agree += 1;
            } else if have.is_some() {
                r.errors.push(format!(
                    "GRADE {} ({}): {rule} expected {want}, got {}",
                    c.name,
                    c.path,
                    have.map_or("nothing".into(), |h| h.to_string())
                ));
            }
            if *want == Confidence::High {
                if have == Some(Confidence::High) {
                    r.block_tp += 1;
                } else {
                    r.block_fn += 1;
                }
            }
        }
        // Blocking precision is scored only where a case labels confidences.
        for m in found
            .iter()
            .filter(|_| !c.confidence.is_empty() || c.expect.is_empty())
        {
            let labelled_high = c.confidence.get(&m.rule_id) == Some(&Confidence::High);
            if m.confidence == Confidence::High && !labelled_high {
                r.block_fp += 1;
                r.errors.push(format!(
                    "BLOCK {} ({}): {} at high confidence {}",
                    c.name, c.path, m.rule_id, m.redacted
                ));
            }
        }
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
