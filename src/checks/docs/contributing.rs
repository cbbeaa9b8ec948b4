//! `docs.contributing`: a contributor guide says how to build, test and
//! propose a change.
//!
//! `CONTRIBUTING` (`.md`, `.rst`, `.adoc`, `.txt` or bare) at the root, in
//! `.github/`, `docs/` or `doc/`, where code hosts link it from every new
//! issue and pull request. A guide of fewer than [`MIN_WORDS`] words of
//! prose is a placeholder and fails, naming the file.

use std::borrow::Cow;

use super::readme::is_contributing;
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::formats::markup::Outline;
use crate::model::{Basis, Outcome};
use crate::workspace::{Content, FileEntry};

pub struct Contributing;

/// Below this many words of prose the guide says nothing a newcomer can
/// act on ("PRs welcome!").
pub const MIN_WORDS: usize = 40;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docs.contributing"),
    title: Cow::Borrowed("A contributor guide says how to build, test and propose changes"),
    category: Category::Documentation,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("always"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("CONTRIBUTING.md at the root, in .github/ or docs/"),
    rationale: Cow::Borrowed(
        "The people who fix the 3 a.m. bug are often not the people who wrote the code. A \
         contributor guide tells them how to set up, build and test the project and how a change \
         gets reviewed and released, so a fix does not wait for its original author.",
    ),
    remediation: Cow::Borrowed(
        "Add `CONTRIBUTING.md` at the root (or in `.github/`): how to set up a development \
         environment, build, run the tests and linters, the branch and commit conventions, and how \
         a pull request is reviewed and released.",
    ),
    passes_when: Cow::Borrowed(
        "CONTRIBUTING (.md, .rst, .adoc, .txt) at the root, in .github/, docs/ or doc/, or a \
         README opening a contributing/ tree, with 40 or more words of prose",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed("https://docs.github.com/en/communities/setting-up-your-project-for-healthy-contributions/setting-guidelines-for-repository-contributors")]),
};

/// A contributor guide's word count.
struct Guide(usize);

impl Check for Contributing {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        is_contributing(file)
    }

    fn inspect(&self, _: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        Some(Box::new(Guide(content.model::<Outline>().words)))
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let found: Vec<(&FileEntry, usize)> =
            ctx.data::<Guide>().map(|(f, Guide(w))| (f, *w)).collect();
        if let Some((f, w)) = found.iter().max_by_key(|(_, w)| *w) {
            return Ok(if *w >= MIN_WORDS {
                Outcome::pass(format!("{} ({w} words)", f.path)).basis(Basis::Present)
            } else {
                Outcome::fail(format!(
                    "{} has {w} words of prose: a placeholder (under {MIN_WORDS})",
                    f.path
                ))
                .basis(Basis::Present)
            });
        }
        Ok(Outcome::fail("no CONTRIBUTING guide")
            .basis(Basis::Present)
            .evidence("looked for CONTRIBUTING(.md/.rst/.adoc/.txt) at the root, in .github/, docs/ and doc/, and contributing/README"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Status);

    #[test]
    fn cases() {
        let guide = format!(
            "# Contributing\n\n{}\n",
            "Run make test before you open a pull request. ".repeat(10)
        );
        let table: Vec<Case<'_>> = vec![
            (
                "root guide",
                vec![("CONTRIBUTING.md", guide.as_str())],
                Status::Pass,
            ),
            (
                ".github guide",
                vec![(".github/CONTRIBUTING.md", guide.as_str())],
                Status::Pass,
            ),
            (
                "rst guide in docs",
                vec![("docs/contributing.rst", guide.as_str())],
                Status::Pass,
            ),
            // Near misses.
            (
                "placeholder",
                vec![("CONTRIBUTING.md", "# Contributing\n\nPRs welcome!\n")],
                Status::Fail,
            ),
            (
                "nested in a package",
                vec![("src/pkg/CONTRIBUTING.md", guide.as_str())],
                Status::Fail,
            ),
            ("none", vec![("README.md", guide.as_str())], Status::Fail),
        ];
        for (name, files, want) in table {
            expect(&Contributing, name, &files, want);
        }
    }
}
