//! `ci.least-privilege`: every workflow limits its `GITHUB_TOKEN`.
//!
//! Without `permissions:`, a workflow's token gets the repository's
//! default, which is read-write on every scope for repositories created
//! before February 2023 and for many organisations still. A workflow
//! passes when it declares `permissions:` at the top, or every job that
//! runs declares its own, and nothing grants `write-all`. Reusable
//! workflows (only `workflow_call`) run with their caller's token and are
//! not counted; composite actions have no token of their own.

use std::borrow::Cow;

use super::{graded, is_ci_file, keep_pipeline, parsed, Ci, Sureness};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::formats::ci::{Permissions, PipelineKind};
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

pub struct LeastPrivilege;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.least-privilege"),
    title: Cow::Borrowed("Workflows declare least-privilege token permissions"),
    category: Category::Security,
    severity: Severity::Medium,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("GitHub Actions workflows exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("Each workflow sets `permissions:` (top or every job), none `write-all`"),
    rationale: Cow::Borrowed(
        "Every step of a job, including every third-party action, can use the job's GITHUB_TOKEN. With \
         the default read-write token, one compromised action or injected command can push code, \
         rewrite releases or approve pull requests. Declared permissions limit the damage to what the \
         job needs.",
    ),
    remediation: Cow::Borrowed(
        "Start every workflow with a read-only default and grant writes per job:\n\n```yaml\n\
         permissions:\n  contents: read\njobs:\n  release:\n    permissions:\n      contents: write\n```\n\n\
         Never use `permissions: write-all`.",
    ),
    passes_when: Cow::Borrowed(
        "every workflow declares `permissions:` at the top or in every job, and none is `write-all`; \
         the score is the share of workflows that do",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#permissions"),
        Cow::Borrowed("https://docs.zizmor.sh/audits/#excessive-permissions"),
    ]),
};

impl Check for LeastPrivilege {
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
        for (path, p) in ci
            .workflows()
            .filter(|(_, p)| p.kind == PipelineKind::Workflow)
        {
            total += 1;
            let mut bad = Vec::new();
            let write_all = |perm: &Option<crate::formats::ci::Declared<Permissions>>| {
                perm.as_ref()
                    .filter(|d| d.value == Permissions::WriteAll)
                    .map(|d| d.line)
            };
            if let Some(line) = write_all(&p.permissions) {
                bad.push((
                    line,
                    "grants `permissions: write-all` to every job".to_string(),
                    "write-all",
                ));
            }
            for job in p.live_jobs() {
                if let Some(line) = write_all(&job.permissions) {
                    bad.push((
                        line,
                        format!("job `{}` grants `permissions: write-all`", job.id),
                        "write-all",
                    ));
                }
            }
            if p.permissions.is_none() {
                for job in p.live_jobs().filter(|j| j.permissions.is_none()) {
                    bad.push((
                        job.line,
                        format!("job `{}` runs with the default token permissions: the workflow and the job declare none", job.id),
                        "missing-permissions",
                    ));
                }
            }
            if bad.is_empty() {
                ok += 1;
            }
            for (line, msg, rule) in bad {
                findings.push(graded(
                    finding(&META, msg)
                        .rule(rule)
                        .at(path.to_string(), Some(line)),
                    Sureness::High,
                ));
            }
        }
        if total == 0 {
            return Ok(Outcome::not_applicable("no GitHub Actions workflow"));
        }
        Ok(parsed(Outcome::fraction(
            ok as f64 / total as f64,
            format!("{ok} of {total} workflows limit their token"),
        ))
        .findings(findings))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::test_support::expect;
    use crate::model::Status;

    type Case<'a> = (&'a str, Vec<(&'a str, String)>, Status);

    #[test]
    fn cases() {
        let job = "    runs-on: x\n    steps: [{run: x}]\n";
        let cases: Vec<Case> = vec![
            ("top level", vec![(".github/workflows/a.yml", format!("on: push\npermissions:\n  contents: read\njobs:\n  a:\n{job}"))], Status::Pass),
            ("empty map", vec![(".github/workflows/a.yml", format!("on: push\npermissions: {{}}\njobs:\n  a:\n{job}"))], Status::Pass),
            ("every job", vec![(".github/workflows/a.yml", format!("on: push\njobs:\n  a:\n    permissions: read-all\n{job}"))], Status::Pass),
            ("missing", vec![(".github/workflows/a.yml", format!("on: push\njobs:\n  a:\n{job}"))], Status::Fail),
            ("write-all", vec![(".github/workflows/a.yml", format!("on: push\npermissions: write-all\njobs:\n  a:\n{job}"))], Status::Fail),
            ("job write-all", vec![(".github/workflows/a.yml", format!("on: push\npermissions: read-all\njobs:\n  a:\n    permissions: write-all\n{job}"))], Status::Fail),
            ("one of two", vec![
                (".github/workflows/a.yml", format!("on: push\npermissions: {{}}\njobs:\n  a:\n{job}")),
                (".github/workflows/b.yml", format!("on: push\njobs:\n  a:\n{job}")),
            ], Status::Partial),
            ("reusable only", vec![(".github/workflows/r.yml", format!("on: workflow_call\njobs:\n  a:\n{job}"))], Status::NotApplicable),
        ];
        for (name, files, want) in cases {
            let files: Vec<(&str, &str)> = files.iter().map(|(p, c)| (*p, c.as_str())).collect();
            expect(&LeastPrivilege, name, &files, want);
        }
    }
}
