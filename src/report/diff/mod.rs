//! What changed between two reports (`shipready diff OLD NEW`), as plain
//! data: the summary numbers on each side, every check that changed with
//! the kind of change and the points it moved, and the findings that
//! appeared or went away. Built by `fleet::diff`; rendered by the files
//! beside this one. The JSON form is its own document (kind
//! `shipready.diff`, docs/fleet.md).

use serde::Serialize;

use super::Tool;

pub mod markdown;
pub mod table;

pub const KIND: &str = "shipready.diff";
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub kind: &'static str,
    pub schema_version: u32,
    pub tool: Tool,
    pub old: Side,
    pub new: Side,
    /// Why the two runs are not like for like (checklist, scoring model,
    /// target or profile differ); empty when they are.
    pub not_like_for_like: Vec<String>,
    pub change: Change,
    pub attribution: Attribution,
    /// Checks that changed, in `Transition` order, then by id.
    pub checks: Vec<CheckChange>,
    /// Checks in both reports with the same status and credit.
    pub unchanged: usize,
    /// Category scores that changed, in report order.
    pub categories: Vec<CategoryChange>,
    pub findings: FindingChanges,
    /// Why `--fail-on-regression` fails; empty when it would not.
    pub regressions: Vec<String>,
}

/// One report's headline numbers.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The file as given on the command line.
    pub file: String,
    pub root: String,
    /// The shipready that wrote the report.
    pub tool: ToolOf,
    pub scoring_model: String,
    pub checklist: String,
    pub profile: String,
    pub target: String,
    pub verdict: String,
    pub level: String,
    pub score: f64,
    pub raw_score: f64,
    pub capped_by: Vec<String>,
    pub coverage: f64,
    /// Open (unsuppressed) findings.
    pub findings: usize,
}

/// A report's `tool`, as written.
#[derive(Debug, Clone, Serialize)]
pub struct ToolOf {
    pub name: String,
    pub version: String,
}

/// NEW minus OLD, rounded to one decimal.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub score: f64,
    pub raw_score: f64,
    pub coverage: f64,
}

/// How the raw score's change is split among the checks.
#[derive(Debug, Clone, Serialize)]
pub struct Attribution {
    /// Whether points were computed (both reports' raw scores were
    /// reproduced from their checks by this build's scoring model).
    pub computed: bool,
    /// How, in one sentence.
    pub method: String,
    /// Why not, when `computed` is false.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The part of the raw change carried by checks whose result did not
    /// change: their weight moved because the set of scored checks did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reweighting: Option<f64>,
    /// The score's change minus the raw score's: what caps added or took.
    pub caps: f64,
}

/// The kind of change, in the order they are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    /// Passed (or attested); now fails or is partial.
    Regressed,
    /// Failed or partial before and after, with less credit now.
    Worsened,
    /// Failed or partial; now passes (or is attested).
    Fixed,
    /// Failed or partial before and after, with more credit now.
    Improved,
    /// Any other status change: to or from not applicable, unknown,
    /// error or waived, or between pass and attested.
    Changed,
    /// Only in NEW.
    Added,
    /// Only in OLD.
    Removed,
}

impl Transition {
    pub const ALL: [Transition; 7] = [
        Transition::Regressed,
        Transition::Worsened,
        Transition::Fixed,
        Transition::Improved,
        Transition::Changed,
        Transition::Added,
        Transition::Removed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Regressed => "regressed",
            Transition::Worsened => "worsened",
            Transition::Fixed => "fixed",
            Transition::Improved => "improved",
            Transition::Changed => "changed",
            Transition::Added => "added",
            Transition::Removed => "removed",
        }
    }

    /// The heading its group is listed under.
    pub fn heading(self) -> &'static str {
        match self {
            Transition::Regressed => "Regressed",
            Transition::Worsened => "Worsened",
            Transition::Fixed => "Fixed",
            Transition::Improved => "Improved",
            Transition::Changed => "Other status changes",
            Transition::Added => "New checks",
            Transition::Removed => "Removed checks",
        }
    }

    /// What the group holds, after its heading.
    pub fn meaning(self) -> &'static str {
        match self {
            Transition::Regressed => "passed, now failing or partial",
            Transition::Worsened => "still not passing, with less credit",
            Transition::Fixed => "were failing or partial, now pass",
            Transition::Improved => "still not passing, with more credit",
            Transition::Changed => "to or from n/a, unknown, error or waived",
            Transition::Added => "only in the new report",
            Transition::Removed => "only in the old report",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckChange {
    pub id: String,
    pub title: String,
    pub category: String,
    pub severity: String,
    pub transition: Transition,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_score: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_score: Option<f64>,
    /// Points of the raw score this change moved (see `Attribution`);
    /// None when not computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    /// The check's summary in NEW (in OLD for a removed check).
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryChange {
    pub category: String,
    /// None when nothing in it was scored on that side.
    pub old: Option<f64>,
    pub new: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct FindingChanges {
    /// Open findings in NEW whose fingerprint OLD does not have.
    pub new: Vec<FindingRef>,
    /// Open findings in OLD whose fingerprint NEW does not have.
    pub gone: Vec<FindingRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingRef {
    pub check: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub level: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    pub fingerprint: String,
}

impl FindingRef {
    /// "path:line", "path", or "" for a finding about the whole repository.
    pub fn location(&self) -> String {
        match (&self.path, self.line) {
            (Some(p), Some(l)) => format!("{p}:{l}"),
            (Some(p), None) => p.clone(),
            _ => String::new(),
        }
    }
}

impl Diff {
    /// The changed checks of one kind.
    pub fn of(&self, t: Transition) -> impl Iterator<Item = &CheckChange> {
        self.checks.iter().filter(move |c| c.transition == t)
    }

    /// One line saying what `--fail-on-regression` fails on, or None.
    pub fn regression_summary(&self) -> Option<String> {
        if self.regressions.is_empty() {
            return None;
        }
        let mut parts = Vec::new();
        if self.new.score < self.old.score {
            parts.push(format!(
                "the score dropped from {} to {}",
                super::fmt_num(self.old.score),
                super::fmt_num(self.new.score)
            ));
        }
        for t in [Transition::Regressed, Transition::Worsened] {
            let ids: Vec<&str> = self.of(t).map(|c| c.id.as_str()).collect();
            match ids.len() {
                0 => {}
                1 => parts.push(format!("{} {}", ids[0], t.as_str())),
                n => parts.push(format!("{n} checks {}", t.as_str())),
            }
        }
        Some(parts.join("; "))
    }
}

/// The JSON document.
/// Smaller moves than this are rounding, not worth a line.
const NOTE_THRESHOLD: f64 = 0.05;

impl Attribution {
    /// The lines every format prints below the check list, worded once:
    /// (label, points, what it means).
    pub fn notes(&self) -> Vec<(&'static str, f64, &'static str)> {
        let mut out = Vec::new();
        if let Some(r) = self.reweighting.filter(|r| r.abs() >= NOTE_THRESHOLD) {
            out.push((
                "reweighting",
                r,
                "checks that did not change weigh differently now that the set of scored checks changed",
            ));
        }
        if self.caps.abs() >= NOTE_THRESHOLD {
            out.push((
                "caps",
                self.caps,
                "the score's change minus the raw score's",
            ));
        }
        out
    }
}

pub fn render_json(d: &Diff) -> String {
    // Plain data with string keys cannot fail to serialise.
    let mut s =
        serde_json::to_string_pretty(d).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// "pass", "partial 40%", "not_applicable" -> "n/a"; "-" when absent.
pub fn status_text(status: Option<&str>, score: Option<f64>) -> String {
    match (status, score) {
        (Some("partial"), Some(s)) => format!("partial {}%", super::fmt_num(s * 100.0)),
        (Some("not_applicable"), _) => "n/a".into(),
        (Some(s), _) => s.to_string(),
        (None, _) => "-".into(),
    }
}

/// "+4.7", "-0.3", "0"; "" when not computed.
pub fn signed(x: Option<f64>) -> String {
    match x {
        Some(v) if v.abs() < 0.05 => "0".into(),
        Some(v) if v > 0.0 => format!("+{}", super::fmt_num(v)),
        Some(v) => super::fmt_num(v),
        None => String::new(),
    }
}

/// "READY_WITH_WARNINGS" -> "READY WITH WARNINGS".
pub fn verdict_text(v: &str) -> String {
    v.replace('_', " ")
}
