//! `ci.present`: the repository has a CI configuration some provider runs.
//!
//! Recognised: GitHub Actions workflows, GitLab CI, CircleCI, Azure
//! Pipelines, Bitbucket Pipelines, Buildkite, Drone, Travis CI, Woodpecker
//! and Jenkinsfiles. An `action.yml` alone is an action others run, not CI.
//! A file that is not valid YAML, or not a valid pipeline, is a finding at
//! its line, and only the files that parse count.

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::{graded, is_ci_file, keep_pipeline, parsed, runnable, Ci, Sureness};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

pub struct Present;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.present"),
    title: Cow::Borrowed("A CI pipeline builds and checks every change"),
    category: Category::Deployment,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("always"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("A CI configuration exists and parses"),
    rationale: Cow::Borrowed(
        "Without continuous integration, nothing checks a change before it ships but the author's \
         memory: tests are skipped when in a hurry, builds break on machines other than the author's, \
         and nobody knows which commit last worked.",
    ),
    remediation: Cow::Borrowed(
        "Add a pipeline for your provider, e.g. `.github/workflows/ci.yml` for GitHub Actions or \
         `.gitlab-ci.yml` for GitLab, that builds the project and runs its tests on every push and \
         pull request. Fix any file reported as invalid: the provider ignores it.",
    ),
    passes_when: Cow::Borrowed(
        "at least one CI file of a known provider (GitHub Actions, GitLab CI, CircleCI, Azure Pipelines, \
         Bitbucket, Buildkite, Drone, Travis, Woodpecker, Jenkins) exists and parses; partial credit \
         when some files are invalid",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions"),
        Cow::Borrowed("https://docs.gitlab.com/ci/yaml/"),
    ]),
};

impl Check for Present {
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
        let files = runnable(&ci);
        if files.is_empty() {
            return Ok(Outcome::fail("no CI configuration").evidence(
                "looked for .github/workflows/*.yml, .gitlab-ci.yml, .circleci/config.yml, azure-pipelines.yml, \
                 bitbucket-pipelines.yml, .buildkite/pipeline.yml, .drone.yml, .travis.yml, .woodpecker.yml, Jenkinsfile",
            ));
        }
        let mut findings = Vec::new();
        for (path, p) in &ci.pipelines {
            for problem in &p.problems {
                findings.push(graded(
                    finding(
                        &META,
                        format!(
                            "{}; {} ignores this file",
                            problem.message,
                            p.provider.name()
                        ),
                    )
                    .rule("invalid")
                    .at(path.to_string(), Some(problem.line)),
                    Sureness::High,
                ));
            }
        }
        let valid: Vec<&(&str, &crate::formats::ci::Pipeline)> =
            files.iter().filter(|(_, p)| p.is_valid()).collect();
        let providers: BTreeSet<&str> = valid.iter().map(|(_, p)| p.provider.name()).collect();
        let providers = providers.into_iter().collect::<Vec<_>>().join(", ");
        let evidence = files.iter().map(|(path, p)| {
            format!(
                "{path} ({}{})",
                p.provider.name(),
                if p.is_valid() { "" } else { ", invalid" }
            )
        });
        let o = if valid.len() == files.len() {
            Outcome::pass(format!("{providers}: {} file(s)", files.len()))
        } else {
            Outcome::fraction(
                valid.len() as f64 / files.len() as f64,
                format!("{} of {} CI files are valid", valid.len(), files.len()),
            )
        };
        Ok(parsed(o).evidences(evidence.take(10)).findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], Status);

    #[test]
    fn cases() {
        let ok = "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n";
        let cases: &[Case] = &[
            ("github", &[(".github/workflows/ci.yml", ok)], Status::Pass),
            (
                "gitlab",
                &[(".gitlab-ci.yml", "test:\n  script: [make test]\n")],
                Status::Pass,
            ),
            (
                "jenkins",
                &[("Jenkinsfile", "pipeline { }\n")],
                Status::Pass,
            ),
            ("travis", &[(".travis.yml", "language: go\n")], Status::Pass),
            ("none", &[("README.md", "# x")], Status::Fail),
            (
                "action only",
                &[("action.yml", "runs:\n  using: node20\n  main: x.js\n")],
                Status::Fail,
            ),
            (
                "only invalid",
                &[(".github/workflows/ci.yml", "on: push\njobs: [\n")],
                Status::Fail,
            ),
            (
                "one of two invalid",
                &[
                    (".github/workflows/ci.yml", ok),
                    (".github/workflows/b.yml", "jobs: {}\n"),
                ],
                Status::Partial,
            ),
        ];
        for (name, files, want) in cases {
            expect(&Present, name, files, *want);
        }
    }

    #[test]
    fn invalid_files_are_findings_with_lines() {
        let o = expect(
            &Present,
            "bad",
            &[(".github/workflows/ci.yml", "on: push\njobs:\n  a: [\n")],
            Status::Fail,
        );
        assert_eq!(o.findings[0].line, Some(3), "{:?}", o.findings);
    }
}
