//! The report model: everything a renderer needs, computed once. Each
//! renderer (one file per format) is a pure function of `Report`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::baseline::BaselineReport;
use crate::checks::{Category, Severity};
use crate::engine::Mode;
use crate::model::{Finding, Level, Outcome, Status};
use crate::profile::Detected;
use crate::score::{self, Item, Verdict};
use crate::settings::{Planned, Settings};
use crate::workspace::{Stats, Workspace};

pub mod hook;
pub mod json;
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
    #[serde(flatten)]
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiver: Option<crate::config::Waiver>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attestation: Option<crate::config::Attestation>,
}

impl CheckResult {
    pub fn new(p: &Planned, outcome: Outcome) -> Self {
        let m = p.check.meta();
        CheckResult {
            id: m.id.to_string(),
            title: m.title.to_string(),
            category: m.category,
            severity: p.severity,
            weight: p.weight,
            level: String::new(),
            level_index: p.level,
            cap_below: p.cap_below,
            waiver: (outcome.status == Status::Waived)
                .then(|| p.waiver.clone())
                .flatten(),
            attestation: (outcome.status == Status::Attested)
                .then(|| p.attestation.clone())
                .flatten(),
            outcome,
        }
    }

    fn item(&self) -> Item {
        Item {
            id: self.id.clone(),
            category: self.category,
            severity: self.severity,
            weight: self.weight,
            level: self.level_index,
            cap_below: self.cap_below,
            status: self.outcome.status,
            credit: self.outcome.credit(),
            certain: self.outcome.confidence == crate::model::Confidence::High,
        }
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

#[derive(Debug, Clone, Serialize)]
pub struct NextStep {
    pub id: String,
    pub title: String,
    pub points: f64,
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
    pub fn build(
        settings: &Settings,
        ws: &Workspace,
        profile: Detected,
        mut checks: Vec<CheckResult>,
    ) -> Report {
        let levels = &settings.checklist.levels;
        let level_name =
            |l: Option<usize>| l.map_or(NOT_READY.to_string(), |l| levels[l].id.clone());
        for c in &mut checks {
            c.level = levels[c.level_index].id.clone();
        }
        checks.sort_by(|a, b| a.id.cmp(&b.id));
        let items: Vec<Item> = checks.iter().map(CheckResult::item).collect();
        let thresholds: Vec<f64> = levels.iter().map(|l| l.threshold).collect();
        let overall = score::overall(&items, &settings.category_weights);
        let (reached, verdict) = score::verdict(&items, &thresholds, settings.target);

        let cat_scores = score::categories(&items);
        let categories = cat_scores
            .iter()
            .map(|(c, s)| {
                let in_cat: Vec<&Item> = items.iter().filter(|i| i.category == *c).collect();
                CategoryReport {
                    category: *c,
                    weight: settings.category_weights.get(c).copied().unwrap_or(0.0),
                    score: s.as_ref().map(|s| s.score),
                    raw_score: s.as_ref().map(|s| s.raw),
                    capped_by: s.as_ref().map(|s| s.capped_by.clone()).unwrap_or_default(),
                    coverage: s.as_ref().map_or(0.0, |s| s.coverage),
                    level: level_name(score::level_reached(&in_cat, &thresholds, false)),
                    checks: in_cat
                        .iter()
                        .filter(|i| i.status != Status::NotApplicable)
                        .count(),
                    passing: in_cat
                        .iter()
                        .filter(|i| matches!(i.status, Status::Pass | Status::Attested))
                        .count(),
                }
            })
            .collect();

        let title_of = |id: &str| checks.iter().find(|c| c.id == id);
        let next_steps = score::next_steps(&items, &settings.category_weights)
            .into_iter()
            .filter_map(|s| {
                title_of(&s.id).map(|c| NextStep {
                    id: s.id.clone(),
                    title: c.title.clone(),
                    points: s.points,
                    summary: c.outcome.summary.clone(),
                })
            })
            .collect();
        let next = reached.map_or(0, |r| r + 1);
        let next_level = (next < levels.len()).then(|| NextLevel {
            level: levels[next].id.clone(),
            checks: score::path_to(&items, next, levels[next].threshold),
        });

        let mut counts = BTreeMap::new();
        for c in &checks {
            *counts.entry(c.outcome.status).or_default() += 1;
        }
        let findings = checks.iter().map(|c| c.open_findings().count()).sum();
        let suppressed = checks
            .iter()
            .map(|c| {
                c.outcome
                    .findings
                    .iter()
                    .filter(|f| f.suppressed.is_some())
                    .count()
            })
            .sum();

        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: "shipready",
                version: env!("CARGO_PKG_VERSION"),
            },
            mode: Mode::Full,
            scoring_model: score::MODEL_VERSION,
            root: ws.label().to_string(),
            checklist: settings.checklist.name.clone(),
            profile,
            summary: Summary {
                verdict,
                level: level_name(reached),
                target: settings.target_name().to_string(),
                score: overall.score,
                raw_score: overall.raw,
                capped_by: overall.capped_by,
                coverage: overall.coverage,
                counts,
                findings,
                suppressed,
            },
            categories,
            checks,
            next_steps,
            next_level,
            stats: ws.stats().clone(),
            expired: settings.expired.clone(),
            fail_under: settings.fail_under,
            baseline: None,
        }
    }

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
        if let Some(b) = &self.baseline {
            if blocking > 0 {
                out.push(format!(
                    "{blocking} new finding{} not in the baseline {}",
                    plural(blocking),
                    b.path
                ));
            }
        }
        if let Some(f) = self.fail_under {
            if self.summary.score < f {
                out.push(format!(
                    "score {} is below --fail-under {}",
                    fmt_num(self.summary.score),
                    fmt_num(f)
                ));
            }
        }
        out
    }
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
