//! The check model: identity, docs, the `Check` trait and the registry.
//!
//! Checks are leaves. Each lives in `checks/<area>/<slug>.rs` with its docs
//! (`CheckMeta`) beside its logic and tests. A check never prints and never
//! touches the filesystem: it sees file bytes through `inspect` during the
//! workspace's single pass, and the collected data plus the file list in
//! `run`.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use crate::model::{Category, CheckId, CheckMeta, Profile, Severity, Stability};
use crate::model::{Doubt, Finding, Outcome};
use crate::workspace::{Content, FileEntry};

pub mod attestable;
pub mod ci;
pub mod context;
pub mod declarative;
pub mod deploy;
pub mod deps;
pub mod docker;
pub mod docs;
pub mod k8s;
pub mod migrations;
pub mod observability;
pub mod ops;
pub mod performance;
pub mod recovery;
pub mod reliability;
pub mod secrets;
pub mod security;
pub mod signals;
#[path = "tests/mod.rs"]
pub mod test_suite;
#[cfg(test)]
pub mod test_support;

pub use context::CheckContext;

/// Check parameters from the checklist and config (free-form YAML values).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Params(pub BTreeMap<String, serde_json::Value>);

impl Params {
    pub fn get(&self, key: &str) -> Option<&serde_json::Value> {
        self.0.get(key)
    }

    pub fn f64_or(&self, key: &str, default: f64) -> f64 {
        self.get(key).and_then(|v| v.as_f64()).unwrap_or(default)
    }

    pub fn u64_or(&self, key: &str, default: u64) -> u64 {
        self.get(key).and_then(|v| v.as_u64()).unwrap_or(default)
    }

    pub fn bool_or(&self, key: &str, default: bool) -> bool {
        self.get(key).and_then(|v| v.as_bool()).unwrap_or(default)
    }

    /// A list of strings, or `default` when absent or not a list of strings.
    pub fn strings_or(&self, key: &str, default: &[&str]) -> Vec<String> {
        match self.get(key).and_then(|v| v.as_array()) {
            Some(items) if items.iter().all(|i| i.is_string()) => items
                .iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
            _ => default.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Layers `other` over `self`, key by key.
    pub fn merged(&self, other: &Params) -> Params {
        let mut out = self.clone();
        for (k, v) in &other.0 {
            out.0.insert(k.clone(), v.clone());
        }
        out
    }
}

/// Per-file data a check keeps from the single pass, typed by the check.
pub type FileData = Box<dyn Any + Send + Sync>;

/// An error that stopped one check; it becomes an `error` outcome.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CheckError {
    pub message: String,
}

impl CheckError {
    pub fn new(message: impl Into<String>) -> Self {
        CheckError {
            message: message.into(),
        }
    }
}

/// A check. Built-ins and declarative YAML checks both implement it, so the
/// registry does not care where a check came from.
pub trait Check: Send + Sync {
    fn meta(&self) -> &CheckMeta;

    /// Whether this check wants to see `file`'s bytes during the single pass.
    fn wants(&self, _file: &FileEntry, _params: &Params) -> bool {
        false
    }

    /// Inspects one file while its bytes are in hand. Whatever it returns is
    /// handed back to `run` (as `ctx.data::<T>()`); the bytes are not kept.
    fn inspect(
        &self,
        _file: &FileEntry,
        _content: &Content<'_>,
        _params: &Params,
    ) -> Option<FileData> {
        None
    }

    /// Decides the outcome from the file list and the data kept by `inspect`.
    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError>;

    /// Whether only a human attestation can settle it (it reports unknown
    /// otherwise); `shipready attest` accepts only such checks.
    fn attestable(&self) -> bool {
        false
    }

    /// What this check's medium-confidence verdicts are unsure of: whether
    /// a hazard it found is real, or whether evidence it did not find
    /// exists elsewhere. It sets the credit of such a verdict
    /// (`Outcome::settle_confidence_as`). Checks that look for evidence
    /// are the rule; those that look for hazards say so.
    fn doubt(&self) -> Doubt {
        Doubt::Absence
    }

    /// The share of its severity's weight the check carries by default
    /// (a weight in the checklist or config replaces the product): a check
    /// that looks for hazards carries `HAZARD_WEIGHT_SHARE`, one that
    /// grades evidence all of it.
    fn weight_share(&self) -> f64 {
        self.doubt().weight_share()
    }

    /// Whether the verdict means something on a subset of the repository's
    /// files: each finding is about one file's own content or name, and no
    /// finding depends on a file being absent. Only such checks run in hook
    /// mode (`shipready hook`, `scan --staged`), which sees the staged files
    /// alone; a repository-level check ("a README exists") would fail there
    /// for want of the files it never saw.
    ///
    /// Secrets checks look at each file on its own by nature, so the default
    /// is true for the `secrets` area and false elsewhere; a check overrides
    /// it either way.
    fn per_file(&self) -> bool {
        self.meta().id.area() == "secrets"
    }
}

/// Shared handle to a check.
pub type CheckRef = Arc<dyn Check>;

/// Every built-in check, in a stable order.
pub fn builtin() -> Vec<CheckRef> {
    let mut all: Vec<CheckRef> = Vec::new();
    all.extend(docs::all());
    all.extend(ops::all());
    all.extend(security::all());
    all.extend(deploy::all());
    all.extend(secrets::all());
    all.extend(test_suite::all());
    all.extend(docker::all());
    all.extend(reliability::all());
    all.extend(k8s::all());
    all.extend(performance::all());
    all.extend(recovery::all());
    all.extend(ci::all());
    all.extend(deps::all());
    all.extend(migrations::all());
    all.extend(observability::all());
    all.extend(declarative::shipped());
    all
}

/// A duplicate id in the registry names both origins.
#[derive(Debug, thiserror::Error)]
#[error("check id '{id}' is defined twice: {first} and {second}")]
pub struct DuplicateCheck {
    pub id: String,
    pub first: String,
    pub second: String,
}

/// The origin `Registry::builtin` records for its checks.
pub const BUILTIN_ORIGIN: &str = "built-in";

/// Built-in and declarative checks, indexed by id.
#[derive(Clone)]
pub struct Registry {
    checks: BTreeMap<CheckId, (CheckRef, String)>,
}

impl Registry {
    pub fn builtin() -> Self {
        let mut r = Registry {
            checks: BTreeMap::new(),
        };
        for c in builtin() {
            // Built-in ids are unique by construction; tests/registry.rs proves it.
            let _ = r.add(c, BUILTIN_ORIGIN.to_string());
        }
        r
    }

    /// Adds a check, refusing an id that exists already.
    pub fn add(&mut self, check: CheckRef, origin: String) -> Result<(), DuplicateCheck> {
        let id = check.meta().id.clone();
        if let Some((_, first)) = self.checks.get(&id) {
            return Err(DuplicateCheck {
                id: id.to_string(),
                first: first.clone(),
                second: origin,
            });
        }
        self.checks.insert(id, (check, origin));
        Ok(())
    }

    /// Swaps in a configured instance of a registered check (same id).
    pub fn replace(&mut self, check: CheckRef) {
        let id = check.meta().id.clone();
        let origin = self
            .checks
            .remove(&id)
            .map_or_else(|| "config".to_string(), |(_, o)| o);
        self.checks.insert(id, (check, origin));
    }

    pub fn get(&self, id: &str) -> Option<&CheckRef> {
        self.checks.get(id).map(|(c, _)| c)
    }

    pub fn origin(&self, id: &str) -> Option<&str> {
        self.checks.get(id).map(|(_, o)| o.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = &CheckRef> {
        self.checks.values().map(|(c, _)| c)
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.checks.keys().map(CheckId::as_str)
    }

    /// The closest known id, for "did you mean" hints.
    pub fn suggest(&self, wrong: &str) -> Option<String> {
        crate::suggest::closest(wrong, self.ids())
    }
}

/// A finding builder bound to a check id, so a check cannot mislabel its
/// own findings.
pub fn finding(meta: &CheckMeta, message: impl Into<String>) -> Finding {
    Finding::new(&meta.id, message)
}
