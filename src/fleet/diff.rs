//! `shipready diff OLD NEW`: the score change decomposed into check
//! transitions, and the findings that appeared or went away.
//!
//! Points are attributed with the scoring model's own formula: the raw
//! score is `100 × Σ eᵢcᵢ / Σ eᵢ`, with `eᵢ` a check's effective weight
//! (`score::effective_weights`) and `cᵢ` its credit, so each check holds a
//! share `100 × eᵢcᵢ / Σ e` of it. A changed check's points are its share
//! in NEW minus its share in OLD. The shares add up to the raw score, so
//! the points of the changed checks plus the *reweighting* (the same
//! difference summed over the checks that did not change, whose weights
//! move when a check joins or leaves the scored set) add up to the raw
//! change exactly. Caps act after the sum and are reported apart. Points
//! are given only when both reports' raw scores are reproduced from their
//! checks by this build's model; otherwise the comparison says why not
//! rather than print numbers it cannot stand behind.

use std::collections::{BTreeMap, HashMap};

use crate::model::{Category, Severity, Status};
use crate::report::diff::{
    Attribution, CategoryChange, Change, CheckChange, Diff, FindingChanges, FindingRef, Side,
    Transition, KIND, SCHEMA_VERSION,
};
use crate::report::{fmt_num, Tool};
use crate::score::{self, Item};

use super::view::{self, CheckView, ReportView};

/// How a check changed from `old` to `new`, each a (status, score) pair
/// or None when the check is absent on that side; None when it did not.
pub fn classify(old: Option<(&str, f64)>, new: Option<(&str, f64)>) -> Option<Transition> {
    let (old, new) = match (old, new) {
        (None, None) => return None,
        (None, Some(_)) => return Some(Transition::Added),
        (Some(_), None) => return Some(Transition::Removed),
        (Some(o), Some(n)) => (o, n),
    };
    if old.0 == new.0 && (old.1 - new.1).abs() < 1e-9 {
        return None;
    }
    let passing = |s: &str| matches!(view::status(s), Some(Status::Pass | Status::Attested));
    let failing = |s: &str| matches!(view::status(s), Some(Status::Fail | Status::Partial));
    let credit = |(s, score): (&str, f64)| match view::status(s) {
        Some(Status::Partial) => score,
        _ => 0.0,
    };
    Some(if failing(old.0) && passing(new.0) {
        Transition::Fixed
    } else if passing(old.0) && failing(new.0) {
        Transition::Regressed
    } else if failing(old.0) && failing(new.0) {
        let (o, n) = (credit(old), credit(new));
        if n > o + 1e-9 {
            Transition::Improved
        } else if n + 1e-9 < o {
            Transition::Worsened
        } else {
            Transition::Changed
        }
    } else {
        Transition::Changed
    })
}

fn pair(c: Option<&CheckView>) -> Option<(&str, f64)> {
    c.map(|c| (c.status.as_str(), c.score))
}

/// Compares two reports; `old_file` and `new_file` are the names shown.
pub fn compare(old_file: &str, old: &ReportView, new_file: &str, new: &ReportView) -> Diff {
    let old_checks: BTreeMap<&str, &CheckView> =
        old.checks.iter().map(|c| (c.id.as_str(), c)).collect();
    let new_checks: BTreeMap<&str, &CheckView> =
        new.checks.iter().map(|c| (c.id.as_str(), c)).collect();

    let shares = shares(old).and_then(|o| shares(new).map(|n| (o, n)));
    let attribution_error = attribution_error(old_file, old, new_file, new, shares.is_some());
    let points = |id: &str| -> Option<f64> {
        match (&shares, &attribution_error) {
            (Some((o, n)), None) => {
                Some(n.get(id).copied().unwrap_or(0.0) - o.get(id).copied().unwrap_or(0.0))
            }
            _ => None,
        }
    };

    let mut ids: Vec<&str> = old_checks
        .keys()
        .chain(new_checks.keys())
        .copied()
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let mut checks = Vec::new();
    let mut unchanged = 0;
    let mut reweighting = 0.0;
    for id in ids {
        let o = old_checks.get(id).copied();
        let n = new_checks.get(id).copied();
        let Some(transition) = classify(pair(o), pair(n)) else {
            unchanged += 1;
            reweighting += points(id).unwrap_or(0.0);
            continue;
        };
        // Both sides agree on what the check is unless it was renamed in a
        // checklist; NEW's words describe it now.
        let Some(about) = n.or(o) else { continue };
        checks.push(CheckChange {
            id: id.to_string(),
            title: about.title.clone(),
            category: about.category.clone(),
            severity: about.severity.clone(),
            transition,
            old_status: o.map(|c| c.status.clone()),
            old_score: o.map(|c| round2(c.score)),
            new_status: n.map(|c| c.status.clone()),
            new_score: n.map(|c| round2(c.score)),
            points: points(id).map(round2),
            summary: about.summary.clone(),
        });
    }
    checks.sort_by(|a, b| (a.transition, &a.id).cmp(&(b.transition, &b.id)));

    let change = Change {
        score: round1(new.summary.score - old.summary.score),
        raw_score: round1(new.summary.raw_score - old.summary.raw_score),
        coverage: round1(new.summary.coverage - old.summary.coverage),
    };
    let caps = round1(change.score - change.raw_score);
    let computed = attribution_error.is_none();
    let attribution = Attribution {
        computed,
        method: "a check's points are its share of the raw score in NEW minus its share in OLD, share = 100 × effective weight × credit / total effective weight (the scoring model's own formula); with the reweighting they add up to the raw change".into(),
        reason: attribution_error,
        reweighting: computed.then(|| round2(reweighting)),
        caps,
    };

    let mut regressions = Vec::new();
    if new.summary.score < old.summary.score {
        regressions.push(format!(
            "the score dropped from {} to {}",
            fmt_num(old.summary.score),
            fmt_num(new.summary.score)
        ));
    }
    for c in &checks {
        if matches!(c.transition, Transition::Regressed | Transition::Worsened) {
            regressions.push(format!(
                "{} {}: {} -> {}",
                c.id,
                c.transition.as_str(),
                crate::report::diff::status_text(c.old_status.as_deref(), c.old_score),
                crate::report::diff::status_text(c.new_status.as_deref(), c.new_score)
            ));
        }
    }

    Diff {
        kind: KIND,
        schema_version: SCHEMA_VERSION,
        tool: Tool {
            name: "shipready",
            version: env!("CARGO_PKG_VERSION"),
        },
        old: side(old_file, old),
        new: side(new_file, new),
        not_like_for_like: not_like_for_like(old, new),
        change,
        attribution,
        checks,
        unchanged,
        categories: categories(old, new),
        findings: findings(old, new),
        regressions,
    }
}

fn side(file: &str, r: &ReportView) -> Side {
    Side {
        file: file.to_string(),
        root: r.root.clone(),
        tool: crate::report::diff::ToolOf {
            name: r.tool.name.clone(),
            version: r.tool.version.clone(),
        },
        scoring_model: r.scoring_model.clone(),
        checklist: r.checklist.clone(),
        profile: r.profile.profile.clone(),
        target: r.summary.target.clone(),
        verdict: r.summary.verdict.clone(),
        level: r.summary.level.clone(),
        score: r.summary.score,
        raw_score: r.summary.raw_score,
        capped_by: r.summary.capped_by.clone(),
        coverage: r.summary.coverage,
        findings: r
            .checks
            .iter()
            .flat_map(|c| &c.findings)
            .filter(|f| f.suppressed.is_none())
            .count(),
    }
}

/// What makes the two runs measure different things.
fn not_like_for_like(old: &ReportView, new: &ReportView) -> Vec<String> {
    let mut out = Vec::new();
    let mut differ = |what: &str, o: &str, n: &str, so: &str| {
        if o != n {
            out.push(format!("{what} differs ({o} -> {n}): {so}"));
        }
    };
    differ(
        "the checklist",
        &old.checklist,
        &new.checklist,
        "the checks, weights and levels may differ",
    );
    differ(
        "the scoring model",
        &old.scoring_model,
        &new.scoring_model,
        "the same outcomes score differently",
    );
    differ(
        "the target level",
        &old.summary.target,
        &new.summary.target,
        "the verdicts answer different questions",
    );
    differ(
        "the profile",
        &old.profile.profile,
        &new.profile.profile,
        "different checks apply",
    );
    out
}

/// Why points cannot be attributed, or None when they can.
fn attribution_error(
    old_file: &str,
    old: &ReportView,
    new_file: &str,
    new: &ReportView,
    reproduced: bool,
) -> Option<String> {
    for (file, r) in [(old_file, old), (new_file, new)] {
        if r.scoring_model != score::MODEL_VERSION {
            return Some(format!(
                "{file} was scored with scoring model {}, this shipready knows model {}",
                r.scoring_model,
                score::MODEL_VERSION
            ));
        }
    }
    if !reproduced {
        return Some(
            "the raw scores could not be reproduced from the checks (a category, severity or status this build does not know, or edited numbers)".into(),
        );
    }
    None
}

/// Each check's share of the raw score, when the report's raw score is
/// reproduced from its checks (to the report's one-decimal rounding).
fn shares(r: &ReportView) -> Option<HashMap<String, f64>> {
    let weights: BTreeMap<Category, f64> = r
        .categories
        .iter()
        .map(|c| category(&c.category).map(|cat| (cat, c.weight)))
        .collect::<Option<_>>()?;
    let items: Vec<Item> = r
        .checks
        .iter()
        .map(|c| {
            let status = view::status(&c.status)?;
            Some(Item {
                id: c.id.clone(),
                category: category(&c.category)?,
                severity: severity(&c.severity)?,
                weight: c.weight,
                level: 0,
                cap_below: c.cap_below,
                status,
                credit: match status {
                    Status::Pass | Status::Attested => 1.0,
                    Status::Partial => c.score,
                    _ => 0.0,
                },
                certain: c.confidence == "high",
            })
        })
        .collect::<Option<_>>()?;
    let overall = score::overall(&items, &weights);
    if (overall.raw - r.summary.raw_score).abs() > 0.051 {
        return None;
    }
    let eff = score::effective_weights(&items, &weights);
    let total: f64 = eff.iter().sum();
    Some(
        items
            .iter()
            .zip(eff)
            .map(|(i, e)| {
                let share = if total > 0.0 {
                    100.0 * e * i.credit / total
                } else {
                    0.0
                };
                (i.id.clone(), share)
            })
            .collect(),
    )
}

fn category(s: &str) -> Option<Category> {
    Category::ALL.into_iter().find(|c| c.as_str() == s)
}

fn severity(s: &str) -> Option<Severity> {
    [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ]
    .into_iter()
    .find(|v| v.as_str() == s)
}

fn categories(old: &ReportView, new: &ReportView) -> Vec<CategoryChange> {
    let mut names: Vec<&str> = Vec::new();
    for c in new.categories.iter().chain(&old.categories) {
        if !names.contains(&c.category.as_str()) {
            names.push(&c.category);
        }
    }
    let score = |r: &ReportView, name: &str| {
        r.categories
            .iter()
            .find(|c| c.category == name)
            .and_then(|c| c.score)
    };
    names
        .into_iter()
        .filter_map(|name| {
            let (o, n) = (score(old, name), score(new, name));
            let same = match (o, n) {
                (Some(a), Some(b)) => (a - b).abs() < 1e-9,
                (None, None) => true,
                _ => false,
            };
            (!same).then(|| CategoryChange {
                category: name.to_string(),
                old: o,
                new: n,
            })
        })
        .collect()
}

/// Open findings on one side that the other lacks, by (check,
/// fingerprint). Two findings can share a fingerprint (the same message
/// twice in one file), so they are counted, not just compared as a set.
fn findings(old: &ReportView, new: &ReportView) -> FindingChanges {
    fn open(r: &ReportView) -> Vec<FindingRef> {
        let mut v: Vec<FindingRef> = r
            .checks
            .iter()
            .flat_map(|c| &c.findings)
            .filter(|f| f.suppressed.is_none())
            .map(|f| FindingRef {
                check: f.check.clone(),
                rule: f.rule.clone(),
                level: f.level.clone(),
                message: f.message.clone(),
                path: f.path.clone(),
                line: f.line,
                fingerprint: f.fingerprint.clone(),
            })
            .collect();
        v.sort_by(|a, b| {
            (
                &a.check,
                &a.path,
                a.line,
                &a.rule,
                &a.message,
                &a.fingerprint,
            )
                .cmp(&(
                    &b.check,
                    &b.path,
                    b.line,
                    &b.rule,
                    &b.message,
                    &b.fingerprint,
                ))
        });
        v
    }
    fn minus(a: &[FindingRef], b: &[FindingRef]) -> Vec<FindingRef> {
        let mut left: HashMap<(&str, &str), usize> = HashMap::new();
        for f in b {
            *left.entry((&f.check, &f.fingerprint)).or_default() += 1;
        }
        a.iter()
            .filter(
                |f| match left.get_mut(&(f.check.as_str(), f.fingerprint.as_str())) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                },
            )
            .cloned()
            .collect()
    }
    let (o, n) = (open(old), open(new));
    FindingChanges {
        new: minus(&n, &o),
        gone: minus(&o, &n),
    }
}

fn round1(x: f64) -> f64 {
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Transition::*;

    /// "pass", "partial 0.4", or "-" for a check absent on that side.
    fn side(s: &str) -> Option<(&str, f64)> {
        match s.split_once(' ') {
            _ if s == "-" => None,
            Some((status, score)) => Some((status, score.parse().unwrap())),
            None => Some((
                s,
                if matches!(s, "pass" | "attested") {
                    1.0
                } else {
                    0.0
                },
            )),
        }
    }

    #[test]
    fn transitions() {
        let cases: &[(&str, &str, Option<Transition>)] = &[
            ("pass", "pass", None),
            ("partial 0.5", "partial 0.5", None),
            ("fail", "fail", None),
            ("fail", "pass", Some(Fixed)),
            ("partial 0.4", "pass", Some(Fixed)),
            ("fail", "attested", Some(Fixed)),
            ("pass", "fail", Some(Regressed)),
            ("pass", "partial 0.9", Some(Regressed)),
            ("attested", "fail", Some(Regressed)),
            ("fail", "partial 0.3", Some(Improved)),
            ("partial 0.3", "partial 0.6", Some(Improved)),
            ("partial 0.6", "partial 0.3", Some(Worsened)),
            ("partial 0.6", "fail", Some(Worsened)),
            ("pass", "not_applicable", Some(Changed)),
            ("fail", "waived", Some(Changed)),
            ("unknown", "attested", Some(Changed)),
            ("pass", "error", Some(Changed)),
            ("error", "fail", Some(Changed)),
            ("pass", "attested", Some(Changed)),
            ("maybe", "pass", Some(Changed)),
            ("-", "fail", Some(Added)),
            ("-", "pass", Some(Added)),
            ("pass", "-", Some(Removed)),
            ("-", "-", None),
        ];
        for (old, new, want) in cases {
            assert_eq!(classify(side(old), side(new)), *want, "{old} -> {new}");
        }
    }

    fn report(checks: &[(&str, &str, &str, f64)], raw: f64, score: f64) -> ReportView {
        let checks: Vec<serde_json::Value> = checks
            .iter()
            .map(|(id, sev, status, s)| {
                serde_json::json!({
                    "id": id, "title": format!("{id} title"), "category": "security",
                    "severity": sev, "weight": severity(sev).unwrap().weight(),
                    "status": status, "score": s, "summary": format!("{id} {status}"),
                    "findings": []
                })
            })
            .collect();
        let v = serde_json::json!({
            "schema_version": 2, "tool": {"name": "shipready", "version": "0.1.0"},
            "scoring_model": score::MODEL_VERSION, "root": ".", "checklist": "production-readiness",
            "profile": {"profile": "service", "reason": "x"},
            "summary": {"verdict": "NOT_READY", "level": "not-ready", "target": "production",
                "score": score, "raw_score": raw, "capped_by": [], "coverage": 100.0},
            "categories": [{"category": "security", "weight": 20.0, "score": raw}],
            "checks": checks
        });
        view::parse("t.json", &v.to_string()).unwrap()
    }

    #[test]
    fn points_add_up_to_the_raw_change() {
        // One category holding a critical (10) and a high (6) check: the
        // raw score is 100 × Σ wᵢcᵢ / 16.
        let old = report(
            &[
                ("a.crit", "critical", "fail", 0.0),
                ("b.high", "high", "pass", 1.0),
            ],
            37.5,
            37.5,
        );
        let new = report(
            &[
                ("a.crit", "critical", "pass", 1.0),
                ("b.high", "high", "partial", 0.5),
            ],
            81.3,
            79.0,
        );
        let d = compare("old.json", &old, "new.json", &new);
        assert!(d.attribution.computed, "{:?}", d.attribution.reason);
        let pts: Vec<(&str, Transition, f64)> = d
            .checks
            .iter()
            .map(|c| (c.id.as_str(), c.transition, c.points.unwrap()))
            .collect();
        assert_eq!(
            pts,
            [("b.high", Regressed, -18.75), ("a.crit", Fixed, 62.5)]
        );
        assert_eq!(d.attribution.reweighting, Some(0.0));
        assert_eq!(d.change.raw_score, 43.8);
        assert_eq!(d.attribution.caps, -2.3);
        assert_eq!(d.regressions, ["b.high regressed: pass -> partial 50%"]);
    }

    #[test]
    fn reweighting_carries_what_unchanged_checks_move() {
        // A high check joins the scored set: the passing critical one is
        // unchanged but its share falls from 100 to 62.5.
        let old = report(&[("a.crit", "critical", "pass", 1.0)], 100.0, 100.0);
        let new = report(
            &[
                ("a.crit", "critical", "pass", 1.0),
                ("b.high", "high", "fail", 0.0),
            ],
            62.5,
            62.5,
        );
        let d = compare("old.json", &old, "new.json", &new);
        assert_eq!(d.checks.len(), 1);
        assert_eq!(d.checks[0].transition, Added);
        assert_eq!(d.checks[0].points, Some(0.0));
        assert_eq!(d.attribution.reweighting, Some(-37.5));
        assert_eq!(d.regressions, ["the score dropped from 100 to 62.5"]);
    }

    #[test]
    fn no_points_when_the_numbers_cannot_be_reproduced() {
        let old = report(&[("a.crit", "critical", "fail", 0.0)], 0.0, 0.0);
        // A raw score the checks do not give: edited, or another model.
        let new = report(&[("a.crit", "critical", "pass", 1.0)], 55.0, 55.0);
        let d = compare("old.json", &old, "new.json", &new);
        assert!(!d.attribution.computed);
        assert!(d
            .attribution
            .reason
            .as_deref()
            .unwrap()
            .contains("reproduced"));
        assert_eq!(d.checks[0].points, None);
        assert_eq!(d.attribution.reweighting, None);
        let mut other = report(&[("a.crit", "critical", "pass", 1.0)], 100.0, 100.0);
        other.scoring_model = "1".into();
        let d = compare("old.json", &old, "new.json", &other);
        assert!(d.attribution.reason.unwrap().contains("scoring model 1"));
        assert!(d.not_like_for_like[0].starts_with("the scoring model differs"));
    }

    #[test]
    fn findings_are_matched_by_fingerprint_with_counts() {
        let with = |fps: &[&str]| {
            let mut r = report(&[("a.crit", "critical", "fail", 0.0)], 0.0, 0.0);
            r.checks[0].findings = fps
                .iter()
                .enumerate()
                .map(|(i, fp)| view::FindingView {
                    check: "a.crit".into(),
                    rule: None,
                    level: "error".into(),
                    message: format!("m{fp}"),
                    path: Some("f".into()),
                    line: Some(i as u32 + 1),
                    fingerprint: fp.to_string(),
                    suppressed: None,
                })
                .collect();
            r
        };
        let d = compare("o", &with(&["x", "x", "y"]), "n", &with(&["x", "z"]));
        let fps = |v: &[FindingRef]| v.iter().map(|f| f.fingerprint.clone()).collect::<Vec<_>>();
        assert_eq!(fps(&d.findings.new), ["z"]);
        assert_eq!(fps(&d.findings.gone), ["x", "y"]);
    }
}
