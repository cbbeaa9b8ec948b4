//! `deploy.versioning`: releases are versioned and their changes recorded,
//! by a CHANGELOG or by release tooling.
//!
//! Detection, any of:
//! - a CHANGELOG (CHANGES, HISTORY, NEWS...; kind `changelog`) at the root
//!   or in docs/ with at least one entry: a title, `[Unreleased]` and the
//!   Keep a Changelog boilerplate alone do not count; an upgrade guide
//!   (`UPGRADE*.md`, `UPGRADING.md`, pages of `docs/upgrading/`) counts as
//!   the release notes of the breaking changes;
//! - a release tool's config file at the root: release-please
//!   (`release-please-config.json`, `.release-please-manifest.json`),
//!   semantic-release (`.releaserc*`, `release.config.*`), goreleaser,
//!   cargo-release (`release.toml`), changesets (`.changeset/config.json`),
//!   bump2version / bump-my-version (`.bumpversion.cfg|toml`), git-cliff
//!   (`cliff.toml`), towncrier (`towncrier.toml`), lerna, standard-version
//!   (`.versionrc*`), commitizen (`.cz.*`, `cz.json`), release-it, bumpver,
//!   tbump, release-drafter;
//! - an in-file marker, reported with its line: `[tool.bumpversion]`,
//!   `[tool.towncrier]`, `[tool.commitizen]`, `[tool.semantic_release]`...
//!   in pyproject.toml, `[bumpversion]` in setup.cfg, cargo-release's
//!   `[package.metadata.release]` in Cargo.toml, `semantic-release`,
//!   `standard-version`, `release-it`, `@changesets/cli` in package.json,
//!   and release-please / semantic-release / goreleaser / changesets
//!   actions in CI workflows.
//!
//! Limits: tags and GitHub releases are not visible in a checkout; a team
//! that versions only by hand-made tags has to attest it.

use std::borrow::Cow;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::model::{Basis, Outcome};
use crate::workspace::{line_of, Content, FileEntry, FileKind};

pub struct Versioning;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("deploy.versioning"),
    title: Cow::Borrowed("Releases are versioned with a changelog or release tooling"),
    category: Category::Deployment,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("always"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("A CHANGELOG or release tooling records what each version changed"),
    rationale: Cow::Borrowed(
        "When an incident starts right after a deploy, the first question is what changed. Versioned \
         releases with recorded changes answer it in seconds, tell you which version to roll back to, \
         and tell consumers whether an upgrade is safe. Without them, \"what is running in production\" \
         is a commit hash someone has to dig out.",
    ),
    remediation: Cow::Borrowed(
        "Either keep a CHANGELOG.md at the root (one section per version, newest first, see \
         keepachangelog.com), or let a tool write versions and notes from commit messages: \
         release-please or semantic-release (any language), goreleaser (Go), cargo-release (Rust), \
         changesets (JS monorepos), towncrier or commitizen (Python). For example:\n\n\
         ```markdown\n\
         # Changelog\n\n\
         ## [1.4.0] - 2026-02-03\n\
         ### Fixed\n\
         - Refunds no longer time out when the card network is slow.\n\
         ```",
    ),
    passes_when: Cow::Borrowed(
        "a CHANGELOG (or an upgrade guide: UPGRADE*.md, UPGRADING.md, docs/upgrading/) with at \
         least one entry exists at the root or in docs/, or release tooling is \
         configured (its config file, or its marker in pyproject.toml, setup.cfg, Cargo.toml, \
         package.json or a CI workflow)",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://keepachangelog.com/"),
        Cow::Borrowed("https://semver.org/"),
    ]),
};

/// The release tool whose config file `path` is, by its path from the
/// root (`.goreleaser.yaml` -> goreleaser), case-insensitively.
pub fn release_tool(path: &str) -> Option<&'static str> {
    TOOL_FILES
        .iter()
        .find(|(p, _)| path.eq_ignore_ascii_case(p))
        .map(|(_, tool)| *tool)
}

/// Root config files that mean a release tool is set up.
const TOOL_FILES: &[(&str, &str)] = &[
    ("release-please-config.json", "release-please"),
    (".release-please-manifest.json", "release-please"),
    (".releaserc", "semantic-release"),
    (".releaserc.json", "semantic-release"),
    (".releaserc.yaml", "semantic-release"),
    (".releaserc.yml", "semantic-release"),
    (".releaserc.js", "semantic-release"),
    (".releaserc.cjs", "semantic-release"),
    (".releaserc.mjs", "semantic-release"),
    ("release.config.js", "semantic-release"),
    ("release.config.cjs", "semantic-release"),
    ("release.config.mjs", "semantic-release"),
    ("release.config.ts", "semantic-release"),
    (".goreleaser.yml", "goreleaser"),
    (".goreleaser.yaml", "goreleaser"),
    ("goreleaser.yml", "goreleaser"),
    ("goreleaser.yaml", "goreleaser"),
    ("release.toml", "cargo-release"),
    (".changeset/config.json", "changesets"),
    (".bumpversion.cfg", "bumpversion"),
    (".bumpversion.toml", "bump-my-version"),
    ("cliff.toml", "git-cliff"),
    ("towncrier.toml", "towncrier"),
    ("lerna.json", "lerna"),
    (".versionrc", "standard-version"),
    (".versionrc.json", "standard-version"),
    (".versionrc.js", "standard-version"),
    (".cz.toml", "commitizen"),
    (".cz.json", "commitizen"),
    ("cz.json", "commitizen"),
    (".cz.yaml", "commitizen"),
    (".release-it.json", "release-it"),
    (".release-it.yaml", "release-it"),
    (".release-it.yml", "release-it"),
    (".release-it.js", "release-it"),
    (".release-it.cjs", "release-it"),
    ("bumpver.toml", "bumpver"),
    ("tbump.toml", "tbump"),
    (".github/release-drafter.yml", "release-drafter"),
    (".github/release-drafter.yaml", "release-drafter"),
];

/// Markers inside known files: (file name, needle, tool).
const MARKERS: &[(&str, &str, &str)] = &[
    ("pyproject.toml", "[tool.bumpversion]", "bump-my-version"),
    ("pyproject.toml", "[tool.towncrier]", "towncrier"),
    ("pyproject.toml", "[tool.commitizen]", "commitizen"),
    (
        "pyproject.toml",
        "[tool.semantic_release]",
        "python-semantic-release",
    ),
    ("pyproject.toml", "[tool.bumpver]", "bumpver"),
    ("pyproject.toml", "[tool.tbump]", "tbump"),
    ("setup.cfg", "[bumpversion]", "bumpversion"),
    ("Cargo.toml", "[package.metadata.release]", "cargo-release"),
    (
        "Cargo.toml",
        "[workspace.metadata.release]",
        "cargo-release",
    ),
    ("package.json", "\"semantic-release\"", "semantic-release"),
    ("package.json", "\"standard-version\"", "standard-version"),
    ("package.json", "\"release-it\"", "release-it"),
    ("package.json", "\"@changesets/cli\"", "changesets"),
    ("package.json", "\"release-please\"", "release-please"),
    ("package.json", "\"lerna\"", "lerna"),
];

/// Markers in CI workflow files: (needle, tool).
const CI_MARKERS: &[(&str, &str)] = &[
    ("release-please-action", "release-please"),
    ("googleapis/release-please", "release-please"),
    ("semantic-release", "semantic-release"),
    ("goreleaser/goreleaser-action", "goreleaser"),
    ("goreleaser release", "goreleaser"),
    ("changesets/action", "changesets"),
    ("release-drafter/release-drafter", "release-drafter"),
    ("cargo release", "cargo-release"),
    ("cargo-release", "cargo-release"),
];

/// A changelog at the root or in docs/ (the `changelog` file kind only
/// knows root names, and CHANGELOG.md anywhere).
fn is_changelog(file: &FileEntry) -> bool {
    let in_docs = |d: &str| d.eq_ignore_ascii_case("docs") || d.eq_ignore_ascii_case("doc");
    let name = file.name().to_ascii_lowercase();
    let (stem, ext) = name.split_once('.').unwrap_or((&name, ""));
    let doc_ext = matches!(ext, "" | "md" | "markdown" | "rst" | "txt" | "adoc");
    // An upgrade guide (UPGRADE.md, UPGRADING.md, UPGRADE-GUIDE.md, or a
    // page of docs/upgrading/) records what changed between versions and
    // what users must do about it: release notes for the breaking part.
    let upgrade = doc_ext && stem.starts_with("upgrad");
    let in_upgrade_dir = doc_ext
        && file.depth() == 2
        && file.dir().split_once('/').is_some_and(|(d, sub)| {
            in_docs(d)
                && matches!(
                    sub.to_ascii_lowercase().as_str(),
                    "upgrading" | "upgrade" | "upgrades"
                )
        });
    let placed = file.depth() == 0 || (file.depth() == 1 && in_docs(file.dir()));
    if in_upgrade_dir {
        return true;
    }
    if !placed {
        return false;
    }
    file.is(FileKind::Changelog)
        || upgrade
        || (matches!(
            stem,
            "changelog"
                | "changes"
                | "history"
                | "news"
                | "releases"
                | "release-notes"
                | "release_notes"
        ) && doc_ext)
}

fn is_ci(file: &FileEntry) -> bool {
    file.is(FileKind::GithubWorkflow) || file.is(FileKind::GitlabCi)
}

/// Entries in a changelog: lines beyond its title, `[Unreleased]`, link
/// definitions and the Keep a Changelog boilerplate.
struct ChangelogEntries(usize);

/// A release tool's marker inside a file.
struct Marker {
    line: u32,
    tool: &'static str,
}

fn count_entries(text: &str) -> usize {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| {
            let lower = l.to_ascii_lowercase();
            let words: String = lower
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == ' ')
                .collect();
            let words = words.trim();
            let boiler = lower.contains("all notable changes")
                || lower.contains("keep a changelog")
                || lower.contains("keepachangelog")
                || lower.contains("semantic versioning")
                || lower.contains("semver.org")
                || (l.starts_with('[') && l.contains("]:"));
            let title = matches!(
                words,
                "changelog"
                    | "change log"
                    | "changes"
                    | "history"
                    | "release notes"
                    | "news"
                    | "unreleased"
                    | "releases"
            ) || l.chars().all(|c| matches!(c, '=' | '-' | '~'));
            !boiler && !title
        })
        .count()
}

impl Check for Versioning {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        is_changelog(file)
            || is_ci(file)
            || (file.depth() == 0 && MARKERS.iter().any(|(name, _, _)| *name == file.path))
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let text = content.text();
        if is_changelog(file) {
            return Some(Box::new(ChangelogEntries(count_entries(text))));
        }
        let found = if is_ci(file) {
            CI_MARKERS
                .iter()
                .find_map(|(needle, tool)| text.find(needle).map(|at| (at, *tool)))
        } else {
            MARKERS
                .iter()
                .filter(|(name, _, _)| *name == file.path)
                .find_map(|(_, needle, tool)| text.find(needle).map(|at| (at, *tool)))
        };
        found.map(|(at, tool)| {
            Box::new(Marker {
                line: line_of(text, at),
                tool,
            }) as FileData
        })
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let mut evidence = Vec::new();
        let mut empty = Vec::new();
        for (f, c) in ctx.data::<ChangelogEntries>() {
            if c.0 > 0 {
                evidence.push(format!("{} ({} lines of entries)", f.path, c.0));
            } else {
                empty.push(f.path.as_str());
            }
        }
        for f in ctx.ws.files() {
            if let Some(tool) = release_tool(&f.path) {
                evidence.push(format!("{tool}: {}", f.path));
            }
        }
        for (f, m) in ctx.data::<Marker>() {
            evidence.push(format!("{}: {}:{}", m.tool, f.path, m.line));
        }
        if !evidence.is_empty() {
            let first = evidence[0].clone();
            let more = evidence.len() - 1;
            return Ok(Outcome::pass(if more == 0 {
                first
            } else {
                format!("{first} (and {more} more)")
            })
            .basis(Basis::Parsed)
            .evidences(evidence));
        }
        Ok(if let Some(e) = empty.first() {
            Outcome::fail(format!(
                "{e} has no entries and no release tooling is set up"
            ))
            .evidence(format!(
                "{} holds only a title, [Unreleased] or boilerplate",
                empty.join(", ")
            ))
        } else {
            Outcome::fail("no CHANGELOG or release tooling").evidence(
                "looked for CHANGELOG/CHANGES/HISTORY/UPGRADING at the root and in docs/, and for release-please, \
                 semantic-release, goreleaser, cargo-release, changesets, bumpversion, git-cliff, \
                 towncrier, lerna, standard-version, commitizen and release-it configuration",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        let o = expect(
            &Versioning,
            "changelog",
            &[(
                "CHANGELOG.md",
                "# Changelog\n\n## [1.0.0] - 2026-01-01\n### Added\n- Refunds.\n",
            )],
            Status::Pass,
        );
        assert!(o.summary.starts_with("CHANGELOG.md"), "{}", o.summary);
        expect(
            &Versioning,
            "docs/CHANGES.rst",
            &[(
                "docs/CHANGES.rst",
                "Changes\n=======\n\n1.0 (2026)\n---------\n\n* first\n",
            )],
            Status::Pass,
        );
        let o = expect(
            &Versioning,
            "keep-a-changelog boilerplate only",
            &[("CHANGELOG.md", "# Changelog\nAll notable changes to this project will be documented in this file.\n\nThe format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).\n\n## [Unreleased]\n\n[unreleased]: https://x/compare\n")],
            Status::Fail,
        );
        assert!(o.summary.contains("has no entries"), "{}", o.summary);
        expect(
            &Versioning,
            "release-please",
            &[("release-please-config.json", "{}")],
            Status::Pass,
        );
        expect(
            &Versioning,
            "goreleaser",
            &[(".goreleaser.yaml", "builds: []")],
            Status::Pass,
        );
        expect(
            &Versioning,
            "changesets",
            &[(".changeset/config.json", "{}")],
            Status::Pass,
        );
        let o = expect(
            &Versioning,
            "pyproject towncrier",
            &[(
                "pyproject.toml",
                "[project]\nname = \"x\"\n\n[tool.towncrier]\ndirectory = \"changes\"\n",
            )],
            Status::Pass,
        );
        assert_eq!(o.summary, "towncrier: pyproject.toml:4");
        expect(
            &Versioning,
            "package.json semantic-release",
            &[(
                "package.json",
                "{\"devDependencies\": {\"semantic-release\": \"^24\"}}",
            )],
            Status::Pass,
        );
        expect(
            &Versioning,
            "cargo metadata",
            &[(
                "Cargo.toml",
                "[package]\nname=\"x\"\n[package.metadata.release]\nsign-commit = true\n",
            )],
            Status::Pass,
        );
        expect(
            &Versioning,
            "workflow",
            &[(
                ".github/workflows/release.yml",
                "jobs:\n  r:\n    steps:\n      - uses: googleapis/release-please-action@v4\n",
            )],
            Status::Pass,
        );
        expect(
            &Versioning,
            "none",
            &[("README.md", "# x"), ("package.json", "{\"name\": \"x\"}")],
            Status::Fail,
        );
        // (path, counts as release notes)
        for (path, want) in [
            ("UPGRADE-GUIDE.md", true),
            ("UPGRADING.md", true),
            ("UPGRADE.md", true),
            ("docs/upgrading.md", true),
            ("docs/upgrading/v3.md", true),
            ("docs/upgrade/index.rst", true),
            ("src/upgrade.rs", false),
            ("lib/upgrade/README.md", false),
            ("docs/guides/upgrading.md", false),
            ("upgrade.sh", false),
        ] {
            let o = crate::checks::test_support::run_check(
                &Versioning,
                &[(
                    path,
                    "# Upgrading to 3.0\n\n- `Rack::Foo` is removed: use `Rack::Bar`.\n",
                )],
            );
            assert_eq!(o.status == Status::Pass, want, "{path}: {}", o.summary);
        }
        expect(
            &Versioning,
            "nested changelog does not count",
            &[("vendor/lib/CHANGELOG.md", "## 1.0\n- x\n")],
            Status::Fail,
        );
        expect(
            &Versioning,
            "nested pyproject does not count",
            &[("tools/pyproject.toml", "[tool.towncrier]\n")],
            Status::Fail,
        );
    }
}
