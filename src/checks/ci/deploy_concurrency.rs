//! `ci.deploy-concurrency`: deploy and publish jobs are serialised.
//!
//! Two deploys of the same environment racing each other end with
//! whichever finished last, which may be the older commit, or with a
//! half-applied migration. GitHub Actions serialises runs that share a
//! `concurrency:` group (at the workflow or job level); GitLab serialises
//! jobs that share a `resource_group:`. A deploy job is one with an
//! `environment:` or a step that deploys, pushes an image or publishes.

use std::borrow::Cow;

use super::{graded, is_ci_file, job_deploys, keep_pipeline, parsed, Ci, Sureness};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::formats::ci::Provider;
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

pub struct DeployConcurrency;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.deploy-concurrency"),
    title: Cow::Borrowed("Deploy jobs cannot run twice at once"),
    category: Category::Deployment,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("a GitHub Actions or GitLab job deploys or publishes"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Deploy/publish jobs use `concurrency` or a GitLab `resource_group`"),
    rationale: Cow::Borrowed(
        "Two merges in quick succession start two deploys. Without serialisation they race, and the \
         environment ends up with whichever finished last, possibly the older commit, or with two \
         migrations running at once.",
    ),
    remediation: Cow::Borrowed(
        "GitHub Actions: `concurrency: { group: deploy-production, cancel-in-progress: false }` on the \
         deploy job or workflow. GitLab: `resource_group: production` on the deploy job.",
    ),
    passes_when: Cow::Borrowed("every deploy or publish job has a `concurrency` group (job or workflow) or a `resource_group`; the score is the share that do"),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.github.com/en/actions/writing-workflows/choosing-what-your-workflow-does/control-the-concurrency-of-workflows-and-jobs"),
        Cow::Borrowed("https://docs.gitlab.com/ci/resource_groups/"),
    ]),
};

impl Check for DeployConcurrency {
    fn meta(&self) -> &CheckMeta {
        &META
    }

    fn wants(&self, file: &FileEntry, _: &Params) -> bool {
        is_ci_file(file)
    }

    fn inspect(&self, _: &FileEntry, content: &Content<'_>, _: &Params) -> Option<FileData> {
        keep_pipeline(content)
    }

    fn run(&self, ctx: &CheckContext<'_>) -> Result<Outcome, CheckError> {
        let ci = Ci::of(ctx);
        let (mut total, mut ok) = (0usize, 0usize);
        let mut findings = Vec::new();
        let mut evidence = Vec::new();
        for (path, p) in &ci.pipelines {
            if !p.is_valid() || !matches!(p.provider, Provider::GithubActions | Provider::GitlabCi)
            {
                continue;
            }
            for job in p.live_jobs() {
                let Some((line, what)) = job_deploys(p, job) else {
                    continue;
                };
                total += 1;
                let serial = p
                    .inherited(job, |j| j.concurrency.as_ref())
                    .or(p.concurrency.as_ref());
                if let Some(c) = serial {
                    ok += 1;
                    evidence.push(format!(
                        "{path}:{}: job `{}` serialised by `{}`",
                        c.line, job.id, c.value
                    ));
                    continue;
                }
                let how = if p.provider == Provider::GitlabCi {
                    "resource_group"
                } else {
                    "concurrency group"
                };
                findings.push(graded(
                    finding(&META, format!("job `{}` deploys ({what}, line {line}) with no {how}; two runs can race", job.id))
                        .rule("deploy-without-concurrency")
                        .at(path.to_string(), Some(job.line)),
                    Sureness::High,
                ));
            }
        }
        if total == 0 {
            return Ok(Outcome::not_applicable("no deploy or publish job"));
        }
        Ok(parsed(Outcome::fraction(
            ok as f64 / total as f64,
            format!("{ok} of {total} deploy jobs serialised"),
        ))
        .evidences(evidence.into_iter().take(10))
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
        let cases: &[(&str, &str, &str, Status)] = &[
            ("job group", ".github/workflows/d.yml", "on: push\njobs:\n  d:\n    environment: prod\n    concurrency: deploy\n    steps: [{run: x}]\n", Status::Pass),
            ("workflow group", ".github/workflows/d.yml", "on: push\nconcurrency:\n  group: deploy\njobs:\n  d:\n    steps: [{run: kubectl apply -f k8s/}]\n", Status::Pass),
            ("none", ".github/workflows/d.yml", "on: push\njobs:\n  d:\n    environment: prod\n    steps: [{run: x}]\n", Status::Fail),
            ("gitlab resource group", ".gitlab-ci.yml", "deploy:\n  environment: production\n  resource_group: production\n  script: [./deploy.sh]\n", Status::Pass),
            ("gitlab none", ".gitlab-ci.yml", "deploy:\n  script: [helm upgrade --install a ./c]\n", Status::Fail),
            ("no deploy", ".github/workflows/d.yml", "on: push\njobs:\n  t:\n    steps: [{run: cargo test}]\n", Status::NotApplicable),
        ];
        for (name, path, text, want) in cases {
            expect(&DeployConcurrency, name, &[(path, text)], *want);
        }
    }
}
