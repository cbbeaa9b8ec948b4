//! Scoring, as DESIGN.md sets it out: weights from severity, category
//! scores, caps that never let a blocker hide in a good average, coverage,
//! cumulative levels, a verdict and next steps.
//!
//! Everything here is a pure function of `Item`s, so the numbers can be
//! checked by hand in the tests below.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::checks::{Category, Severity};
use crate::model::Status;

/// The scoring model's version, in every report, so scores stay comparable.
pub const MODEL_VERSION: &str = "1";
/// Score ceiling while a critical check fails.
pub const CRITICAL_CAP: f64 = 49.0;
/// Score ceiling while a high check fails.
pub const HIGH_CAP: f64 = 79.0;

/// One check as scoring sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    pub weight: f64,
    /// Index into the checklist's levels.
    pub level: usize,
    pub cap_below: f64,
    pub status: Status,
    /// Credit in [0, 1] for scored statuses.
    pub credit: f64,
    /// Whether the verdict rests on evidence a reviewer would not dispute;
    /// only such a verdict caps the score or holds back a level.
    pub certain: bool,
}

impl Item {
    fn scored(&self) -> bool {
        self.status.is_scored()
    }

    fn applicable(&self) -> bool {
        self.status != Status::NotApplicable
    }

    /// Fails for the purpose of caps and level gates.
    fn failing(&self) -> bool {
        if !self.certain {
            return false;
        }
        match self.status {
            Status::Fail => true,
            Status::Partial => self.credit < self.cap_below,
            _ => false,
        }
    }

    fn satisfied(&self) -> bool {
        matches!(
            self.status,
            Status::Pass | Status::Attested | Status::Waived | Status::NotApplicable
        ) || (self.status == Status::Partial && !self.failing())
    }

    fn blocker(&self) -> bool {
        matches!(self.severity, Severity::Critical | Severity::High)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Verdict {
    Ready,
    ReadyWithWarnings,
    NotReady,
    InsufficientEvidence,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "READY",
            Verdict::ReadyWithWarnings => "READY WITH WARNINGS",
            Verdict::NotReady => "NOT READY",
            Verdict::InsufficientEvidence => "INSUFFICIENT EVIDENCE",
        }
    }
}

/// A score and what limited it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// After caps, rounded to one decimal.
    pub score: f64,
    /// Before caps.
    pub raw: f64,
    /// Checks that capped the score, most severe first.
    pub capped_by: Vec<String>,
    /// Percentage of applicable weight whose outcome is determinate.
    pub coverage: f64,
}

/// Weighted mean of a set of items, 0..100, or None when nothing is scored.
fn mean(items: &[&Item]) -> Option<f64> {
    let (num, den) = items
        .iter()
        .filter(|i| i.scored())
        .fold((0.0, 0.0), |(n, d), i| {
            (n + i.weight * i.credit, d + i.weight)
        });
    (den > 0.0).then(|| 100.0 * num / den)
}

fn cap_of(items: &[&Item]) -> (f64, Vec<String>) {
    let mut crit: Vec<String> = items
        .iter()
        .filter(|i| i.severity == Severity::Critical && i.failing())
        .map(|i| i.id.clone())
        .collect();
    let high: Vec<String> = items
        .iter()
        .filter(|i| i.severity == Severity::High && i.failing())
        .map(|i| i.id.clone())
        .collect();
    if !crit.is_empty() {
        crit.extend(high);
        (CRITICAL_CAP, crit)
    } else if !high.is_empty() {
        (HIGH_CAP, high)
    } else {
        (100.0, Vec::new())
    }
}

fn coverage(items: &[&Item]) -> f64 {
    let applicable: f64 = items
        .iter()
        .filter(|i| i.applicable())
        .map(|i| i.weight)
        .sum();
    let determinate: f64 = items
        .iter()
        .filter(|i| i.scored() || i.status == Status::Waived)
        .map(|i| i.weight)
        .sum();
    if applicable > 0.0 {
        round1(100.0 * determinate / applicable)
    } else {
        100.0
    }
}

pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Category scores (None where a category has nothing scored).
pub fn categories(items: &[Item]) -> BTreeMap<Category, Option<Score>> {
    let mut out = BTreeMap::new();
    for c in Category::ALL {
        let in_cat: Vec<&Item> = items.iter().filter(|i| i.category == c).collect();
        if in_cat.is_empty() {
            continue;
        }
        out.insert(c, mean(&in_cat).map(|raw| finish(raw, &in_cat)));
    }
    out
}

fn finish(raw: f64, items: &[&Item]) -> Score {
    let (cap, capped_by) = cap_of(items);
    let capped = raw > cap;
    Score {
        score: round1(raw.min(cap)),
        raw: round1(raw),
        capped_by: if capped { capped_by } else { Vec::new() },
        coverage: coverage(items),
    }
}

/// The overall score: category scores weighted by category weight (absent
/// categories drop out and the rest renormalise), then capped.
pub fn overall(items: &[Item], weights: &BTreeMap<Category, f64>) -> Score {
    let (num, den) = Category::ALL.iter().fold((0.0, 0.0), |(n, d), c| {
        let in_cat: Vec<&Item> = items.iter().filter(|i| i.category == *c).collect();
        match mean(&in_cat) {
            // Category raw scores feed the overall raw; caps apply once, at the end.
            Some(m) => {
                let w = weights.get(c).copied().unwrap_or(0.0);
                (n + w * m, d + w)
            }
            None => (n, d),
        }
    });
    let all: Vec<&Item> = items.iter().collect();
    let raw = if den > 0.0 { num / den } else { 0.0 };
    finish(raw, &all)
}

/// Whether the items reach `level`: every critical and high check tagged at
/// or below it is satisfied, and the medium and low ones reach `threshold`
/// of their weight. `optimistic` counts unknown and error checks as passing,
/// to tell "not ready" from "insufficient evidence".
pub fn reaches(items: &[&Item], level: usize, threshold: f64, optimistic: bool) -> bool {
    let tagged = items.iter().filter(|i| i.level <= level && i.applicable());
    let mut num = 0.0;
    let mut den = 0.0;
    for i in tagged {
        let unknown = matches!(i.status, Status::Unknown | Status::Error);
        if i.blocker() {
            if !(i.satisfied() || (optimistic && unknown)) {
                return false;
            }
        } else if i.status != Status::Waived {
            den += i.weight;
            num += i.weight * if optimistic && unknown { 1.0 } else { i.credit };
        }
    }
    den == 0.0 || num / den + 1e-9 >= threshold
}

/// The highest level reached, cumulatively (None: not ready for any).
pub fn level_reached(items: &[&Item], thresholds: &[f64], optimistic: bool) -> Option<usize> {
    let mut reached = None;
    for (l, t) in thresholds.iter().enumerate() {
        if reaches(items, l, *t, optimistic) {
            reached = Some(l);
        } else {
            break;
        }
    }
    reached
}

pub fn verdict(items: &[Item], thresholds: &[f64], target: usize) -> (Option<usize>, Verdict) {
    let all: Vec<&Item> = items.iter().collect();
    let reached = level_reached(&all, thresholds, false);
    let verdict = if reached.is_some_and(|r| r >= target) {
        let warnings = items.iter().any(|i| {
            matches!(
                i.status,
                Status::Fail | Status::Partial | Status::Waived | Status::Unknown | Status::Error
            )
        });
        if warnings {
            Verdict::ReadyWithWarnings
        } else {
            Verdict::Ready
        }
    } else if level_reached(&all, thresholds, true).is_some_and(|r| r >= target) {
        Verdict::InsufficientEvidence
    } else {
        Verdict::NotReady
    };
    (reached, verdict)
}

/// A fix worth making, with the points it adds to the overall score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub id: String,
    pub points: f64,
}

/// Failing and partial checks ranked by the points their fix would add
/// (recomputed with caps, so fixing a capping check shows its true worth).
pub fn next_steps(items: &[Item], weights: &BTreeMap<Category, f64>) -> Vec<Step> {
    let base = overall(items, weights).score;
    let mut steps: Vec<Step> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| matches!(i.status, Status::Fail | Status::Partial))
        .map(|(n, i)| {
            let mut fixed = items.to_vec();
            fixed[n].status = Status::Pass;
            fixed[n].credit = 1.0;
            Step {
                id: i.id.clone(),
                points: round1(overall(&fixed, weights).score - base),
            }
        })
        .collect();
    steps.sort_by(|a, b| b.points.total_cmp(&a.points).then_with(|| a.id.cmp(&b.id)));
    steps
}

/// The shortest list of checks whose fix reaches `level`: every unsatisfied
/// blocker, then medium and low ones by weight until the threshold holds.
pub fn path_to(items: &[Item], level: usize, threshold: f64) -> Vec<String> {
    let mut work = items.to_vec();
    let mut out = Vec::new();
    for i in work.iter_mut() {
        if i.level <= level && i.applicable() && i.blocker() && !i.satisfied() {
            out.push(i.id.clone());
            i.status = Status::Pass;
            i.credit = 1.0;
        }
    }
    let mut rest: Vec<usize> = (0..work.len())
        .filter(|&n| {
            let i = &work[n];
            i.level <= level
                && !i.blocker()
                && i.applicable()
                && i.status != Status::Waived
                && i.credit < 1.0
        })
        .collect();
    rest.sort_by(|&a, &b| {
        let gain = |n: usize| work[n].weight * (1.0 - work[n].credit);
        gain(b)
            .total_cmp(&gain(a))
            .then_with(|| work[a].id.cmp(&work[b].id))
    });
    for n in rest {
        let refs: Vec<&Item> = work.iter().collect();
        if reaches(&refs, level, threshold, false) {
            break;
        }
        out.push(work[n].id.clone());
        work[n].status = Status::Pass;
        work[n].credit = 1.0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, cat: Category, sev: Severity, status: Status, credit: f64) -> Item {
        Item {
            id: id.into(),
            category: cat,
            severity: sev,
            weight: sev.weight(),
            level: 0,
            cap_below: 1.0,
            status,
            credit,
            certain: true,
        }
    }

    fn weights() -> BTreeMap<Category, f64> {
        [
            (Category::Security, 20.0),
            (Category::Documentation, 8.0),
            (Category::Operations, 7.0),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn weighted_means_by_hand() {
        use Category::*;
        use Severity::*;
        let items = vec![
            item("docs.readme", Documentation, High, Status::Partial, 0.5), // 6 * 0.5 = 3
            item("docs.license", Documentation, Low, Status::Pass, 1.0),    // 1 * 1 = 1
            item("docs.adr", Documentation, Low, Status::Fail, 0.0),        // 1 * 0
            item("ops.ownership", Operations, Medium, Status::Pass, 1.0),   // 3
            item("ops.runbooks", Operations, High, Status::Unknown, 0.0),   // not scored
        ];
        let cats = categories(&items);
        // documentation: 4 / 8 = 50; operations: 3 / 3 = 100
        assert_eq!(cats[&Documentation].as_ref().unwrap().raw, 50.0);
        assert_eq!(cats[&Operations].as_ref().unwrap().raw, 100.0);
        // overall raw: (8 * 50 + 7 * 100) / 15 = 73.33; docs.readme (high) is
        // partial below cap_below 1.0, so the cap is 79 and does not bite.
        let s = overall(&items, &weights());
        assert_eq!(s.raw, 73.3);
        assert_eq!(s.score, 73.3);
        assert!(s.capped_by.is_empty());
        // coverage: determinate 6+1+1+3 = 11 of applicable 17.
        assert_eq!(s.coverage, round1(100.0 * 11.0 / 17.0));
    }

    #[test]
    fn one_critical_failure_caps_an_excellent_score() {
        use Category::*;
        use Severity::*;
        let mut items: Vec<Item> = (0..20)
            .map(|n| {
                item(
                    &format!("docs.c{n}"),
                    Documentation,
                    High,
                    Status::Pass,
                    1.0,
                )
            })
            .collect();
        items.push(item(
            "secrets.no-committed-secrets",
            Security,
            Critical,
            Status::Fail,
            0.0,
        ));
        items.push(item("security.policy", Security, Low, Status::Pass, 1.0));
        let s = overall(&items, &weights());
        // security: 1 / 11 = 9.09; documentation 100; raw (20*9.09 + 8*100)/28 = 35.06
        assert_eq!(s.raw, 35.1);
        // With the whole security category passing but for that one check,
        // raw is still below the cap; push it above to see the cap bite.
        let mut strong = items.clone();
        for n in 0..40 {
            strong.push(item(
                &format!("security.s{n}"),
                Security,
                High,
                Status::Pass,
                1.0,
            ));
        }
        let s = overall(&strong, &weights());
        // security: 241 / 251 = 96.02; overall (20*96.02 + 8*100) / 28 = 97.16
        assert_eq!(s.raw, 97.2);
        assert_eq!(s.score, 49.0);
        assert_eq!(s.capped_by, ["secrets.no-committed-secrets"]);
        let (reached, v) = verdict(&strong, &[0.8], 0);
        assert_eq!((reached, v), (None, Verdict::NotReady));
    }

    #[test]
    fn waived_failure_does_not_cap_and_partial_above_cap_below_is_fine() {
        use Category::*;
        use Severity::*;
        let mut items = vec![
            item(
                "secrets.no-committed-secrets",
                Security,
                Critical,
                Status::Waived,
                0.0,
            ),
            item("docs.readme", Documentation, High, Status::Partial, 0.6),
        ];
        items[1].cap_below = 0.5;
        let s = overall(&items, &weights());
        assert_eq!(s.score, 60.0);
        assert!(s.capped_by.is_empty());
        assert_eq!(verdict(&items, &[0.8], 0).1, Verdict::ReadyWithWarnings);
    }

    #[test]
    fn levels_are_cumulative_and_unknowns_mean_insufficient_evidence() {
        use Category::*;
        use Severity::*;
        let mut items = vec![
            item("docs.readme", Documentation, High, Status::Pass, 1.0),
            item("ops.runbooks", Operations, High, Status::Unknown, 0.0),
            item("docs.adr", Documentation, Low, Status::Fail, 0.0),
        ];
        items[1].level = 1;
        items[2].level = 2;
        let thresholds = [0.8, 0.8, 0.9];
        assert_eq!(
            verdict(&items, &thresholds, 0),
            (Some(0), Verdict::ReadyWithWarnings)
        );
        assert_eq!(
            verdict(&items, &thresholds, 1),
            (Some(0), Verdict::InsufficientEvidence)
        );
        items[1].status = Status::Fail;
        assert_eq!(
            verdict(&items, &thresholds, 1),
            (Some(0), Verdict::NotReady)
        );
        items[1].status = Status::Attested;
        items[1].credit = 1.0;
        assert_eq!(verdict(&items, &thresholds, 1).0, Some(1));
        // hardened needs docs.adr: 0 of 1 low weight < 0.9
        assert_eq!(
            verdict(&items, &thresholds, 2),
            (Some(1), Verdict::NotReady)
        );
        assert_eq!(path_to(&items, 2, 0.9), ["docs.adr"]);
    }

    #[test]
    fn next_steps_rank_by_points_including_caps() {
        use Category::*;
        use Severity::*;
        let items = vec![
            item(
                "secrets.no-committed-secrets",
                Security,
                Critical,
                Status::Fail,
                0.0,
            ),
            item("security.policy", Security, Low, Status::Pass, 1.0),
            item("docs.adr", Documentation, Low, Status::Fail, 0.0),
            item("docs.readme", Documentation, High, Status::Pass, 1.0),
        ];
        // security 1/11 = 9.09, docs 6/7 = 85.71: raw (20*9.09 + 8*85.71)/28 = 30.97
        let steps = next_steps(&items, &weights());
        assert_eq!(steps[0].id, "secrets.no-committed-secrets");
        // fixed: security 100, raw (2000 + 685.7)/28 = 95.92, +64.9 points
        assert_eq!(steps[0].points, 64.9);
        // docs.adr: docs 100 -> raw (181.8 + 800)/28 = 35.06, +4.1
        assert_eq!(
            steps[1],
            Step {
                id: "docs.adr".into(),
                points: 4.1
            }
        );
    }
}
