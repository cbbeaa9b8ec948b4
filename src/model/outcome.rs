//! What a check returns: a status, a partial score, and findings with evidence.
//!
//! Outcomes are plain data. Scoring (`score.rs`) and rendering (`report/`) read
//! them; nothing here knows how they are shown.

use serde::{Deserialize, Serialize};

use super::meta::CheckId;

/// The verdict of one check, as DESIGN.md's scoring table defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Partial,
    Fail,
    NotApplicable,
    Unknown,
    Attested,
    Error,
    Waived,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Partial => "partial",
            Status::Fail => "fail",
            Status::NotApplicable => "not_applicable",
            Status::Unknown => "unknown",
            Status::Attested => "attested",
            Status::Error => "error",
            Status::Waived => "waived",
        }
    }

    /// The status as people read it in a report: short, with the two that
    /// need action in capitals (`FAIL`, `ERROR`).
    pub fn label(self) -> &'static str {
        match self {
            Status::Fail => "FAIL",
            Status::NotApplicable => "n/a",
            Status::Error => "ERROR",
            other => other.as_str(),
        }
    }

    /// Counts toward the score (pass, partial, fail, attested).
    pub fn is_scored(self) -> bool {
        matches!(
            self,
            Status::Pass | Status::Partial | Status::Fail | Status::Attested
        )
    }
}

/// How a verdict was established.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A heuristic over source text (a call without a timeout argument).
    Heuristic,
    /// A pattern or name matched.
    Pattern,
    /// The file that carries the evidence exists.
    #[default]
    Present,
    /// The file was parsed and the evidence read from its structure.
    Parsed,
}

/// What a medium-confidence verdict is unsure of, which sets how much of
/// the shortfall it forgives (`Outcome::settle_confidence_as`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Doubt {
    /// Whether a hazard it found is real (a likely credential, an unsafe
    /// migration): such findings were wrong about as often as right on
    /// repositories nobody tuned on, so half the shortfall is forgiven.
    #[default]
    Hazard,
    /// Whether evidence it did not find exists where it did not look (no
    /// known error-tracking package, no health route): the detectors read
    /// the places such evidence lives, so a miss is usually a real absence
    /// and only `ABSENCE_FORGIVEN` of the shortfall is forgiven.
    Absence,
}

impl Doubt {
    /// The share of its severity's weight a check with this doubt carries
    /// by default: a hazard's `HAZARD_WEIGHT_SHARE`, evidence all of it.
    pub fn weight_share(self) -> f64 {
        match self {
            Doubt::Hazard => HAZARD_WEIGHT_SHARE,
            Doubt::Absence => 1.0,
        }
    }
}

/// The share of a check's shortfall forgiven when its verdict rests on
/// medium-confidence absence: one miss in four may be evidence kept where
/// the detector does not look. At 0.5, as for hazards, a project with
/// none of the evidence stood halfway to one with all of it, and toy apps
/// scored close to mature services; 0, 0.15 and 0.25 were all better on
/// validity sets 1-15 (mean Spearman +0.03), 0.25 with the fewest sets
/// losing. Set 16 was not looked at while choosing.
pub const ABSENCE_FORGIVEN: f64 = 0.25;

/// The share of its severity's weight a check that looks for hazards
/// carries in the score by default. Passing it is the absence of a
/// finding, which a tidy toy achieves as surely as a mature service; its
/// failure is what tells, and a certain failure caps the score and holds
/// back the level at the check's full severity whatever its weight. At
/// full weight the hazard checks (a dozen in security alone) outweighed
/// the proactive controls reviewers grade security by, and their
/// findings, which grow with a repository's size, ranked mature projects
/// below small ones: over validity sets 1-16 halving them raised the mean
/// Spearman from 0.810 to 0.824, and the security area's from 0.70 to
/// 0.75. Set 17 was not looked at while choosing.
pub const HAZARD_WEIGHT_SHARE: f64 = 0.5;

/// How sure a finding (or a verdict) is that it says the truth. Confidence
/// is not severity: only `High` evidence can fail a check outright and
/// trigger a score cap; `Medium` makes a check partial at worst; `Low` is a
/// warning that does not gate (DESIGN.md, Scoring).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    #[default]
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

impl std::fmt::Display for Confidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How bad one finding is, independent of the check's weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Info,
    #[default]
    Warning,
    Error,
}

/// Why a finding does not count against the score, when it does not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Suppression {
    /// An inline marker in the file (`shipready: ignore[...]`, `gitleaks:allow`...).
    Inline { marker: String, reason: String },
    /// A config `ignore` glob or path:line for the check.
    Config { reason: String },
    /// Present in the baseline file.
    Baseline,
}

/// One piece of evidence: something found (or notably missing) at a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub check: CheckId,
    /// Sub-rule inside the check (`aws-access-key-id`, `missing-section`...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub level: Level,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    /// Already redacted when it holds anything sensitive: renderers never redact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
    /// Stable across line moves: hash of check, rule, path and normalized match.
    pub fingerprint: String,
    /// What a baseline entry records for this finding, when it is not the
    /// fingerprint: for a secret, a keyed hash of the value alone, so the
    /// entry survives the file moving. Never the value itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_key: Option<String>,
    /// How sure the check is that this finding is what it says.
    pub confidence: Confidence,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppression>,
}

impl Finding {
    pub fn new(check: &CheckId, message: impl Into<String>) -> Self {
        Finding {
            check: check.clone(),
            rule: None,
            level: Level::Warning,
            message: message.into(),
            path: None,
            line: None,
            column: None,
            end_line: None,
            snippet: None,
            fingerprint: String::new(),
            baseline_key: None,
            confidence: Confidence::High,
            suppressed: None,
        }
    }

    pub fn rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into());
        self
    }

    pub fn level(mut self, level: Level) -> Self {
        self.level = level;
        self
    }

    pub fn at(mut self, path: impl Into<String>, line: Option<u32>) -> Self {
        self.path = Some(path.into());
        self.line = line;
        self
    }

    pub fn confidence(mut self, confidence: Confidence) -> Self {
        self.confidence = confidence;
        self
    }

    #[cfg(test)]
    fn suppressed_as(mut self, s: Suppression) -> Self {
        self.suppressed = Some(s);
        self
    }

    pub fn column(mut self, column: u32) -> Self {
        self.column = Some(column);
        self
    }

    pub fn snippet(mut self, snippet: impl Into<String>) -> Self {
        self.snippet = Some(snippet.into());
        self
    }

    /// Sets the fingerprint from the normalized matched text. Without a call,
    /// `finish` derives one from the message.
    pub fn matched(mut self, normalized: &str) -> Self {
        self.fingerprint = fingerprint(&[
            self.check.as_str(),
            self.rule.as_deref().unwrap_or(""),
            self.path.as_deref().unwrap_or(""),
            normalized,
        ]);
        self
    }

    /// Sets the baseline key (see the field); without it the fingerprint
    /// is the key.
    pub fn baseline_key(mut self, key: impl Into<String>) -> Self {
        self.baseline_key = Some(key.into());
        self
    }

    /// The key a baseline entry matches this finding by.
    pub fn key(&self) -> &str {
        self.baseline_key.as_deref().unwrap_or(&self.fingerprint)
    }

    /// Fills the fingerprint when the check did not.
    pub(crate) fn finish(&mut self) {
        if self.fingerprint.is_empty() {
            self.fingerprint = fingerprint(&[
                self.check.as_str(),
                self.rule.as_deref().unwrap_or(""),
                self.path.as_deref().unwrap_or(""),
                &self.message,
            ]);
        }
    }

    /// "path:line" or "path" or "".
    pub fn location(&self) -> String {
        match (&self.path, self.line) {
            (Some(p), Some(l)) => format!("{p}:{l}"),
            (Some(p), None) => p.clone(),
            _ => String::new(),
        }
    }
}

/// A stable, dependency-free 64-bit FNV-1a hash rendered as hex. Fingerprints
/// need stability across versions and platforms, not cryptographic strength.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0x1f)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The result of running one check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub status: Status,
    /// Credit in [0, 1]; meaningful for scored statuses only.
    pub score: f64,
    /// How the verdict was established.
    pub basis: Basis,
    /// How sure the verdict is; only a `High` failure caps the score or
    /// holds back a level. Set by the engine from the findings
    /// (`Outcome::settle_confidence`).
    pub confidence: Confidence,
    /// One line: "4 of 7 README sections", "no USER in final stage".
    pub summary: String,
    /// What was found, or what was looked for and not found.
    pub evidence: Vec<String>,
    pub findings: Vec<Finding>,
}

impl Outcome {
    fn with(status: Status, score: f64, summary: impl Into<String>) -> Self {
        Outcome {
            status,
            score,
            basis: Basis::Present,
            confidence: Confidence::High,
            summary: summary.into(),
            evidence: Vec::new(),
            findings: Vec::new(),
        }
    }

    pub fn pass(summary: impl Into<String>) -> Self {
        Self::with(Status::Pass, 1.0, summary)
    }

    pub fn fail(summary: impl Into<String>) -> Self {
        Self::with(Status::Fail, 0.0, summary)
    }

    /// A fraction: 1.0 becomes pass, 0.0 fail, anything between partial.
    pub fn fraction(score: f64, summary: impl Into<String>) -> Self {
        let score = if score.is_finite() {
            score.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let status = if score >= 1.0 {
            Status::Pass
        } else if score <= 0.0 {
            Status::Fail
        } else {
            Status::Partial
        };
        Self::with(status, score, summary)
    }

    pub fn not_applicable(summary: impl Into<String>) -> Self {
        Self::with(Status::NotApplicable, 0.0, summary)
    }

    pub fn unknown(summary: impl Into<String>) -> Self {
        Self::with(Status::Unknown, 0.0, summary)
    }

    pub fn error(summary: impl Into<String>) -> Self {
        Self::with(Status::Error, 0.0, summary)
    }

    pub fn basis(mut self, basis: Basis) -> Self {
        self.basis = basis;
        self
    }

    pub fn evidence(mut self, line: impl Into<String>) -> Self {
        self.evidence.push(line.into());
        self
    }

    pub fn evidences<I: IntoIterator<Item = String>>(mut self, lines: I) -> Self {
        self.evidence.extend(lines);
        self
    }

    pub fn findings(mut self, findings: Vec<Finding>) -> Self {
        self.findings.extend(findings);
        self
    }

    /// Confidence is not severity (DESIGN.md, Scoring). A failing or
    /// partial verdict is only as sure as the surest finding it rests on:
    /// when every finding that counts (above info, not suppressed; baselined
    /// ones count) is below high confidence, the verdict is softened: at
    /// medium, the check's score s becomes s + f(1 - s), f the share its
    /// doubt forgives (1/2 here, for a hazard; see `settle_confidence_as`),
    /// partial, still ordered by s, and never caps the score or holds back
    /// a level; at low, the findings become
    /// warnings that do not gate and the check passes. A verdict that rests
    /// on no finding (a file verified absent) keeps high confidence.
    pub fn settle_confidence(&mut self) {
        self.settle_confidence_as(Doubt::Hazard);
    }

    /// `settle_confidence`, for a check whose medium verdicts doubt what
    /// `doubt` says: a hazard's medium verdict forgives half the shortfall,
    /// an absence's `ABSENCE_FORGIVEN` of it.
    pub fn settle_confidence_as(&mut self, doubt: Doubt) {
        if !matches!(self.status, Status::Fail | Status::Partial) {
            return;
        }
        let counting = |f: &&Finding| {
            f.level > Level::Info && matches!(f.suppressed, None | Some(Suppression::Baseline))
        };
        let Some(top) = self
            .findings
            .iter()
            .filter(counting)
            .map(|f| f.confidence)
            .max()
        else {
            return;
        };
        self.confidence = top;
        match top {
            Confidence::High => {}
            Confidence::Medium => {
                // The score is what it would be on average: the check's
                // own, plus the share of the shortfall that the doubt
                // forgives. Nothing found scores that share, some evidence
                // more, so partial evidence is not flattened to the same
                // score as none (a floor of 1/2 did that).
                let forgiven = match doubt {
                    Doubt::Hazard => 0.5,
                    Doubt::Absence => ABSENCE_FORGIVEN,
                };
                let own = self.score.clamp(0.0, 1.0);
                self.status = Status::Partial;
                self.score = own + forgiven * (1.0 - own);
                self.summary = format!("{} (medium confidence: does not gate)", self.summary);
            }
            Confidence::Low => {
                for f in &mut self.findings {
                    if f.level == Level::Error {
                        f.level = Level::Warning;
                    }
                }
                self.status = Status::Pass;
                self.score = 1.0;
                self.summary = format!(
                    "{} (low confidence only: warnings, not gating)",
                    self.summary
                );
            }
        }
    }

    /// Credit for scoring: 1 for attested, the score for pass/partial/fail.
    pub fn credit(&self) -> f64 {
        match self.status {
            Status::Attested | Status::Pass => 1.0,
            Status::Partial => self.score,
            _ => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_maps_to_status() {
        for (score, status) in [
            (0.0, Status::Fail),
            (-1.0, Status::Fail),
            (f64::NAN, Status::Fail),
            (0.5, Status::Partial),
            (1.0, Status::Pass),
            (2.0, Status::Pass),
        ] {
            assert_eq!(Outcome::fraction(score, "").status, status, "score {score}");
        }
    }

    #[test]
    fn confidence_settles_the_verdict() {
        let id = CheckId::from_static("a.b");
        let with = |conf: &[Confidence]| {
            let findings = conf
                .iter()
                .map(|c| Finding::new(&id, "x").level(Level::Error).confidence(*c))
                .collect();
            let mut o = Outcome::fail("bad").findings(findings);
            o.settle_confidence();
            (o.status, o.score, o.confidence)
        };
        // (findings' confidence, status, score, verdict confidence)
        let table: &[(&[Confidence], Status, f64, Confidence)] = &[
            (&[], Status::Fail, 0.0, Confidence::High),
            (&[Confidence::High], Status::Fail, 0.0, Confidence::High),
            (
                &[Confidence::Low, Confidence::High],
                Status::Fail,
                0.0,
                Confidence::High,
            ),
            (
                &[Confidence::Medium],
                Status::Partial,
                0.5,
                Confidence::Medium,
            ),
            (
                &[Confidence::Low, Confidence::Medium],
                Status::Partial,
                0.5,
                Confidence::Medium,
            ),
            (&[Confidence::Low], Status::Pass, 1.0, Confidence::Low),
        ];
        for (conf, status, score, verdict) in table {
            assert_eq!(with(conf), (*status, *score, *verdict), "{conf:?}");
        }
        // Suppressed findings do not count; baselined ones do.
        let mut o = Outcome::fail("bad").findings(vec![
            Finding::new(&id, "x")
                .level(Level::Error)
                .confidence(Confidence::High)
                .suppressed_as(Suppression::Config { reason: "r".into() }),
            Finding::new(&id, "y")
                .level(Level::Error)
                .confidence(Confidence::Low),
        ]);
        o.settle_confidence();
        assert_eq!(o.status, Status::Pass);
        let mut o = Outcome::fail("bad").findings(vec![Finding::new(&id, "x")
            .level(Level::Error)
            .suppressed_as(Suppression::Baseline)]);
        o.settle_confidence();
        assert_eq!((o.status, o.confidence), (Status::Fail, Confidence::High));
    }

    #[test]
    fn the_doubt_sets_how_much_of_the_shortfall_is_forgiven() {
        let id = CheckId::from_static("a.b");
        let settled = |score: f64, doubt: Doubt| {
            let mut o =
                Outcome::fraction(score, "some evidence").findings(vec![Finding::new(&id, "x")
                    .level(Level::Error)
                    .confidence(Confidence::Medium)]);
            o.settle_confidence_as(doubt);
            (o.status, o.score)
        };
        // (own score, doubt, settled score)
        for (own, doubt, want) in [
            (0.0, Doubt::Hazard, 0.5),
            (0.5, Doubt::Hazard, 0.75),
            (0.0, Doubt::Absence, 0.25),
            (0.5, Doubt::Absence, 0.625),
            (0.75, Doubt::Absence, 0.8125),
        ] {
            assert_eq!(
                settled(own, doubt),
                (Status::Partial, want),
                "{own} {doubt:?}"
            );
        }
        // Either way, more evidence never scores lower.
        for doubt in [Doubt::Hazard, Doubt::Absence] {
            let scores: Vec<f64> = [0.0, 0.1, 0.4, 0.6, 0.99]
                .map(|s| settled(s, doubt).1)
                .to_vec();
            assert!(scores.windows(2).all(|w| w[0] < w[1]), "{scores:?}");
        }
    }

    #[test]
    fn medium_confidence_halves_the_shortfall_and_keeps_the_order() {
        let id = CheckId::from_static("a.b");
        let settled = |score: f64| {
            let mut o =
                Outcome::fraction(score, "some evidence").findings(vec![Finding::new(&id, "x")
                    .level(Level::Error)
                    .confidence(Confidence::Medium)]);
            o.settle_confidence();
            (o.status, o.score)
        };
        // (the check's own score, settled score)
        for (own, want) in [(0.0, 0.5), (0.25, 0.625), (0.5, 0.75), (0.9, 0.95)] {
            assert_eq!(settled(own), (Status::Partial, want), "own score {own}");
        }
        // More evidence never scores lower, and some scores above none.
        let scores: Vec<f64> = [0.0, 0.1, 0.4, 0.6, 0.99].map(|s| settled(s).1).to_vec();
        assert!(scores.windows(2).all(|w| w[0] < w[1]), "{scores:?}");
    }

    #[test]
    fn fingerprint_is_stable_and_separates_parts() {
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["ab", ""]), fingerprint(&["a", "b"]));
        assert_eq!(fingerprint(&[]).len(), 16);
    }
}
