//! Secret detection engine behind the `secrets.no-committed-secrets` check.
//!
//! The engine is a self-contained library: the scan pipeline hands it one file at a
//! time (`SecretScanner::scan(path, bytes)`) and gets back redacted findings. Nothing
//! here touches the network or the filesystem; the rule data is embedded from
//! `checks/secrets.toml`.
//!
//! How a scan works (see `engine.rs`):
//! 1. One ASCII case-insensitive Aho-Corasick automaton over every rule's keywords
//!    finds which rules can possibly match, and where.
//! 2. Only those rules run their `regex::bytes::Regex`, and only over line-aligned
//!    windows around the keyword hits (or the whole file for multi-line rules).
//! 3. Candidates go through cheap filters (entropy, checksums, placeholders, hashes,
//!    allow lists) before they become [`SecretMatch`]es.
//!
//! The secret value itself never leaves this module: a [`SecretMatch`] carries only a
//! redacted preview and keyed hashes.

mod allow;
mod engine;

/// How the scanner reads a match's surroundings, for checks that judge
/// values the way it does.
pub(crate) use engine::{line_is_comment, under_local_section};
mod entropy;
#[doc(hidden)]
pub mod eval;
pub(crate) mod filters;
#[cfg(test)]
mod grading_tests;
pub(crate) mod key_refs;
pub(crate) mod redact;
mod rules;
mod verify;

pub use allow::AllowConfig;
pub use redact::redact;
pub use rules::{
    gitleaks_config_from_toml, gitleaks_rules_from_toml, Rule, RuleError, RuleKind, RuleSpec,
    RuleWarning, SecretGroup,
};

// For the k8s literal-secret check: the same key-name and placeholder
// rules as the secret scanner.
pub(crate) use self::{
    filters::{is_secret_key_name, is_strong_value, plain_value_ok},
    verify::base64_decode,
};

use serde::{Deserialize, Serialize};

/// Is `path` (repo-relative, '/' separators) a test, fixture, mock, example
/// or docs location, where a credential is presumed a fixture? The same
/// classification the scanner grades its matches by, for the checks that
/// judge whole files.
pub(crate) fn is_test_or_docs_path(path: &str) -> bool {
    allow::PathInfo::classify(path).test_or_docs
}

/// Is `path` configuration for local development or a cloud dev workspace
/// (`.devcontainer/`, `.gitpod.yml`, `config.dev.yaml`)? The scanner's
/// own judgement, for the checks that judge whole files.
pub(crate) fn is_local_dev_path(path: &str) -> bool {
    allow::PathInfo::classify(path).local_dev
}

/// How the scanner classifies a path, as a per-file model: the secrets
/// check and the checks that read product files the way it does classify
/// each path once.
pub(crate) use allow::PathInfo;

impl crate::workspace::Model for PathInfo {
    fn parse(path: &str, _: &str) -> Self {
        PathInfo::classify(path)
    }

    fn from_content(content: &crate::workspace::Content<'_>) -> Self {
        PathInfo::classify(content.path())
    }
}

/// The directory part of [`is_test_or_docs_path`] alone: `dir` is a test,
/// fixture, mock, example or docs tree.
pub(crate) fn is_test_or_docs_dir(dir: &str) -> bool {
    // A file name of no words stands for any file in `dir`.
    allow::PathInfo::classify(&format!("{dir}/-")).test_or_docs
}

/// Findings per file are capped so a pathological file (a dump of thousands of keys)
/// cannot blow up memory or report size; the cap is applied after de-duplication.
pub const MAX_MATCHES_PER_FILE: usize = 1000;

/// How sure the engine is that a finding is a live credential: the shared
/// model's grade, so the engine's gating applies to it unchanged.
pub use crate::model::Confidence;

/// One finding. Deliberately holds no copy of the secret: only a redacted preview
/// and keyed hashes, so Debug/Display/serde output can never leak it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretMatch {
    pub rule_id: String,
    pub description: String,
    /// 1-based line of the first byte of the secret.
    pub line: u32,
    /// 1-based column, counted in characters (UTF-8 code points) from the line start.
    pub column: u32,
    /// 1-based line of the last byte of the secret (differs for multi-line keys).
    pub end_line: u32,
    pub redacted: String,
    /// Keyed SHA-256 (HMAC) of rule id + path + secret: stable per location.
    pub fingerprint: String,
    /// Keyed SHA-256 (HMAC) of rule id + secret: path-independent, for baselines.
    pub secret_hash: String,
    pub confidence: Confidence,
    pub in_test_path: bool,
}

impl std::fmt::Display for SecretMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: {} ({}) {} [{}]",
            self.line, self.column, self.description, self.rule_id, self.redacted, self.confidence
        )
    }
}

/// The compiled rule set plus keyword automaton. Built once and shared by all
/// scanning threads (`Send + Sync`; each rule's regexes are compiled once, on first use).
pub struct SecretScanner {
    pub(crate) inner: engine::Engine,
}

impl SecretScanner {
    /// The embedded default rules (`checks/secrets.toml`).
    pub fn builtin() -> Result<Self, RuleError> {
        let specs = rules::builtin_specs()?;
        let trusted = vec![true; specs.len()];
        let engine = engine::Engine::build(
            specs,
            trusted,
            AllowConfig::default(),
            &mut Vec::new(),
            true,
        )?;
        Ok(SecretScanner { inner: engine })
    }

    /// Builtin rules plus extra ones (custom rules from config, gitleaks-format TOML).
    ///
    /// Extra rules that cannot be compiled become warnings, never silent drops. An
    /// extra rule whose id equals a builtin one replaces the builtin (with a warning).
    /// An invalid regex in `allow` is an error: the user asked for it explicitly.
    pub fn with_extra(
        extra: Vec<RuleSpec>,
        allow: AllowConfig,
    ) -> Result<(Self, Vec<RuleWarning>), RuleError> {
        let mut specs = rules::builtin_specs()?;
        let mut warnings = Vec::new();
        let builtin_count = specs.len();
        let mut trusted = vec![true; builtin_count];
        for spec in extra {
            if let Some(pos) = specs[..builtin_count].iter().position(|s| s.id == spec.id) {
                warnings.push(RuleWarning {
                    rule_id: spec.id.clone(),
                    message: "replaces the builtin rule with the same id".to_string(),
                });
                specs[pos] = spec;
                trusted[pos] = false;
            } else if specs.iter().any(|s| s.id == spec.id) {
                warnings.push(RuleWarning {
                    rule_id: spec.id.clone(),
                    message: "duplicate rule id among extra rules; later one ignored".to_string(),
                });
            } else {
                specs.push(spec);
                trusted.push(false);
            }
        }
        let engine = engine::Engine::build(specs, trusted, allow, &mut warnings, false)?;
        Ok((SecretScanner { inner: engine }, warnings))
    }

    /// Scan one file. `path` is repo-relative with '/' separators; it drives the
    /// path heuristics (test/docs paths, lockfiles, .npmrc/.pypirc/.netrc).
    /// Never panics; returns at most [`MAX_MATCHES_PER_FILE`] findings, ordered by
    /// position.
    pub fn scan(&self, path: &str, bytes: &[u8]) -> Vec<SecretMatch> {
        self.inner.scan(path, bytes)
    }

    /// [`SecretScanner::scan`] with the path already classified (the
    /// workspace's per-file model, which other checks share).
    pub(crate) fn scan_classified(
        &self,
        path: &str,
        info: PathInfo,
        bytes: &[u8],
    ) -> Vec<SecretMatch> {
        self.inner.scan_classified(path, info, bytes)
    }

    /// The compiled rules, in definition order.
    pub fn rules(&self) -> &[Rule] {
        &self.inner.rules
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn scanner_is_send_sync() {
        assert_send_sync::<SecretScanner>();
    }

    #[test]
    fn builtin_loads() {
        let s = SecretScanner::builtin().expect("builtin rules compile");
        assert!(s.rules().len() >= 40, "only {} rules", s.rules().len());
    }

    #[test]
    fn match_output_never_contains_secret() {
        let s = SecretScanner::builtin().unwrap();
        // shipready: ignore[secrets.no-committed-secrets/stripe-secret-key] synthetic value for a test, never issued
        let secret = "sk_live_Zq8mR2vT9xLp4WcN7bY1dF6h";
        let text = format!("STRIPE_SECRET_KEY={secret}\n");
        let found = s.scan("config/.env", text.as_bytes());
        assert_eq!(found.len(), 1, "{found:?}");
        let m = &found[0];
        assert_eq!(m.rule_id, "stripe-secret-key");
        for out in [
            format!("{m:?}"),
            format!("{m}"),
            serde_json::to_string(m).unwrap(),
        ] {
            assert!(!out.contains(secret), "leaked in {out}");
            assert!(!out.contains(&secret[8..]), "leaked tail in {out}");
        }
        assert_eq!(m.redacted, "sk_l…(32 chars)");
    }
}

#[cfg(test)]
mod rule_examples {
    use super::*;

    /// Every rule's `examples` must produce that rule; every `negative_examples`
    /// entry must not. Paths default to a neutral config file.
    #[test]
    fn every_rule_example() {
        let s = SecretScanner::builtin().unwrap();
        let mut failures = Vec::new();
        for rule in s.rules() {
            let spec = rule.spec();
            let path = spec
                .example_path
                .as_deref()
                .unwrap_or("config/settings.conf");
            for ex in &spec.examples {
                let found = s.scan(path, ex.as_bytes());
                if !found.iter().any(|m| m.rule_id == rule.id) {
                    let got: Vec<&str> = found.iter().map(|m| m.rule_id.as_str()).collect();
                    failures.push(format!(
                        "{}: example not matched (got {got:?}): {ex}",
                        rule.id
                    ));
                }
            }
            for ex in &spec.negative_examples {
                let found = s.scan(path, ex.as_bytes());
                if found.iter().any(|m| m.rule_id == rule.id) {
                    failures.push(format!("{}: negative example matched: {ex}", rule.id));
                }
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}
