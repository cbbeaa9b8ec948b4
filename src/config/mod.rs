//! `.shipready.yaml`: the repository's own settings, layered over the
//! checklist. Unknown keys are errors with `path:line:col` and a hint.

pub use crate::model::{Attestation, Waiver};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::checks::declarative::DeclSpec;
use crate::checks::{Category, Params, Profile, Severity};

pub mod yaml;

pub use yaml::ConfigError;

/// Where `.shipready.yaml` is looked for, in order, below the scanned root.
pub const CANDIDATES: &[&str] = &[
    ".shipready.yaml",
    ".shipready.yml",
    ".github/shipready.yaml",
    ".github/shipready.yml",
    ".github/.shipready.yaml",
    ".github/.shipready.yml",
];

pub const ATTESTATIONS_PATH: &str = ".shipready/attestations.yaml";

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// service, worker, library or cli; detected when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    /// The level the verdict is measured against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Exit 1 when the score is below this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_under: Option<f64>,
    /// Globs of paths to leave out of the scan.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Files larger than this many bytes are not read (default 2 MiB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_file_size: Option<u64>,
    /// Category weight overrides.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub categories: BTreeMap<Category, f64>,
    /// Per-check settings, keyed by check id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub checks: BTreeMap<String, CheckSettings>,
    /// Checks that do not apply to this repository, with the reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_applicable: Vec<NotApplicable>,
    /// Accepted failures, each with a reason and an expiry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub waivers: Vec<Waiver>,
    /// Declarative checks of this repository.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_checks: Vec<DeclSpec>,
    /// Secret scanning: allowlists, custom rules, a gitleaks rule file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<SecretsConfig>,
}

/// The `secrets:` section.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SecretsConfig {
    /// Regexes over repo-relative paths whose files are not scanned for
    /// secrets (gitleaks-compatible: regexes, not globs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_paths: Vec<String>,
    /// Regexes over a candidate secret: a match means it is not one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow_regexes: Vec<String>,
    /// Case-insensitive words that, inside a candidate, mean it is not a secret.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stopwords: Vec<String>,
    /// Extra rules, in the same shape as checks/secrets.toml.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<crate::secrets::RuleSpec>,
    /// A gitleaks-format TOML rule file, relative to the config file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rules_file: Option<String>,
    /// Low-confidence matches in test, fixture and docs paths are warnings,
    /// not blockers (default true).
    #[serde(default = "yes")]
    pub test_paths_as_warnings: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_below: Option<f64>,
    /// Findings at these paths (globs) or `path:line` are suppressed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// Rule id -> the confidence its findings carry, overriding the
    /// check's own grade (e.g. `generic-api-key: high` to let that rule's
    /// matches fail the check on their own).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub confidence: BTreeMap<String, crate::model::Confidence>,
    #[serde(default, skip_serializing_if = "Params::is_empty")]
    pub params: Params,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NotApplicable {
    pub check: String,
    pub reason: String,
}

/// `.shipready/attestations.yaml`: a human vouches for what cannot be
/// verified statically.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Attestations {
    #[serde(default)]
    pub attestations: Vec<Attestation>,
}

impl Params {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A config file's text and where it came from.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub path: String,
    pub text: String,
    pub value: T,
}

/// Finds the config below `root`; the first candidate that exists wins.
pub fn discover(root: &Path) -> Option<PathBuf> {
    CANDIDATES
        .iter()
        .map(|c| root.join(c))
        .find(|p| p.is_file())
}

/// Reads and parses a config file.
pub fn load(path: &Path) -> Result<Loaded<Config>, ConfigError> {
    let shown = path.display().to_string();
    let text = read_text(path, &shown)?;
    let value: Config = yaml::parse(&shown, &text)?;
    validate(&shown, &text, &value)?;
    Ok(Loaded {
        path: shown,
        text,
        value,
    })
}

pub fn load_attestations(path: &Path) -> Result<Option<Loaded<Attestations>>, ConfigError> {
    if !path.is_file() {
        return Ok(None);
    }
    let shown = path.display().to_string();
    let text = read_text(path, &shown)?;
    let value: Attestations = yaml::parse(&shown, &text)?;
    for a in &value.attestations {
        if !crate::date::is_valid(&a.expires) {
            return Err(ConfigError::new(
                &shown,
                format!(
                    "attestation for '{}': expires '{}' is not a YYYY-MM-DD date",
                    a.check, a.expires
                ),
            )
            .at_key(&text, "expires"));
        }
    }
    Ok(Some(Loaded {
        path: shown,
        text,
        value,
    }))
}

fn read_text(path: &Path, shown: &str) -> Result<String, ConfigError> {
    let bytes =
        std::fs::read(path).map_err(|e| ConfigError::new(shown, format!("cannot read: {e}")))?;
    // A config is small; a huge one is a mistake, not a config.
    if bytes.len() > 4 * 1024 * 1024 {
        return Err(ConfigError::new(
            shown,
            "larger than 4 MiB; this is not a shipready config",
        ));
    }
    String::from_utf8(bytes).map_err(|e| ConfigError::new(shown, format!("not valid UTF-8: {e}")))
}

/// Checks what serde cannot: values in range and dates well formed. Check
/// ids are validated later against the registry (settings.rs).
fn validate(path: &str, text: &str, c: &Config) -> Result<(), ConfigError> {
    if let Some(f) = c.fail_under {
        if !(0.0..=100.0).contains(&f) {
            return Err(ConfigError::new(
                path,
                format!("fail_under must be between 0 and 100, got {f}"),
            )
            .at_key(text, "fail_under"));
        }
    }
    for (id, cs) in &c.checks {
        if let Some(w) = cs.weight {
            if !(w.is_finite() && w >= 0.0) {
                return Err(ConfigError::new(
                    path,
                    format!("checks.{id}.weight must be a number >= 0, got {w}"),
                )
                .at_key_under(text, id, "weight")
                .hint("0 keeps the check in the report without letting it move the score"));
            }
        }
        if let Some(cb) = cs.cap_below {
            if !(0.0..=1.0).contains(&cb) {
                return Err(ConfigError::new(
                    path,
                    format!("checks.{id}.cap_below must be between 0 and 1, got {cb}"),
                )
                .at_key_under(text, id, "cap_below")
                .hint(
                    "it is a share of the check's score: 0.5 means under half counts as failing",
                ));
            }
        }
    }
    for (cat, w) in &c.categories {
        if !(w.is_finite() && *w >= 0.0) {
            return Err(ConfigError::new(
                path,
                format!(
                    "categories.{}: weight must be a number >= 0, got {w}",
                    cat.as_str()
                ),
            )
            .at_key(text, cat.as_str()));
        }
    }
    for w in &c.waivers {
        if w.reason.trim().is_empty() {
            return Err(
                ConfigError::new(path, format!("waiver for '{}' needs a reason", w.check))
                    .at_key(text, "reason"),
            );
        }
        if !crate::date::is_valid(&w.expires) {
            return Err(ConfigError::new(
                path,
                format!(
                    "waiver for '{}': expires '{}' is not a YYYY-MM-DD date",
                    w.check, w.expires
                ),
            )
            .at_key(text, "expires")
            .hint("write the last day the waiver holds, e.g. 2026-12-31"));
        }
    }
    for n in &c.not_applicable {
        if n.reason.trim().is_empty() {
            return Err(ConfigError::new(
                path,
                format!("not_applicable '{}' needs a reason", n.check),
            )
            .at_key(text, &n.check));
        }
    }
    Ok(())
}
