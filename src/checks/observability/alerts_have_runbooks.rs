//! `observability.alerts-have-runbooks`: every alert tells the person it
//! pages where to start.
//!
//! An alert has a runbook when its `runbook_url` (or `runbook`) annotation,
//! or a runbook link in a monitor's message, is:
//! - an absolute URL (trusted: it cannot be resolved offline);
//! - a template (`{{ ... }}`, `%(...)s`, `$var`) whose target is known only
//!   at render time (counted, medium confidence);
//! - a relative path to a file of the repository, tried from the alert
//!   file's directory and from the root (`#anchors` dropped). A relative
//!   link to a missing file fails, naming both the alert and the path.
//!
//! An alert with no link still has a runbook when a runbook document names
//! it: a file named after it (`runbooks/HighErrorRate.md`,
//! `high-error-rate.md`) or a heading containing its name (medium).

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::alerts::Found;
use super::may_define_alerts;
use crate::checks::signals::is_doc;
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::{alerts, markup};
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{Content, FileEntry};

pub struct AlertsHaveRunbooks;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("observability.alerts-have-runbooks"),
    title: Cow::Borrowed("Every alert links a runbook"),
    category: Category::Observability,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(Profile::RUNNING),
    applies_when: Cow::Borrowed("alert rules exist in the repository"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Each alert has a runbook_url that resolves, or a runbook naming it"),
    rationale: Cow::Borrowed(
        "The person an alert wakes up needs to know what it means, how bad it is and what to try \
         first. An alert without a runbook turns every page into an investigation from scratch; a \
         link to a runbook that was moved or never written is worse, because it looks handled.",
    ),
    remediation: Cow::Borrowed(
        "Add an annotation to each alert:\n\n\
         ```yaml\n\
         annotations:\n\
         \x20 runbook_url: https://github.com/acme/api/blob/main/docs/runbooks/high-error-rate.md\n\
         ```\n\n\
         or a relative link to a runbook in the repository, or a runbook document with a \
         heading or file named after the alert. Fix links that point at missing files.",
    ),
    passes_when: Cow::Borrowed(
        "every alert has a runbook: an absolute or templated runbook URL, a relative link to an \
         existing file, or a runbook document named after it or with a heading naming it; partial \
         credit per alert",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://runbooks.prometheus-operator.dev/"),
        Cow::Borrowed("https://sre.google/sre-book/practical-alerting/"),
    ]),
};

/// What a runbook-ish document offers for matching alert names.
struct Named {
    /// Lowercased file stem, `-`/`_`/spaces removed.
    stem: String,
    /// Lowercased headings, separators removed.
    headings: Vec<(u32, String)>,
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_runbook_doc(f: &FileEntry) -> bool {
    if !is_doc(f) {
        return false;
    }
    let lower = f.path.to_ascii_lowercase();
    lower.contains("runbook")
        || lower.contains("playbook")
        || lower.contains("alert")
        || lower.starts_with("docs/")
}

/// How a runbook reference resolves.
enum Resolution {
    Found(String),
    Templated,
    Missing(Vec<String>),
}

fn normalize(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            p => out.push(p),
        }
    }
    Some(out.join("/"))
}

fn resolve(ctx: &CheckContext<'_>, alert_file: &FileEntry, target: &str) -> Resolution {
    let t = target.trim();
    if t.starts_with("http://") || t.starts_with("https://") {
        return Resolution::Found(t.to_string());
    }
    if t.contains("{{") || t.contains("%(") || t.contains('$') || t.contains("%s") {
        return Resolution::Templated;
    }
    let bare = t.split('#').next().unwrap_or("").trim_start_matches("./");
    let candidates: Vec<String> = [
        if alert_file.dir().is_empty() {
            bare.to_string()
        } else {
            format!("{}/{}", alert_file.dir(), bare)
        },
        bare.trim_start_matches('/').to_string(),
    ]
    .into_iter()
    .filter_map(|c| normalize(&c))
    .collect::<BTreeSet<_>>()
    .into_iter()
    .collect();
    for c in &candidates {
        let is_dir = ctx
            .ws
            .files()
            .iter()
            .any(|f| f.path.starts_with(&format!("{c}/")));
        if ctx.ws.get(c).is_some() || is_dir {
            return Resolution::Found(c.clone());
        }
    }
    Resolution::Missing(candidates)
}

impl Check for AlertsHaveRunbooks {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        may_define_alerts(file) || is_runbook_doc(file)
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        if is_runbook_doc(file) {
            let stem = file.name().rsplit_once('.').map_or(file.name(), |(s, _)| s);
            // A starter template's example sections name no real alert: the
            // outline model reads the finished text (`markup::finished`).
            let outline = content.model::<markup::Outline>();
            return Some(Box::new(Named {
                stem: squash(stem),
                headings: outline
                    .headings
                    .iter()
                    .map(|h| (h.line, squash(&h.text)))
                    .collect(),
            }));
        }
        let a = content.model::<alerts::Alerts>();
        (!a.0.is_empty()).then(|| Box::new(Found(a.0.clone())) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let found: Vec<(&FileEntry, &Found)> = ctx.data::<Found>().collect();
        let named: Vec<(&FileEntry, &Named)> = ctx.data::<Named>().collect();
        let total: usize = found.iter().map(|(_, a)| a.0.len()).sum();
        if total == 0 {
            return Ok(Outcome::not_applicable("no alert rules in the repository"));
        }
        let mut ok = 0usize;
        let mut findings = Vec::new();
        let mut evidence = Vec::new();
        let mut templated = 0usize;
        for (f, alerts) in &found {
            for a in &alerts.0 {
                let at = format!("{}:{}", f.path, a.line);
                match &a.runbook {
                    Some((target, line)) => match resolve(ctx, f, target) {
                        Resolution::Found(t) => {
                            ok += 1;
                            if evidence.len() < 6 {
                                evidence.push(format!("{} at {at}: runbook {t}", a.name));
                            }
                        }
                        Resolution::Templated => {
                            ok += 1;
                            templated += 1;
                        }
                        Resolution::Missing(tried) => findings.push(Finding::new(
                                &META.id,
                                format!(
                                    "alert {} (at {at}) links runbook {target}, which is not in the repository (looked for {})",
                                    a.name,
                                    tried.join(", ")
                                ),
                            )
                            .rule("dangling-runbook")
                            .at(f.path.clone(), Some(*line))
                            .matched(&format!("{}:{target}", a.name))
.confidence(Confidence::High)),
                    },
                    None => {
                        let key = squash(&a.name);
                        let doc = (key.len() >= 3)
                            .then(|| {
                                named.iter().find_map(|(d, n)| {
                                    if n.stem == key {
                                        return Some(d.path.clone());
                                    }
                                    n.headings
                                        .iter()
                                        .find(|(_, h)| h.contains(&key))
                                        .map(|(l, _)| format!("{}:{l}", d.path))
                                })
                            })
                            .flatten();
                        match doc {
                            Some(d) => {
                                ok += 1;
                                if evidence.len() < 6 {
                                    evidence.push(format!("{} at {at}: named in runbook {d}", a.name));
                                }
                            }
                            None => findings.push(Finding::new(
                                    &META.id,
                                    format!("alert {} has no runbook_url and no runbook names it", a.name),
                                )
                                .rule("no-runbook")
                                .at(f.path.clone(), Some(a.line))
                                .matched(&a.name)
.confidence(Confidence::High)),
                        }
                    }
                }
            }
        }
        if templated > 0 {
            evidence.push(format!(
                "{templated} runbook links are templates, resolved only when rendered"
            ));
        }
        Ok(Outcome::fraction(
            ok as f64 / total as f64,
            format!("{ok} of {total} alerts have a runbook"),
        )
        .basis(Basis::Parsed)
        .evidences(evidence)
        .findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    const RULES: &str = "groups:\n- name: a\n  rules:\n  - alert: HighErrorRate\n    annotations:\n      runbook_url: ../docs/runbooks/high-error-rate.md\n  - alert: DiskFull\n    annotations:\n      runbook_url: https://wiki.example/disk\n";

    #[test]
    fn cases() {
        expect(
            &AlertsHaveRunbooks,
            "all resolve",
            &[
                ("deploy/rules.yml", RULES),
                ("docs/runbooks/high-error-rate.md", "# High error rate"),
            ],
            Status::Pass,
        );
        let o = expect(
            &AlertsHaveRunbooks,
            "dangling relative link",
            &[("deploy/rules.yml", RULES)],
            Status::Partial,
        );
        assert!(
            o.findings[0]
                .message
                .contains("docs/runbooks/high-error-rate.md"),
            "{:?}",
            o.findings
        );
        assert_eq!(o.findings[0].location(), "deploy/rules.yml:6");
        expect(
            &AlertsHaveRunbooks,
            "no runbook at all",
            &[(
                "rules.yml",
                "groups:\n- rules:\n  - alert: A1\n    expr: x\n",
            )],
            Status::Fail,
        );
        expect(
            &AlertsHaveRunbooks,
            "named by a runbook heading",
            &[
                (
                    "rules.yml",
                    "groups:\n- rules:\n  - alert: HighLatency\n    expr: x\n",
                ),
                (
                    "docs/runbooks/api.md",
                    "# API\n## HighLatency\nCheck the DB.\n",
                ),
            ],
            Status::Pass,
        );
        expect(
            &AlertsHaveRunbooks,
            "named by a runbook file",
            &[
                ("rules.yml", "groups:\n- rules:\n  - alert: HighLatency\n"),
                ("runbooks/high-latency.md", "x"),
            ],
            Status::Pass,
        );
        expect(&AlertsHaveRunbooks, "templated link", &[("chart/templates/rules.yaml", "groups:\n- rules:\n  - alert: X1\n    annotations:\n      runbook_url: \"{{ .Values.runbookBase }}/x1\"\n")], Status::Pass);
        expect(
            &AlertsHaveRunbooks,
            "no alerts",
            &[("README.md", "# x")],
            Status::NotApplicable,
        );
    }
}
