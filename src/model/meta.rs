//! Check identity and documentation: the types that checks declare and that
//! score, report and docs read without knowing any check.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

/// A check id: `area.slug`, lowercase, validated when built.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct CheckId(Cow<'static, str>);

impl CheckId {
    /// For built-ins; the registry test validates every static id.
    pub const fn from_static(id: &'static str) -> Self {
        CheckId(Cow::Borrowed(id))
    }

    pub fn parse(id: &str) -> Result<Self, String> {
        let valid_part = |s: &str| {
            !s.is_empty()
                && s.starts_with(|c: char| c.is_ascii_lowercase())
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        };
        match id.split_once('.') {
            Some((area, slug)) if valid_part(area) && valid_part(slug) => {
                Ok(CheckId(Cow::Owned(id.to_string())))
            }
            _ => Err(format!(
                "check id '{id}' must look like 'area.slug' (lowercase letters, digits and '-', e.g. 'docs.readme')"
            )),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn area(&self) -> &str {
        self.0.split_once('.').map_or(&self.0, |(a, _)| a)
    }
}

// Ordering and equality are those of the id string, so a map keyed by
// `CheckId` can be searched with a `&str`.
impl std::borrow::Borrow<str> for CheckId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Default severity; it sets the weight unless the checklist overrides it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    #[default]
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn weight(self) -> f64 {
        match self {
            Severity::Critical => 10.0,
            Severity::High => 6.0,
            Severity::Medium => 3.0,
            Severity::Low => 1.0,
            Severity::Info => 0.0,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }
}

/// The dimensions of production readiness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Security,
    Reliability,
    Recovery,
    Observability,
    Deployment,
    Documentation,
    Operations,
    Performance,
    Dependencies,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::Security,
        Category::Reliability,
        Category::Recovery,
        Category::Observability,
        Category::Deployment,
        Category::Documentation,
        Category::Operations,
        Category::Performance,
        Category::Dependencies,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Reliability => "reliability",
            Category::Recovery => "recovery",
            Category::Observability => "observability",
            Category::Deployment => "deployment",
            Category::Documentation => "documentation",
            Category::Operations => "operations",
            Category::Performance => "performance",
            Category::Dependencies => "dependencies",
        }
    }
}

/// What kind of software the repository is; decides which checks apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    Service,
    Worker,
    Library,
    Cli,
}

impl Profile {
    pub const ALL: [Profile; 4] = [
        Profile::Service,
        Profile::Worker,
        Profile::Library,
        Profile::Cli,
    ];
    /// Long-running software someone operates.
    pub const RUNNING: &'static [Profile] = &[Profile::Service, Profile::Worker];

    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Service => "service",
            Profile::Worker => "worker",
            Profile::Library => "library",
            Profile::Cli => "cli",
        }
    }
}

/// Whether a check is scored yet (ruff's preview idea: new checks are shown,
/// not scored, until promoted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stability {
    Stable,
    Preview,
}

/// A check's identity and documentation, declared once; `explain`,
/// `checks list`, docs/checks.md and SARIF rules are all rendered from it.
#[derive(Debug, Clone, Serialize)]
pub struct CheckMeta {
    pub id: CheckId,
    /// The passing condition: "Final stage runs as a non-root user".
    pub title: Cow<'static, str>,
    pub category: Category,
    pub severity: Severity,
    /// Profiles the check applies to; empty means all.
    pub profiles: Cow<'static, [Profile]>,
    /// When the check applies, in words ("a Dockerfile exists").
    pub applies_when: Cow<'static, str>,
    pub stability: Stability,
    /// One line, under 80 columns.
    pub summary: Cow<'static, str>,
    /// Why it matters.
    pub rationale: Cow<'static, str>,
    /// How to fix, with an example where one helps.
    pub remediation: Cow<'static, str>,
    /// What evidence makes it pass (and earn partial credit).
    pub passes_when: Cow<'static, str>,
    /// Documented parameters: (name, meaning and default).
    pub params: Cow<'static, [(Cow<'static, str>, Cow<'static, str>)]>,
    pub references: Cow<'static, [Cow<'static, str>]>,
}

impl CheckMeta {
    pub fn applies_to(&self, profile: Profile) -> bool {
        self.profiles.is_empty() || self.profiles.contains(&profile)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_ids_are_validated() {
        for ok in ["docs.readme", "k8s.image-tags", "a1.b2"] {
            assert!(CheckId::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "docs",
            "Docs.readme",
            ".readme",
            "docs.",
            "docs.read me",
            "1a.b",
        ] {
            assert!(CheckId::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(CheckId::parse("docs.readme").unwrap().area(), "docs");
    }
}
