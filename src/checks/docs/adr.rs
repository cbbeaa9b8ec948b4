//! `docs.adr`: architecture decision records live in the repository.
//!
//! Detection: the directory named by a root `.adr-dir` file (adr-tools'
//! convention), or a directory named `adr`, `adrs`, `decisions`,
//! `decision-records`, `architecture-decisions` or
//! `architecture-decision-records` (so `docs/adr/`, `doc/adr/`,
//! `docs/architecture/decisions/` and friends) nested under at most three
//! other directories, outside vendored and fixture trees. A record is a
//! Markdown, reStructuredText or AsciiDoc file in that directory or one
//! level below it that is not a README, an index or a template. A directory
//! holding only those fails, and says so.
//!
//! Records kept elsewhere count by their names: a file named `adr-001-x.md`,
//! `ADR-0002.md` or `adr_3_x.rst` wherever it lives (signon keeps them in
//! `docs/arch/`), and numbered records (`0001-use-postgres.md`) in a
//! directory named `arch` or `architecture`.
//!
//! Limits: records are counted by file, not read; a directory of empty
//! files counts.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Severity,
    Stability,
};
use crate::model::{Basis, Outcome};
use crate::workspace::{Content, FileEntry};

pub struct Adr;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("docs.adr"),
    title: Cow::Borrowed("Architecture decisions are recorded"),
    category: Category::Documentation,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("always"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Architecture decision records (docs/adr/) explain why it is built so"),
    rationale: Cow::Borrowed(
        "Code shows what was built, not why, nor what was rejected. When the people who chose the \
         queue, the datastore or the consistency model move on, their successors either repeat old \
         debates or undo decisions whose reasons they cannot see. Short, dated decision records next \
         to the code keep that context reviewable and searchable.",
    ),
    remediation: Cow::Borrowed(
        "Create `docs/adr/` and add one short Markdown file per significant decision, numbered in \
         order, for example `docs/adr/0001-use-postgres-for-ledger.md`:\n\n\
         ```markdown\n\
         # 1. Use Postgres for the ledger\n\n\
         Date: 2026-01-12. Status: accepted.\n\n\
         ## Context\n...\n## Decision\n...\n## Consequences\n...\n\
         ```\n\n\
         Tools such as adr-tools (`adr init docs/adr`) or log4brains create the directory and a \
         template; a template alone does not count, write the first real record.",
    ),
    passes_when: Cow::Borrowed(
        "a decision-record directory (from `.adr-dir`, or docs/adr/, doc/adr/, docs/decisions/, \
         docs/architecture/decisions/, adr/, decisions/...) holds at least one record that is not a \
         README, index or template; records named `adr-NNN-*` anywhere, or numbered `NNNN-*` in an \
         `arch/` or `architecture/` directory, count too",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://adr.github.io/"),
        Cow::Borrowed("https://cognitect.com/blog/2011/11/15/documenting-architecture-decisions"),
    ]),
};

const ADR_DIRS: &[&str] = &[
    "adr",
    "adrs",
    "decisions",
    "decision-records",
    "architecture-decisions",
    "architecture-decision-records",
];

/// How many directories may enclose the ADR directory.
const MAX_NESTING: usize = 3;

fn is_record_format(name: &str) -> bool {
    name.rsplit_once('.').is_some_and(|(_, e)| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "md" | "markdown" | "mdx" | "rst" | "adoc" | "asciidoc"
        )
    })
}

/// README, index and template files describe the directory, not a decision.
fn is_record(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let stem = lower.split('.').next().unwrap_or("");
    is_record_format(name)
        && !lower.contains("template")
        && !matches!(
            stem,
            "readme" | "index" | "toc" | "summary" | "_sidebar" | "_index" | "contents"
        )
}

/// `adr-001-x`, `ADR0002`, `adr_3`: the record's number after `adr`.
fn adr_named(stem: &str) -> bool {
    let l = stem.to_ascii_lowercase();
    l.strip_prefix("adr")
        .map(|r| r.trim_start_matches(['-', '_', ' ']))
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

/// `0001-use-postgres`: three or more digits, then a separator and a title.
fn numbered(stem: &str) -> bool {
    let digits = stem.chars().take_while(|c| c.is_ascii_digit()).count();
    digits >= 3 && stem[digits..].starts_with(['-', '_']) && stem.len() > digits + 1
}

/// The ADR directory `path` is a document of, if any.
fn adr_dir_of(path: &str) -> Option<String> {
    let parts: Vec<&str> = path.split('/').collect();
    let dirs = &parts[..parts.len() - 1];
    let stem = parts[parts.len() - 1].split('.').next().unwrap_or("");
    if let Some(d) = named_record_dir(dirs, stem) {
        return Some(d);
    }
    // The file sits in the ADR directory or one level below it.
    for back in 1..=2usize {
        let Some(i) = dirs.len().checked_sub(back) else {
            break;
        };
        if i <= MAX_NESTING && ADR_DIRS.contains(&dirs[i].to_ascii_lowercase().as_str()) {
            return Some(dirs[..=i].join("/"));
        }
    }
    None
}

/// The directory of a record found by its name rather than its directory.
fn named_record_dir(dirs: &[&str], stem: &str) -> Option<String> {
    let parent = dirs.last()?.to_ascii_lowercase();
    let in_arch = matches!(parent.as_str(), "arch" | "architecture");
    let in_known = dirs
        .iter()
        .any(|d| ADR_DIRS.contains(&d.to_ascii_lowercase().as_str()));
    ((adr_named(stem) || (in_arch && numbered(stem))) && !in_known).then(|| dirs.join("/"))
}

/// The directory a root `.adr-dir` names.
struct AdrDirFile(String);

impl Check for Adr {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        file.path == ".adr-dir"
    }

    fn inspect(&self, _file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let dir = content
            .text()
            .lines()
            .next()?
            .trim()
            .trim_start_matches("./")
            .trim_end_matches('/')
            .to_string();
        (!dir.is_empty()).then(|| Box::new(AdrDirFile(dir)) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let declared = ctx.data::<AdrDirFile>().next().map(|(_, d)| d.0.clone());
        // Directory -> (records, other files).
        let mut dirs: BTreeMap<String, (Vec<&str>, Vec<&str>)> = BTreeMap::new();
        for f in ctx.ws.files() {
            if !is_record_format(f.name()) || f.vendored() || f.fixture() {
                continue;
            }
            let dir = match &declared {
                Some(d) if f.path.starts_with(&format!("{d}/")) => Some(d.clone()),
                _ => adr_dir_of(&f.path),
            };
            if let Some(dir) = dir {
                let e = dirs.entry(dir).or_default();
                if is_record(f.name()) {
                    e.0.push(&f.path);
                } else {
                    e.1.push(&f.path);
                }
            }
        }
        let best = dirs
            .iter()
            .max_by_key(|(d, (records, _))| (records.len(), declared.as_ref() == Some(*d)));
        let declared_note = declared
            .as_ref()
            .map(|d| format!(" (.adr-dir names {d})"))
            .unwrap_or_default();
        Ok(match best {
            Some((dir, (records, _))) if !records.is_empty() => Outcome::pass(format!(
                "{} decision record{} in {dir}",
                records.len(),
                if records.len() == 1 { "" } else { "s" }
            ))
            .basis(Basis::Present)
            .evidence(format!(
                "{dir}/: {} record{}, e.g. {}{declared_note}",
                records.len(),
                if records.len() == 1 { "" } else { "s" },
                records[0]
            )),
            Some((dir, (_, others))) => {
                Outcome::fail(format!("{dir} holds only a README, index or template"))
                    .evidence(format!(
                        "{dir}/ has {} but no decision record{declared_note}",
                        others.join(", ")
                    ))
            }
            None => match &declared {
                Some(d) => Outcome::fail(format!(".adr-dir names {d}, which holds no records"))
                    .evidence(format!("no Markdown, rst or AsciiDoc file under {d}/")),
                None => Outcome::fail("no architecture decision records").evidence(
                    "looked for .adr-dir and for docs/adr/, doc/adr/, docs/adrs/, docs/decisions/, \
                     docs/architecture/decisions/, adr/, adrs/, decisions/ (nested up to 3 deep), for \
                     files named adr-NNN-*, and numbered records in arch/ or architecture/",
                ),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn finds_adr_dirs() {
        let cases = [
            ("docs/adr/0001-x.md", Some("docs/adr")),
            ("doc/adr/0001-x.md", Some("doc/adr")),
            (
                "docs/architecture/decisions/0001-x.md",
                Some("docs/architecture/decisions"),
            ),
            ("adr/2024/0001-x.md", Some("adr")),
            (
                "services/api/docs/adr/0001-x.md",
                Some("services/api/docs/adr"),
            ),
            ("a/b/c/d/adr/0001-x.md", None),
            ("docs/design/x.md", None),
            ("adr.md", None),
            // Records named as such, wherever they are.
            ("docs/arch/adr-001-pass-user-ids.md", Some("docs/arch")),
            ("docs/ADR0002.md", Some("docs")),
            ("notes/adr_3_queue.rst", Some("notes")),
            (
                "docs/architecture/0001-use-postgres.md",
                Some("docs/architecture"),
            ),
            ("docs/arch/0012_split-api.md", Some("docs/arch")),
            // Near misses: not numbered, or numbered outside an arch dir.
            ("docs/adrenaline-1.md", None),
            ("docs/adr-process.md", None),
            ("docs/architecture/overview.md", None),
            ("docs/architecture/01-intro.md", None),
            ("docs/guides/0001-install.md", None),
        ];
        for (path, want) in cases {
            assert_eq!(adr_dir_of(path).as_deref(), want, "{path}");
        }
    }

    #[test]
    fn cases() {
        let o = expect(
            &Adr,
            "docs/adr",
            &[
                ("docs/adr/0001-record-architecture-decisions.md", "# 1."),
                ("docs/adr/0002-use-postgres.md", "# 2."),
                ("docs/adr/README.md", "x"),
            ],
            Status::Pass,
        );
        assert_eq!(o.summary, "2 decision records in docs/adr");
        expect(
            &Adr,
            "rst decisions",
            &[("docs/decisions/0001-queue.rst", "x")],
            Status::Pass,
        );
        expect(
            &Adr,
            ".adr-dir",
            &[
                (".adr-dir", "doc/architecture-notes\n"),
                ("doc/architecture-notes/0001-x.md", "x"),
            ],
            Status::Pass,
        );
        let o = expect(
            &Adr,
            "template only",
            &[
                ("docs/adr/template.md", "x"),
                ("docs/adr/README.md", "x"),
                ("docs/adr/0000-adr-template.md", "x"),
            ],
            Status::Fail,
        );
        assert!(
            o.summary.contains("only a README, index or template"),
            "{}",
            o.summary
        );
        expect(
            &Adr,
            ".adr-dir to nothing",
            &[(".adr-dir", "doc/adr")],
            Status::Fail,
        );
        expect(&Adr, "none", &[("docs/design.md", "x")], Status::Fail);
        expect(
            &Adr,
            "not documents",
            &[("src/decisions/engine.py", "x")],
            Status::Fail,
        );
        expect(
            &Adr,
            "vendored",
            &[("node_modules/x/docs/adr/0001-x.md", "x")],
            Status::Fail,
        );
    }
}
