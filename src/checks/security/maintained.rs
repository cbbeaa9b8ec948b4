//! `security.maintained`: the project has not announced its end of life.
//!
//! An archived or unmaintained project ships no more fixes: every
//! vulnerability found from now on stays open. OpenSSF Scorecard's
//! Maintained check asks the same from commit activity, which a checkout
//! does not carry; the static evidence is the notice a project puts at the
//! top of its README when it stops ("This project is archived", "no longer
//! maintained", "no further releases").
//!
//! Only the README's opening (its first lines, before the body starts) is
//! read, and only phrases about the project itself: "the v1 API is
//! deprecated" or a section on archiving data says nothing about upkeep.
//! Phrases that can as well end one release line ("no further releases")
//! are medium, so they never gate on their own, unless the line names the
//! project ("this project", "this repository").

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{Content, FileEntry, FileKind};

pub struct Maintained;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("security.maintained"),
    title: Cow::Borrowed("The project is maintained"),
    category: Category::Security,
    // OpenSSF Scorecard's Maintained check is a high risk. Not critical:
    // the verdict rests on a phrase matched in the README, and a heuristic
    // match never caps at 49 on its own.
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a README exists at the root"),
    stability: Stability::Stable,
    summary: Cow::Borrowed(
        "The README does not announce that the project is archived or unmaintained",
    ),
    rationale: Cow::Borrowed(
        "Software whose maintainers have stopped gets no security fixes: each vulnerability \
         found after the end stays open, and nobody answers when it breaks. Running it in \
         production means owning a fork.",
    ),
    remediation: Cow::Borrowed(
        "Migrate to a maintained successor, or take the project over: fork it, name who \
         maintains it, and replace the end-of-life notice with a supported-versions policy.",
    ),
    passes_when: Cow::Borrowed(
        "the opening of the root README does not say the project is archived, deprecated, \
         unmaintained, end-of-life, will have no further releases, or is now maintained \
         in another repository",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://github.com/ossf/scorecard/blob/main/docs/checks.md#maintained",
    )]),
};

/// How many lines of the README the notice must stand in.
const OPENING_LINES: usize = 40;

/// Phrases that announce the end of the project itself, whatever else the
/// line says.
const PROJECT_NOTICES: &[&str] = &[
    "no longer maintained",
    "no longer actively maintained",
    "not maintained anymore",
    "not actively maintained",
    "is unmaintained",
    "is now unmaintained",
    "treat it as unmaintained",
    "project is archived",
    "repository is archived",
    "repo is archived",
    "has been archived",
    "is archived on",
    "was archived on",
    "project is deprecated",
    "repository is deprecated",
    "project has been deprecated",
    // Moved elsewhere: this copy gets no more fixes ("Dendrite is now
    // maintained at element-hq/dendrite"). "Maintained by" is a new
    // maintainer, not a move, so it is not here.
    "is now maintained at",
    "is now maintained in",
    "is now developed at",
    "development has moved to",
    "project has moved to",
    "repository has moved to",
    "repo has moved to",
];

/// Phrases that can as well end a release line or an API ("the 1.x line
/// will receive no further releases"): sure only when the same line names
/// the project, medium otherwise.
const RELEASE_NOTICES: &[&str] = &[
    "is deprecated and",
    "no further releases",
    "will not receive further updates",
    "will no longer receive",
    "reached end of life",
    "reached end-of-life",
    "is end-of-life",
    "is end of life",
];

/// Words by which a line names the project as its subject.
const SUBJECTS: &[&str] = &[
    "this project",
    "this repository",
    "this repo",
    "this library",
    "this package",
];

/// The notice in a README's opening: (line, the phrase, how sure).
fn notice(text: &str) -> Option<(u32, &'static str, Confidence)> {
    text.lines()
        .take(OPENING_LINES)
        .enumerate()
        .find_map(|(i, line)| {
            let lower = line.to_ascii_lowercase();
            let line_no = i as u32 + 1;
            if let Some(p) = PROJECT_NOTICES.iter().find(|p| lower.contains(*p)) {
                return Some((line_no, *p, Confidence::High));
            }
            RELEASE_NOTICES
                .iter()
                .find(|p| lower.contains(*p))
                .map(|p| {
                    let named = SUBJECTS.iter().any(|s| lower.contains(s));
                    let sure = if named {
                        Confidence::High
                    } else {
                        Confidence::Medium
                    };
                    (line_no, *p, sure)
                })
        })
}

struct Notice(Option<(u32, &'static str, Confidence)>);

impl Check for Maintained {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        file.is(FileKind::Readme) && file.depth() == 0
    }

    fn inspect(&self, _: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        Some(Box::new(Notice(notice(content.text()))))
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let readmes: Vec<(&FileEntry, &Notice)> = ctx.data::<Notice>().collect();
        let Some((first, _)) = readmes.first() else {
            return Ok(Outcome::not_applicable("no README at the root"));
        };
        if let Some((f, (line, phrase, sure))) = readmes
            .iter()
            .find_map(|(f, n)| n.0.map(|found| (*f, found)))
        {
            return Ok(Outcome::fail(format!(
                "{}:{line} announces the end of the project (\"{phrase}\")",
                f.path
            ))
            .basis(Basis::Parsed)
            .findings(vec![Finding::new(
                &META.id,
                format!("the README says the project is at its end (\"{phrase}\"): no more security fixes will ship"),
            )
            .rule("end-of-life")
            .at(f.path.clone(), Some(line))
            .confidence(sure)]));
        }
        Ok(Outcome::pass(format!("no end-of-life notice in {}", first.path))
            .basis(Basis::Parsed)
            .evidence(format!(
                "read the first {OPENING_LINES} lines of {} for an archive, deprecation or end-of-life notice",
                first.path
            )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        let table: &[(&str, &str, Status)] = &[
            ("archived banner", "# File Browser\n\n> **File Browser is archived on 2026-09-01**. There will be no further releases, bug fixes, or security fixes.\n", Status::Fail),
            ("unmaintained", "# tool\n\n**This project is no longer maintained.** Use acme/tool2.\n", Status::Fail),
            ("deprecated project", "# lib\n\nThis project is deprecated and will be removed.\n", Status::Fail),
            // A phrase that can also end a release line is medium unless
            // the line names the project: partial, not a gate.
            ("retirement without a subject", "# ingress\n\nAfterward, there will be no further releases and no bug fixes.\n", Status::Partial),
            ("release line", "# app\n\nThe 1.x line will receive no further releases; the 2.x line is end of life in 2027.\n", Status::Partial),
            ("retirement of this project", "# tool\n\nThis project will see no further releases.\n", Status::Fail),
            ("maintained", "# app\n\nA web app.\n\n## Install\n\nRun it.\n", Status::Pass),
            ("moved", "# Dendrite\n\n## Dendrite is now maintained at [element-hq/dendrite](https://github.com/element-hq/dendrite)\n", Status::Fail),
            ("development moved", "# tool\n\nDevelopment has moved to codeberg.org/acme/tool.\n", Status::Fail),
            // Near misses: a new maintainer, moved docs.
            ("new maintainer", "# tool\n\nThis project is now maintained by the Acme community.\n", Status::Pass),
            ("docs moved", "# tool\n\nThe documentation has moved to docs.acme.io.\n", Status::Pass),
            // Near misses: an API deprecation, archiving as a feature, a
            // notice far below the opening.
            ("api deprecation", "# app\n\nThe v1 API is deprecated; use /v2.\n", Status::Pass),
            ("archive feature", "# mail\n\nMessages older than a year are archived on the first of the month.\n", Status::Pass),
            ("late mention", &format!("# app\n{}\nOld forks are no longer maintained.\n", "\ntext\n".repeat(30)), Status::Pass),
        ];
        for (name, text, want) in table {
            expect(&Maintained, name, &[("README.md", text)], *want);
        }
        expect(
            &Maintained,
            "no readme",
            &[("main.go", "package main")],
            Status::NotApplicable,
        );
    }
}
