//! `ops.runbooks`: runbooks exist in the repository and cover incident
//! response, rollback, backup/restore and alerts.
//!
//! Detection: documents (Markdown, reStructuredText, AsciiDoc, text) under a
//! directory named `runbooks`, `runbook`, `playbooks`, `playbook`, `oncall`,
//! `on-call` (any depth), or under `ops/`, `operations/` at the root or in
//! `docs/`; and documents whose name holds `runbook` or `playbook`, or is
//! `OPERATIONS`, `ONCALL`, `incident*`. Vendored and fixture trees are
//! ignored; Ansible playbooks (YAML) are not documents and do not count.
//!
//! Each topic is found, in order of confidence, by a heading (with its
//! line), by a file name (`runbooks/rollback.md`, `runbooks/alerts/...`),
//! or, as a fallback at pattern confidence, by at least two mentions in a
//! runbook's prose. Keywords are word prefixes (`escalat` matches
//! escalation and escalate), matched on whole words.
//!
//! A troubleshooting guide (`TROUBLESHOOTING.md`, `docs/troubleshooting.md`)
//! is a runbook wherever it lives: it is the operator's page for common
//! failures, the fourth topic.
//!
//! Wherever else a document lives (a docs tree, a standard operating
//! procedure), it is a runbook by its content: at least three headings
//! named for alerts (`KubePodCrashLooping`), headings naming two of the
//! topics, or an operational procedure: a command run against the live
//! system (`kubectl exec`, `rails console`, `manage.py shell`, `psql`...)
//! in a code block of a page that speaks of production.
//!
//! Limits: runbooks kept in a wiki or an incident tool are invisible here;
//! declare them with an attestation. Coverage is judged by words, not by
//! whether the steps are right.

use std::borrow::Cow;
use std::sync::LazyLock;

use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::markup::{self, best_match, Stem};
use crate::model::{Basis, Outcome};
use crate::workspace::{Content, FileEntry};

pub struct Runbooks;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ops.runbooks"),
    title: Cow::Borrowed("Runbooks cover incidents, rollback, backup and restore, and alerts"),
    category: Category::Operations,
    severity: Severity::High,
    profiles: Cow::Borrowed(Profile::RUNNING),
    applies_when: Cow::Borrowed("the repository is a service or a worker"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Runbooks in the repo say what to do when it breaks"),
    rationale: Cow::Borrowed(
        "At 3 a.m. the person paged is rarely the person who wrote the service. Without a runbook they \
         improvise: they do not know who to escalate to, how to roll back the last release, where the \
         backups are or what an alert means. Incidents last longer and recovery steps get skipped. \
         Runbooks next to the code are versioned and reviewed with the changes that make them stale.",
    ),
    remediation: Cow::Borrowed(
        "Add a `docs/runbooks/` directory (or `RUNBOOK.md`) with a section for each topic:\n\n\
         ```text\n\
         docs/runbooks/\n\
         \x20 incident-response.md   severities, who is on call, how to escalate, postmortems\n\
         \x20 rollback.md            how to return to the previous version, and how to verify it\n\
         \x20 backup-restore.md      where backups are, how to restore one, how long it takes\n\
         \x20 alerts.md              one section per alert: what it means, first checks, fixes\n\
         ```\n\n\
         Use headings that name the topic (\"## Rolling back a release\"); they are what responders \
         scan for, and what this check reads.",
    ),
    passes_when: Cow::Borrowed(
        "runbook documents exist and, across them, cover every required topic: incident response and \
         escalation, rollback, backup and restore, alerts and common failures; partial credit per \
         topic. A troubleshooting guide counts as a runbook for common failures; an operational \
         how-to (a live-system command on a page about production) counts as a runbook",
    ),
    params: Cow::Borrowed(&[(
        Cow::Borrowed("topics"),
        Cow::Borrowed(
            "the topics to require, from: incident, rollback, backup, alerts (default: all four)",
        ),
    )]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://sre.google/sre-book/being-on-call/"),
        Cow::Borrowed("https://response.pagerduty.com/"),
    ]),
};

struct Topic {
    id: &'static str,
    label: &'static str,
    /// Word prefixes; a phrase matches consecutive words.
    keywords: &'static [&'static str],
}

const TOPICS: &[Topic] = &[
    Topic {
        id: "incident",
        label: "incident response/escalation",
        keywords: &[
            "incident",
            "escalat",
            "on call",
            "oncall",
            "pager",
            "paging",
            "severity",
            "sev1",
            "sev2",
            "postmortem",
            "post mortem",
            "outage",
            "emergenc",
        ],
    },
    Topic {
        id: "rollback",
        label: "rollback",
        keywords: &[
            "rollback",
            "roll back",
            "revert",
            "previous version",
            "previous release",
            "downgrad",
            "back out",
            "backout",
        ],
    },
    Topic {
        id: "backup",
        label: "backup/restore",
        keywords: &[
            "backup",
            "back up",
            "restor",
            "disaster recovery",
            "point in time",
            "pitr",
            "snapshot",
            "data recovery",
        ],
    },
    Topic {
        id: "alerts",
        label: "alerts and common failures",
        keywords: &[
            "alert",
            "alarm",
            "dashboard",
            "fires",
            "firing",
            "troubleshoot",
            "common problem",
            "common issue",
            "known issue",
        ],
    },
];

const DEFAULT_TOPICS: &[&str] = &["incident", "rollback", "backup", "alerts"];

/// Prose mentions that count as coverage when no heading names a topic.
const PROSE_MENTIONS: usize = 2;

const DOC_EXTS: &[&str] = &[
    "md", "markdown", "mdx", "rst", "adoc", "asciidoc", "txt", "text",
];

fn is_doc(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, e)| DOC_EXTS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Whether `file` is a runbook document, by its name or where it lives.
pub(crate) fn is_runbook(file: &FileEntry) -> bool {
    if !is_doc(file.name()) || file.vendored() || file.fixture() {
        return false;
    }
    let lower = file.path.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let (dirs, name) = parts.split_at(parts.len() - 1);
    let stem = name[0].split('.').next().unwrap_or("");
    let by_dir = dirs.iter().any(|d| {
        matches!(
            *d,
            "runbooks"
                | "runbook"
                | "playbooks"
                | "playbook"
                | "oncall"
                | "on-call"
                | "on_call"
                | "troubleshooting"
        )
    }) || matches!(dirs.first(), Some(&"ops") | Some(&"operations"))
        || (matches!(dirs.first(), Some(&"docs") | Some(&"doc"))
            && matches!(dirs.get(1), Some(&"ops") | Some(&"operations")));
    let by_name = stem.contains("runbook")
        || stem.contains("playbook")
        || matches!(stem, "operations" | "oncall" | "on-call" | "on_call")
        || stem.starts_with("incident")
        || stem.starts_with("troubleshoot");
    by_dir || by_name
}

/// A document that may be a runbook by what it says, wherever it lives:
/// docs trees, and paths that speak of operations (a standard operating
/// procedure, a troubleshooting guide).
fn is_candidate(file: &FileEntry) -> bool {
    if !is_doc(file.name()) || file.vendored() || file.fixture() {
        return false;
    }
    let lower = file.path.to_ascii_lowercase();
    let in_docs = lower
        .split('/')
        .rev()
        .skip(1)
        .any(|d| matches!(d, "docs" | "doc" | "documentation"));
    let ops_words = [
        "sop",
        "troubleshoot",
        "operat",
        "incident",
        "oncall",
        "alert",
        "disaster",
    ];
    in_docs || ops_words.iter().any(|w| lower.contains(w))
}

/// Commands that act on a running system, as an operator types them.
const LIVE_COMMANDS: &[&str] = &[
    "kubectl exec",
    "kubectl run",
    "kubectl rollout",
    "kubectl scale",
    "rails c\n",
    "rails console",
    "rails runner",
    "rails c ",
    "manage.py shell",
    "manage.py dbshell",
    "psql ",
    "mysql -",
    "redis-cli",
    "heroku run",
    "docker exec",
    "docker compose exec",
    "docker-compose exec",
    "cf ssh",
    "fly ssh",
];

/// An operational procedure: a code block running a command against the
/// live system, on a page that speaks of production (a how-to for
/// operators, not a setup guide for developers).
fn is_procedure(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if !lower.contains("production") {
        return false;
    }
    let mut in_block = false;
    for line in lower.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_block = !in_block;
            continue;
        }
        if in_block {
            let l = format!("{}\n", t.trim_start_matches(['$', '#', '>', ' ']));
            if LIVE_COMMANDS.iter().any(|c| l.contains(c)) {
                return true;
            }
        }
    }
    false
}

/// An alert's name as a heading (`KubePodCrashLooping`, `HighErrorRate`):
/// one word, at least two capitals, letters and digits only. A document
/// with a section per alert is a runbook whatever it is called.
fn is_alert_name(heading: &str) -> bool {
    let h = heading.trim().trim_start_matches("Alert:").trim();
    !h.contains(' ')
        && h.len() >= 6
        && h.chars().all(|c| c.is_ascii_alphanumeric())
        && h.starts_with(|c: char| c.is_ascii_uppercase())
        && h.chars().filter(|c| c.is_ascii_uppercase()).count() >= 2
        && h.chars().any(|c| c.is_ascii_lowercase())
}

/// Alert-name headings that make a document a runbook by its content.
const ALERT_SECTIONS: usize = 3;
/// Topics named by headings that make a document a runbook by its content.
const TOPIC_SECTIONS: usize = 2;

/// How one runbook covers each topic (indexed like `TOPICS`).
#[derive(Default)]
struct Coverage {
    /// (line, heading text) of the first heading naming the topic.
    heading: [Option<(u32, String)>; 4],
    /// The file's own name names the topic.
    by_name: [bool; 4],
    /// Mentions in prose.
    mentions: [usize; 4],
    /// Found by its headings, not by its name or place.
    by_content: bool,
    /// The first line still holding a starter template's marker.
    template: Option<u32>,
}

fn topic_of(words: &[String]) -> Vec<usize> {
    TOPICS
        .iter()
        .enumerate()
        .filter(|(_, t)| best_match(words, t.keywords, Stem::Prefix) > 0)
        .map(|(i, _)| i)
        .collect()
}

impl Check for Runbooks {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        is_runbook(file) || is_candidate(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        // What a starter template left unwritten is no evidence, nor is the
        // name of a file still holding one.
        let finished = markup::finished(&file.path, content.text());
        let text = finished.as_ref();
        let mut cov = Coverage {
            template: markup::marker_line(content.text()),
            ..Coverage::default()
        };
        let mut alert_sections = 0;
        let alerts = TOPICS.iter().position(|t| t.id == "alerts").unwrap_or(3);
        for h in content.model::<markup::Outline>().headings.iter() {
            for i in topic_of(&markup::words(&h.text)) {
                cov.heading[i].get_or_insert((h.line, h.text.chars().take(60).collect()));
            }
            if is_alert_name(&h.text) {
                alert_sections += 1;
                if alert_sections == ALERT_SECTIONS {
                    cov.heading[alerts].get_or_insert((
                        h.line,
                        format!("{} and other sections named for alerts", h.text),
                    ));
                }
            }
        }
        let path_words = markup::words(&file.path.to_ascii_lowercase());
        for i in topic_of(&path_words) {
            cov.by_name[i] = cov.template.is_none();
        }
        // Prose mentions, over a bounded prefix of the text.
        let mut end = text.len().min(256 * 1024);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let words = markup::words(&text[..end]);
        for i in 0..TOPICS.len() {
            for k in 0..words.len() {
                let rest = &words[k..words.len().min(k + 3)];
                if KEYWORD_WORDS[i].iter().any(|kw| starts_here(rest, kw)) {
                    cov.mentions[i] += 1;
                }
            }
        }
        // Elsewhere than a runbook's usual place, a document is one by what
        // its headings say: a section per alert, or sections on incidents,
        // rollback, restore.
        if !is_runbook(file) {
            let topics = cov.heading.iter().filter(|h| h.is_some()).count();
            // Sections named like alerts count when the text speaks of
            // operating them: a UI library's `AlertDialog` pages do not.
            let lower = text[..end].to_ascii_lowercase();
            let operating = [
                "firing",
                "fires",
                "severity",
                "investigat",
                "mitigat",
                "on-call",
                "oncall",
                "escalat",
            ]
            .iter()
            .any(|w| lower.contains(w));
            let per_alert = alert_sections >= ALERT_SECTIONS && operating;
            if !per_alert && topics < TOPIC_SECTIONS && !is_procedure(&text[..end]) {
                return None;
            }
            cov.by_content = true;
        }
        Some(Box::new(cov))
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let required = ctx.params.strings_or("topics", DEFAULT_TOPICS);
        let mut wanted = Vec::new();
        for r in &required {
            let i = TOPICS
                .iter()
                .position(|t| t.id == r.as_str())
                .ok_or_else(|| {
                    CheckError::new(format!(
                        "param `topics`: unknown topic '{r}' (known: {})",
                        DEFAULT_TOPICS.join(", ")
                    ))
                })?;
            wanted.push(i);
        }
        let covs: Vec<(&FileEntry, &Coverage)> = ctx.data::<Coverage>().collect();
        let mut files: Vec<&FileEntry> = ctx.ws.files().iter().filter(|f| is_runbook(f)).collect();
        files.extend(covs.iter().filter(|(_, c)| c.by_content).map(|(f, _)| *f));
        files.sort_by(|a, b| a.path.cmp(&b.path));
        if files.is_empty() {
            return Ok(Outcome::fail("no runbooks").evidence(
                "looked for documents under runbooks/, runbook/, playbooks/, docs/runbooks/, docs/ops/, \
                 docs/operations/, ops/, operations/, oncall/, on-call/, and for *runbook*, *playbook*, \
                 RUNBOOK.md, OPERATIONS.md, ONCALL.md, incident*.md (Markdown, rst, AsciiDoc, text), \
                 TROUBLESHOOTING.md, and for documents under docs/ whose headings name alerts or incidents, \
                 rollback and restore, or that run commands against production",
            ));
        }
        let mut evidence = vec![format!(
            "{} runbook file{}: {}{}",
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            files
                .iter()
                .take(5)
                .map(|f| f.path.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            if files.len() > 5 { ", ..." } else { "" }
        )];
        for (f, c) in &covs {
            if let Some(line) = c.template {
                evidence.push(format!(
                    "{}:{line}: a starter template; its sections count once written (replace each {})",
                    f.path,
                    markup::TEMPLATE_MARKER
                ));
            }
        }
        let mut covered = 0usize;
        let mut pattern_only = false;
        let mut missing = Vec::new();
        for &i in &wanted {
            let t = &TOPICS[i];
            let by_heading = covs
                .iter()
                .find_map(|(f, c)| c.heading[i].as_ref().map(|h| (f, h)));
            let by_name = covs.iter().find(|(_, c)| c.by_name[i]);
            let by_prose = covs
                .iter()
                .filter(|(_, c)| c.mentions[i] >= PROSE_MENTIONS)
                .max_by_key(|(_, c)| c.mentions[i]);
            if let Some((f, (line, text))) = by_heading {
                evidence.push(format!("{}: {}:{line} (\"{text}\")", t.label, f.path));
            } else if let Some((f, _)) = by_name {
                evidence.push(format!("{}: {} (by its name)", t.label, f.path));
            } else if let Some((f, c)) = by_prose {
                pattern_only = true;
                evidence.push(format!(
                    "{}: mentioned {} times in {} (no heading names it)",
                    t.label, c.mentions[i], f.path
                ));
            } else {
                missing.push(t.id);
                evidence.push(format!(
                    "{}: not covered (looked for headings with {})",
                    t.label,
                    t.keywords
                        .iter()
                        .take(5)
                        .map(|k| format!("\"{k}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
                continue;
            }
            covered += 1;
        }
        let total = wanted.len();
        let summary = if missing.is_empty() {
            format!("runbooks cover all {total} topics")
        } else if covered == 0 {
            format!(
                "{} runbook file{} cover none of: {}",
                files.len(),
                if files.len() == 1 { "" } else { "s" },
                missing.join(", ")
            )
        } else {
            format!(
                "runbooks cover {covered} of {total} topics (missing: {})",
                missing.join(", ")
            )
        };
        let score = if total == 0 {
            1.0
        } else {
            covered as f64 / total as f64
        };
        Ok(Outcome::fraction(score, summary)
            .basis(if pattern_only {
                Basis::Pattern
            } else {
                Basis::Parsed
            })
            .evidences(evidence))
    }
}

/// The topics (`incident`, `rollback`, `backup`, `alerts`) an outcome of
/// this check found no runbook section for: all of them when it found no
/// runbook at all. `shipready init --templates` writes a starter for each.
pub fn uncovered_topics(outcome: &Outcome) -> Vec<&'static str> {
    if outcome.status == crate::model::Status::Fail && outcome.summary == "no runbooks" {
        return DEFAULT_TOPICS.to_vec();
    }
    TOPICS
        .iter()
        .filter(|t| {
            let missing = format!("{}: not covered", t.label);
            outcome.evidence.iter().any(|e| e.starts_with(&missing))
        })
        .map(|t| t.id)
        .collect()
}

/// Whether `kw` matches starting at the first word of `rest`, so a
/// mention is counted once, where it begins.
fn starts_here(rest: &[String], kw: &[String]) -> bool {
    kw.len() <= rest.len() && rest.iter().zip(kw).all(|(h, k)| h.starts_with(k.as_str()))
}

/// Each topic's keywords, split into words once.
static KEYWORD_WORDS: LazyLock<Vec<Vec<Vec<String>>>> = LazyLock::new(|| {
    TOPICS
        .iter()
        .map(|t| t.keywords.iter().map(|k| markup::words(k)).collect())
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::{expect, run_with};
    use crate::model::Status;

    #[test]
    fn documents_are_runbooks_by_what_their_headings_say() {
        let sop = "# Standard operating procedures\n\nWhat to do when an alert is firing.\n\n\
            ## KubePodCrashLooping\n\nInvestigate the logs.\n\n## EtcdMembersDown\n\nCheck quorum.\n\n\
            ## ApiServerLatencyHigh\n\nScale out, then escalate.\n";
        let troubleshooting =
            "# Troubleshooting\n\n## Rolling back a release\n\nhelm rollback app\n\n\
            ## Restoring from backup\n\npg_restore the latest dump.\n";
        let components =
            "# Alerts\n\nThe alert component shows a message.\n\n## AlertDialog\n\nx\n\n\
            ## AlertTitle\n\nx\n\n## AlertIcon\n\nx\n";
        // (path, text, counts as a runbook)
        let cases: &[(&str, &str, bool)] = &[
            ("operator/docs/monitoring/sop.md", sop, true),
            (
                "docs/admin/operations/troubleshooting/index.md",
                troubleshooting,
                true,
            ),
            ("docs/guide/recovery.md", troubleshooting, true),
            // Near misses: alert-named sections that are UI components, and
            // a docs page naming one topic only.
            ("docs/components/alert.md", components, false),
            // A troubleshooting guide, by its name, anywhere.
            ("docs/troubleshooting.md", "# Troubleshooting\n\n## Emails not sent\n\nResend.\n", true),
            ("TROUBLESHOOTING.md", "Common fixes.\n", true),
            // An operational how-to: a live command on a production page.
            (
                "docs/reset_passwords.md",
                "# Resetting every password\n\nOn production:\n\n```\nkubectl exec -it deploy/app -- rails c\n```\n",
                true,
            ),
            // Near misses: the same command in a development guide, and a
            // production page with no command.
            (
                "docs/development.md",
                "# Development\n\n```\ndocker compose exec app rails c\n```\n",
                false,
            ),
            (
                "docs/hosting.md",
                "# Hosting\n\nWe run production on two regions.\n\n```\nnpm run build\n```\n",
                false,
            ),
            (
                "docs/guide/deploy.md",
                "# Deploy\n\n## Rolling back\n\nhelm rollback\n",
                false,
            ),
        ];
        for (path, text, runbook) in cases {
            let o = run_with(
                &Runbooks,
                &[(path, text)],
                &Params::default(),
                Profile::Service,
            );
            assert_eq!(o.summary == "no runbooks", !runbook, "{path}: {o:?}");
        }
    }

    #[test]
    fn uncovered_topics_come_from_the_outcome() {
        let run = |files: &[(&str, &str)]| {
            uncovered_topics(&run_with(
                &Runbooks,
                files,
                &Params::default(),
                Profile::Service,
            ))
        };
        assert_eq!(
            run(&[("README.md", "# x\n")]),
            vec!["incident", "rollback", "backup", "alerts"]
        );
        assert_eq!(
            run(&[(
                "docs/runbooks/ops.md",
                "# Ops\n## Incident response\nx\n## Rolling back\ny\n"
            )]),
            vec!["backup", "alerts"]
        );
        assert!(run(&[(
            "RUNBOOK.md",
            "# Ops\n## Incidents\n## Rollback\n## Restore a backup\n## Alerts\n"
        )])
        .is_empty());
    }

    #[test]
    fn unfilled_templates_earn_nothing_until_written() {
        let template = "# Rolling back a release\n\nTODO(shipready): the command that returns to the previous release.\n\n\
            ## Verifying the rollback\n\nTODO(shipready): how to tell it worked.\n";
        let written = "# Rolling back a release\n\nhelm rollback app, then watch the error rate.\n";
        // (files, expected score)
        let cases: &[(&[(&str, &str)], f64)] = &[
            (&[("docs/runbooks/rollback.md", template)], 0.0),
            (&[("docs/runbooks/rollback.md", written)], 0.25),
            (
                &[
                    ("docs/runbooks/rollback.md", written),
                    (
                        "docs/runbooks/alerts.md",
                        "# Alerts\n\nTODO(shipready): one section per alert.\n",
                    ),
                ],
                0.25,
            ),
        ];
        for (files, score) in cases {
            let o = run_with(&Runbooks, files, &Params::default(), Profile::Service);
            assert_eq!(o.score, *score, "{files:?}: {o:?}");
            let flagged = o.evidence.iter().any(|e| e.contains("a starter template"));
            let has_template = files.iter().any(|(_, t)| t.contains("TODO(shipready)"));
            assert_eq!(flagged, has_template, "{:?}", o.evidence);
        }
    }

    #[test]
    fn finds_runbook_files() {
        let yes = [
            "runbooks/db.md",
            "docs/runbooks/deploy.rst",
            "services/api/runbook/alerts.adoc",
            "RUNBOOK.md",
            "docs/ops/backup.md",
            "ops/README.md",
            "OPERATIONS.md",
            "ONCALL.md",
            "docs/incident-response.md",
            "docs/on-call/rotation.md",
            "docs/payments-runbook.txt",
            "TROUBLESHOOTING.md",
            "docs/troubleshooting/emails.md",
        ];
        let no = [
            "playbooks/site.yml",
            "src/ops/mod.rs",
            "src/ops/notes.md",
            "node_modules/x/runbook.md",
            "fixtures/checks/x/runbooks/a.md",
            "docs/design.md",
            "runbooks/restart.sh",
        ];
        for p in yes {
            assert!(is_runbook(&FileEntry::new(p.into(), 1)), "{p}");
        }
        for p in no {
            assert!(!is_runbook(&FileEntry::new(p.into(), 1)), "{p}");
        }
    }

    #[test]
    fn cases() {
        let full = "# Payments runbook\n\n## Incident response\n\nPage the on-call.\n\n## Rolling back a release\n\nx\n\n## Restoring from backup\n\nx\n\n## Alerts\n\n### HighErrorRate\n";
        let o = expect(
            &Runbooks,
            "one file, all topics",
            &[("RUNBOOK.md", full)],
            Status::Pass,
        );
        assert!(
            o.evidence
                .contains(&"rollback: RUNBOOK.md:7 (\"Rolling back a release\")".to_string()),
            "{:?}",
            o.evidence
        );
        assert_eq!(o.basis, Basis::Parsed);

        expect(
            &Runbooks,
            "topics by file name",
            &[
                ("docs/runbooks/incident-response.md", "Call x."),
                ("docs/runbooks/rollback.md", "Run y."),
                ("docs/runbooks/backup-restore.md", "Run z."),
                ("docs/runbooks/alerts/high-latency.md", "Check w."),
            ],
            Status::Pass,
        );
        let o = expect(
            &Runbooks,
            "two of four",
            &[(
                "runbooks/deploy.md",
                "# Deploy\n\n## Rollback\n\nx\n\n## Escalation\n\ny\n",
            )],
            Status::Partial,
        );
        assert_eq!(
            o.summary,
            "runbooks cover 2 of 4 topics (missing: backup, alerts)"
        );
        let o = expect(
            &Runbooks,
            "prose fallback",
            &[("runbooks/deploy.md", "# Deploy\n\nIf it breaks, roll back: the rollback script returns to the previous version.\n")],
            Status::Partial,
        );
        assert_eq!(o.basis, Basis::Pattern);
        assert!(
            o.evidence
                .iter()
                .any(|e| e.starts_with("rollback: mentioned 3 times")),
            "{:?}",
            o.evidence
        );
        expect(
            &Runbooks,
            "runbook covering nothing",
            &[(
                "runbooks/notes.md",
                "# Notes\n\nThe service is written in Go.\n",
            )],
            Status::Fail,
        );
        let o = expect(
            &Runbooks,
            "none",
            &[("README.md", "# x\n## Rollback\n")],
            Status::Fail,
        );
        assert!(o.evidence[0].starts_with("looked for"), "{:?}", o.evidence);
        expect(
            &Runbooks,
            "ansible playbooks are not runbooks",
            &[(
                "playbooks/site.yml",
                "- hosts: all\n  tasks: [] # rollback restore alert incident\n",
            )],
            Status::Fail,
        );
        expect(
            &Runbooks,
            "a single mention is not coverage",
            &[(
                "RUNBOOK.md",
                "# Runbook\n\n## Incidents\n\nWe never snapshot.\n",
            )],
            Status::Partial,
        );
    }

    #[test]
    fn topics_param_and_profile() {
        let params: Params = serde_json::from_str(r#"{"topics": ["rollback"]}"#).unwrap();
        let o = run_with(
            &Runbooks,
            &[("RUNBOOK.md", "## Rollback\n")],
            &params,
            Profile::Service,
        );
        assert_eq!(o.status, Status::Pass, "{o:?}");
        let params: Params = serde_json::from_str(r#"{"topics": ["chaos"]}"#).unwrap();
        let o = run_with(
            &Runbooks,
            &[("RUNBOOK.md", "## Rollback\n")],
            &params,
            Profile::Service,
        );
        assert_eq!(o.status, Status::Error, "{o:?}");
        assert!(!META.applies_to(Profile::Library));
        assert!(META.applies_to(Profile::Worker));
    }
}
