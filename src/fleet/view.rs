//! A report read back from its JSON (docs/report-schema.md): the fields
//! `diff` and the roll-up need, in types of their own, so that a report
//! written by another release of the same major schema (with fields added
//! since) still reads. Unknown fields are ignored. Another major
//! `schema_version` is refused: within a major version field names and
//! meanings never change, across one they may (schema 1's `confidence` is
//! schema 2's `basis`), and comparing them would be comparing words.
//!
//! Enumerations stay strings here: a status or verdict this build does not
//! know is shown as written instead of failing the whole comparison.

use serde::Deserialize;

use crate::model::Status;

/// The major report schema this build reads.
pub const READS_SCHEMA: u32 = crate::report::SCHEMA_VERSION;

#[derive(Debug, Clone, Deserialize)]
pub struct ReportView {
    pub schema_version: u32,
    pub tool: ToolView,
    pub scoring_model: String,
    pub root: String,
    pub checklist: String,
    pub profile: ProfileView,
    pub summary: SummaryView,
    #[serde(default)]
    pub categories: Vec<CategoryView>,
    #[serde(default)]
    pub checks: Vec<CheckView>,
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub baseline: Option<BaselineView>,
    #[serde(default)]
    pub fail_under: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ToolView {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProfileView {
    pub profile: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SummaryView {
    pub verdict: String,
    pub level: String,
    pub target: String,
    pub score: f64,
    pub raw_score: f64,
    #[serde(default)]
    pub capped_by: Vec<String>,
    pub coverage: f64,
    #[serde(default)]
    pub findings: usize,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CategoryView {
    pub category: String,
    #[serde(default)]
    pub state: Option<String>,
    pub weight: f64,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CheckView {
    pub id: String,
    #[serde(default)]
    pub title: String,
    pub category: String,
    pub severity: String,
    pub weight: f64,
    #[serde(default = "one")]
    pub cap_below: f64,
    pub status: String,
    pub score: f64,
    #[serde(default = "high")]
    pub confidence: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub findings: Vec<FindingView>,
}

fn one() -> f64 {
    1.0
}

fn high() -> String {
    "high".into()
}

#[derive(Debug, Clone, Deserialize)]
pub struct FindingView {
    pub check: String,
    #[serde(default)]
    pub rule: Option<String>,
    pub level: String,
    pub message: String,
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub line: Option<u32>,
    pub fingerprint: String,
    #[serde(default)]
    pub suppressed: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct BaselineView {
    pub path: String,
}

/// What a report is expected to be, for error messages.
pub const EXPECTED: &str = "expected a report written by `shipready scan -f json`";

/// Parses `text`, the content of `file`, as a shipready JSON report. The
/// error names the file, says what is wrong and what was expected.
pub fn parse(file: &str, text: &str) -> Result<ReportView, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("{file}: not JSON ({e}); {EXPECTED}"))?;
    parse_value(file, value)
}

/// `parse` for JSON already read.
pub fn parse_value(file: &str, value: serde_json::Value) -> Result<ReportView, String> {
    let Some(obj) = value.as_object() else {
        return Err(format!(
            "{file}: not a shipready report (the JSON is not an object); {EXPECTED}"
        ));
    };
    if let Some(kind) = obj.get("kind").and_then(|k| k.as_str()) {
        return Err(format!(
            "{file}: a `{kind}` document, not a single report; {EXPECTED}"
        ));
    }
    let tool = obj
        .get("tool")
        .and_then(|t| t.get("name"))
        .and_then(|n| n.as_str());
    if tool != Some("shipready") {
        return Err(format!(
            "{file}: not a shipready report (no \"tool\": {{\"name\": \"shipready\"}}); {EXPECTED}"
        ));
    }
    match obj.get("schema_version").and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(READS_SCHEMA) => {}
        Some(v) => {
            return Err(format!(
                "{file}: report schema_version {v}, but this shipready reads schema_version {READS_SCHEMA}; scan again with this version (or compare with the shipready that wrote it)"
            ))
        }
        None => {
            return Err(format!(
                "{file}: not a shipready report (no integer schema_version); {EXPECTED}"
            ))
        }
    }
    serde_json::from_value(value)
        .map_err(|e| format!("{file}: not a shipready report ({e}); {EXPECTED}"))
}

/// A status string as the model knows it, or None for one it does not.
pub fn status(s: &str) -> Option<Status> {
    [
        Status::Pass,
        Status::Partial,
        Status::Fail,
        Status::NotApplicable,
        Status::Unknown,
        Status::Attested,
        Status::Error,
        Status::Waived,
    ]
    .into_iter()
    .find(|st| st.as_str() == s)
}

/// `info` < `warning` < `error`, as `model::Level` orders them; an unknown
/// level counts as a warning (it was written to be seen).
fn level_rank(s: &str) -> u8 {
    match s {
        "info" => 0,
        "error" => 2,
        _ => 1,
    }
}

impl CheckView {
    fn is_blocker_severity(&self) -> bool {
        matches!(self.severity.as_str(), "critical" | "high")
    }

    fn failing(&self) -> bool {
        matches!(self.status.as_str(), "fail" | "partial")
    }

    /// A critical or high check that is not passing (as the table's
    /// "Blockers" section lists them: fail, partial or error).
    pub fn is_blocker(&self) -> bool {
        self.is_blocker_severity() && matches!(self.status.as_str(), "fail" | "partial" | "error")
    }

    fn open(&self) -> impl Iterator<Item = &FindingView> {
        self.findings.iter().filter(|f| f.suppressed.is_none())
    }
}

impl ReportView {
    fn staged(&self) -> bool {
        self.mode.as_deref() == Some("staged")
    }

    /// Open findings above info of failing critical and high checks: what
    /// `Report::blocking` counts.
    fn blocking(&self) -> usize {
        self.checks
            .iter()
            .filter(|c| c.is_blocker_severity() && c.failing())
            .map(|c| c.open().filter(|f| level_rank(&f.level) > 0).count())
            .sum()
    }

    /// The gates this report failed, worded as `Report::gate_failures`
    /// words them; the same rules, applied to the JSON (a test in
    /// `tests/fleet.rs` holds the two to the same answers).
    pub fn gate_failures(&self) -> Vec<String> {
        let plural = crate::report::plural;
        let mut out = Vec::new();
        let blocking = self.blocking();
        if self.staged() {
            if blocking > 0 {
                out.push(format!(
                    "{blocking} blocking finding{} in the staged files",
                    plural(blocking)
                ));
            }
            return out;
        }
        for c in &self.checks {
            let counted: Vec<&FindingView> = c
                .findings
                .iter()
                .filter(|f| level_rank(&f.level) > 0)
                .collect();
            let only_baselined = self.baseline.is_some()
                && !counted.is_empty()
                && counted.iter().all(|f| f.suppressed.is_some());
            if c.severity == "critical" && c.failing() && c.confidence == "high" && !only_baselined
            {
                out.push(format!("critical check {} is failing: {}", c.id, c.summary));
            }
        }
        out.extend(crate::report::baseline_and_score_gates(
            blocking,
            self.baseline.as_ref().map(|b| b.path.as_str()),
            self.summary.score,
            self.fail_under,
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal(version: &str) -> String {
        format!(
            r#"{{"schema_version": {version}, "tool": {{"name": "shipready", "version": "9.9.9"}},
            "scoring_model": "2", "root": ".", "checklist": "production-readiness",
            "profile": {{"profile": "service", "reason": "x", "future": 1}},
            "summary": {{"verdict": "READY", "level": "production", "target": "production",
              "score": 90.0, "raw_score": 90.0, "capped_by": [], "coverage": 100.0}},
            "categories": [], "checks": [], "something_new": {{"a": [1, 2]}}}}"#
        )
    }

    #[test]
    fn reads_what_it_needs_and_ignores_the_rest() {
        let v = parse("r.json", &minimal("2")).unwrap();
        assert_eq!(v.summary.score, 90.0);
        assert_eq!(v.tool.version, "9.9.9");
        assert!(v.gate_failures().is_empty());
    }

    #[test]
    fn refuses_what_is_not_a_report_naming_the_file() {
        let cases: &[(&str, &str)] = &[
            ("not json", "r.json: not JSON"),
            (
                "[1, 2]",
                "r.json: not a shipready report (the JSON is not an object)",
            ),
            ("{\"a\": 1}", "r.json: not a shipready report (no \"tool\""),
            (
                "{\"kind\": \"shipready.rollup\", \"schema_version\": 1}",
                "r.json: a `shipready.rollup` document, not a single report",
            ),
            (
                "{\"tool\": {\"name\": \"shipready\"}, \"schema_version\": \"2\"}",
                "no integer schema_version",
            ),
            (
                "{\"tool\": {\"name\": \"shipready\"}, \"schema_version\": 2}",
                "r.json: not a shipready report (missing field",
            ),
        ];
        for (text, want) in cases {
            let err = parse("r.json", text).unwrap_err();
            assert!(err.contains(want), "{text}: {err}");
        }
        let err = parse("r.json", &minimal("1")).unwrap_err();
        assert!(
            err.contains("schema_version 1, but this shipready reads schema_version 2"),
            "{err}"
        );
        let err = parse("r.json", &minimal("3")).unwrap_err();
        assert!(err.contains("schema_version 3"), "{err}");
    }

    #[test]
    fn statuses_round_trip() {
        for s in [
            "pass",
            "partial",
            "fail",
            "not_applicable",
            "unknown",
            "attested",
            "error",
            "waived",
        ] {
            assert_eq!(status(s).map(Status::as_str), Some(s));
        }
        assert_eq!(status("maybe"), None);
    }
}
