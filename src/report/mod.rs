//! The report model: everything a renderer needs, as plain data. It is
//! built once (`assemble.rs`) and imports nothing but `model`, so each
//! renderer (one file per format) is a pure function of `Report`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{
    Attestation, BaselineReport, Category, Detected, Finding, Level, Mode, Outcome, Severity,
    Stats, Status, Verdict, Waiver,
};

pub mod badge;
pub mod diff;
pub mod encode;
pub mod hook;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod rollup;
pub mod sarif;
pub mod table;

pub const SCHEMA_VERSION: u32 = 2;

/// One check's result with the settings it ran under.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    pub id: String,
    pub title: String,
    pub category: Category,
    pub severity: Severity,
    pub weight: f64,
    /// The lowest level that requires this check.
    pub level: String,
    #[serde(skip)]
    pub level_index: usize,
    pub cap_below: f64,
    /// The check's one-line summary, why it matters and how to fix it,
    /// for renderers that explain (SARIF rules, HTML). Kept out of the
    /// JSON report: `shipready explain ID` prints them.
    #[serde(skip)]
    pub summary: String,
    #[serde(skip)]
    pub rationale: String,
    #[serde(skip)]
    pub remediation: String,
    /// A built-in check, documented in docs/checks.md (a config's custom
    /// check is not), so renderers can link to its section.
    #[serde(skip)]
    pub builtin: bool,
    #[serde(flatten)]
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<Waiver>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attestation: Option<Attestation>,
}

/// The project's home, as Cargo.toml names it.
pub const REPOSITORY_URL: &str = env!("CARGO_PKG_REPOSITORY");

/// The check catalog, docs/checks.md, in that repository: the one base
/// every renderer links checks to.
pub const CHECKS_DOC_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/checks.md");

impl CheckResult {
    /// The check's section in the catalog, for built-in checks. The anchor
    /// is the heading's GitHub slug: the id without its dot, as the
    /// catalog's own table of contents links it.
    pub fn doc_url(&self) -> Option<String> {
        self.builtin
            .then(|| format!("{CHECKS_DOC_URL}#{}", self.id.replace('.', "")))
    }

    /// Findings that count (not suppressed).
    pub fn open_findings(&self) -> impl Iterator<Item = &crate::model::Finding> {
        self.outcome
            .findings
            .iter()
            .filter(|f| f.suppressed.is_none())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub verdict: Verdict,
    /// The highest level reached ("not-ready" when none).
    pub level: String,
    pub target: String,
    pub score: f64,
    pub raw_score: f64,
    pub capped_by: Vec<String>,
    pub coverage: f64,
    /// Status -> number of checks.
    pub counts: BTreeMap<Status, usize>,
    pub findings: usize,
    pub suppressed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryReport {
    pub category: Category,
    pub state: CategoryState,
    pub weight: f64,
    /// None when nothing in the category is scored.
    pub score: Option<f64>,
    pub raw_score: Option<f64>,
    pub capped_by: Vec<String>,
    pub coverage: f64,
    pub level: String,
    pub checks: usize,
    pub passing: usize,
}

/// Whether a category was scored, applies but had nothing examined, or
/// does not apply to the profile (a library has no recovery).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CategoryState {
    Scored,
    NotExamined,
    NotApplicable,
}

#[derive(Debug, Clone, Serialize)]
pub struct NextStep {
    pub id: String,
    pub title: String,
    pub points: f64,
    /// What the fix adds before caps (see `score::Step`).
    pub raw_points: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NextLevel {
    pub level: String,
    /// The shortest list of checks whose fix reaches it.
    pub checks: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    /// `staged` for the hook; absent for a whole-tree scan.
    #[serde(skip_serializing_if = "Mode::is_full")]
    pub mode: Mode,
    pub scoring_model: &'static str,
    pub root: String,
    pub checklist: String,
    pub profile: Detected,
    pub summary: Summary,
    pub categories: Vec<CategoryReport>,
    pub checks: Vec<CheckResult>,
    pub next_steps: Vec<NextStep>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_level: Option<NextLevel>,
    pub stats: Stats,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expired: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_under: Option<f64>,
    /// The baseline in use: how many findings it covered, stale entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineReport>,
}

pub const NOT_READY: &str = "not-ready";

impl Report {
    /// Findings that fail the hook and a baselined scan: open (neither
    /// suppressed nor baselined), above informational, in a failing
    /// critical or high check. In check-id order, secrets first.
    pub fn blocking(&self) -> Vec<(&CheckResult, &Finding)> {
        let mut out: Vec<(&CheckResult, &Finding)> = self
            .checks
            .iter()
            .filter(|c| {
                matches!(c.severity, Severity::Critical | Severity::High)
                    && matches!(c.outcome.status, Status::Fail | Status::Partial)
            })
            .flat_map(|c| {
                c.open_findings()
                    .filter(|f| f.level > Level::Info)
                    .map(move |f| (c, f))
            })
            .collect();
        out.sort_by_key(|(c, _)| secrets_first(c));
        out
    }

    /// Whether the CI gates held: no unwaived critical failure, and the
    /// score at or above `fail_under`.
    ///
    /// The hook gates on blocking findings alone: a score over a few staged
    /// files means nothing. With a baseline, a whole-tree scan also fails on
    /// any blocking finding the baseline does not cover.
    pub fn gate_failures(&self) -> Vec<String> {
        let mut out = Vec::new();
        let blocking = self.blocking().len();
        if self.mode == Mode::Staged {
            if blocking > 0 {
                out.push(format!(
                    "{blocking} blocking finding{} in the staged files",
                    plural(blocking)
                ));
            }
            return out;
        }
        for c in &self.checks {
            // A critical check gates when its failure is certain. With a
            // baseline, one that fails only on baselined findings has been
            // accepted for the gate (the score still counts it).
            let counted = c.outcome.findings.iter().filter(|f| f.level > Level::Info);
            let only_baselined = self.baseline.is_some()
                && counted.clone().next().is_some()
                && counted.clone().all(|f| f.suppressed.is_some());
            if c.severity == Severity::Critical
                && matches!(c.outcome.status, Status::Fail | Status::Partial)
                && c.outcome.confidence == crate::model::Confidence::High
                && !only_baselined
            {
                out.push(format!(
                    "critical check {} is failing: {}",
                    c.id, c.outcome.summary
                ));
            }
        }
        out.extend(baseline_and_score_gates(
            blocking,
            self.baseline.as_ref().map(|b| b.path.as_str()),
            self.summary.score,
            self.fail_under,
        ));
        out
    }
}

/// The two gates every whole-tree scan shares, worded once for the report
/// and for reports read back from JSON (`fleet::view`): blocking findings a
/// baseline does not cover, and a score under `--fail-under`.
pub fn baseline_and_score_gates(
    blocking: usize,
    baseline: Option<&str>,
    score: f64,
    fail_under: Option<f64>,
) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(path) = baseline {
        if blocking > 0 {
            out.push(format!(
                "{blocking} new finding{} not in the baseline {path}",
                plural(blocking)
            ));
        }
    }
    if let Some(f) = fail_under {
        if score < f {
            out.push(format!(
                "score {} is below --fail-under {}",
                fmt_num(score),
                fmt_num(f)
            ));
        }
    }
    out
}

/// Sort key putting the secrets area first, then by id.
pub fn secrets_first(c: &CheckResult) -> (bool, &str) {
    (!c.id.starts_with("secrets."), c.id.as_str())
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// "rule: message  snippet" for one finding, the snippet styled by `dim`.
pub fn finding_body(f: &crate::model::Finding, dim: &dyn Fn(&str) -> String) -> String {
    let rule = f
        .rule
        .as_deref()
        .map(|r| format!("{r}: "))
        .unwrap_or_default();
    let snippet = f
        .snippet
        .as_deref()
        .map(|s| format!("  {}", dim(s)))
        .unwrap_or_default();
    format!("{rule}{}{snippet}", f.message)
}

/// 86.4 -> "86.4", 80.0 -> "80".
pub fn fmt_num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.1}")
    }
}
