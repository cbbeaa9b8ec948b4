//! The checklist: levels, category weights, and the checks that count, with
//! their level and weight. The default one (`checks/production-readiness.yaml`)
//! is embedded in the binary; `--checklist FILE` replaces it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::checks::{Category, Params, Profile, Severity};
use crate::config::yaml::{self, ConfigError};

pub const DEFAULT_PATH: &str = "checks/production-readiness.yaml";
pub const DEFAULT_TEXT: &str = include_str!("../checks/production-readiness.yaml");

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub version: u32,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The level the verdict is measured against.
    pub target: String,
    /// Cumulative, lowest first.
    pub levels: Vec<LevelDef>,
    /// Category weights; a category not listed weighs nothing.
    pub categories: BTreeMap<Category, f64>,
    pub checks: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LevelDef {
    pub id: String,
    #[serde(default)]
    pub title: String,
    /// Share of medium and low weight that must pass (default 0.8).
    #[serde(default = "default_threshold")]
    pub threshold: f64,
}

fn default_threshold() -> f64 {
    0.8
}

/// One check as the checklist counts it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The lowest level that requires this check.
    pub level: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// A partial score below this counts as failing for the caps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_below: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profiles: Option<Vec<Profile>>,
    #[serde(default, skip_serializing_if = "params_empty")]
    pub params: Params,
}

fn params_empty(p: &Params) -> bool {
    p.0.is_empty()
}

impl Checklist {
    pub fn default_embedded() -> Result<Self, ConfigError> {
        Self::parse(DEFAULT_PATH, DEFAULT_TEXT)
    }

    pub fn parse(path: &str, text: &str) -> Result<Self, ConfigError> {
        let list: Checklist = yaml::parse(path, text)?;
        list.validate(path, text)?;
        Ok(list)
    }

    fn validate(&self, path: &str, text: &str) -> Result<(), ConfigError> {
        if self.version != 1 {
            return Err(ConfigError::new(
                path,
                format!("unsupported checklist version {}", self.version),
            )
            .at_key(text, "version")
            .hint("this shipready reads checklist version 1"));
        }
        if self.levels.is_empty() {
            return Err(
                ConfigError::new(path, "a checklist needs at least one level")
                    .at_key(text, "levels"),
            );
        }
        for l in &self.levels {
            if !(0.0..=1.0).contains(&l.threshold) {
                return Err(ConfigError::new(
                    path,
                    format!("level '{}': threshold must be between 0 and 1", l.id),
                )
                .at_key(text, "threshold"));
            }
        }
        self.level_index(&self.target).ok_or_else(|| {
            ConfigError::new(
                path,
                format!("target level '{}' is not one of the levels", self.target),
            )
            .at_key(text, "target")
            .hint(format!("levels: {}", self.level_names()))
        })?;
        for (id, e) in &self.checks {
            if self.level_index(&e.level).is_none() {
                return Err(ConfigError::new(
                    path,
                    format!("check '{id}': unknown level '{}'", e.level),
                )
                .at_key(text, id)
                .hint(format!("levels: {}", self.level_names())));
            }
            if let Some(w) = e.weight {
                if !(w.is_finite() && w >= 0.0) {
                    return Err(ConfigError::new(
                        path,
                        format!("check '{id}': weight must be a number >= 0"),
                    )
                    .at_key(text, id));
                }
            }
        }
        for (c, w) in &self.categories {
            if !(w.is_finite() && *w >= 0.0) {
                return Err(ConfigError::new(
                    path,
                    format!("category '{}': weight must be >= 0", c.as_str()),
                )
                .at_key(text, c.as_str()));
            }
        }
        Ok(())
    }

    pub fn level_index(&self, id: &str) -> Option<usize> {
        self.levels.iter().position(|l| l.id == id).or_else(|| {
            // The lowest level was called `baseline` before that word came
            // to mean the accepted-findings file; old configs keep working.
            (id == "baseline")
                .then(|| self.levels.iter().position(|l| l.id == "essential"))
                .flatten()
        })
    }

    pub fn level_names(&self) -> String {
        self.levels
            .iter()
            .map(|l| l.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_checklist_parses() {
        let c = Checklist::default_embedded().unwrap();
        assert_eq!(c.target, "production");
        assert!(c.level_index("essential").is_some());
        assert_eq!(c.level_index("baseline"), c.level_index("essential"));
        assert!(!c.checks.is_empty());
    }

    #[test]
    fn unknown_level_is_an_error_with_location() {
        let text = "version: 1\nname: t\ntarget: production\nlevels:\n  - id: production\ncategories: {security: 1}\nchecks:\n  docs.readme:\n    level: prod\n";
        let err = Checklist::parse("c.yaml", text).unwrap_err();
        assert_eq!(err.line, Some(8), "{err}");
        assert!(err.message.contains("unknown level 'prod'"), "{err}");
    }
}
