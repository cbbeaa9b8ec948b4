//! Starter files for what a scan found missing: `shipready init --templates`.
//!
//! `plan` is a pure function of the scan's report, the workspace listing and
//! the git history: for each failing or partial documentation and operations
//! check it proposes one starter file (one file per template module here),
//! placed where the project keeps such files, or says why it proposes none.
//! `write` then creates the files, never replacing one that exists.
//!
//! What a starter earns (docs/templates.md): files that are complete as
//! written (a Dependabot config, a .dockerignore, a CODEOWNERS derived from
//! the git history) pass their checks at once. Prose starters (runbooks, a
//! security policy, a README) hold `TODO(shipready)` lines where a person
//! has to write, and the checks count a section still holding one as
//! unwritten, so a template earns nothing until it is filled in.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use crate::formats::markup::TEMPLATE_MARKER;
use crate::model::Status;
use crate::report::{CheckResult, Report};
use crate::workspace::{FileKind, Workspace};

pub mod adr;
pub mod codeowners;
pub mod dependabot;
pub mod dockerignore;
pub mod readme;
pub mod runbook;
pub mod security;

pub use codeowners::History;

/// One file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Starter {
    /// Repository-relative, '/'-separated.
    pub path: String,
    pub text: String,
    /// The checks it answers.
    pub checks: Vec<String>,
    /// What the reader should know about it (what to fill in, what it holds).
    pub note: String,
}

/// A starter not written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file it would have been, when there is one.
    pub path: Option<String>,
    pub check: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub starters: Vec<Starter>,
    pub skipped: Vec<Skipped>,
}

/// What a plan is made from.
pub struct Inputs<'a> {
    pub report: &'a Report,
    pub ws: &'a Workspace,
    pub history: &'a History,
    /// The project's name, for a README's title: its directory's name.
    pub project: &'a str,
}

impl Inputs<'_> {
    /// The result of `id` when it failed or is partial (a starter can help).
    pub(crate) fn failing(&self, id: &str) -> Option<&CheckResult> {
        self.report
            .checks
            .iter()
            .find(|c| c.id == id && matches!(c.outcome.status, Status::Fail | Status::Partial))
    }

    pub(crate) fn exists(&self, path: &str) -> bool {
        self.ws.get(path).is_some()
    }

    /// Whether any listed file lives under directory `dir`.
    pub(crate) fn has_dir(&self, dir: &str) -> bool {
        let prefix = format!("{dir}/");
        self.ws.files().iter().any(|f| f.path.starts_with(&prefix))
    }

    /// Where the project keeps its documentation: `doc/` when it has that
    /// and no `docs/`, else `docs/`.
    pub(crate) fn docs_dir(&self) -> &'static str {
        if !self.has_dir("docs") && self.has_dir("doc") {
            "doc"
        } else {
            "docs"
        }
    }

    /// Where the project keeps its code-host files: `.github/` or
    /// `.gitlab/` when it has one, else None.
    pub(crate) fn host_dir(&self) -> Option<&'static str> {
        if self.has_dir(".github") {
            Some(".github")
        } else if self.has_dir(".gitlab") || self.ws.has_kind(FileKind::GitlabCi) {
            Some(".gitlab")
        } else {
            None
        }
    }
}

/// Documentation and operations checks that get no starter, and why: the
/// content is a decision or a fact only the team has.
const NO_STARTER: &[(&str, &str)] = &[
    (
        "docs.license",
        "choosing a license is the copyright holder's decision (https://choosealicense.com compares them); add LICENSE yourself",
    ),
    (
        "docs.config-documented",
        "the README's configuration section should describe each variable the code reads; `shipready explain docs.config-documented` lists what is missing",
    ),
    (
        "docs.api",
        "an API description (OpenAPI, protobuf, GraphQL schema) is generated from or written with the code",
    ),
    (
        "ops.on-call",
        "a rota lives in the paging tool; attest it with `shipready attest ops.on-call --evidence LINK`",
    ),
    (
        "observability.alerts-have-runbooks",
        "link each alert rule to its runbook section (a runbook_url annotation)",
    ),
];

/// Proposes a starter for each failing documentation and operations check
/// (see each module for which), and says why it proposes none elsewhere.
pub fn plan(inp: &Inputs<'_>) -> Plan {
    let mut plan = Plan::default();
    runbook::plan(inp, &mut plan);
    security::plan(inp, &mut plan);
    codeowners::plan(inp, &mut plan);
    dockerignore::plan(inp, &mut plan);
    dependabot::plan(inp, &mut plan);
    adr::plan(inp, &mut plan);
    readme::plan(inp, &mut plan);
    for (id, why) in NO_STARTER {
        if inp.failing(id).is_some() {
            plan.skipped.push(Skipped {
                path: None,
                check: id.to_string(),
                reason: format!("no starter: {why}"),
            });
        }
    }
    // A path planned twice (two checks wanting the same runbook) is one file.
    let mut seen = BTreeSet::new();
    plan.starters.retain(|s| seen.insert(s.path.clone()));
    plan.starters.sort_by(|a, b| a.path.cmp(&b.path));
    plan.skipped
        .sort_by(|a, b| (&a.check, &a.path).cmp(&(&b.check, &b.path)));
    plan
}

/// Records `starter` unless its file exists, in which case it is skipped
/// with the check's own summary of what is missing.
pub(crate) fn propose(inp: &Inputs<'_>, plan: &mut Plan, starter: Starter) {
    if inp.exists(&starter.path) {
        let summary = starter
            .checks
            .iter()
            .find_map(|id| inp.failing(id))
            .map(|c| format!(" (the scan says: {})", c.outcome.summary))
            .unwrap_or_default();
        plan.skipped.push(Skipped {
            path: Some(starter.path.clone()),
            check: starter.checks.join(", "),
            reason: format!("exists; not overwriting it{summary}"),
        });
        return;
    }
    plan.starters.push(starter);
}

/// What `write` did with one starter.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Created,
    /// Found on disk at write time (created since the scan, or a path the
    /// scan did not list because it is ignored).
    Exists,
}

/// Writes one starter under `root`, creating its directories; never
/// replaces an existing file (the check and the creation are one step).
/// The audited tree may be hostile: a path that is not plainly relative,
/// or a directory that a symlink leads out of the tree, is refused.
pub fn write(root: &Path, starter: &Starter) -> std::io::Result<Written> {
    let outside = |what: &str| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{what} leads outside the repository; not writing there"),
        )
    };
    let rel = Path::new(&starter.path);
    if !rel
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
    {
        return Err(outside(&starter.path));
    }
    let path = root.join(rel);
    let top = root.canonicalize()?;
    if let Some(dir) = path.parent() {
        // The deepest directory that exists must be inside before any is
        // created, and the whole chain after.
        let existing = dir.ancestors().find(|d| d.exists()).unwrap_or(root);
        if !existing.canonicalize()?.starts_with(&top) {
            return Err(outside(&existing.display().to_string()));
        }
        std::fs::create_dir_all(dir)?;
        if !dir.canonicalize()?.starts_with(&top) {
            return Err(outside(&dir.display().to_string()));
        }
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(mut f) => {
            f.write_all(starter.text.as_bytes())?;
            Ok(Written::Created)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(Written::Exists),
        Err(e) => Err(e),
    }
}

/// The line that opens every prose starter: what it is and how to finish it.
pub(crate) fn note() -> String {
    format!(
        "{TEMPLATE_MARKER}: a starter written by `shipready init --templates`. Replace every \
         {TEMPLATE_MARKER} line with what your team really does, then delete this one. Until \
         then shipready counts each section holding one as unwritten."
    )
}

/// Writes every starter of `plan` under `root` and returns the lines to
/// print: what was written for which checks, what was skipped and why, and
/// what to do next. An I/O failure names the file.
pub fn apply(root: &Path, plan: &Plan, rescan: &str) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    let mut wrote_prose = false;
    let mut wrote = 0;
    for s in &plan.starters {
        match write(root, s) {
            Ok(Written::Created) => {
                wrote += 1;
                wrote_prose |= s.text.contains(TEMPLATE_MARKER);
                lines.push(format!(
                    "wrote {} ({}): {}",
                    s.path,
                    s.checks.join(", "),
                    s.note
                ));
            }
            Ok(Written::Exists) => lines.push(format!(
                "skipped {} ({}): exists; not overwriting it",
                s.path,
                s.checks.join(", ")
            )),
            // A symlink out of the tree: skip that one, keep the others.
            Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => {
                lines.push(format!("skipped {} ({}): {e}", s.path, s.checks.join(", ")))
            }
            Err(e) => {
                return Err(format!(
                    "{}: cannot write: {e}",
                    root.join(&s.path).display()
                ))
            }
        }
    }
    for k in &plan.skipped {
        lines.push(match &k.path {
            Some(p) => format!("skipped {p} ({}): {}", k.check, k.reason),
            None => format!("skipped {}: {}", k.check, k.reason),
        });
    }
    lines.push(match (wrote, wrote_prose) {
        (0, _) => format!("no starter written; the scan stays as it is: {rescan}"),
        (_, true) => format!(
            "next: write each {TEMPLATE_MARKER} line (until then those sections count as unwritten), then rescan: {rescan}"
        ),
        (_, false) => format!("next: review the files, then rescan: {rescan}"),
    });
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starter(path: &str) -> Starter {
        Starter {
            path: path.into(),
            text: "x\n".into(),
            checks: vec![],
            note: String::new(),
        }
    }

    #[test]
    fn write_creates_never_replaces_and_stays_inside() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.path(), root.path().join("docs")).unwrap();
        std::fs::write(root.path().join("SECURITY.md"), "ours\n").unwrap();
        // (path, expected)
        let cases: &[(&str, Result<Written, ()>)] = &[
            ("a/b/new.md", Ok(Written::Created)),
            ("SECURITY.md", Ok(Written::Exists)),
            ("../escape.md", Err(())),
            ("/tmp/abs.md", Err(())),
            #[cfg(unix)]
            ("docs/runbooks/x.md", Err(())),
        ];
        for (path, want) in cases {
            let got = write(root.path(), &starter(path)).map_err(|_| ());
            assert_eq!(&got, want, "{path}");
        }
        assert_eq!(
            std::fs::read_to_string(root.path().join("SECURITY.md")).unwrap(),
            "ours\n"
        );
        assert_eq!(
            std::fs::read_to_string(root.path().join("a/b/new.md")).unwrap(),
            "x\n"
        );
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    }
}
