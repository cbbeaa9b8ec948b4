//! Scoring, as DESIGN.md sets it out: weights from severity, category
//! scores, caps that never let a blocker hide in a good average, coverage,
//! cumulative levels, a verdict and next steps.
//!
//! Everything here is a pure function of `Item`s, so the numbers can be
//! checked by hand in the tests below.

pub use crate::model::Verdict;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::checks::{Category, Severity};
use crate::model::Status;

/// The scoring model's version, in every report, so scores stay comparable.
pub const MODEL_VERSION: &str = "5";
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
    // A failing check caps the score at its severity's cap; a partial one
    // that still fails for caps (credit under `cap_below`) at a cap raised
    // in proportion to its credit, so 44 of 46 workloads with probes cap
    // near 99, not at 79 like none: no cliff between "all" and "almost all".
    let cap = |i: &Item, base: f64| {
        let credit = if i.status == Status::Partial {
            i.credit.clamp(0.0, 1.0)
        } else {
            0.0
        };
        base + (100.0 - base) * credit
    };
    let mut crit: Vec<(f64, String)> = items
        .iter()
        .filter(|i| i.severity == Severity::Critical && i.failing())
        .map(|i| (cap(i, CRITICAL_CAP), i.id.clone()))
        .collect();
    let high: Vec<(f64, String)> = items
        .iter()
        .filter(|i| i.severity == Severity::High && i.failing())
        .map(|i| (cap(i, HIGH_CAP), i.id.clone()))
        .collect();
    crit.extend(high);
    let lowest = crit.iter().map(|(c, _)| *c).fold(100.0, f64::min);
    (lowest, crit.into_iter().map(|(_, id)| id).collect())
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

/// A category's share of the overall score is its weight only once its
/// scored checks carry at least this much severity weight (a critical and a
/// high check, say); below it, the share shrinks in proportion. Without the
/// floor a category holding one low check (a LICENSE) handed that check the
/// category's whole weight: +28 points for one file.
pub const CATEGORY_FLOOR: f64 = 16.0;

/// The largest share of the overall score's weight a single low or medium
/// check may hold: whatever else was examined, fixing one moves the score by
/// at most 2 or 5 points.
fn share_limit(sev: Severity) -> Option<f64> {
    match sev {
        Severity::Low => Some(0.02),
        Severity::Medium => Some(0.05),
        _ => None,
    }
}

/// Each scored check's effective weight in the overall score: its severity
/// weight, times its category's weight, over the category's scored weight
/// (or the floor, when that is larger); then low and medium checks are held
/// to their share limit of the total.
pub fn effective_weights(items: &[Item], weights: &BTreeMap<Category, f64>) -> Vec<f64> {
    let mut scored_weight: BTreeMap<Category, f64> = BTreeMap::new();
    for i in items.iter().filter(|i| i.scored()) {
        *scored_weight.entry(i.category).or_default() += i.weight;
    }
    let base: Vec<f64> = items
        .iter()
        .map(|i| {
            if !i.scored() {
                return 0.0;
            }
            let cat_w = weights.get(&i.category).copied().unwrap_or(0.0);
            cat_w * i.weight / scored_weight[&i.category].max(CATEGORY_FLOOR)
        })
        .collect();
    // Measured against the critical and high checks alone, so the limits
    // hold however many low and medium checks there are: each one's share
    // of the total is at most limit * H / (H + ...) <= limit. With no such
    // check scored (a `--check` selection of low ones) nothing is held.
    let heavy: f64 = items
        .iter()
        .zip(&base)
        .filter(|(i, _)| share_limit(i.severity).is_none())
        .map(|(_, b)| b)
        .sum();
    items
        .iter()
        .zip(base)
        .map(|(i, b)| match share_limit(i.severity) {
            Some(limit) if heavy > 0.0 => b.min(limit * heavy),
            _ => b,
        })
        .collect()
}

/// The overall score: the mean of check credits weighted by effective
/// weight (see `effective_weights`), then capped. A well-populated category
/// weighs what its category weight says, a sparse one less; and no single
/// low or medium check moves the overall score by more than 2 or 5 points
/// (`share_limit`; `tests::no_low_or_medium_check_moves_the_score_much`).
pub fn overall(items: &[Item], weights: &BTreeMap<Category, f64>) -> Score {
    let eff = effective_weights(items, weights);
    let (num, den) = items
        .iter()
        .zip(&eff)
        .fold((0.0, 0.0), |(n, d), (i, e)| (n + e * i.credit, d + e));
    let all: Vec<&Item> = items.iter().collect();
    let raw = if den > 0.0 { 100.0 * num / den } else { 0.0 };
    finish(raw, &all)
}

/// How much of the repository was examined, in percent: per category, the
/// weight of determinate checks over the weight of applicable ones, then
/// averaged by category weight over `categories` (those that apply to the
/// profile). A category that applies but had nothing examined counts as
/// zero, so a service whose reliability nobody looked at is not "100 %".
pub fn coverage_over(
    items: &[Item],
    weights: &BTreeMap<Category, f64>,
    categories: &[Category],
) -> f64 {
    let (num, den) = categories.iter().fold((0.0, 0.0), |(n, d), c| {
        let w = weights.get(c).copied().unwrap_or(0.0);
        let in_cat: Vec<&Item> = items.iter().filter(|i| i.category == *c).collect();
        let applicable: f64 = in_cat
            .iter()
            .filter(|i| i.applicable())
            .map(|i| i.weight)
            .sum();
        let cov = if applicable > 0.0 {
            coverage(&in_cat) / 100.0
        } else {
            0.0
        };
        (n + w * cov, d + w)
    });
    if den > 0.0 {
        round1(100.0 * num / den)
    } else {
        100.0
    }
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
    /// Points the fix adds to the (capped) score.
    pub points: f64,
    /// Points it adds to the raw score: while a cap binds, fixing anything
    /// but the capping checks adds nothing to the capped score, and this is
    /// what still tells the fixes apart.
    pub raw_points: f64,
    /// Why it ranks where it does, when not for its points alone: "caps
    /// the score at 49", "needed for production".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

/// Failing and partial checks, ranked: first those that cap the score
/// (while a cap binds, nothing else raises it), then those the next level
/// needs (`needed`, named by `level`), then by the points their fix would
/// add (recomputed with caps), then by raw points.
pub fn next_steps(
    items: &[Item],
    weights: &BTreeMap<Category, f64>,
    needed: &[String],
    level: &str,
) -> Vec<Step> {
    let base = overall(items, weights);
    let cap = if base.capped_by.is_empty() {
        None
    } else {
        Some(base.score)
    };
    let mut steps: Vec<(u8, Step)> = items
        .iter()
        .enumerate()
        .filter(|(_, i)| matches!(i.status, Status::Fail | Status::Partial))
        .map(|(n, i)| {
            let mut fixed = items.to_vec();
            fixed[n].status = Status::Pass;
            fixed[n].credit = 1.0;
            let after = overall(&fixed, weights);
            let (rank, why) = if cap.is_some() && base.capped_by.contains(&i.id) {
                (0, Some(format!("caps the score at {}", base.score)))
            } else if needed.contains(&i.id) {
                (1, Some(format!("needed for {level}")))
            } else {
                (2, None)
            };
            let step = Step {
                id: i.id.clone(),
                points: round1(after.score - base.score),
                raw_points: round1(after.raw - base.raw),
                why,
            };
            (rank, step)
        })
        .collect();
    steps.sort_by(|(ra, a), (rb, b)| {
        ra.cmp(rb)
            .then(b.points.total_cmp(&a.points))
            .then(b.raw_points.total_cmp(&a.raw_points))
            .then_with(|| a.id.cmp(&b.id))
    });
    steps.into_iter().map(|(_, s)| s).collect()
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
        // The overall score holds low and medium checks to a share limit
        // (tested below); by hand, with high and critical checks only:
        // documentation 6 < floor 16, so readme weighs 8 * 6 / 16 = 3;
        // operations 7 * 6 / 16 = 2.625; security 20 * 10 / 16 = 12.5.
        // raw = (1.5 + 2.625 + 12.5) / 18.125 = 91.72
        let by_hand = vec![
            item("docs.readme", Documentation, High, Status::Partial, 0.5),
            item("ops.runbooks", Operations, High, Status::Pass, 1.0),
            item("secrets.x", Security, Critical, Status::Pass, 1.0),
        ];
        assert_eq!(overall(&by_hand, &weights()).raw, 91.7);
        let s = overall(&items, &weights());
        // docs.readme (high) is partial below cap_below 1.0, so the cap is
        // 79 and does not bite.
        assert!(s.score < HIGH_CAP);
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
        let s = overall(&items, &weights());
        // documentation: 120 of severity weight, so each high check weighs
        // 8 * 6 / 120 = 0.4 (8 in all); security: 10 < the floor of 16, so
        // the critical weighs 20 * 10 / 16 = 12.5. raw = 8 / 20.5 = 39.02
        assert_eq!(s.raw, 39.0);
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
        // security now weighs its full 20 (250 >= 16), the critical
        // 20 * 10 / 250 = 0.8 of it: raw (8 + 20 - 0.8) / 28 = 97.14
        assert_eq!(s.raw, 97.1);
        assert_eq!(s.score, 49.0);
        assert_eq!(s.capped_by, ["secrets.no-committed-secrets"]);
        let (reached, v) = verdict(&strong, &[0.8], 0);
        assert_eq!((reached, v), (None, Verdict::NotReady));
    }

    #[test]
    fn a_partial_caps_in_proportion_to_its_credit() {
        use Category::*;
        use Severity::*;
        // (severity, status, credit, expected cap)
        let table = [
            (High, Status::Fail, 0.0, HIGH_CAP),
            (High, Status::Partial, 0.5, 89.5),
            (
                High,
                Status::Partial,
                44.0 / 46.0,
                79.0 + 21.0 * 44.0 / 46.0,
            ),
            (Critical, Status::Fail, 0.0, CRITICAL_CAP),
            (Critical, Status::Partial, 0.5, 74.5),
        ];
        for (sev, status, credit, want) in table {
            let i = item("k8s.probes", Reliability, sev, status, credit);
            let (cap, by) = cap_of(&[&i]);
            assert!((cap - want).abs() < 1e-9, "{sev:?} {credit}: {cap}");
            assert_eq!(by, ["k8s.probes"]);
        }
        // More credit never caps lower.
        let caps: Vec<f64> = [0.1, 0.4, 0.8, 0.99]
            .map(|c| cap_of(&[&item("a.b", Security, High, Status::Partial, c)]).0)
            .to_vec();
        assert!(caps.windows(2).all(|w| w[0] < w[1]), "{caps:?}");
        // The lowest cap binds, and every failing check is named.
        let a = item("a.b", Security, High, Status::Partial, 0.9);
        let b = item("c.d", Security, Critical, Status::Fail, 0.0);
        assert_eq!(
            cap_of(&[&a, &b]),
            (CRITICAL_CAP, vec!["c.d".to_string(), "a.b".to_string()])
        );
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
        let needed = [
            "secrets.no-committed-secrets".to_string(),
            "docs.adr".to_string(),
        ];
        let steps = next_steps(&items, &weights(), &needed, "hardened");
        // The raw score (about 20) is under the cap, so nothing caps; both
        // are needed for the next level, and the critical fix adds most.
        assert_eq!(steps[0].id, "secrets.no-committed-secrets");
        assert!(steps[0].points > 70.0, "{steps:?}");
        assert_eq!(steps[1].id, "docs.adr");
        assert_eq!(steps[1].why.as_deref(), Some("needed for hardened"));
        assert!(steps[1].points > 0.0 && steps[1].points <= 2.0, "{steps:?}");
    }

    #[test]
    fn while_capped_the_capping_check_comes_first_and_raw_points_rank_the_rest() {
        use Category::*;
        use Severity::*;
        let mut items: Vec<Item> = (0..6)
            .map(|n| item(&format!("security.s{n}"), Security, High, Status::Pass, 1.0))
            .collect();
        items.push(item(
            "secrets.no-committed-secrets",
            Security,
            Critical,
            Status::Fail,
            0.0,
        ));
        items.push(item("docs.readme", Documentation, High, Status::Pass, 1.0));
        items.push(item("docs.adr", Documentation, Low, Status::Fail, 0.0));
        items.push(item(
            "docs.license",
            Documentation,
            Low,
            Status::Partial,
            0.5,
        ));
        let base = overall(&items, &weights());
        assert!(base.raw > CRITICAL_CAP && base.score == CRITICAL_CAP);
        let steps = next_steps(&items, &weights(), &[], "production");
        assert_eq!(steps[0].id, "secrets.no-committed-secrets");
        assert_eq!(steps[0].why.as_deref(), Some("caps the score at 49"));
        // The others add nothing to the capped score, but their raw gain
        // still ranks them: adr (1 of weight, all missing) before license.
        assert_eq!(steps[1].points, 0.0);
        assert!(steps[1].raw_points > steps[2].raw_points);
        assert_eq!(
            [steps[1].id.as_str(), steps[2].id.as_str()],
            ["docs.adr", "docs.license"]
        );
    }

    /// The guarantee the model documents: no single low or medium check
    /// moves the overall score by more than 2 or 5 points, even when only
    /// the checks that apply to every repository were scored.
    #[test]
    fn no_low_or_medium_check_moves_the_score_much() {
        use Category::*;
        use Severity::*;
        let always = [
            ("secrets.no-committed-secrets", Security, Critical),
            ("secrets.no-env-files", Security, High),
            ("security.policy", Security, Low),
            ("docs.readme", Documentation, High),
            ("docs.license", Documentation, Low),
            ("docs.adr", Documentation, Low),
            ("tests.present", Deployment, High),
            ("deploy.versioning", Deployment, Low),
            ("ops.ownership", Operations, Medium),
        ];
        for cat in Category::ALL {
            for sev in [Low, Medium] {
                let mut items: Vec<Item> = always
                    .iter()
                    .map(|(id, c, s)| item(id, *c, *s, Status::Pass, 1.0))
                    .collect();
                items.push(item("probe.check", cat, sev, Status::Pass, 1.0));
                let pass = overall(&items, &weights()).raw;
                items.last_mut().unwrap().status = Status::Fail;
                items.last_mut().unwrap().credit = 0.0;
                let fail = overall(&items, &weights()).raw;
                let bound = if sev == Low { 2.0 } else { 5.0 } + 0.05;
                assert!(
                    pass - fail <= bound,
                    "{cat:?} {sev:?} moves the score by {}",
                    pass - fail
                );
            }
        }
    }
}
