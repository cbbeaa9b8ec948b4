//! `ci.no-dangerous-triggers`: no `pull_request_target` or `workflow_run`
//! job checks out the pull request's code and runs it.
//!
//! Both triggers run in the base repository's context, with its secrets
//! and a token that can write, for events any fork can cause. That is safe
//! for a workflow that only labels or comments. It is a takeover when the
//! job checks out the head of the pull request (`ref:` naming
//! `github.event.pull_request.head.sha`, `github.head_ref`, `refs/pull/...`,
//! `workflow_run.head_sha`...; or `gh pr checkout`, `git fetch ... pull/`)
//! and then runs anything that executes the checked-out tree: a build
//! tool, a package install (install scripts run), a script of the tree, a
//! local action. A job limited to same-repository pull requests is safe;
//! one gated by a label, an actor or an environment is graded medium
//! (the gate can be raced or talked past).

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::{graded, is_checkout, is_ci_file, keep_pipeline, parsed, Ci, Sureness};
use crate::checks::{
    finding, Category, Check, CheckContext, CheckError, CheckId, CheckMeta, FileData, Params,
    Severity, Stability,
};
use crate::formats::ci::{kv_get, Job, Step};
use crate::model::Outcome;
use crate::workspace::{Content, FileEntry};

pub struct NoDangerousTriggers;

static META: CheckMeta = CheckMeta {
    id: CheckId::from_static("ci.no-dangerous-triggers"),
    title: Cow::Borrowed("No privileged workflow runs code from a pull request"),
    category: Category::Security,
    severity: Severity::High,
    profiles: Cow::Borrowed(&[]),
    applies_when: Cow::Borrowed("GitHub Actions workflows exist"),
    stability: Stability::Stable,
    summary: Cow::Borrowed("pull_request_target/workflow_run jobs never check out and run PR code"),
    rationale: Cow::Borrowed(
        "`pull_request_target` and `workflow_run` run with the base repository's secrets and a \
         write token, for events a fork can trigger. A job that checks out the pull request's head \
         and then builds, installs or runs it hands both to whoever opened the pull request (the \
         \"pwn request\"). This has compromised real release pipelines.",
    ),
    remediation: Cow::Borrowed(
        "Build and test pull requests under `pull_request`, which runs without secrets and with a \
         read-only token. Keep `pull_request_target` for jobs that only label, comment or triage, \
         without checking out the head. When results must reach a privileged job, pass them as \
         artifacts to a `workflow_run` job that treats them as data and never executes them.",
    ),
    passes_when: Cow::Borrowed(
        "no job triggered by `pull_request_target` or `workflow_run` checks out the pull request's head \
         and then runs a build, an install, a script or a local action",
    ),
    params: Cow::Borrowed(&[]),
    references: Cow::Borrowed(&[
        Cow::Borrowed("https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/"),
        Cow::Borrowed("https://docs.zizmor.sh/audits/#dangerous-triggers"),
    ]),
};

const TRIGGERS: &[&str] = &["pull_request_target", "workflow_run"];

static HEAD_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"github\.event\.pull_request\.head\.(sha|ref)|github\.head_ref|refs/pull/|github\.event\.workflow_run\.(head_sha|head_branch|head_commit\.id)|pull_request\.merge_commit_sha|head\.repo\.full_name|workflow_run\.head_repository\.full_name|github\.event\.number")
        .expect("static regex")
});
static SHELL_CHECKOUT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bgh\s+pr\s+checkout\b|\bgit\s+(fetch|pull)\b.*\bpull/|\bgit\s+(checkout|switch)\b.*(\$\{\{|\$GITHUB_HEAD_REF|\bFETCH_HEAD\b)")
        .expect("static regex")
});
static EXECUTES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(^|[\s;&|(])(npm|npx|yarn|pnpm|bun|make|cmake|cargo|go|python[0-9.]*|pip[0-9]*|poetry|uv|tox|nox|pytest|mvn|mvnw|gradle|gradlew|dotnet|bundle|rake|ruby|node|deno|composer|php|mix|sh|bash|just|docker\s+(build|compose|run)|\./\S+|\S+\.(sh|py|js)\b)(\s|$)")
        .expect("static regex")
});

/// Why a job's guard lowers (or removes) the risk.
enum Guard {
    None,
    SameRepo,
    Gate(&'static str),
}

fn guard(job: &Job) -> Guard {
    let cond = job.condition.as_deref().unwrap_or("");
    if cond.contains("head.repo.full_name == github.repository")
        || cond.contains("github.repository == github.event.pull_request.head.repo.full_name")
        || cond.contains("head.repo.fork == false")
        || cond.contains("!github.event.pull_request.head.repo.fork")
    {
        return Guard::SameRepo;
    }
    if cond.contains("labels") {
        return Guard::Gate("a label");
    }
    if cond.contains("github.actor") || cond.contains("author_association") {
        return Guard::Gate("the actor");
    }
    if job.environment.is_some() {
        return Guard::Gate("an environment");
    }
    Guard::None
}

/// The line where a step checks out the pull request's head, if it does.
fn head_checkout(step: &Step) -> Option<u32> {
    if is_checkout(step) {
        let r = kv_get(&step.with, "ref").or_else(|| kv_get(&step.with, "repository"))?;
        return HEAD_REF.is_match(&r.value).then_some(r.line);
    }
    let run = step.run.as_ref()?;
    run.lines()
        .find(|(_, l)| SHELL_CHECKOUT.is_match(l))
        .map(|(n, _)| n)
}

/// The line where a step executes the checked-out tree, if it does.
fn executes(step: &Step) -> Option<u32> {
    if let Some(u) = &step.uses {
        if u.value.starts_with("./") {
            return Some(u.line);
        }
    }
    let run = step.run.as_ref()?;
    run.lines()
        .find(|(_, l)| !l.trim_start().starts_with('#') && EXECUTES.is_match(l))
        .map(|(n, _)| n)
}

impl Check for NoDangerousTriggers {
    /// Its findings are hazards; a medium one may be a false alarm
    /// (a trigger may be guarded in ways not read).
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
        let mut workflows = 0usize;
        let mut privileged = Vec::new();
        let mut findings = Vec::new();
        for (path, p) in ci.workflows() {
            workflows += 1;
            let Some(trigger) = TRIGGERS.iter().find(|t| p.has_trigger(t)) else {
                continue;
            };
            privileged.push(format!("{path} ({trigger})"));
            for job in p.live_jobs() {
                let sure = match guard(job) {
                    Guard::SameRepo => continue,
                    Guard::Gate(_) => Sureness::Medium,
                    Guard::None => Sureness::High,
                };
                let mut checked_out: Option<u32> = None;
                for step in job.live_steps() {
                    if checked_out.is_none() {
                        checked_out = head_checkout(step);
                        // A shell checkout and its build can share one script.
                        if checked_out.is_some() && step.uses.is_some() {
                            continue;
                        }
                    }
                    let Some(co) = checked_out else { continue };
                    if let Some(line) = executes(step) {
                        let gate = match guard(job) {
                            Guard::Gate(g) => {
                                format!(" (gated by {g}, which can be raced or talked past)")
                            }
                            _ => String::new(),
                        };
                        findings.push(graded(
                            finding(
                                &META,
                                format!(
                                    "job `{}` runs on `{trigger}`, checks out the pull request's code (line {co}) and runs it here{gate}",
                                    job.id
                                ),
                            )
                            .rule("dangerous-triggers")
                            .at(path.to_string(), Some(line)),
                            sure,
                        ));
                        break;
                    }
                }
            }
        }
        if workflows == 0 {
            return Ok(Outcome::not_applicable("no GitHub Actions workflow"));
        }
        let summary = if findings.is_empty() {
            if privileged.is_empty() {
                "no workflow runs on pull_request_target or workflow_run".to_string()
            } else {
                format!(
                    "{} privileged workflow(s) run no pull request code",
                    privileged.len()
                )
            }
        } else {
            format!(
                "{} job(s) run pull request code with the base repository's secrets",
                findings.len()
            )
        };
        let o = if findings.is_empty() {
            Outcome::pass(summary)
        } else {
            Outcome::fail(summary)
        };
        Ok(parsed(o)
            .evidences(privileged.into_iter().take(10))
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
        let prt = |job_extra: &str, steps: &str| {
            format!("on: pull_request_target\npermissions: {{}}\njobs:\n  t:\n    runs-on: x\n{job_extra}    steps:\n{steps}")
        };
        let head = "      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n";
        let cases: Vec<(&str, String, Status)> = vec![
            ("checkout head and build", prt("", &format!("{head}      - run: npm ci && npm test\n")), Status::Fail),
            ("checkout head, local action", prt("", &format!("{head}      - uses: ./.github/actions/build\n")), Status::Fail),
            ("gh pr checkout", prt("", "      - run: |\n          gh pr checkout ${{ github.event.number }}\n          make\n"), Status::Fail),
            ("labels only", prt("", "      - uses: actions/labeler@v5\n"), Status::Pass),
            ("base checkout", prt("", "      - uses: actions/checkout@v4\n      - run: npm ci\n"), Status::Pass),
            ("head checkout, no run", prt("", &format!("{head}      - uses: actions/upload-artifact@v4\n"), ), Status::Pass),
            ("same repo only", prt("    if: github.event.pull_request.head.repo.full_name == github.repository\n", &format!("{head}      - run: make\n")), Status::Pass),
            ("pull_request", format!("on: pull_request\njobs:\n  t:\n    steps:\n{head}      - run: make\n"), Status::Pass),
            ("workflow_run", "on:\n  workflow_run:\n    workflows: [ci]\njobs:\n  t:\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.workflow_run.head_sha }}\n      - run: ./build.sh\n".to_string(), Status::Fail),
        ];
        for (name, text, want) in cases {
            expect(
                &NoDangerousTriggers,
                name,
                &[(".github/workflows/a.yml", &text)],
                want,
            );
        }
        let gated = prt(
            "    if: contains(github.event.pull_request.labels.*.name, 'safe')\n",
            &format!("{head}      - run: make\n"),
        );
        let o = expect(
            &NoDangerousTriggers,
            "gated",
            &[(".github/workflows/a.yml", &gated)],
            Status::Partial,
        );
        assert_eq!(o.findings[0].confidence, crate::model::Confidence::Medium);
    }
}
