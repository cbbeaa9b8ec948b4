//! `docs.guides`: documentation beyond the README.
//!
//! A guide is a Markdown, reStructuredText or AsciiDoc document of at least
//! [`GUIDE_MIN_WORDS`] words of prose, at the root or under a top-level
//! documentation tree (`docs/`, `doc/`, `documentation/`, `website/`,
//! `site/`, `book/`, `guide(s)/`, `manual/`, `wiki/`, `contributing/`), that is not the
//! README, the contributor guide, the changelog, the license or the security
//! policy, and lies outside vendored, fixture, test and example trees. The
//! check counts them: [`GUIDES_FOR_FULL_CREDIT`] or more earn full credit,
//! fewer earn their share, and the evidence names them. Documents are
//! counted, not judged: a long page about the wrong thing counts.

use std::borrow::Cow;

use super::readme::is_topic_doc;
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::markup::Outline;
use crate::model::{Basis, Outcome};
use crate::workspace::{Content, FileEntry};

pub struct Guides;

/// Below this many words of prose a document is a stub, not a guide.
pub const GUIDE_MIN_WORDS: usize = 100;

/// A handful of real pages (install, configure, operate, upgrade,
/// troubleshoot) is what a newcomer needs; more earns nothing more.
pub const GUIDES_FOR_FULL_CREDIT: usize = 5;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docs.guides"),
    title: Cow::Borrowed("Guides beyond the README document the project"),
    category: Category::Documentation,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("always"),
    stability: Stability::Stable,
    summary: Cow::Borrowed(
        "User, operator or developer guides (docs/, doc/, root documents) of substance",
    ),
    rationale: Cow::Borrowed(
        "A README introduces a project; it cannot also be the installation guide, the \
         configuration reference, the upgrade notes and the troubleshooting page. People who did \
         not build the software operate it from those pages. Versioned beside the code, they \
         change with it and are reviewed with it.",
    ),
    remediation: Cow::Borrowed(
        "Start a `docs/` directory with the pages operators and contributors ask for, one topic \
         each: `docs/installation.md`, `docs/configuration.md`, `docs/upgrading.md`, \
         `docs/troubleshooting.md`, `docs/development.md`. Link them from the README.",
    ),
    passes_when: Cow::Borrowed(
        "at least 5 documents of 100 words of prose or more at the root or in a top-level docs tree \
         (README, contributor guide, changelog, license and security policy aside); fewer earn \
         their share",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed("https://diataxis.fr/")]),
};

/// A guide's word count.
struct Guide(usize);

impl Check for Guides {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        is_topic_doc(file)
    }

    fn inspect(&self, _: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        // The outline is the model docs.readme reads too: parsed once.
        let words = content.model::<Outline>().words;
        (words >= GUIDE_MIN_WORDS).then(|| Box::new(Guide(words)) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let guides: Vec<(&FileEntry, usize)> =
            ctx.data::<Guide>().map(|(f, Guide(w))| (f, *w)).collect();
        let n = guides.len();
        let evidence = guides
            .iter()
            .take(10)
            .map(|(f, w)| format!("{} ({w} words)", f.path));
        if n == 0 {
            return Ok(Outcome::fail(format!(
                "no document of {GUIDE_MIN_WORDS}+ words beside the README"
            ))
            .basis(Basis::Present)
            .evidence("looked at the root and docs/, doc/, documentation/, website/, site/, book/, guide(s)/, manual/, wiki/, contributing/"));
        }
        let summary = format!(
            "{n} guide(s) of {GUIDE_MIN_WORDS}+ words, e.g. {}",
            guides[0].0.path
        );
        let o = if n >= GUIDES_FOR_FULL_CREDIT {
            Outcome::pass(summary)
        } else {
            Outcome::fraction(
                n as f64 / GUIDES_FOR_FULL_CREDIT as f64,
                format!("{summary}; {GUIDES_FOR_FULL_CREDIT} earn full credit"),
            )
        };
        Ok(o.basis(Basis::Present).evidences(evidence))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run_check;
    use crate::model::Status;

    fn page(words: usize) -> String {
        format!("# Title\n\n{}\n", "word ".repeat(words))
    }

    /// (name, files, status, score)
    type Case = (&'static str, Vec<(String, String)>, Status, f64);

    #[test]
    fn counts_guides_proportionally() {
        let long = page(200);
        let short = page(40);
        let cases: Vec<Case> = vec![
            (
                "none",
                vec![("README.md".into(), long.clone())],
                Status::Fail,
                0.0,
            ),
            (
                "two guides",
                vec![
                    ("docs/install.md".into(), long.clone()),
                    ("docs/upgrade.md".into(), long.clone()),
                ],
                Status::Partial,
                0.4,
            ),
            (
                "five guides",
                (0..5)
                    .map(|i| (format!("docs/p{i}.md"), long.clone()))
                    .collect(),
                Status::Pass,
                1.0,
            ),
            (
                "root document counts",
                vec![("DEVELOPING.md".into(), long.clone())],
                Status::Partial,
                0.2,
            ),
            // Near misses.
            (
                "stubs",
                (0..5)
                    .map(|i| (format!("docs/p{i}.md"), short.clone()))
                    .collect(),
                Status::Fail,
                0.0,
            ),
            (
                "changelog and contributing",
                vec![
                    ("CHANGELOG.md".into(), long.clone()),
                    ("CONTRIBUTING.md".into(), long.clone()),
                    ("docs/CHANGELOG.md".into(), long.clone()),
                ],
                Status::Fail,
                0.0,
            ),
            (
                "community files",
                vec![
                    ("CODE_OF_CONDUCT.md".into(), long.clone()),
                    ("docs/SUPPORT.md".into(), long.clone()),
                    ("GOVERNANCE.md".into(), long.clone()),
                ],
                Status::Fail,
                0.0,
            ),
            (
                "nested package docs",
                vec![
                    ("src/pkg/notes.md".into(), long.clone()),
                    ("tests/docs/x.md".into(), long.clone()),
                ],
                Status::Fail,
                0.0,
            ),
        ];
        for (name, files, want, score) in cases {
            let files: Vec<(&str, &str)> = files
                .iter()
                .map(|(p, c)| (p.as_str(), c.as_str()))
                .collect();
            let o = run_check(&Guides, &files);
            assert_eq!(o.status, want, "{name}: {}", o.summary);
            assert!((o.score - score).abs() < 1e-9, "{name}: {}", o.score);
        }
    }

    #[test]
    fn more_guides_never_score_lower() {
        let long = page(200);
        let mut files: Vec<(String, String)> = Vec::new();
        let mut last = 0.0;
        for i in 0..8 {
            files.push((format!("docs/p{i}.md"), long.clone()));
            let refs: Vec<(&str, &str)> = files
                .iter()
                .map(|(p, c)| (p.as_str(), c.as_str()))
                .collect();
            let s = run_check(&Guides, &refs).score;
            assert!(s >= last, "{i}: {s} < {last}");
            last = s;
        }
    }
}
