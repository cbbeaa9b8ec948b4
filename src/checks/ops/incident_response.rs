//! `ops.incident-response`: an on-call, incident-response or escalation
//! document exists, judged by what it says rather than where it lives.
//!
//! Evidence, by confidence:
//! - a document heading about incidents, on-call, escalation, paging,
//!   severity levels or postmortems, or a document named so (`incident*`,
//!   `on-call*`, `oncall*`, `escalation*`, `postmortem*`);
//! - on-call schedules and escalation policies as code (Terraform
//!   `pagerduty_schedule`, `pagerduty_escalation_policy`,
//!   `opsgenie_schedule`, `opsgenie_escalation`);
//! - prose alone (two or more mentions of on-call, escalation, incident
//!   response or postmortems, with no heading) earns half, medium.
//!
//! Security policies (how to report a vulnerability) and changelogs do
//! not count: they are not how an outage is handled.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use crate::checks::recovery::is_ops_doc;
use crate::checks::signals::DocHeadings;
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::markup::{finished, marker_line};
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{line_of, Content, FileEntry, FileKind};

pub struct IncidentResponse;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ops.incident-response"),
    title: Cow::Borrowed("Incident response and escalation are written down"),
    category: Category::Operations,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(Profile::RUNNING),
    applies_when: Cow::Borrowed("the repository is a service or a worker"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("An on-call / incident-response / escalation document exists"),
    rationale: Cow::Borrowed(
        "During an outage, nobody should have to work out who is on call, who decides, how to \
         reach the owners of a dependency or when to tell customers. A written process makes the \
         first minutes mechanical and the postmortem routine.",
    ),
    remediation: Cow::Borrowed(
        "Write `docs/incident-response.md` (or a runbook section) covering: how incidents are \
         declared and graded (severity levels), who is on call and how to page them, the \
         escalation path, communication (status page, channels), and the postmortem process. \
         On-call schedules managed as code (PagerDuty, Opsgenie Terraform) count too.",
    ),
    passes_when: Cow::Borrowed(
        "a document has a heading (or a file name) about incident response, on-call, escalation, \
         severity levels or postmortems, or on-call schedules/escalation policies are code; half \
         credit for prose mentions alone",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://response.pagerduty.com/"),
        Cow::Borrowed("https://sre.google/sre-book/managing-incidents/"),
    ]),
};

const HEADING_WORDS: &[&str] = &[
    "incident",
    "on call",
    "oncall",
    "on-call",
    "escalat",
    "paging",
    "pager",
    "severity level",
    "sev1",
    "sev 1",
    "postmortem",
    "post mortem",
    "outage",
];

static PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\bon[- ]?call\b|\bescalat\w*|\bincident response\b|\bpost-?mortems?\b|\bpagerduty\b|\bopsgenie\b").expect("prose regex")
});
static AS_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"resource\s+"(pagerduty_schedule|pagerduty_escalation_policy|opsgenie_schedule|opsgenie_escalation|opsgenie_team_routing_rule|incident_\w+)""#).expect("as code regex")
});

#[derive(Default)]
struct Kept {
    heading: Option<(u32, String)>,
    named: bool,
    mentions: usize,
    as_code: Option<(u32, String)>,
}

fn named(f: &FileEntry) -> bool {
    let stem = f.name().to_ascii_lowercase();
    [
        "incident",
        "on-call",
        "oncall",
        "on_call",
        "escalation",
        "postmortem",
    ]
    .iter()
    .any(|p| stem.starts_with(p))
}

impl Check for IncidentResponse {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        !file.vendored() && !file.fixture() && (is_ops_doc(file) || file.is(FileKind::Terraform))
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        let text = content.text();
        let mut k = Kept::default();
        if file.is(FileKind::Terraform) {
            k.as_code = AS_CODE.captures(text).and_then(|c| {
                Some((
                    line_of(text, c.get(0)?.start()),
                    c.get(1)?.as_str().to_string(),
                ))
            });
        } else {
            // A starter template's unwritten sections are no evidence (the
            // model reads the finished text), and neither is the name of a
            // file still holding one.
            k.heading = content
                .model::<DocHeadings>()
                .find(HEADING_WORDS)
                .map(|(l, t)| (l, t.to_string()));
            k.named = named(file) && marker_line(text).is_none();
            k.mentions = PROSE.find_iter(&finished(&file.path, text)).count();
        }
        (k.heading.is_some() || k.named || k.mentions > 0 || k.as_code.is_some())
            .then(|| Box::new(k) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let kept: Vec<(&FileEntry, &Kept)> = ctx.data::<Kept>().collect();
        let mut strong = Vec::new();
        for (f, k) in &kept {
            if let Some((l, t)) = &k.heading {
                strong.push(format!("section \"{t}\" at {}:{l}", f.path));
            } else if k.named {
                strong.push(format!("document {}", f.path));
            }
            if let Some((l, r)) = &k.as_code {
                strong.push(format!("{r} at {}:{l}", f.path));
            }
        }
        if let Some(first) = strong.first() {
            return Ok(Outcome::pass(first.clone())
                .basis(Basis::Present)
                .evidences(strong.iter().skip(1).take(6).cloned()));
        }
        let mentions: usize = kept.iter().map(|(_, k)| k.mentions).sum();
        if mentions >= 2 {
            let (f, _) = kept
                .iter()
                .max_by_key(|(_, k)| k.mentions)
                .copied()
                .unwrap_or(kept[0]);
            return Ok(Outcome::fraction(0.5, format!("{mentions} mentions of on-call or escalation, no section"))
                .basis(Basis::Pattern)
                .findings(vec![Finding::new(&META.id, "on-call and escalation are mentioned but no document or section describes the process")
                        .rule("mentions-only")
                        .at(f.path.clone(), None)
.confidence(Confidence::Medium)]));
        }
        Ok(Outcome::fail("no incident-response, on-call or escalation document")
            .basis(Basis::Pattern)
            .evidence("looked for document headings and names about incidents, on-call, escalation, paging, severity levels and postmortems, and PagerDuty/Opsgenie schedules as code"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Status);
        let cases: &[Case] = &[
            (
                "heading",
                &[(
                    "docs/operations.md",
                    "# Operations\n## Incident response\nPage the on-call.\n",
                )],
                Status::Pass,
            ),
            (
                "named file",
                &[("docs/oncall.md", "Rota in the wiki.")],
                Status::Pass,
            ),
            (
                "pagerduty as code",
                &[(
                    "infra/pd.tf",
                    "resource \"pagerduty_escalation_policy\" \"api\" {}\n",
                )],
                Status::Pass,
            ),
            (
                "prose only",
                &[(
                    "README.md",
                    "# api\nThe on-call engineer decides whether to escalate to the DB team.\n",
                )],
                Status::Partial,
            ),
            (
                "security policy does not count",
                &[("SECURITY.md", "# Security\n## Incident response\n")],
                Status::Fail,
            ),
            ("nothing", &[("README.md", "# api\n")], Status::Fail),
            (
                "unfilled starter template, even by its name",
                &[(
                    "docs/runbooks/incident-response.md",
                    "# Incident response\n\nTODO(shipready): how an incident is declared, who is paged, how to escalate.\n\n\
                     ## Escalation\n\nTODO(shipready): who to call next when the on-call is stuck.\n",
                )],
                Status::Fail,
            ),
            (
                "starter template with one section written",
                &[(
                    "docs/runbooks/incident-response.md",
                    "# Incident response\n\nTODO(shipready): intro.\n\n## Escalation\n\nPage the database team lead.\n",
                )],
                Status::Pass,
            ),
        ];
        for (name, files, want) in cases {
            expect(&IncidentResponse, name, files, *want);
        }
    }
}
