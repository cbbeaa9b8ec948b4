//! What a scan is and what it found besides check outcomes: its mode, the
//! profile it chose, what it skipped, the verdict, and the waivers,
//! attestations and baseline it honoured. Plain data, shared by the engine
//! that fills it and the renderers that show it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::meta::Profile;
use super::outcome::Finding;

/// What a scan covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The whole tree, every planned check.
    #[default]
    Full,
    /// Staged files only (the pre-commit hook), per-file checks only.
    Staged,
}

impl Mode {
    pub fn is_full(&self) -> bool {
        *self == Mode::Full
    }
}

/// Why the profile is what it is.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Detected {
    pub profile: Profile,
    /// "configured", or the evidence that decided it.
    pub reason: String,
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

/// Why a file's content was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// Larger than the size cap.
    TooLarge,
    /// NUL bytes in the first 8 KiB, or a known binary extension.
    Binary,
    /// Permission denied, vanished during the scan, or another I/O error.
    Unreadable,
    /// A symbolic link; never followed, so loops cannot hang the scan.
    Symlink,
    /// The walker could not list a directory or entry.
    WalkError,
}

impl SkipReason {
    pub fn as_str(self) -> &'static str {
        match self {
            SkipReason::TooLarge => "too_large",
            SkipReason::Binary => "binary",
            SkipReason::Unreadable => "unreadable",
            SkipReason::Symlink => "symlink",
            SkipReason::WalkError => "walk_error",
        }
    }
}

/// Counts the walk and the pass keep, so nothing is skipped silently.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Stats {
    pub files_listed: u64,
    pub files_read: u64,
    pub bytes_read: u64,
    /// Reason -> count.
    pub skipped: BTreeMap<SkipReason, u64>,
    /// Up to five example paths per reason.
    pub skipped_examples: BTreeMap<SkipReason, Vec<String>>,
}

impl Stats {
    pub fn skip(&mut self, reason: SkipReason, path: &str) {
        *self.skipped.entry(reason).or_default() += 1;
        let ex = self.skipped_examples.entry(reason).or_default();
        ex.push(path.to_string());
        keep_first_examples(ex);
    }

    pub fn merge(&mut self, other: Stats) {
        self.files_listed += other.files_listed;
        self.files_read += other.files_read;
        self.bytes_read += other.bytes_read;
        for (r, n) in other.skipped {
            *self.skipped.entry(r).or_default() += n;
        }
        for (r, paths) in other.skipped_examples {
            let ex = self.skipped_examples.entry(r).or_default();
            ex.extend(paths);
            keep_first_examples(ex);
        }
    }
}

/// Keeps the five smallest paths: which five must not depend on the order
/// threads finish in, or reports would differ between runs.
fn keep_first_examples(ex: &mut Vec<String>) {
    ex.sort();
    ex.dedup();
    ex.truncate(5);
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Waiver {
    pub check: String,
    pub reason: String,
    /// YYYY-MM-DD; the waiver stops counting after this day.
    pub expires: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Attestation {
    pub check: String,
    /// What proves it: a link, a ticket, a test record.
    pub evidence: String,
    pub author: String,
    /// YYYY-MM-DD.
    pub expires: String,
}

/// One accepted finding. Field order is the sort order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub check: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub key: String,
    /// Why it was accepted; required for a credential, which is accepted
    /// one finding at a time (`shipready baseline --accept`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Entry {
    pub fn of(f: &Finding) -> Self {
        Entry {
            check: f.check.to_string(),
            rule: f.rule.clone(),
            path: f.path.clone(),
            key: f.key().to_string(),
            reason: None,
        }
    }

    /// "check/rule in path".
    pub fn describe(&self) -> String {
        let mut s = self.check.clone();
        if let Some(r) = &self.rule {
            s.push('/');
            s.push_str(r);
        }
        if let Some(p) = &self.path {
            s.push_str(" in ");
            s.push_str(p);
        }
        s
    }
}

/// What the report says about the baseline in use.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BaselineReport {
    pub path: String,
    pub entries: usize,
    /// Findings the baseline covered in this scan.
    pub baselined: usize,
    /// Entries that matched nothing this scan looked at.
    pub stale: Vec<StaleEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleEntry {
    #[serde(flatten)]
    pub entry: Entry,
    /// Findings at the entry's path with its check and rule but another
    /// value: what replaced the baselined one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaced_by: Vec<String>,
}
