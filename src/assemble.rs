//! Builds the report from the check results, the settings and the
//! workspace: scoring, levels, verdict, categories and next steps are
//! computed here once, so renderers only read plain data.

use std::collections::BTreeMap;

use crate::model::{Category, Detected, Mode, Outcome, Status};
use crate::report::{
    CategoryReport, CategoryState, CheckResult, NextLevel, NextStep, Report, Summary, Tool,
    NOT_READY, SCHEMA_VERSION,
};
use crate::score::{self, Item};
use crate::settings::{Planned, Settings};
use crate::workspace::Workspace;

/// One check's result with the settings it ran under.
pub fn result(p: &Planned, outcome: Outcome) -> CheckResult {
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
        summary: m.summary.to_string(),
        rationale: m.rationale.to_string(),
        remediation: m.remediation.to_string(),
        // Set by `build`, which knows where each check came from.
        builtin: false,
        waiver: (outcome.status == Status::Waived)
            .then(|| p.waiver.clone())
            .flatten(),
        attestation: (outcome.status == Status::Attested)
            .then(|| p.attestation.clone())
            .flatten(),
        outcome,
    }
}

/// One check as scoring sees it.
fn item(c: &CheckResult) -> Item {
    Item {
        id: c.id.clone(),
        category: c.category,
        severity: c.severity,
        weight: c.weight,
        level: c.level_index,
        cap_below: c.cap_below,
        status: c.outcome.status,
        credit: c.outcome.credit(),
        certain: c.outcome.confidence == crate::model::Confidence::High,
    }
}

/// The report of a scan: scores, levels, verdict, categories and next
/// steps computed once from the check results.
pub fn build(
    settings: &Settings,
    ws: &Workspace,
    profile: Detected,
    checks: Vec<CheckResult>,
) -> Report {
    build_parts(settings, ws.label(), ws.stats().clone(), profile, checks)
}

/// `build` from the workspace's label and stats alone: for a report whose
/// check results were combined after the scan (a service of a monorepo
/// with the repository-wide results, `fleet::services`).
pub fn build_parts(
    settings: &Settings,
    label: &str,
    stats: crate::model::Stats,
    profile: Detected,
    mut checks: Vec<CheckResult>,
) -> Report {
    let levels = &settings.checklist.levels;
    let level_name = |l: Option<usize>| l.map_or(NOT_READY.to_string(), |l| levels[l].id.clone());
    for c in &mut checks {
        c.level = levels[c.level_index].id.clone();
        c.builtin = settings.registry.origin(&c.id) == Some(crate::checks::BUILTIN_ORIGIN);
    }
    checks.sort_by(|a, b| a.id.cmp(&b.id));
    let items: Vec<Item> = checks.iter().map(item).collect();
    let thresholds: Vec<f64> = levels.iter().map(|l| l.threshold).collect();
    let overall = score::overall(&items, &settings.category_weights);
    let (reached, verdict) = score::verdict(&items, &thresholds, settings.target);

    let cat_scores = score::categories(&items);
    // Every category appears. One applies when the software runs (a
    // service or worker owes all nine) or when any check in it applied;
    // one that applies with nothing examined is shown as such, and
    // lowers coverage.
    let running = crate::checks::Profile::RUNNING.contains(&profile.profile);
    let applies = |c: Category| {
        running
            || items
                .iter()
                .any(|i| i.category == c && i.status != Status::NotApplicable)
    };
    let applicable: Vec<Category> = Category::ALL.into_iter().filter(|c| applies(*c)).collect();
    let categories = Category::ALL
        .iter()
        .map(|c| {
            let s = cat_scores.get(c).and_then(|s| s.as_ref());
            let in_cat: Vec<&Item> = items.iter().filter(|i| i.category == *c).collect();
            let state = match s {
                Some(_) => CategoryState::Scored,
                None if applicable.contains(c) => CategoryState::NotExamined,
                None => CategoryState::NotApplicable,
            };
            CategoryReport {
                category: *c,
                state,
                weight: settings.category_weights.get(c).copied().unwrap_or(0.0),
                score: s.map(|s| s.score),
                raw_score: s.map(|s| s.raw),
                capped_by: s.map(|s| s.capped_by.clone()).unwrap_or_default(),
                coverage: s.map_or(0.0, |s| s.coverage),
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

    let next = reached.map_or(0, |r| r + 1);
    let next_level = (next < levels.len()).then(|| NextLevel {
        level: levels[next].id.clone(),
        checks: score::path_to(&items, next, levels[next].threshold),
    });
    let title_of = |id: &str| checks.iter().find(|c| c.id == id);
    let (needed, next_name) = next_level
        .as_ref()
        .map_or((&[][..], ""), |n| (&n.checks[..], n.level.as_str()));
    let next_steps = score::next_steps(&items, &settings.category_weights, needed, next_name)
        .into_iter()
        .filter_map(|s| {
            title_of(&s.id).map(|c| NextStep {
                id: s.id.clone(),
                title: c.title.clone(),
                points: s.points,
                raw_points: s.raw_points,
                why: s.why.clone(),
                summary: c.outcome.summary.clone(),
            })
        })
        .collect();
    let coverage = score::coverage_over(&items, &settings.category_weights, &applicable);

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
        root: label.to_string(),
        checklist: settings.checklist.name.clone(),
        profile,
        summary: Summary {
            verdict,
            level: level_name(reached),
            target: settings.target_name().to_string(),
            score: overall.score,
            raw_score: overall.raw,
            capped_by: overall.capped_by,
            coverage,
            counts,
            findings,
            suppressed,
        },
        categories,
        checks,
        next_steps,
        next_level,
        stats,
        expired: settings.expired.clone(),
        fail_under: settings.fail_under,
        baseline: None,
    }
}
