//! `recovery.upgrades`: a service that keeps data says how to upgrade it
//! from one release to the next.
//!
//! Applies, like `recovery.backups`, when a datastore is detected (a
//! database driver or ORM, a database image, a managed database). An
//! upgrade is where data is most often lost: a migration that runs against
//! production for the first time, a format that changed, a step that must
//! come first. Self-hosted software that is run by people who did not
//! write it documents that path; a tutorial app does not.
//!
//! Evidence, any of:
//! - an upgrade guide by its name (`UPGRADE.md`, `UPGRADING.md`,
//!   `docs/upgrade.md`, `updating.md`, a doc under an `upgrade/` directory);
//! - a section of a root document (README, changelog, DEVELOP.md) or of
//!   the documentation tree (`docs/`, `website/`...) whose heading is
//!   about upgrading (`## Upgrading`, `### Upgrade from 2.x`), or about
//!   updating the product when its text talks of versions, releases,
//!   backups or migrations (`## Updating Paperless`), which tells it from
//!   "Updating the translations" (what a contributor updates, dependencies
//!   or translations, does not count);
//! - an upgrade script (`scripts/upgrade.sh`, `bin/upgrade`), medium.

use std::borrow::Cow;

use super::backups::{datastore_hits, may_name_datastore};
use crate::checks::signals::is_doc;
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::markup::Outline;
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{Content, FileEntry, FileKind};

pub struct Upgrades;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("recovery.upgrades"),
    title: Cow::Borrowed("Upgrading to a new release is documented"),
    category: Category::Recovery,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(Profile::RUNNING),
    applies_when: Cow::Borrowed(
        "a service or worker with a datastore (database driver, ORM, database image or managed database)",
    ),
    stability: Stability::Stable,
    summary: Cow::Borrowed("An upgrade guide or section says how to move data and config to a new release"),
    rationale: Cow::Borrowed(
        "An upgrade is when a migration first meets production data, a storage format changes, or a \
         step must run before the new version starts. Whoever operates the service, often not its \
         authors, needs the order of steps, what to back up first, and which versions can be \
         skipped; without it, upgrades are postponed until they are dangerous.",
    ),
    remediation: Cow::Borrowed(
        "Write UPGRADE.md (or an \"Upgrading\" section in the docs): back up first, how to move \
         from one release to the next (pull the new image, run the migrations, restart), which \
         versions need intermediate steps, and how to go back if the upgrade fails. Keep \
         per-release notes in the changelog under an \"Upgrading\" heading.",
    ),
    passes_when: Cow::Borrowed(
        "an upgrade guide (UPGRADE.md, docs/upgrade.md...), a section on upgrading in the README, \
         docs or changelog, or an upgrade script exists",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://sre.google/sre-book/data-integrity/",
    )]),
};

/// What one file shows.
#[derive(Default)]
struct Kept {
    datastore: Vec<(u32, String)>,
    /// (line, what, confidence).
    upgrade: Option<(u32, String, Confidence)>,
}

/// Words in a section's text that make "Updating X" about a release.
const RELEASE_WORDS: &[&str] = &[
    "version",
    "release",
    "backup",
    "back up",
    "migrat",
    "docker pull",
    "docker compose pull",
    "git pull",
    "changelog",
    "breaking",
];

/// Where operators read: the root, and documentation trees. A Markdown
/// page among the product's sources (a blog post template under `lib/`)
/// speaks to the product's users about something else.
fn operator_doc(f: &FileEntry) -> bool {
    f.depth() == 0
        || f.path.split('/').next().is_some_and(|d| {
            matches!(
                d.to_ascii_lowercase().as_str(),
                "docs"
                    | "doc"
                    | "documentation"
                    | "website"
                    | "site"
                    | "wiki"
                    | "guide"
                    | "guides"
                    | "manual"
            )
        })
}

/// A document named as an upgrade guide.
fn guide_by_name(f: &FileEntry) -> bool {
    if !is_doc(f) {
        return false;
    }
    let name = f.name().to_ascii_lowercase();
    let stem = name.split('.').next().unwrap_or("");
    stem.starts_with("upgrad")
        || matches!(stem, "updating" | "update-guide" | "migration-guide")
        || f.dir()
            .to_ascii_lowercase()
            .split('/')
            .any(|d| d == "upgrade" || d == "upgrading" || d == "upgrades")
}

/// A script named for upgrading (`scripts/upgrade.sh`, `bin/upgrade`).
fn upgrade_script(f: &FileEntry) -> bool {
    let name = f.name().to_ascii_lowercase();
    let stem = name.split('.').next().unwrap_or("");
    let scripty = f.is(FileKind::Shell)
        || f.dir()
            .split('/')
            .any(|d| matches!(d, "bin" | "scripts" | "script"));
    scripty && (stem == "upgrade" || stem.starts_with("upgrade-") || stem.starts_with("upgrade_"))
}

/// What a contributor updates, not an operator: "Update dependencies",
/// "Upgrading the toolchain".
const DEVELOPER_OBJECTS: &[&str] = &[
    "dependencies",
    "dependency",
    "deps",
    "packages",
    "package",
    "modules",
    "translations",
    "translation",
    "docs",
    "documentation",
    "lockfile",
    "snapshots",
    "toolchain",
    "sdk",
    "sdks",
];

/// The first section about upgrading: (line, heading).
fn upgrade_section(outline: &Outline) -> Option<(u32, String)> {
    outline.headings.iter().find_map(|h| {
        let words = crate::formats::markup::words(&h.text);
        if words
            .iter()
            .any(|w| DEVELOPER_OBJECTS.contains(&w.as_str()))
        {
            return None;
        }
        let upgrading = words.iter().any(|w| w.starts_with("upgrad"));
        let updating = words
            .first()
            .is_some_and(|w| w == "updating" || w == "update")
            && RELEASE_WORDS.iter().any(|r| h.body.contains(r));
        let about_release = RELEASE_WORDS.iter().any(|r| h.body.contains(r))
            || words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()));
        ((upgrading && about_release) || updating).then(|| (h.line, h.text.clone()))
    })
}

impl Check for Upgrades {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        if file.vendored() || file.fixture() || file.test_code() {
            return false;
        }
        may_name_datastore(file)
            || upgrade_script(file)
            || ((is_doc(file) || file.is(FileKind::Changelog))
                && !file.is(FileKind::SecurityPolicy)
                && !file.is(FileKind::License))
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let mut k = Kept::default();
        if may_name_datastore(file) {
            k.datastore = datastore_hits(content);
        }
        if upgrade_script(file) {
            k.upgrade = Some((1, "an upgrade script".into(), Confidence::Medium));
        } else if (is_doc(file) || file.is(FileKind::Changelog)) && operator_doc(file) {
            if guide_by_name(file) {
                k.upgrade = Some((1, "an upgrade guide".into(), Confidence::High));
            } else if let Some((line, heading)) = upgrade_section(&content.model::<Outline>()) {
                k.upgrade = Some((line, format!("section \"{heading}\""), Confidence::High));
            }
        }
        (!k.datastore.is_empty() || k.upgrade.is_some()).then(|| Box::new(k) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let kept: Vec<(&FileEntry, &Kept)> = ctx.data::<Kept>().collect();
        let Some((store_path, (store_line, store_what))) = kept
            .iter()
            .find_map(|(f, k)| k.datastore.first().map(|d| (f.path.clone(), d.clone())))
        else {
            return Ok(Outcome::not_applicable("no datastore detected").evidence(
                "looked for database drivers and ORMs among the dependencies, database images in compose files and manifests, and managed databases in Terraform",
            ));
        };
        let datastore = format!("datastore: {store_what} at {store_path}:{store_line}");
        // Documents before scripts, then path order.
        let mut found: Vec<(&FileEntry, &(u32, String, Confidence))> = kept
            .iter()
            .filter_map(|(f, k)| k.upgrade.as_ref().map(|u| (*f, u)))
            .collect();
        found.sort_by_key(|(f, (_, _, sure))| (*sure != Confidence::High, f.path.as_str()));
        if let Some((f, (line, what, sure))) = found.first() {
            if *sure == Confidence::High {
                return Ok(Outcome::pass(format!("{what} at {}:{line}", f.path))
                    .basis(Basis::Present)
                    .evidence(datastore)
                    .evidences(
                        found
                            .iter()
                            .skip(1)
                            .take(4)
                            .map(|(f, (l, w, _))| format!("{w} at {}:{l}", f.path)),
                    ));
            }
            // Only a script: it may be the upgrade procedure, or a tool's.
            return Ok(Outcome::fraction(0.75, format!("{what} at {}, but no upgrade guide", f.path))
                .basis(Basis::Present)
                .evidence(datastore)
                .findings(vec![Finding::new(&META.id, "an upgrade script and no written upgrade procedure: say when to run it, what to back up first and how to go back")
                    .rule("script-only")
                    .at(f.path.clone(), Some(*line))
                    .confidence(Confidence::Medium)]));
        }
        Ok(Outcome::fail("no upgrade guide or section")
            .basis(Basis::Pattern)
            .evidence(datastore)
            .evidence("looked for UPGRADE.md, upgrade/updating docs, sections on upgrading in the README, docs and changelog, and upgrade scripts")
            .findings(vec![Finding::new(
                &META.id,
                format!("{store_what} keeps data, and nothing says how to upgrade it to a new release"),
            )
            .rule("no-upgrade-path")
            .at(store_path, Some(store_line))
            .confidence(Confidence::Medium)]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    const STORE: (&str, &str) = ("requirements.txt", "psycopg2==2.9\n");

    #[test]
    fn cases() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Status);
        let table: &[Case] = &[
            ("guide by name", &[STORE, ("UPGRADE.md", "# Upgrading\n\nBack up first.\n")], Status::Pass),
            ("docs dir", &[STORE, ("doc/admin/upgrade/_index.md", "# From 2.5 to 2.6\n\nRun the migrations.\n")], Status::Pass),
            ("readme section", &[STORE, ("README.md", "# App\n\n## Upgrading\n\nPull the new image and run the migrations.\n")], Status::Pass),
            ("updating the product", &[STORE, ("README.md", "# App\n\n## Updating App\n\nBack up the database, then `docker compose pull`.\n")], Status::Pass),
            ("changelog notes", &[STORE, ("CHANGELOG.md", "# Changelog\n\n## 2.0\n\n### Upgrading\n\nThis release migrates the users table.\n")], Status::Pass),
            ("script only", &[STORE, ("scripts/upgrade.sh", "#!/bin/sh\nalembic upgrade head\n")], Status::Partial),
            ("nothing", &[STORE, ("README.md", "# App\n\n## Install\n\npip install app\n")], Status::Partial),
            // Near misses: updating something else, an upgrade word in a
            // security policy, no datastore at all.
            ("updating translations", &[STORE, ("README.md", "# App\n\n## Updating translations\n\nRun `make messages`.\n")], Status::Partial),
            ("blog post among the sources", &[STORE, ("lib/web/templates/blog/023-release.html.md", "# v2.5\n\n## Upgrading\n\nRun `mix local.hex` to get the new version.\n")], Status::Partial),
            ("updating dependencies", &[STORE, ("CONTRIBUTING.md", "# Contributing\n\n### Update Dependencies\n\nBump each package to its latest version.\n")], Status::Partial),
            ("upgradable tags in a policy", &[STORE, ("SECURITY.md", "## Upgradable Docker tags\n\nUse the latest version.\n")], Status::Partial),
            ("no datastore", &[("README.md", "# App\n\n## Upgrading\n\nPull the new version.\n")], Status::NotApplicable),
        ];
        // Absence is medium-confidence evidence (a guide may live outside
        // the repository): the forgiven share of the credit, never a gate.
        for (name, files, want) in table {
            let o = expect(&Upgrades, name, files, *want);
            if *want == Status::Partial && !name.starts_with("script") {
                assert_eq!(o.score, crate::model::outcome::ABSENCE_FORGIVEN, "{name}");
            }
        }
    }

    #[test]
    fn more_evidence_never_scores_lower() {
        use crate::checks::test_support::run_check;
        let script = ("scripts/upgrade.sh", "#!/bin/sh\nalembic upgrade head\n");
        let guide = (
            "UPGRADE.md",
            "# Upgrading\n\nBack up first, then run the script.\n",
        );
        let none = run_check(&Upgrades, &[STORE]).score;
        let one = run_check(&Upgrades, &[STORE, script]).score;
        let both = run_check(&Upgrades, &[STORE, script, guide]).score;
        assert!(none <= one && one <= both, "{none} {one} {both}");
    }
}
