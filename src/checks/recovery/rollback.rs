//! `recovery.rollback`: how to return to the previous release is written
//! down, or the deployment does it by itself.
//!
//! Evidence, by confidence:
//! - a deploy strategy that rolls back (high): Argo Rollouts `Rollout`,
//!   Flagger `Canary`, CodeDeploy auto-rollback or blue/green, an ECS
//!   deployment circuit breaker with `rollback = true`, `helm upgrade
//!   --atomic`;
//! - a document with a section about rolling back (a heading naming
//!   rollback, roll back, revert, downgrade or the previous version);
//! - rollback commands in docs, scripts or CI (`helm rollback`, `kubectl
//!   rollout undo`, `argocd app rollback`, `kamal rollback`, `cap
//!   deploy:rollback`, `heroku rollback`), and tools whose deploys keep
//!   releases to roll back to (Capistrano, Kamal) (medium).
//!
//! Changelogs and security policies do not count; migration rollbacks are
//! the migrations area's business.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::is_ops_doc;
use crate::checks::signals::DocHeadings;
use crate::checks::{
    Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params, Profile,
    Severity, Stability,
};
use crate::formats::markup::finished;
use crate::model::{Basis, Confidence, Finding, Outcome};
use crate::workspace::{line_of, Content, FileEntry, FileKind};

pub struct Rollback;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("recovery.rollback"),
    title: Cow::Borrowed("Rolling back a release is documented or automatic"),
    category: Category::Recovery,
    severity: Severity::High,
    profiles: Cow::Borrowed(Profile::RUNNING),
    applies_when: Cow::Borrowed("the repository is a service or a worker"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("A rollback procedure is written down, or the deploy strategy rolls back"),
    rationale: Cow::Borrowed(
        "The fastest fix for a bad release is usually the previous release. Teams that have never \
         written down how to go back improvise during the incident: they rebuild old commits, \
         forget the config that changed with it, or roll forward under pressure.",
    ),
    remediation: Cow::Borrowed(
        "Add a \"Rolling back\" section to the runbook or deployment docs: the command \
         (`helm rollback`, `kubectl rollout undo`, redeploying the previous image tag), who may \
         run it, how to tell it worked, and what to do about database migrations. Better still, \
         let the platform roll back on failed health checks (Argo Rollouts, Flagger, `helm upgrade \
         --atomic`, ECS circuit breaker, CodeDeploy auto-rollback).",
    ),
    passes_when: Cow::Borrowed(
        "a document has a section on rolling back, or a deploy strategy or tool that rolls back \
         (Argo Rollouts, Flagger, CodeDeploy, ECS circuit breaker, helm --atomic) is configured, or \
         rollback commands appear in docs, scripts or CI",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://sre.google/workbook/canarying-releases/"),
        Cow::Borrowed("https://argo-rollouts.readthedocs.io/en/stable/"),
    ]),
};

const ROLLBACK_WORDS: &[&str] = &[
    "rollback",
    "roll back",
    "rolling back",
    "rollbacks",
    "revert a release",
    "reverting a release",
    "revert a deploy",
    "reverting a deploy",
    "revert the release",
    "downgrad",
    "previous version",
    "previous release",
    "back out",
    "undo a deploy",
    "undo a release",
];

static STRATEGIES: LazyLock<Vec<(Regex, &'static str, Confidence)>> = LazyLock::new(|| {
    let r = |p: &str| Regex::new(p).expect("rollback regex");
    vec![
        (
            r(
                r"(?s)apiVersion:\s*argoproj\.io/\S+.*?kind:\s*Rollout\b|kind:\s*Rollout\b.*?apiVersion:\s*argoproj\.io",
            ),
            "Argo Rollouts",
            Confidence::High,
        ),
        (
            r(r"(?s)apiVersion:\s*flagger\.app/\S+.*?kind:\s*Canary\b"),
            "Flagger canary",
            Confidence::High,
        ),
        (
            r(
                r"auto_rollback_configuration|AutoRollbackConfiguration|deployment_style\s*\{[^}]*BLUE_GREEN",
            ),
            "CodeDeploy auto-rollback/blue-green",
            Confidence::High,
        ),
        (
            r(r"(?s)deployment_circuit_breaker\s*\{[^}]*rollback\s*=\s*true"),
            "ECS circuit breaker with rollback",
            Confidence::High,
        ),
        (
            r(r"helm\s+(?:upgrade|install)\b[^\n]*--atomic|--rollback-on-failure"),
            "helm --atomic (rolls back a failed upgrade)",
            Confidence::High,
        ),
        (
            r(
                r"\bhelm\s+rollback\b|\bkubectl\s+rollout\s+undo\b|\bargocd\s+app\s+rollback\b|\bkamal\s+rollback\b|\bcap\s+\w+\s+deploy:rollback\b|\bheroku\s+rollback\b|\bflyctl?\s+deploy\s+--image\b",
            ),
            "a rollback command",
            Confidence::Medium,
        ),
        (
            r(r#"(?m)^\s*require\s+["']capistrano/deploy["']"#),
            "Capistrano (keeps releases for deploy:rollback)",
            Confidence::Medium,
        ),
    ]
});

#[derive(Default)]
struct Kept {
    heading: Option<(u32, String)>,
    strategy: Option<(u32, &'static str, Confidence)>,
}

fn in_scope(f: &FileEntry) -> bool {
    !f.vendored() && !f.fixture() && !f.test_code()
}

fn is_deploy_config(f: &FileEntry) -> bool {
    let n = f.name().to_ascii_lowercase();
    f.is(FileKind::Yaml)
        || f.is(FileKind::Terraform)
        || f.is(FileKind::Shell)
        || n.ends_with(".tpl")
        || n == "makefile"
        || n == "justfile"
        || n == "capfile"
        || n == "jenkinsfile"
        || n.ends_with(".json") && (n.contains("task") || n.contains("deploy"))
}

impl Check for Rollback {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        in_scope(file) && (is_ops_doc(file) || is_deploy_config(file))
    }

    fn inspect(&self, file: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        // A starter template's unwritten sections are no evidence.
        let done = if is_ops_doc(file) {
            finished(&file.path, content.text())
        } else {
            std::borrow::Cow::Borrowed(content.text())
        };
        let text = done.as_ref();
        let mut k = Kept::default();
        if is_ops_doc(file) {
            k.heading = content
                .model::<DocHeadings>()
                .find(ROLLBACK_WORDS)
                .map(|(l, t)| (l, t.to_string()));
        }
        for (re, what, sure) in STRATEGIES.iter() {
            if let Some(m) = re.find(text) {
                k.strategy = Some((line_of(text, m.start()), what, *sure));
                break;
            }
        }
        (k.heading.is_some() || k.strategy.is_some()).then(|| Box::new(k) as FileData)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let kept: Vec<(&FileEntry, &Kept)> = ctx.data::<Kept>().collect();
        let mut evidence: Vec<(u8, String)> = Vec::new();
        for (f, k) in &kept {
            if let Some((l, t)) = &k.heading {
                evidence.push((1, format!("section \"{t}\" at {}:{l}", f.path)));
            }
            if let Some((l, what, sure)) = &k.strategy {
                let rank = if *sure == Confidence::High { 0 } else { 2 };
                evidence.push((rank, format!("{what} at {}:{l}", f.path)));
            }
        }
        evidence.sort();
        if let Some((rank, first)) = evidence.first() {
            return Ok(Outcome::pass(first.clone())
                .basis(if *rank == 0 {
                    Basis::Parsed
                } else {
                    Basis::Present
                })
                .evidences(evidence.iter().skip(1).take(6).map(|(_, e)| e.clone())));
        }
        // Documents exist that a heading reader may have misread: the miss
        // is medium confidence, at the README or the first document. With
        // no document at all, the procedure is verified absent.
        let docs: Vec<&FileEntry> = ctx.ws.files().iter().filter(|f| is_ops_doc(f)).collect();
        let at = docs
            .iter()
            .find(|f| f.is(FileKind::Readme) && f.depth() == 0)
            .or(docs.first());
        let findings = at
            .map(|f| {
                vec![Finding::new(
                    &META.id,
                    "no rollback procedure in the docs and no deploy strategy that rolls back",
                )
                .rule("no-rollback")
                .at(f.path.clone(), None)
                .confidence(Confidence::Medium)]
            })
            .unwrap_or_default();
        Ok(Outcome::fail("no documented rollback and no rolling-back deploy strategy")
            .basis(Basis::Pattern)
            .evidence("looked for doc sections on rolling back, Argo Rollouts, Flagger, CodeDeploy, ECS circuit breakers, helm --atomic, and rollback commands in docs, scripts and CI")
            .findings(findings))
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
                "runbook section",
                &[(
                    "docs/deploy.md",
                    "# Deploying\n## Rolling back a release\nRun helm.\n",
                )],
                Status::Pass,
            ),
            (
                "argo rollout",
                &[(
                    "k8s/rollout.yaml",
                    "apiVersion: argoproj.io/v1alpha1\nkind: Rollout\n",
                )],
                Status::Pass,
            ),
            (
                "helm atomic in CI",
                &[(
                    ".github/workflows/deploy.yml",
                    "steps:\n  - run: helm upgrade --install api ./chart --atomic\n",
                )],
                Status::Pass,
            ),
            (
                "kubectl rollout undo in a script",
                &[(
                    "scripts/rollback.sh",
                    "kubectl rollout undo deployment/api\n",
                )],
                Status::Pass,
            ),
            (
                "changelog heading does not count",
                &[
                    ("CHANGELOG.md", "## Rollback support\n"),
                    ("README.md", "# api\n"),
                ],
                Status::Partial,
            ),
            (
                "no document at all: verified absent",
                &[("k8s/deploy.yaml", "kind: Deployment\n")],
                Status::Fail,
            ),
            (
                "a plain Deployment does not roll back",
                &[(
                    "k8s/deploy.yaml",
                    "kind: Deployment\nspec:\n  strategy:\n    type: RollingUpdate\n",
                )],
                Status::Fail,
            ),
            (
                "nothing",
                &[("README.md", "# api\n## Usage\n")],
                Status::Partial,
            ),
        ];
        for (name, files, want) in cases {
            expect(&Rollback, name, files, *want);
        }
        // The template names commands only on its marker lines.
        let template = "# Rolling back a release\n\nTODO(shipready): the command (helm rollback, kubectl rollout undo).\n";
        let o = expect(
            &Rollback,
            "unfilled starter template",
            &[("docs/runbooks/rollback.md", template)],
            Status::Partial,
        );
        assert!(
            o.summary.starts_with("no documented rollback"),
            "{}",
            o.summary
        );
    }
}
