//! The roll-up: one row per repository (or per service of a monorepo),
//! worst first, and the blockers most of them share. Plain data, made by
//! `fleet` from reports scanned here or read back from JSON, so a roll-up
//! of `scan A B C` and one of `report merge` over the same reports are the
//! same document. The JSON form is its own document, kind
//! `shipready.rollup` (docs/fleet.md).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Tool;

pub mod escape;
pub mod html;
pub mod markdown;
pub mod table;

pub const KIND: &str = "shipready.rollup";
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize)]
pub struct Rollup {
    pub kind: &'static str,
    pub schema_version: u32,
    pub tool: Tool,
    pub source: Source,
    /// The repository whose services the rows are (`per_service` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repository: Option<String>,
    /// Checks scored once for the whole repository and shared by every
    /// service (`per_service` only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shared_checks: Vec<String>,
    pub summary: RollupSummary,
    /// Category column order: as the reports list them.
    pub categories: Vec<String>,
    /// Critical and high checks not passing, by how many rows have them.
    pub blockers: Vec<FleetBlocker>,
    /// Worst first (see `assemble`).
    pub rows: Vec<Row>,
    /// What makes rows hard to compare (scoring models, checklists or
    /// targets differ); empty when nothing does.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Where the rows came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// `shipready scan A B C` / `--repos-from`.
    Scan,
    /// `shipready report merge`.
    Merge,
    /// `shipready scan --per-service`.
    PerService,
}

impl Source {
    /// What a row is called.
    pub fn noun(self) -> &'static str {
        match self {
            Source::PerService => "service",
            _ => "repository",
        }
    }

    pub fn nouns(self) -> &'static str {
        match self {
            Source::PerService => "services",
            _ => "repositories",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RollupSummary {
    pub rows: usize,
    /// Rows with a result.
    pub scanned: usize,
    /// Rows that could not be scanned or read.
    pub errors: usize,
    /// Rows whose gates failed.
    pub gates_failed: usize,
    /// Verdict to number of rows.
    pub verdicts: BTreeMap<String, usize>,
    /// The exit code: the highest of the rows' (see `Row::exit_code`).
    pub exit_code: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct FleetBlocker {
    pub check: String,
    pub title: String,
    pub severity: String,
    /// How many rows have it.
    pub count: usize,
    /// Their names, in row order.
    pub rows: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Row {
    pub name: String,
    /// What the row was made from: the path scanned, the report file
    /// merged, or the service's directory in the repository.
    pub input: String,
    /// What `shipready scan` alone would exit with for it: 0 the gates
    /// held, 1 a gate failed, 2 a usage or configuration error, 3 it could
    /// not be scanned.
    pub exit_code: u8,
    /// Why the directory is a service root (`per_service` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detected_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<RowResult>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RowResult {
    pub verdict: String,
    pub level: String,
    pub target: String,
    pub score: f64,
    pub raw_score: f64,
    pub capped_by: Vec<String>,
    pub coverage: f64,
    pub profile: String,
    pub scoring_model: String,
    pub checklist: String,
    pub categories: Vec<CategoryCell>,
    pub blockers: Vec<BlockerRef>,
    /// The gates that failed, as the single report words them.
    pub gates: Vec<String>,
    /// Open (unsuppressed) findings.
    pub findings: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CategoryCell {
    pub category: String,
    /// `scored`, `not_examined` or `not_applicable`.
    pub state: String,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BlockerRef {
    pub check: String,
    pub title: String,
    pub severity: String,
    pub status: String,
}

/// Worst first: verdicts from NOT_READY up (an unknown verdict counts as
/// the worst), then the lower score, the lower coverage, the name.
fn verdict_rank(v: &str) -> u8 {
    match v {
        "INSUFFICIENT_EVIDENCE" => 1,
        "READY_WITH_WARNINGS" => 2,
        "READY" => 3,
        _ => 0,
    }
}

/// The roll-up of `rows`: sorted worst first (rows that could not be
/// scanned before all), with the summary, the shared blockers and notes.
pub fn assemble(
    source: Source,
    repository: Option<String>,
    shared_checks: Vec<String>,
    mut rows: Vec<Row>,
) -> Rollup {
    rows.sort_by(|a, b| {
        let key = |r: &Row| {
            let res = r.result.as_ref();
            (
                r.result.is_some(),
                res.map_or(0, |x| verdict_rank(&x.verdict)),
                res.map_or(0.0, |x| x.score),
                res.map_or(0.0, |x| x.coverage),
            )
        };
        let (ka, kb) = (key(a), key(b));
        ka.0.cmp(&kb.0)
            .then(ka.1.cmp(&kb.1))
            .then(ka.2.total_cmp(&kb.2))
            .then(ka.3.total_cmp(&kb.3))
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.input.cmp(&b.input))
    });

    let mut categories: Vec<String> = Vec::new();
    let mut verdicts = BTreeMap::new();
    let mut blockers: BTreeMap<&str, FleetBlocker> = BTreeMap::new();
    for r in &rows {
        let Some(res) = &r.result else { continue };
        *verdicts.entry(res.verdict.clone()).or_insert(0) += 1;
        for c in &res.categories {
            if !categories.contains(&c.category) {
                categories.push(c.category.clone());
            }
        }
        for b in &res.blockers {
            let e = blockers.entry(&b.check).or_insert_with(|| FleetBlocker {
                check: b.check.clone(),
                title: b.title.clone(),
                severity: b.severity.clone(),
                count: 0,
                rows: Vec::new(),
            });
            e.count += 1;
            e.rows.push(r.name.clone());
        }
    }
    let mut blockers: Vec<FleetBlocker> = blockers.into_values().collect();
    blockers.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.check.cmp(&b.check)));

    let mut notes = Vec::new();
    let results: Vec<&RowResult> = rows.iter().filter_map(|r| r.result.as_ref()).collect();
    let mut differ = |what: &str, get: fn(&RowResult) -> &str, so: &str| {
        let mut seen: Vec<&str> = results.iter().map(|r| get(r)).collect();
        seen.sort_unstable();
        seen.dedup();
        if seen.len() > 1 {
            notes.push(format!("{what} differ ({}): {so}", seen.join(", ")));
        }
    };
    differ(
        "scoring models",
        |r| &r.scoring_model,
        "scores are comparable only within one model",
    );
    differ(
        "checklists",
        |r| &r.checklist,
        "the rows were measured against different checks",
    );
    differ(
        "target levels",
        |r| &r.target,
        "the verdicts answer different questions",
    );

    let summary = RollupSummary {
        rows: rows.len(),
        scanned: results.len(),
        errors: rows.iter().filter(|r| r.result.is_none()).count(),
        gates_failed: results.iter().filter(|r| !r.gates.is_empty()).count(),
        verdicts,
        exit_code: rows.iter().map(|r| r.exit_code).max().unwrap_or(0),
    };
    Rollup {
        kind: KIND,
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "shipready",
            version: env!("CARGO_PKG_VERSION"),
        },
        source,
        repository,
        shared_checks,
        summary,
        categories,
        blockers,
        rows,
        notes,
    }
}

/// The JSON document.
pub fn render_json(r: &Rollup) -> String {
    // Plain data with string keys cannot fail to serialise.
    let mut s =
        serde_json::to_string_pretty(r).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// Short column headings for the nine categories.
pub fn short(category: &str) -> &str {
    match category {
        "security" => "sec",
        "reliability" => "rel",
        "recovery" => "rec",
        "observability" => "obs",
        "deployment" => "depl",
        "documentation" => "docs",
        "operations" => "ops",
        "performance" => "perf",
        "dependencies" => "deps",
        other => other,
    }
}

impl RowResult {
    /// The cell for `category`: its score, "n/a", "-" (not examined), or
    /// "" when the row's report does not list it.
    pub fn category_text(&self, category: &str) -> String {
        match self.categories.iter().find(|c| c.category == category) {
            Some(c) if c.state == "not_applicable" => "n/a".into(),
            Some(CategoryCell { score: Some(s), .. }) => super::fmt_num(*s),
            Some(_) => "-".into(),
            None => String::new(),
        }
    }

    /// "41.3", or "49 (capped; raw 86.4)".
    pub fn score_text(&self) -> String {
        if self.capped_by.is_empty() {
            super::fmt_num(self.score)
        } else {
            format!(
                "{} (capped; raw {})",
                super::fmt_num(self.score),
                super::fmt_num(self.raw_score)
            )
        }
    }
}

impl Rollup {
    /// The repository a per-service roll-up is of, unless it is the
    /// current directory (`.` says nothing in a heading).
    pub fn repository_shown(&self) -> Option<&str> {
        self.repository
            .as_deref()
            .filter(|r| !matches!(r.trim_end_matches('/'), "." | ""))
    }

    /// The shared checks, an area with more than two of them collapsed to
    /// `area.* (n)`: "ci.* (15), docs.license, secrets.no-env-files".
    pub fn shared_text(&self) -> String {
        let mut by_area: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for id in &self.shared_checks {
            let area = id.split_once('.').map_or(id.as_str(), |(a, _)| a);
            by_area.entry(area).or_default().push(id);
        }
        by_area
            .into_iter()
            .flat_map(|(area, ids)| {
                if ids.len() > 2 {
                    vec![format!("{area}.* ({})", ids.len())]
                } else {
                    ids.into_iter().map(String::from).collect()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "2 NOT READY, 1 READY" in rank order.
    pub fn verdicts_text(&self) -> String {
        let mut v: Vec<(&String, &usize)> = self.summary.verdicts.iter().collect();
        v.sort_by_key(|(name, _)| verdict_rank(name));
        v.iter()
            .map(|(name, n)| format!("{n} {}", name.replace('_', " ")))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn row(name: &str, verdict: &str, score: f64, blockers: &[&str]) -> Row {
        Row {
            name: name.into(),
            input: name.into(),
            exit_code: 0,
            detected_by: None,
            error: None,
            result: Some(RowResult {
                verdict: verdict.into(),
                level: "essential".into(),
                target: "production".into(),
                score,
                raw_score: score,
                capped_by: vec![],
                coverage: 90.0,
                profile: "service".into(),
                scoring_model: "2".into(),
                checklist: "production-readiness".into(),
                categories: vec![CategoryCell {
                    category: "security".into(),
                    state: "scored".into(),
                    score: Some(score),
                }],
                blockers: blockers
                    .iter()
                    .map(|b| BlockerRef {
                        check: b.to_string(),
                        title: format!("{b} title"),
                        severity: "high".into(),
                        status: "fail".into(),
                    })
                    .collect(),
                gates: vec![],
                findings: 0,
            }),
        }
    }

    pub fn error_row(name: &str, code: u8) -> Row {
        Row {
            name: name.into(),
            input: name.into(),
            exit_code: code,
            detected_by: None,
            error: Some(format!("{name}: cannot scan: No such file or directory")),
            result: None,
        }
    }

    #[test]
    fn worst_first_and_shared_blockers_by_count() {
        let r = assemble(
            Source::Scan,
            None,
            vec![],
            vec![
                row("ready", "READY", 95.0, &[]),
                row("b", "NOT_READY", 40.0, &["ci.present", "docs.readme"]),
                error_row("gone", 3),
                row("a", "NOT_READY", 40.0, &["docs.readme"]),
                row("warn", "READY_WITH_WARNINGS", 85.0, &[]),
                row("c", "NOT_READY", 20.0, &["docs.readme"]),
            ],
        );
        let names: Vec<&str> = r.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["gone", "c", "a", "b", "warn", "ready"]);
        let blockers: Vec<(&str, usize)> = r
            .blockers
            .iter()
            .map(|b| (b.check.as_str(), b.count))
            .collect();
        assert_eq!(blockers, [("docs.readme", 3), ("ci.present", 1)]);
        assert_eq!(r.blockers[0].rows, ["c", "a", "b"]);
        assert_eq!(r.summary.exit_code, 3);
        assert_eq!(r.summary.errors, 1);
        assert_eq!(
            r.verdicts_text(),
            "3 NOT READY, 1 READY WITH WARNINGS, 1 READY"
        );
        assert!(r.notes.is_empty());
    }

    #[test]
    fn notes_when_rows_are_not_comparable() {
        let mut old = row("old", "READY", 90.0, &[]);
        if let Some(res) = &mut old.result {
            res.scoring_model = "1".into();
        }
        let r = assemble(
            Source::Merge,
            None,
            vec![],
            vec![old, row("new", "READY", 90.0, &[])],
        );
        assert_eq!(r.notes.len(), 1);
        assert!(
            r.notes[0].starts_with("scoring models differ (1, 2)"),
            "{:?}",
            r.notes
        );
    }
}
