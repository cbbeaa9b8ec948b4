//! `deploy.release-status`: the project does not call itself unfit for
//! production.
//!
//! A project's own maintainers know best whether it is ready: "this is not
//! production-ready", "production usage is not yet recommended", "should be
//! considered beta software until the 1.0 release". Reviewers rate such a
//! project low whatever its tooling, and a readiness score that ignores
//! the maintainers' own warning is not honest.
//!
//! Read: the opening of the root README (its first lines, where a status
//! banner stands) and the root SECURITY.md (where supported versions are
//! stated). Only statements about the project itself count:
//! - high confidence, so it fails: a line that says the project (this
//!   project, branch, version or release, or the project's name from the
//!   README's title) is not ready, suitable or recommended for production,
//!   or that production use of it is not recommended;
//! - medium, partial: the same said of "this" or "it", which may be what
//!   the line before described ("The compose file below is for testing.
//!   It is not suitable for production"); and a line that calls the
//!   project alpha, beta or experimental software, or a work in progress.
//!
//! Near misses that pass: "the development server is not suitable for
//! production" (a component, not the project), "the custom completion API
//! is experimental" (a feature), "check out the latest beta release" (a
//! release channel), such notes far below the opening.

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{Content, FileEntry, FileKind};

pub struct ReleaseStatus;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("deploy.release-status"),
    title: Cow::Borrowed("The project does not call itself unfit for production"),
    category: Category::Deployment,
    // High, not critical: the verdict rests on a phrase matched in prose,
    // and a heuristic match never caps at 49 on its own. As critical it
    // moved the mean Spearman of sets 1-16 by +0.011 (session 20), which
    // does not buy a cliff on an unseen README that reads the phrase
    // differently.
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a README exists at the root"),
    stability: Stability::Stable,
    summary: Cow::Borrowed(
        "The README and SECURITY.md do not call the project unready for production",
    ),
    rationale: Cow::Borrowed(
        "When the maintainers write that their software is not production-ready, or still alpha \
         or beta, they are telling users that features, data formats or security controls may \
         be missing or change without notice. Deploying it anyway means accepting what they \
         warned about; a readiness verdict that ignored the warning would not be honest.",
    ),
    remediation: Cow::Borrowed(
        "Run a stable release instead of the development line, or, for the maintainers: once \
         the software is ready, replace the warning with a supported-versions statement (in \
         SECURITY.md) and a status that says which releases are stable.",
    ),
    passes_when: Cow::Borrowed(
        "neither the opening of the root README nor the root SECURITY.md says the project (this \
         branch, version or release) is not ready or not recommended for production (fails), or \
         calls it alpha, beta or experimental software or a work in progress (partial, medium \
         confidence)",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed("https://semver.org/#spec-item-9")]),
};

/// How many lines of the README a status statement must stand in.
const OPENING_LINES: usize = 80;

/// Statements that the subject is unfit for production.
const NOT_READY: &[&str] = &[
    "not production-ready",
    "not production ready",
    "not yet production-ready",
    "not yet production ready",
    "not ready for production",
    "not yet ready for production",
    "not suitable for production",
    "not recommended for production",
    "not intended for production",
    "production usage is not",
    "production use is not",
    "do not use in production",
    "do not use it in production",
    "do not use this in production",
    "don't use it in production",
    "don't use this in production",
];

/// Statements that the subject is pre-release software.
const PRE_RELEASE: &[&str] = &[
    "beta software",
    "alpha software",
    "experimental software",
    "our beta version",
    "our alpha version",
    "is in beta",
    "is in alpha",
    "is a work in progress",
    "is a work-in-progress",
    "is still work in progress",
    "is still work-in-progress",
    "is still a work in progress",
];

/// Words by which a line makes the project itself its subject.
const SUBJECTS: &[&str] = &[
    "this project",
    "this repository",
    "this branch",
    "this version",
    "this release",
    "this software",
    "this codebase",
    "the project",
];

/// Subjects that may be the project or something the line before
/// described ("The compose file below is for testing. It is not suitable
/// for production"): what they say is medium, never a gate.
const WEAK_SUBJECTS: &[&str] = &["this is ", "it is ", "it's ", "this code"];

/// The statement found: (line, the phrase, how sure).
type Statement = (u32, &'static str, Confidence);

/// The surest statement in the first `lines` lines: a not-ready one
/// anywhere outranks a pre-release one above it.
fn statement(text: &str, lines: usize, project: &str) -> Option<Statement> {
    let mut best: Option<Statement> = None;
    for (i, line) in text.lines().take(lines).enumerate() {
        let lower = line.to_ascii_lowercase();
        // The project's own name is a subject too ("Kavita is being
        // actively developed and should be considered beta software").
        // A sentence that opens on production use ("... features missing.
        // Production usage is not yet recommended") is about using the
        // software at hand.
        let strong = SUBJECTS.iter().any(|s| lower.contains(s))
            || (project.len() >= 4 && has_word(&lower, project))
            || [". production use ", ". production usage"]
                .iter()
                .any(|p| lower.contains(p) || lower.trim_start().starts_with(&p[2..]));
        let weak = WEAK_SUBJECTS.iter().any(|s| lower.contains(s));
        if !strong && !weak {
            continue;
        }
        let line_no = i as u32 + 1;
        if let Some(p) = NOT_READY.iter().find(|p| lower.contains(*p)) {
            if strong {
                return Some((line_no, *p, Confidence::High));
            }
            best = best.or(Some((line_no, *p, Confidence::Medium)));
            continue;
        }
        if best.is_none() {
            best = PRE_RELEASE
                .iter()
                .find(|p| lower.contains(*p))
                .map(|p| (line_no, *p, Confidence::Medium));
        }
    }
    best
}

/// `word` in `hay` with no letter or digit on either side.
fn has_word(hay: &str, word: &str) -> bool {
    hay.match_indices(word).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// The project's name, from the README's first `# ` heading (its first
/// word, lower-cased): "# Kavita" names Kavita.
fn title_word(text: &str) -> String {
    text.lines()
        .take(OPENING_LINES)
        .find_map(|l| l.strip_prefix("# "))
        .and_then(|t| t.split_whitespace().next())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_ascii_alphanumeric())
                .to_ascii_lowercase()
        })
        .unwrap_or_default()
}

struct Found(Option<Statement>);

impl Check for ReleaseStatus {
    /// A statement found may be about something narrower than the project.
    fn doubt(&self) -> crate::model::Doubt {
        crate::model::Doubt::Hazard
    }

    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        file.depth() == 0 && (file.is(FileKind::Readme) || is_security_policy(file.name()))
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let text = content.text();
        // A security policy states supported versions anywhere in it; a
        // README's status banner stands in its opening.
        let found = if file.is(FileKind::Readme) {
            statement(text, OPENING_LINES, &title_word(text))
        } else {
            statement(text, usize::MAX, "")
        };
        Some(Box::new(Found(found)))
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let files: Vec<(&FileEntry, &Found)> = ctx.data::<Found>().collect();
        let Some((readme, _)) = files.iter().find(|(f, _)| f.is(FileKind::Readme)) else {
            return Ok(Outcome::not_applicable("no README at the root"));
        };
        let found = files
            .iter()
            .filter_map(|(f, s)| s.0.map(|s| (*f, s)))
            .max_by_key(|(_, (_, _, sure))| *sure);
        if let Some((f, (line, phrase, sure))) = found {
            let rule = if NOT_READY.contains(&phrase) {
                "not-production-ready"
            } else {
                "pre-release"
            };
            return Ok(Outcome::fail(format!(
                "{}:{line} says the project is not ready for production (\"{phrase}\")",
                f.path
            ))
            .basis(Basis::Pattern)
            .findings(vec![Finding::new(
                &META.id,
                format!(
                    "the maintainers say this code is not ready for production (\"{phrase}\"): run a stable release"
                ),
            )
            .rule(rule)
            .at(f.path.clone(), Some(line))
            .confidence(sure)]));
        }
        Ok(
            Outcome::pass(format!("no pre-release or not-ready statement in {}", readme.path))
                .basis(Basis::Pattern)
                .evidence(format!(
                    "read the first {OPENING_LINES} lines of {} and the root SECURITY.md for a statement that the project is not ready for production",
                    readme.path
                )),
        )
    }
}

fn is_security_policy(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "security.md" || lower == "security.rst" || lower == "security.txt"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements() {
        // (text, project name, expected (line, confidence))
        type Row = (&'static str, &'static str, Option<(u32, Confidence)>);
        let table: &[Row] = &[
            // "This is" may be the project or what the line before
            // described: medium.
            ("# Lounge\n\nWhile it is the most recent codebase, this is not production-ready! Run at your own risk.\n", "thelounge", Some((3, Confidence::Medium))),
            ("The compose file below is for testing. It is not suitable for production.\n", "acme", Some((1, Confidence::Medium))),
            ("The Lounge is not production-ready yet.\n", "lounge", Some((1, Confidence::High))),
            // A short or embedded name is no subject.
            ("Apps in development are not suitable for production.\n", "app", None),
            ("Mapping servers are not ready for production.\n", "mapping-x", None),
            // A not-ready statement outranks the pre-release one above it.
            // A sentence that opens on production use, mid-line.
            ("## Supported versions\n\nThis version is still work-in-progress\nwith several features missing. Production usage is not yet\nrecommended.\n", "hedgedoc", Some((4, Confidence::High))),
            ("Its production users are not ready for production yet.\n", "hedgedoc", None),
            ("Hosted. Production users are not ready for production yet.\n", "hedgedoc", None),
            ("This version is still work-in-progress\nProduction usage is not yet recommended.\n", "hedgedoc", Some((2, Confidence::High))),
            ("Production usage is not yet recommended.\n", "hedgedoc", Some((1, Confidence::High))),
            ("# Kavita\n\nKavita is being actively developed and should be considered beta software until the 1.0 release.\n", "kavita", Some((3, Confidence::Medium))),
            ("> This branch is in development. It's our beta version.\n", "monica", Some((1, Confidence::Medium))),
            ("Scrutiny is a Work-in-Progress and still has some rough edges.\n", "scrutiny", Some((1, Confidence::Medium))),
            ("This project is not ready for production use.\n", "x", Some((1, Confidence::High))),
            // Near misses: a component, a feature, a release channel.
            ("The development server is not suitable for production.\n", "app", None),
            ("_(Custom completion API is experimental and subject to change)_\n", "fzf", None),
            ("Check out the latest beta release here.\n", "kuma", None),
            ("Auto-generated secrets are not suitable for production deployments.\n", "hopp", None),
            ("# App\n\nA stable web app, used in production by many teams.\n", "app", None),
        ];
        for (text, project, want) in table {
            let got = statement(text, usize::MAX, project).map(|(l, _, c)| (l, c));
            assert_eq!(got, *want, "{text}");
        }
    }
}
