//! `ci.no-unsecure-commands`: no workflow re-enables the deprecated
//! `set-env` and `add-path` workflow commands with
//! `ACTIONS_ALLOW_UNSECURE_COMMANDS: true`.
//!
//! Those commands were disabled in 2020 because any process that can
//! print to the log (a test printing an issue title, a dependency) could
//! set environment variables such as `LD_PRELOAD` or `NODE_OPTIONS` for
//! every later step. The variable turns them back on; it is looked for in
//! workflow, job and step `env:` of workflows and composite actions.

use std::borrow::Cow;

use super::{graded, is_ci_file, keep_pipeline, parsed, Ci, Sureness};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::formats::ci::Kv;
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

pub struct NoUnsecureCommands;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.no-unsecure-commands"),
    title: Cow::Borrowed("No workflow re-enables unsecure workflow commands"),
    category: Category::Security,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("GitHub Actions workflows exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("ACTIONS_ALLOW_UNSECURE_COMMANDS is never set to true"),
    rationale: Cow::Borrowed(
        "With unsecure commands enabled, anything printed to the job log can set environment variables \
         and PATH for later steps: a crafted issue title echoed by a test is enough to inject \
         `LD_PRELOAD` or `NODE_OPTIONS` and run code with the job's secrets.",
    ),
    remediation: Cow::Borrowed(
        "Remove `ACTIONS_ALLOW_UNSECURE_COMMANDS`, and write to the `$GITHUB_ENV` and `$GITHUB_PATH` \
         files instead of `::set-env` and `::add-path`. Update any action that still needs them.",
    ),
    passes_when: Cow::Borrowed("no `env:` in a workflow or composite action sets ACTIONS_ALLOW_UNSECURE_COMMANDS to true"),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://github.blog/changelog/2020-10-01-github-actions-deprecating-set-env-and-add-path-commands/"),
        Cow::Borrowed("https://docs.zizmor.sh/audits/#insecure-commands"),
    ]),
};

fn enabled(kv: &Kv) -> bool {
    kv.key == "ACTIONS_ALLOW_UNSECURE_COMMANDS"
        && !matches!(
            kv.value.trim().to_ascii_lowercase().as_str(),
            "" | "false" | "0"
        )
}

impl Check for NoUnsecureCommands {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (a command may be guarded in ways not read).
    fn doubt(&self) -> crate::model::Doubt {
        crate::model::Doubt::Hazard
    }

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
        let mut files = 0usize;
        let mut findings = Vec::new();
        for (path, p) in ci.github() {
            files += 1;
            let envs = p
                .env
                .iter()
                .chain(p.jobs.iter().filter(|j| !j.disabled).flat_map(|j| {
                    j.env.iter().chain(
                        j.steps
                            .iter()
                            .filter(|s| !s.disabled)
                            .flat_map(|s| s.env.iter()),
                    )
                }));
            for kv in envs.filter(|kv| enabled(kv)) {
                findings.push(graded(
                    finding(&META, "ACTIONS_ALLOW_UNSECURE_COMMANDS re-enables `set-env` and `add-path`: log output can then set variables for later steps")
                        .rule("insecure-commands")
                        .at(path.to_string(), Some(kv.line)),
                    Sureness::High,
                ));
            }
        }
        if files == 0 {
            return Ok(Outcome::not_applicable("no GitHub Actions workflow"));
        }
        let o = if findings.is_empty() {
            Outcome::pass(format!(
                "{files} GitHub Actions file(s), none enables unsecure commands"
            ))
        } else {
            Outcome::fail(format!(
                "{} place(s) enable unsecure workflow commands",
                findings.len()
            ))
        };
        Ok(parsed(o).findings(findings))
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
            ("step env", "on: push\njobs:\n  a:\n    steps:\n      - run: x\n        env:\n          ACTIONS_ALLOW_UNSECURE_COMMANDS: true\n", Status::Fail),
            ("workflow env", "on: push\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: 'true'\njobs:\n  a:\n    steps: [{run: x}]\n", Status::Fail),
            ("false", "on: push\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: false\njobs:\n  a:\n    steps: [{run: x}]\n", Status::Pass),
            ("absent", "on: push\njobs:\n  a:\n    steps: [{run: x}]\n", Status::Pass),
        ];
        for (name, text, want) in cases {
            expect(
                &NoUnsecureCommands,
                name,
                &[(".github/workflows/a.yml", text)],
                *want,
            );
        }
    }
}
