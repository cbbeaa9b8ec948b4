//! Baselines: the findings a team has accepted for now, so a gate fails only
//! on new ones. `shipready baseline` writes `.shipready/baseline.json`;
//! `scan` and `hook` read it (that file when it exists, or `--baseline
//! FILE`; `--no-baseline` turns it off).
//!
//! Users of the peers complain that baselines conflict on every merge and
//! die on every rebase, because they record line numbers, commits and
//! timestamps. An entry here is only the check id, the rule, the path and a
//! key, sorted, one entry per line, so two branches that each accept a
//! finding merge without a conflict and moving code around changes nothing:
//!
//! - for a secret, the key is a keyed hash of the secret value alone (the
//!   check sets `Finding::baseline_key`), so the entry follows the secret
//!   when its file is renamed; the value itself is never written;
//! - for anything else, the key is the finding's fingerprint (check, rule,
//!   path and the normalized match, no line number).
//!
//! The path of an entry is informational, with one use: a finding with the
//! same check, rule and path as an entry that no longer matches is a
//! different value where a baselined one was (a rotated key committed in
//! place of the old one), and the report says so.
//!
//! Baselined findings stay in the report, marked `Suppression::Baseline` and
//! counted; entries that match nothing any more are listed as stale.

pub use crate::model::{BaselineReport, Entry, StaleEntry};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use serde::Deserialize;

use crate::checks::CheckId;
use crate::model::{Finding, Level, Suppression};
use crate::report::{CheckResult, Report};

/// Where `shipready baseline` writes, and where `scan`/`hook` look, below
/// the repository root.
pub const DEFAULT_PATH: &str = ".shipready/baseline.json";

/// The file format version this build reads and writes.
pub const VERSION: u32 = 1;

/// Baselines are small; a huge file is a mistake, not a baseline.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

const COMMENT: &str = "Findings accepted for now: they are reported but do not fail the gate. Written by `shipready baseline`; keys are hashes, never secret values. On a merge conflict keep both sides' lines, or re-run `shipready baseline`.";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileFormat {
    version: u32,
    #[serde(default)]
    #[allow(dead_code)]
    comment: Option<String>,
    entries: Vec<Entry>,
}

/// A baseline file that cannot be used: which file, and why.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct BaselineError {
    pub path: String,
    pub reason: String,
}

/// A loaded baseline, indexed for matching.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// As shown in the report.
    pub path: String,
    pub entries: Vec<Entry>,
    /// (check, rule, key) -> entry indices.
    index: HashMap<(String, Option<String>, String), Vec<usize>>,
}

impl Baseline {
    pub fn new(path: impl Into<String>, mut entries: Vec<Entry>) -> Self {
        entries.sort();
        entries.dedup();
        let mut index: HashMap<_, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            index
                .entry((e.check.clone(), e.rule.clone(), e.key.clone()))
                .or_default()
                .push(i);
        }
        Baseline {
            path: path.into(),
            entries,
            index,
        }
    }

    /// Reads and validates a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let shown = path.display().to_string();
        let err = |reason: String| BaselineError {
            path: shown.clone(),
            reason,
        };
        let meta = std::fs::metadata(path).map_err(|e| err(format!("cannot read: {e}")))?;
        if meta.len() > MAX_BYTES {
            return Err(err(format!(
                "larger than {} MiB; this is not a shipready baseline",
                MAX_BYTES >> 20
            )));
        }
        let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot read: {e}")))?;
        Self::parse(&shown, &text)
    }

    /// Parses baseline text; errors carry `line:col` where JSON can tell.
    pub fn parse(shown: &str, text: &str) -> Result<Baseline, BaselineError> {
        let err = |reason: String| BaselineError {
            path: shown.to_string(),
            reason,
        };
        let file: FileFormat = serde_json::from_str(text).map_err(|e| {
            let hint = "regenerate it with `shipready baseline`";
            if e.line() > 0 {
                err(format!("{}:{}: {e}; {hint}", e.line(), e.column()))
            } else {
                err(format!("{e}; {hint}"))
            }
        })?;
        if file.version != VERSION {
            return Err(err(format!(
                "baseline version {} is not supported (this shipready reads version {VERSION}); regenerate it with `shipready baseline`",
                file.version
            )));
        }
        for (i, e) in file.entries.iter().enumerate() {
            if let Err(m) = CheckId::parse(&e.check) {
                return Err(err(format!("entry {}: {m}", i + 1)));
            }
            if e.key.trim().is_empty() {
                return Err(err(format!(
                    "entry {} ({}): empty key",
                    i + 1,
                    e.describe()
                )));
            }
        }
        Ok(Baseline::new(shown, file.entries))
    }

    /// The entries for every open finding of a report: unsuppressed and
    /// above informational. Findings already baselined are kept too, so
    /// regenerating a baseline from a baselined scan loses nothing.
    ///
    /// Credentials (the `secrets` area) are the exception: a baseline is
    /// not a way to commit a live key by accident, so one enters only when
    /// `accept` names it (by fingerprint or key) with a reason, or when the
    /// baseline it replaces (`previous`) already held it. The credentials
    /// left out are returned, for the caller to list.
    pub fn from_report<'r>(
        path: impl Into<String>,
        report: &'r Report,
        accept: &Acceptance,
    ) -> (Baseline, Vec<&'r Finding>) {
        let mut entries = Vec::new();
        let mut left_out = Vec::new();
        let open = report
            .checks
            .iter()
            .flat_map(|c| c.outcome.findings.iter())
            .filter(|f| {
                f.level > Level::Info && matches!(f.suppressed, None | Some(Suppression::Baseline))
            });
        for f in open {
            let mut e = Entry::of(f);
            if f.check.area() != "secrets" {
                entries.push(e);
            } else if let Some(reason) = accept.reason_for(f) {
                e.reason = Some(reason);
                entries.push(e);
            } else {
                left_out.push(f);
            }
        }
        (Baseline::new(path, entries), left_out)
    }

    /// The file text: sorted, one entry per line, no timestamps, so it
    /// diffs and merges line by line.
    pub fn render(&self) -> String {
        let mut s = String::new();
        s.push_str("{\n");
        s.push_str(&format!("  \"version\": {VERSION},\n"));
        s.push_str(&format!(
            "  \"comment\": {},\n",
            serde_json::Value::from(COMMENT)
        ));
        if self.entries.is_empty() {
            s.push_str("  \"entries\": []\n}\n");
            return s;
        }
        s.push_str("  \"entries\": [\n");
        for (i, e) in self.entries.iter().enumerate() {
            // Serialising a struct of strings cannot fail.
            let line = serde_json::to_string(e).unwrap_or_default();
            s.push_str("    ");
            s.push_str(&line);
            s.push_str(if i + 1 < self.entries.len() {
                ",\n"
            } else {
                "\n"
            });
        }
        s.push_str("  ]\n}\n");
        s
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Marks the findings an entry covers as baselined; returns the indices
    /// of the entries that covered something. Findings already suppressed
    /// another way, and informational ones, are left alone.
    pub fn apply(&self, findings: &mut [Finding]) -> Vec<usize> {
        let mut used = Vec::new();
        for f in findings.iter_mut() {
            if f.suppressed.is_some() || f.level <= Level::Info {
                continue;
            }
            let k = (f.check.to_string(), f.rule.clone(), f.key().to_string());
            if let Some(ix) = self.index.get(&k) {
                f.suppressed = Some(Suppression::Baseline);
                used.extend(ix.iter().copied());
            }
        }
        used
    }

    /// After every check ran: lists stale entries (those that matched
    /// nothing, among the ones `examined` says this scan could have
    /// matched), and marks each open finding that sits where a stale entry
    /// was (same check, rule and path) as a different value than the
    /// baselined one.
    pub fn finish(
        &self,
        used: &[bool],
        results: &mut [CheckResult],
        examined: impl Fn(&Entry) -> bool,
    ) -> BaselineReport {
        let stale_ix: Vec<usize> = (0..self.entries.len())
            .filter(|&i| !used.get(i).copied().unwrap_or(false) && examined(&self.entries[i]))
            .collect();
        let mut replaced_by: HashMap<usize, BTreeSet<String>> = HashMap::new();
        for r in results.iter_mut() {
            for f in r.outcome.findings.iter_mut() {
                if f.suppressed.is_some() || f.level <= Level::Info || f.path.is_none() {
                    continue;
                }
                let here = stale_ix.iter().copied().find(|&i| {
                    let e = &self.entries[i];
                    e.check == f.check.as_str() && e.rule == f.rule && e.path == f.path
                });
                if let Some(i) = here {
                    f.message.push_str(
                        " (a different value than the one baselined here: if the old one was rotated, \
                         the new one is committed now; re-run `shipready baseline` only if this one is safe)",
                    );
                    replaced_by.entry(i).or_default().insert(f.location());
                }
            }
        }
        let baselined = results
            .iter()
            .flat_map(|r| r.outcome.findings.iter())
            .filter(|f| f.suppressed == Some(Suppression::Baseline))
            .count();
        BaselineReport {
            path: self.path.clone(),
            entries: self.entries.len(),
            baselined,
            stale: stale_ix
                .into_iter()
                .map(|i| StaleEntry {
                    entry: self.entries[i].clone(),
                    replaced_by: replaced_by
                        .remove(&i)
                        .map(|s| s.into_iter().collect())
                        .unwrap_or_default(),
                })
                .collect(),
        }
    }
}

/// Which credentials a regenerated baseline may hold: those named on the
/// command line with a reason, and those the previous baseline held.
#[derive(Debug, Clone, Default)]
pub struct Acceptance {
    /// (fingerprint or baseline key, reason).
    pub accepted: Vec<(String, String)>,
    /// Entries of the baseline being replaced.
    pub previous: Vec<Entry>,
}

impl Acceptance {
    fn reason_for(&self, f: &Finding) -> Option<String> {
        if let Some((_, r)) = self
            .accepted
            .iter()
            .find(|(id, _)| !id.is_empty() && (*id == f.fingerprint || *id == f.key()))
        {
            return Some(r.clone());
        }
        self.previous
            .iter()
            .find(|e| e.check == f.check.as_str() && e.key == f.key())
            .map(|e| {
                e.reason
                    .clone()
                    .unwrap_or_else(|| "accepted earlier".into())
            })
    }
}

/// How a regenerated baseline differs from the one it replaces.
pub fn changes(old: &[Entry], new: &[Entry]) -> (usize, usize) {
    let old: BTreeSet<&Entry> = old.iter().collect();
    let new: BTreeSet<&Entry> = new.iter().collect();
    (new.difference(&old).count(), old.difference(&new).count())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, path: &str, value_key: Option<&str>) -> Finding {
        let id = CheckId::parse("secrets.no-committed-secrets").unwrap();
        let mut f = Finding::new(&id, "a secret")
            .rule(rule)
            .level(Level::Error)
            .at(path, Some(3))
            .matched(path);
        if let Some(k) = value_key {
            f = f.baseline_key(k);
        }
        f
    }

    #[test]
    fn render_is_sorted_deduplicated_and_parses_back() {
        let b = Baseline::new(
            "b.json",
            vec![
                Entry::of(&finding("z-rule", "a.env", Some("k2"))),
                Entry::of(&finding("a-rule", "b.env", Some("k1"))),
                Entry::of(&finding("a-rule", "b.env", Some("k1"))),
            ],
        );
        let text = b.render();
        assert_eq!(b.len(), 2);
        let a = text.find("a-rule").unwrap();
        let z = text.find("z-rule").unwrap();
        assert!(a < z, "{text}");
        // One entry per line, so line-based merges see one change per entry.
        assert_eq!(text.lines().filter(|l| l.contains("\"key\"")).count(), 2);
        let back = Baseline::parse("b.json", &text).unwrap();
        assert_eq!(back.entries, b.entries);
        assert_eq!(back.render(), text);
        let empty = Baseline::new("e.json", vec![]).render();
        assert!(Baseline::parse("e.json", &empty).unwrap().is_empty());
    }

    #[test]
    fn malformed_files_name_the_problem() {
        for (text, want) in [
            ("{", "1:1"),
            ("{\"version\": 2, \"entries\": []}", "version 2"),
            ("{\"version\": 1}", "missing field `entries`"),
            (
                "{\"version\": 1, \"entries\": [{\"check\": \"Bad\", \"key\": \"k\"}]}",
                "entry 1",
            ),
            (
                "{\"version\": 1, \"entries\": [{\"check\": \"a.b\", \"key\": \"\"}]}",
                "empty key",
            ),
            (
                "{\"version\": 1, \"entries\": [], \"extra\": 1}",
                "unknown field",
            ),
        ] {
            let e = Baseline::parse("x.json", text).unwrap_err();
            assert_eq!(e.path, "x.json");
            assert!(e.reason.contains(want), "{text}: {}", e.reason);
        }
    }

    #[test]
    fn value_keys_follow_a_moved_file_and_fingerprints_do_not() {
        let b = Baseline::new(
            "b.json",
            vec![
                Entry::of(&finding("aws", "old/path.env", Some("value-hash"))),
                Entry::of(&finding("generic", "old/path.env", None)),
            ],
        );
        let mut moved = vec![
            finding("aws", "new/path.env", Some("value-hash")),
            finding("generic", "new/path.env", None),
        ];
        let used = b.apply(&mut moved);
        assert_eq!(moved[0].suppressed, Some(Suppression::Baseline));
        assert_eq!(moved[1].suppressed, None, "fingerprints carry the path");
        assert_eq!(used, [0]);
    }
}
