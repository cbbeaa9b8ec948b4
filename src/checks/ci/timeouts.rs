//! `ci.timeouts`: GitHub Actions jobs set `timeout-minutes`.
//!
//! GitHub's default is 360 minutes: a hung test or a waiting prompt burns
//! six hours of runner time and blocks the queue behind it. A job counts as
//! bounded when it sets `timeout-minutes` or every one of its steps does.
//! Jobs that call a reusable workflow cannot set one and are not counted
//! (the called workflow's jobs are). GitLab bounds every job by the
//! project's timeout (60 minutes unless changed), so GitLab and the other
//! providers are not counted.

use std::borrow::Cow;

use super::{graded, is_ci_file, keep_pipeline, list, parsed, Ci, Sureness};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

pub struct Timeouts;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.timeouts"),
    title: Cow::Borrowed("CI jobs set a timeout"),
    category: Category::Deployment,
    severity: Severity::Low,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("GitHub Actions workflows exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Every GitHub Actions job sets timeout-minutes"),
    rationale: Cow::Borrowed(
        "A job without a timeout runs for GitHub's default of six hours when a test hangs or a tool \
         waits for input: it holds a runner, delays every queued job, and on paid runners costs real \
         money before anyone notices.",
    ),
    remediation: Cow::Borrowed(
        "Set `timeout-minutes:` on each job, a few times its usual duration, e.g. `timeout-minutes: 15` \
         for a ten-minute test job.",
    ),
    passes_when: Cow::Borrowed(
        "every job that runs steps sets `timeout-minutes` (or all its steps do); the score is the share \
         of such jobs",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[Cow::Borrowed(
        "https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idtimeout-minutes",
    )]),
};

impl Check for Timeouts {
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
        let mut total = 0usize;
        let mut missing = Vec::new();
        let mut findings = Vec::new();
        for (path, p) in ci.workflows() {
            for job in p.live_jobs().filter(|j| j.calls.is_none()) {
                total += 1;
                let bounded = job.timeout.is_some()
                    || (!job.steps.is_empty() && job.steps.iter().all(|s| s.has_timeout));
                if !bounded {
                    missing.push(format!("{path}:{} ({})", job.line, job.id));
                    findings.push(graded(
                        finding(
                            &META,
                            format!(
                                "job `{}` has no timeout-minutes; GitHub's default is 6 hours",
                                job.id
                            ),
                        )
                        .rule("missing-timeout")
                        .at(path.to_string(), Some(job.line)),
                        Sureness::High,
                    ));
                }
            }
        }
        if total == 0 {
            return Ok(Outcome::not_applicable(
                "no GitHub Actions job (other providers bound jobs by a project timeout)",
            ));
        }
        let ok = total - missing.len();
        let mut o = parsed(Outcome::fraction(
            ok as f64 / total as f64,
            format!("{ok} of {total} jobs set a timeout"),
        ));
        if !missing.is_empty() {
            o = o.evidence(format!("without timeout-minutes: {}", list(&missing, 8)));
        }
        Ok(o.findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    #[test]
    fn cases() {
        let cases: &[(&str, &str, Status)] = &[
            ("job timeout", "on: push\njobs:\n  a:\n    timeout-minutes: 10\n    steps: [{run: x}]\n", Status::Pass),
            ("every step", "on: push\njobs:\n  a:\n    steps:\n      - run: x\n        timeout-minutes: 5\n", Status::Pass),
            ("one of two", "on: push\njobs:\n  a:\n    timeout-minutes: 10\n    steps: [{run: x}]\n  b:\n    steps: [{run: y}]\n", Status::Partial),
            ("none", "on: push\njobs:\n  a:\n    steps: [{run: x}]\n", Status::Fail),
            ("call job", "on: push\njobs:\n  a:\n    uses: o/r/.github/workflows/x.yml@v1\n", Status::NotApplicable),
        ];
        for (name, text, want) in cases {
            expect(
                &Timeouts,
                name,
                &[(".github/workflows/ci.yml", text)],
                *want,
            );
        }
        expect(
            &Timeouts,
            "gitlab",
            &[(".gitlab-ci.yml", "t:\n  script: [x]\n")],
            Status::NotApplicable,
        );
    }
}
