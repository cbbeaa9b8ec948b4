//! Runbooks, one file per topic that `ops.runbooks` grades (incident
//! response, rollback, backup and restore, alerts), each with the headings
//! that check and the topic's own check (`ops.incident-response`,
//! `recovery.rollback`, `recovery.backups`) look for. Every section holds a
//! `TODO(shipready)` line, so nothing counts until a person writes it.
//!
//! Placed in the directory of the project's existing runbooks, else in
//! `docs/runbooks/` (`doc/runbooks/` in a project that keeps `doc/`).

use super::{note, propose, Inputs, Plan, Starter};
use crate::checks::ops::runbooks::{is_runbook, uncovered_topics};
use crate::formats::markup::TEMPLATE_MARKER;

struct Topic {
    id: &'static str,
    file: &'static str,
    /// The topic's own check, besides ops.runbooks.
    check: Option<&'static str>,
    title: &'static str,
    /// (heading, what to write under it).
    sections: &'static [(&'static str, &'static str)],
}

const TOPICS: &[Topic] = &[
    Topic {
        id: "incident",
        file: "incident-response.md",
        check: Some("ops.incident-response"),
        title: "Incident response",
        sections: &[
            (
                "Severity levels",
                "how an incident is declared and graded: what makes a SEV1, a SEV2 and a SEV3, and who may declare one.",
            ),
            (
                "On-call and paging",
                "who is on call (link the rota), how to page them, and how soon they answer.",
            ),
            (
                "Escalation",
                "whom to call when the on-call engineer is stuck: the owners of each dependency, the incident commander, whoever speaks to customers.",
            ),
            (
                "Communication",
                "where the incident is coordinated (a channel), where customers are told (a status page), and how often updates go out.",
            ),
            (
                "Postmortems",
                "which incidents get a postmortem, written within how many days, kept where.",
            ),
        ],
    },
    Topic {
        id: "rollback",
        file: "rollback.md",
        check: Some("recovery.rollback"),
        title: "Rolling back a release",
        sections: &[
            (
                "When to roll back",
                "the signals that call for going back rather than fixing forward (error rate, latency, failed health checks after a deploy), and who decides.",
            ),
            (
                "How to roll back",
                "the exact command or pipeline that returns to the previous release (for example redeploying the previous image tag), and who may run it.",
            ),
            (
                "Verifying the rollback",
                "how to tell it worked: the dashboard to watch, the version the service reports.",
            ),
            (
                "Database migrations",
                "what to do when the release ran a migration: whether the previous version runs on the new schema, and how to reverse the change if not.",
            ),
        ],
    },
    Topic {
        id: "backup",
        file: "backup-restore.md",
        check: Some("recovery.backups"),
        title: "Backups and restore",
        sections: &[
            (
                "What is backed up",
                "each datastore, how it is backed up (snapshots, dumps, point-in-time recovery), how often, and for how long backups are kept.",
            ),
            (
                "Where the backups are",
                "where they are stored, who can read them, whether they are encrypted and kept in another region or account.",
            ),
            (
                "Restoring from a backup",
                "the steps and commands to restore into a fresh instance, and how long the last restore took.",
            ),
            (
                "Restore drills",
                "how often a restore is rehearsed and where the last drill is recorded (`shipready attest recovery.restore-tested` tells the scan).",
            ),
        ],
    },
    Topic {
        id: "alerts",
        file: "alerts.md",
        check: None,
        title: "Alerts",
        sections: &[
            (
                "How this page is organised",
                "one section per alert rule, headed by the alert's exact name, so that each rule's runbook link can point at its section.",
            ),
            (
                "HighErrorRate",
                "an example section: rename it after one of your alerts and copy it for each of the others. Say what the alert means, what to look at first (dashboards, logs), the known causes and their fixes, and when to escalate.",
            ),
        ],
    },
];

/// The Markdown of one topic's starter.
fn render(t: &Topic) -> String {
    let mut out = format!("# {}\n\n> {}\n", t.title, note());
    for (heading, what) in t.sections {
        out.push_str(&format!("\n## {heading}\n\n{TEMPLATE_MARKER}: {what}\n"));
    }
    out
}

/// The directory of the project's runbooks, or where they belong.
fn runbook_dir(inp: &Inputs<'_>) -> String {
    let existing = inp
        .ws
        .files()
        .iter()
        .filter(|f| is_runbook(f))
        .find_map(|f| {
            let dir = f.dir();
            let last = dir.rsplit('/').next().unwrap_or(dir).to_ascii_lowercase();
            matches!(
                last.as_str(),
                "runbooks"
                    | "runbook"
                    | "playbooks"
                    | "playbook"
                    | "oncall"
                    | "on-call"
                    | "on_call"
                    | "ops"
                    | "operations"
            )
            .then(|| dir.to_string())
        });
    existing.unwrap_or_else(|| format!("{}/runbooks", inp.docs_dir()))
}

pub fn plan(inp: &Inputs<'_>, plan: &mut Plan) {
    let uncovered = inp
        .failing("ops.runbooks")
        .map(|c| uncovered_topics(&c.outcome))
        .unwrap_or_default();
    let dir = runbook_dir(inp);
    for t in TOPICS {
        let mut checks = Vec::new();
        if uncovered.contains(&t.id) {
            checks.push("ops.runbooks".to_string());
        }
        if let Some(c) = t.check.filter(|c| inp.failing(c).is_some()) {
            checks.push(c.to_string());
        }
        if checks.is_empty() {
            continue;
        }
        propose(
            inp,
            plan,
            Starter {
                path: format!("{dir}/{}", t.file),
                text: render(t),
                checks,
                note: format!(
                    "runbook \"{}\": each section counts once its {TEMPLATE_MARKER} line is replaced",
                    t.title
                ),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::run_with;
    use crate::checks::{Check, Params, Profile};
    use crate::model::Status;

    /// A starter as a person might finish it: every guidance line becomes
    /// their text, and the opening note is deleted.
    fn filled(text: &str) -> String {
        text.lines()
            .filter(|l| !l.starts_with('>'))
            .map(|l| l.replace(&format!("{TEMPLATE_MARKER}: "), "We write down "))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn starters_have_the_sections_the_checks_read_and_count_only_once_written() {
        use crate::checks::ops::incident_response::IncidentResponse;
        use crate::checks::ops::runbooks::Runbooks;
        use crate::checks::recovery::backups::Backups;
        use crate::checks::recovery::rollback::Rollback;
        let pg = ("package.json", r#"{"dependencies":{"pg":"8"}}"#);
        // (topic, its own check)
        let own: &[(&str, Option<&dyn Check>)] = &[
            ("incident", Some(&IncidentResponse)),
            ("rollback", Some(&Rollback)),
            ("backup", Some(&Backups)),
            ("alerts", None),
        ];
        for (id, check) in own {
            let t = TOPICS.iter().find(|t| t.id == *id).unwrap();
            let path = format!("docs/runbooks/{}", t.file);
            let raw = render(t);
            let done = filled(&raw);
            for (text, written) in [(raw.as_str(), false), (done.as_str(), true)] {
                let files = [pg, (path.as_str(), text)];
                let o = run_with(&Runbooks, &files, &Params::default(), Profile::Service);
                assert_eq!(
                    uncovered_topics(&o).contains(id),
                    !written,
                    "{id} written={written}: {:?}",
                    o.evidence
                );
                if let Some(check) = check {
                    let o = run_with(*check, &files, &Params::default(), Profile::Service);
                    assert_eq!(
                        o.status == Status::Pass,
                        written,
                        "{id} written={written}: {} {:?}",
                        o.summary,
                        o.evidence
                    );
                }
            }
        }
    }
}
